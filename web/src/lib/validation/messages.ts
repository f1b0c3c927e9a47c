// The sentence a form shows for each client-side check, in the reader's language.
import type { T } from "../../i18n";
import { checkMobile } from "./mobile";
import { checkPassword } from "./password";
import { checkResidentId, normaliseResidentId } from "./residentId";
import { checkUscc } from "./uscc";

export function residentIdError(value: string, t: T, today?: Date): string | undefined {
  const result = checkResidentId(value, today);
  if (result.ok) return undefined;
  return t(`validation.idNumber.${result.problem}`, { count: normaliseResidentId(value).length });
}

export function usccError(value: string, t: T): string | undefined {
  const result = checkUscc(value);
  return result.ok ? undefined : t(`validation.uscc.${result.problem}`);
}

export function mobileError(value: string, t: T): string | undefined {
  const result = checkMobile(value);
  return result.ok ? undefined : t(`validation.mobile.${result.problem}`);
}

export function passwordError(
  value: string,
  t: T,
  options: { withTotp: boolean; confirmation?: string },
): string | undefined {
  const result = checkPassword(value, options);
  return result.ok ? undefined : t(`validation.password.${result.problem}`, { minimum: result.minimum });
}

export function requiredError(value: string, t: T): string | undefined {
  return value.trim() === "" ? t("validation.required") : undefined;
}

// A new password with its rule explained in plain words, a live character count, and a
// second entry to catch typing mistakes.
import type { JSX } from "preact";
import { useT } from "../i18n";
import { passwordError, passwordMinimum } from "../lib/validation";
import { PasswordField } from "./Form";

export function NewPasswordFields({
  name = "password",
  confirmName = "confirmation",
  value,
  confirmation,
  onValue,
  onConfirmation,
  withTotp,
  error,
  confirmError,
  label,
}: {
  name?: string;
  confirmName?: string;
  value: string;
  confirmation: string;
  onValue: (value: string) => void;
  onConfirmation: (value: string) => void;
  /** "unknown": the rule of either kind of account is explained (password reset). */
  withTotp: boolean | "unknown";
  error?: string | undefined;
  confirmError?: string | undefined;
  label?: string;
}): JSX.Element {
  const { t } = useT();
  const minimum = passwordMinimum(withTotp === true);
  const length = Array.from(value).length;
  return (
    <>
      <PasswordField
        name={name}
        label={label ?? t("password.new")}
        hint={
          withTotp === "unknown"
            ? t("password.ruleEither", { minimum, minimumWithTotp: passwordMinimum(true) })
            : withTotp
              ? t("password.ruleWithTotp", { minimum })
              : t("password.rule", { minimum })
        }
        value={value}
        onValue={onValue}
        error={error}
        required
        autoComplete="new-password"
      />
      <p class={length >= minimum ? "char-count char-count-ok" : "char-count"} aria-live="off">
        {t("password.count", { count: length, minimum })}
      </p>
      <PasswordField
        name={confirmName}
        label={t("password.confirm")}
        value={confirmation}
        onValue={onConfirmation}
        error={confirmError}
        required
        autoComplete="new-password"
      />
    </>
  );
}

/** Problems of a new password and its confirmation, keyed by the two field names. */
export function newPasswordProblems(
  value: string,
  confirmation: string,
  t: Parameters<typeof passwordError>[1],
  withTotp: boolean,
): { password: string | undefined; confirmation: string | undefined } {
  const password = passwordError(value, t, { withTotp });
  return {
    password,
    confirmation:
      password === undefined && confirmation !== value ? t("validation.password.mismatch") : undefined,
  };
}

// Turning GraphQL outcomes into what the UI shows: top-level error codes and field errors.
import type { CombinedError } from "@urql/core";
import type { T, TKey } from "../i18n";
import { knownServerMessage } from "./fieldMessages";

export const ERROR_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "VALIDATION",
  "NOT_FOUND",
  "CONFLICT",
  "INVALID_STATE",
  "RATE_LIMITED",
] as const;
export type KnownErrorCode = (typeof ERROR_CODES)[number];

/** The `extensions.code` of the first top-level error, if any. */
export function topLevelCode(error: CombinedError | undefined): string | undefined {
  const code = error?.graphQLErrors.find((e) => e.extensions?.["code"])?.extensions["code"];
  return typeof code === "string" ? code : undefined;
}

export function isUnauthenticated(error: CombinedError | undefined): boolean {
  return topLevelCode(error) === "UNAUTHENTICATED";
}

/** A sentence for any failed operation, in the current language. */
export function describeError(error: CombinedError, t: T): string {
  if (error.networkError) return t("errors.network");
  const code = topLevelCode(error);
  if (code && (ERROR_CODES as readonly string[]).includes(code)) {
    return t(`errors.${code as KnownErrorCode}` as TKey, { seconds: 60 });
  }
  const requestId = error.graphQLErrors.find((e) => e.extensions?.["requestId"])?.extensions["requestId"];
  const base = t("errors.unexpected");
  return typeof requestId === "string" ? `${base} ${t("errors.requestId", { id: requestId })}` : base;
}

/** An expected failure returned as a member of a mutation's result union. */
export interface ErrorMember {
  __typename?: string;
  code: string;
  message: string;
  fields?: ReadonlyArray<{ field: string; message: string }>;
  retryAfterSeconds?: number;
}

export function isErrorMember(value: unknown): value is ErrorMember {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

/** The sentence for a union error member: a known server sentence in the reader's
 * language, else the sentence for its code. */
export function describeErrorMember(member: ErrorMember, t: T): string {
  const known = member.code === "VALIDATION" ? undefined : knownServerMessage(member.message, t);
  if (known) return known;
  if ((ERROR_CODES as readonly string[]).includes(member.code)) {
    return t(`errors.${member.code as KnownErrorCode}` as TKey, {
      seconds: member.retryAfterSeconds ?? 60,
    });
  }
  return member.message;
}

export type FieldErrors = Record<string, string>;

/** Server field errors keyed by their dotted GraphQL path (`payload.idNumber`). */
export function fieldErrorsOf(member: ErrorMember): FieldErrors {
  const errors: FieldErrors = {};
  for (const { field, message } of member.fields ?? []) errors[field] ??= message;
  return errors;
}

/** The error for a form field: an exact path match, or a path ending in `.name`. */
export function errorFor(errors: FieldErrors, name: string): string | undefined {
  if (errors[name] !== undefined) return errors[name];
  const suffix = `.${name}`;
  for (const [path, message] of Object.entries(errors)) {
    if (path.endsWith(suffix)) return message;
  }
  return undefined;
}

// Turning GraphQL outcomes into what the UI shows. The server names every expected failure by
// a problem code (an error's `reason`, a field error's `code`) with its `params`; the sentence
// shown is the catalogue's for that code, never the server's English `message`. A code this
// client does not know yet gets the generic sentence of its kind.
import type { CombinedError } from "@urql/core";
import { i18n, type T, type TKey } from "../i18n";

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

/** One parameter of a problem as GraphQL sends it (`maximum` = "64"). */
export interface ProblemParam {
  name: string;
  value: string;
}

/** Parameters as a union member carries them (a list), or as JSON errors do (an object). */
export type Params = ReadonlyArray<ProblemParam> | Readonly<Record<string, unknown>> | null | undefined;

export function paramsOf(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  if (!params) return out;
  if (Array.isArray(params)) {
    for (const { name, value } of params as ReadonlyArray<ProblemParam>) out[name] = value;
  } else {
    for (const [name, value] of Object.entries(params)) out[name] = String(value);
  }
  return out;
}

function kindKey(code: string | undefined): TKey {
  return code && (ERROR_CODES as readonly string[]).includes(code)
    ? (`errors.${code as KnownErrorCode}` as TKey)
    : "errors.unexpected";
}

/** The catalogue's sentence for a problem code with its parameters, or `fallback`'s. */
export function describeProblem(
  code: string | null | undefined,
  params: Params,
  t: T,
  fallback: TKey,
): string {
  const values = paramsOf(params);
  const key = `problems.${code ?? ""}`;
  return code && i18n.exists(key) ? t(key as TKey, values) : t(fallback, values);
}

/** The `extensions.code` of the first top-level error, if any. */
export function topLevelCode(error: CombinedError | undefined): string | undefined {
  const code = error?.graphQLErrors.find((e) => e.extensions?.["code"])?.extensions["code"];
  return typeof code === "string" ? code : undefined;
}

export function isUnauthenticated(error: CombinedError | undefined): boolean {
  return topLevelCode(error) === "UNAUTHENTICATED";
}

/** A sentence for any failed operation, in the current language: the top-level error's
 * reason when it has one, else the sentence of its code. */
export function describeError(error: CombinedError, t: T): string {
  if (error.networkError) return t("errors.network");
  const extensions = error.graphQLErrors.find((e) => e.extensions?.["code"])?.extensions;
  const code = extensions?.["code"];
  if (typeof code === "string" && (ERROR_CODES as readonly string[]).includes(code)) {
    const reason = extensions?.["reason"];
    const params = { seconds: 60, ...(extensions?.["params"] as Record<string, unknown> | undefined) };
    return describeProblem(typeof reason === "string" ? reason : null, params, t, kindKey(code));
  }
  const requestId = error.graphQLErrors.find((e) => e.extensions?.["requestId"])?.extensions["requestId"];
  const base = t("errors.unexpected");
  return typeof requestId === "string" ? `${base} ${t("errors.requestId", { id: requestId })}` : base;
}

/** One invalid field of a ValidationError: its dotted path, code and parameters. */
export interface FieldProblem {
  field: string;
  message?: string;
  code?: string | null;
  params?: Params;
}

/** An expected failure returned as a member of a mutation's result union. */
export interface ErrorMember {
  __typename?: string;
  /** The kind of failure (the union member). */
  code: string;
  /** English, for logs: never shown. */
  message: string;
  /** What exactly happened: the problem code the sentence is chosen by. */
  reason?: string | null;
  params?: Params;
  fields?: ReadonlyArray<FieldProblem>;
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

/** The sentence for a union error member: its reason's, else its kind's. A ValidationError
 * with field problems says so in general; each field shows its own problem. */
export function describeErrorMember(member: ErrorMember, t: T): string {
  const kind = kindKey(member.code);
  if (member.code === "VALIDATION" && (member.fields?.length ?? 0) > 0) return t(kind);
  const params = { seconds: String(member.retryAfterSeconds ?? 60), ...paramsOf(member.params) };
  return describeProblem(member.reason, params, t, kind);
}

/** One sentence for a member: its first field's problem (not a PDF, too large) when it has
 * one, else its own; for places without a form to show field problems on. */
export function describeFirstProblem(member: ErrorMember, t: T): string {
  const [first] = member.fields ?? [];
  return first
    ? describeProblem(first.code, first.params, t, "errors.field")
    : describeErrorMember(member, t);
}

export type FieldErrors = Record<string, string>;

/** Each field's problem in the reader's language, keyed by its dotted GraphQL path
 * (`payload.idNumber`); the first problem of a field wins. */
export function fieldErrorsOf(member: ErrorMember, t: T): FieldErrors {
  const errors: FieldErrors = {};
  for (const { field, code, params } of member.fields ?? []) {
    errors[field] ??= describeProblem(code, params, t, "errors.field");
  }
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

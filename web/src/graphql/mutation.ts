// Running a mutation as a user action: progress while it runs, then a success or failure
// message, and the server's field errors handed back for display next to each field.
import type { AnyVariables, OperationResult, TypedDocumentNode } from "@urql/core";
import { useClient } from "@urql/preact";
import { useCallback, useState } from "preact/hooks";
import { useToasts } from "../components/Toasts";
import { useT, type T } from "../i18n";
import {
  describeError,
  describeErrorMember,
  fieldErrorsOf,
  isErrorMember,
  type ErrorMember,
  type FieldErrors,
} from "./errors";

export type Outcome<Success> =
  | { ok: true; value: Success }
  | { ok: false; message: string; fieldErrors: FieldErrors; member: ErrorMember | null };

/**
 * Interpret a mutation's result. `pick` returns the result union from the data; a member with
 * `code` and `message` is an expected failure, anything else is the success member.
 */
export function interpretResult<Data, Success>(
  result: Pick<OperationResult<Data>, "data" | "error">,
  pick: (data: Data) => Success | ErrorMember,
  t: T,
): Outcome<Success> {
  if (result.error || !result.data) {
    const message = result.error ? describeError(result.error, t) : t("errors.unexpected");
    return { ok: false, message, fieldErrors: {}, member: null };
  }
  const union = pick(result.data);
  if (isErrorMember(union)) {
    return {
      ok: false,
      message: describeErrorMember(union, t),
      fieldErrors: fieldErrorsOf(union, t),
      member: union,
    };
  }
  return { ok: true, value: union };
}

/**
 * The member named `typename` of a result union, or the union's error member. Lets `useAction`
 * type its success value precisely; an unexpected member becomes an error.
 */
export function expectMember<U extends { __typename?: string }, N extends string>(
  union: U,
  typename: N,
): Extract<U, { __typename: N }> | ErrorMember {
  if (union.__typename === typename) return union as Extract<U, { __typename: N }>;
  if (isErrorMember(union)) return union;
  return { code: "UNEXPECTED", message: `unexpected result ${String(union.__typename)}` };
}

export interface ActionMessages {
  progress: string;
  /** null: the page itself shows the result (the next step, a notice), no toast. */
  success: string | null;
  /** Failure sentences that replace the catalogue's, by error typename, reason or code. */
  failures?: Partial<Record<string, string>>;
  /** Failures (typename, reason or code) the page itself shows in full: no toast. */
  shownByPage?: readonly string[];
}

export interface ActionState {
  busy: boolean;
  fieldErrors: FieldErrors;
}

/**
 * A mutation bound to progress and result toasts. `run` resolves to the outcome so the page
 * can move on (navigate, show the next step) or keep the form with its field errors.
 */
export function useAction<Data, Vars extends AnyVariables, Success>(
  document: TypedDocumentNode<Data, Vars>,
  pick: (data: Data) => Success | ErrorMember,
): [ActionState, (variables: Vars, messages: ActionMessages) => Promise<Outcome<Success>>] {
  const client = useClient();
  const toasts = useToasts();
  const { t } = useT();
  const [state, setState] = useState<ActionState>({ busy: false, fieldErrors: {} });
  const run = useCallback(
    async (variables: Vars, messages: ActionMessages) => {
      setState({ busy: true, fieldErrors: {} });
      const progress = toasts.progress(messages.progress);
      const result = await client.mutation(document, variables).toPromise();
      let outcome = interpretResult(result, pick, t);
      const keys = (member: ErrorMember): string[] =>
        [member.__typename, member.reason, member.code].filter((key): key is string => !!key);
      if (!outcome.ok && outcome.member && messages.failures) {
        const replaced = keys(outcome.member)
          .map((key) => messages.failures?.[key])
          .find(Boolean);
        if (replaced) outcome = { ...outcome, message: replaced };
      }
      const member = outcome.ok ? null : outcome.member;
      const shown = member !== null && keys(member).some((key) => (messages.shownByPage ?? []).includes(key));
      // Field problems are shown (and announced) by the form, next to each field.
      const onFields = !outcome.ok && Object.keys(outcome.fieldErrors).length > 0;
      if (outcome.ok && messages.success !== null) progress.succeed(messages.success);
      else if (outcome.ok || shown || onFields) progress.dismiss();
      else progress.fail(outcome.message);
      setState({ busy: false, fieldErrors: outcome.ok ? {} : outcome.fieldErrors });
      return outcome;
    },
    [client, document, pick, t, toasts],
  );
  return [state, run];
}

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
      fieldErrors: fieldErrorsOf(union),
      member: union,
    };
  }
  return { ok: true, value: union };
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
): [
  ActionState,
  (variables: Vars, messages: { progress: string; success: string }) => Promise<Outcome<Success>>,
] {
  const client = useClient();
  const toasts = useToasts();
  const { t } = useT();
  const [state, setState] = useState<ActionState>({ busy: false, fieldErrors: {} });
  const run = useCallback(
    async (variables: Vars, messages: { progress: string; success: string }) => {
      setState({ busy: true, fieldErrors: {} });
      const progress = toasts.progress(messages.progress);
      const result = await client.mutation(document, variables).toPromise();
      const outcome = interpretResult(result, pick, t);
      if (outcome.ok) progress.succeed(messages.success);
      else progress.fail(outcome.message);
      setState({ busy: false, fieldErrors: outcome.ok ? {} : outcome.fieldErrors });
      return outcome;
    },
    [client, document, pick, t, toasts],
  );
  return [state, run];
}

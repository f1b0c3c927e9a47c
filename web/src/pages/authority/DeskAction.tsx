// Accepting or returning the application previewed on the desk, from the keyboard (A, R) or
// a button: a small form in the preview, its confirm button or the opinion field focused.
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { Button, fieldId } from "../../components/Form";
import { TextAreaField } from "../../components/Fields";
import { ActionPanel } from "../../components/Status";
import { AcceptApplicationMutation, ReturnApplicationMutation } from "../../graphql/documents/applications";
import { expectMember, useAction } from "../../graphql/mutation";
import type { WorkflowAction } from "../../gql/graphql";
import { useT } from "../../i18n";
import { newIdempotencyKey } from "../../lib/applications";

export type DeskActionName = Extract<WorkflowAction, "ACCEPT" | "RETURN">;
export const DESK_KEYS: Record<string, DeskActionName> = { a: "ACCEPT", r: "RETURN" };

/** The key that opens an action, shown on its button. */
export function deskKeyOf(action: DeskActionName): string {
  return Object.entries(DESK_KEYS)
    .find(([, a]) => a === action)![0]
    .toUpperCase();
}

export function DeskAction({
  application,
  action,
  onDone,
  onClose,
}: {
  application: { id: string; version: number };
  action: DeskActionName;
  onDone: () => void;
  onClose: () => void;
}): JSX.Element {
  const { t } = useT();
  const accept = useAction(AcceptApplicationMutation, (d) =>
    expectMember(d.acceptApplication, "ApplicationSuccess"),
  );
  const ret = useAction(ReturnApplicationMutation, (d) =>
    expectMember(d.returnApplication, "ApplicationSuccess"),
  );
  const [state, run] = action === "ACCEPT" ? accept : ret;
  const [opinion, setOpinion] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [key] = useState(newIdempotencyKey);
  const confirm = useRef<HTMLButtonElement>(null);
  const label = t(`workflowAction.${action}`);
  useEffect(() => {
    if (action === "ACCEPT") confirm.current?.focus();
    else document.getElementById(fieldId("desk-opinion"))?.focus();
  }, [action]);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (action === "RETURN" && !opinion.trim()) {
      setProblem(t("desk.opinionRequired"));
      return;
    }
    const outcome = await run(
      {
        input: {
          id: application.id,
          expectedVersion: application.version,
          opinion: opinion.trim() || null,
          idempotencyKey: key,
        },
      },
      { progress: t("apps.acting"), success: t("apps.acted", { action: label }) },
    );
    if (outcome.ok) onDone();
    else setProblem(outcome.message);
  };
  return (
    <ActionPanel title={label} onClose={onClose}>
      <form class="form desk-action" noValidate onSubmit={(event) => void submit(event)}>
        {problem && (
          <p class="notice notice-error" role="alert">
            {problem}
          </p>
        )}
        {action === "RETURN" && (
          <TextAreaField
            name="desk-opinion"
            label={t("apps.opinionLabel")}
            hint={t("apps.opinionHint")}
            value={opinion}
            onValue={setOpinion}
            required
            maxLength={500}
            rows={3}
          />
        )}
        <div class="button-row">
          <Button
            type="submit"
            kind={action === "RETURN" ? "danger" : "primary"}
            busy={state.busy}
            busyLabel={t("apps.acting")}
            buttonRef={confirm}
          >
            {t("apps.confirmAction", { action: label })}
          </Button>
          <Button kind="quiet" onClick={onClose}>
            {t("form.cancel")}
          </Button>
        </div>
      </form>
    </ActionPanel>
  );
}

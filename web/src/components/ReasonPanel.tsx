// An action that needs a reason the other party will read (decline, end, disable): the
// reason, a confirm button and cancel, in a panel under the item it is about.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useT } from "../i18n";
import { problems, useFormErrors, type FieldSpec } from "../lib/forms";
import { requiredError } from "../lib/validation";
import { TextAreaField } from "./Fields";
import { Button, ErrorSummary } from "./Form";
import { Notice } from "./Page";
import { ActionPanel } from "./Status";

const REASON_MAX = 500;

export interface PanelResult {
  fieldErrors: Record<string, string>;
  message: string | null;
}

/** What a ReasonPanel shows after `useAction` answered. */
export function panelResult(
  outcome: { ok: true } | { ok: false; fieldErrors: Record<string, string>; message: string },
): PanelResult {
  if (outcome.ok) return { fieldErrors: {}, message: null };
  const hasFields = Object.keys(outcome.fieldErrors).length > 0;
  return { fieldErrors: outcome.fieldErrors, message: hasFields ? null : outcome.message };
}

export function ReasonPanel({
  title,
  hint,
  submitLabel,
  busyLabel,
  busy,
  name,
  onSubmit,
  onClose,
  danger = true,
  label,
}: {
  title: string;
  hint: string;
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  name: string;
  /** Send the reason; resolves to the problems to show (none: done). */
  onSubmit: (reason: string) => Promise<PanelResult>;
  onClose: () => void;
  danger?: boolean;
  label?: string;
}): JSX.Element {
  const { t } = useT();
  const [reason, setReason] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors();
  const specs: FieldSpec[] = [{ field: "reason", label: label ?? t("queue.reason"), input: name }];
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    if (!form.report(problems({ reason: requiredError(reason, t) }), specs)) return;
    const result = await onSubmit(reason.trim());
    if (Object.keys(result.fieldErrors).length > 0) form.report(result.fieldErrors, specs);
    setNotice(result.message);
  };
  return (
    <ActionPanel title={title} onClose={onClose}>
      <ErrorSummary items={form.summary} />
      {notice && <Notice kind="error">{notice}</Notice>}
      <form class="form" noValidate onSubmit={(event) => void submit(event)}>
        <TextAreaField
          name={name}
          label={label ?? t("queue.reason")}
          hint={hint}
          value={reason}
          onValue={setReason}
          error={form.error("reason")}
          required
          maxLength={REASON_MAX}
        />
        <div class="button-row">
          <Button type="submit" kind={danger ? "danger" : "primary"} busy={busy} busyLabel={busyLabel}>
            {submitLabel}
          </Button>
          <Button kind="quiet" onClick={onClose}>
            {t("form.cancel")}
          </Button>
        </div>
      </form>
    </ActionPanel>
  );
}

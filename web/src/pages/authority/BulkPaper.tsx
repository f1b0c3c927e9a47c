// Confirming the paper materials of several applications in one go: each one is its own
// confirmation (its own transaction and audit entry, all or nothing for that application),
// run one after the other, with a line per application saying how it went.
import type { JSX } from "preact";
import { useClient } from "@urql/preact";
import { useState } from "preact/hooks";
import { Button } from "../../components/Form";
import { ActionPanel } from "../../components/Status";
import { ConfirmPaperMaterialsMutation } from "../../graphql/documents/applications";
import { interpretResult } from "../../graphql/mutation";
import { useT } from "../../i18n";
import { newIdempotencyKey } from "../../lib/applications";

export interface PaperRow {
  id: string;
  number: string | null;
  subjectName: string;
  version: number;
}

interface Line {
  row: PaperRow;
  state: "waiting" | "done" | "failed";
  message?: string;
}

export function BulkPaper({
  rows,
  onDone,
  onClear,
}: {
  rows: readonly PaperRow[];
  onDone: () => void;
  onClear: () => void;
}): JSX.Element | null {
  const { t } = useT();
  const client = useClient();
  const [confirming, setConfirming] = useState(false);
  const [lines, setLines] = useState<readonly Line[] | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (): Promise<void> => {
    setBusy(true);
    let current: Line[] = rows.map((row) => ({ row, state: "waiting" }));
    setLines(current);
    for (const [index, row] of rows.entries()) {
      const result = await client
        .mutation(ConfirmPaperMaterialsMutation, {
          input: {
            id: row.id,
            expectedVersion: row.version,
            opinion: null,
            idempotencyKey: newIdempotencyKey(),
          },
        })
        .toPromise();
      const outcome = interpretResult(result, (d) => d.confirmPaperMaterials, t);
      const line: Line = outcome.ok
        ? { row, state: "done" }
        : { row, state: "failed", message: outcome.message };
      current = current.map((old, i) => (i === index ? line : old));
      setLines(current);
    }
    setBusy(false);
    setConfirming(false);
    onDone();
  };

  if (rows.length === 0 && !lines) return null;
  const done = lines?.filter((l) => l.state === "done").length ?? 0;
  return (
    <div class="desk-bulk" role="region" aria-label={t("desk.bulkPaper")}>
      {rows.length > 0 && !confirming && (
        <div class="button-row">
          <Button onClick={() => setConfirming(true)}>
            {t("desk.bulkPaperButton", { count: rows.length })}
          </Button>
          <Button kind="quiet" onClick={onClear}>
            {t("desk.clearSelection")}
          </Button>
        </div>
      )}
      {confirming && (
        <ActionPanel title={t("desk.bulkPaper")} onClose={() => setConfirming(false)}>
          <p>{t("desk.bulkPaperText", { count: rows.length })}</p>
          <div class="button-row">
            <Button busy={busy} busyLabel={t("apps.acting")} onClick={() => void run()}>
              {t("desk.bulkPaperConfirm", { count: rows.length })}
            </Button>
            <Button kind="quiet" disabled={busy} onClick={() => setConfirming(false)}>
              {t("form.cancel")}
            </Button>
          </div>
        </ActionPanel>
      )}
      {lines && (
        <div class="desk-bulk-result">
          <p role="status">{t("desk.bulkPaperDone", { done, total: lines.length })}</p>
          <ul>
            {lines.map((line) => (
              <li key={line.row.id} data-result={line.state} data-application={line.row.id}>
                <span class="mono">{line.row.number}</span> {line.row.subjectName} ·{" "}
                {line.state === "done"
                  ? t("desk.paperDone")
                  : line.state === "failed"
                    ? line.message
                    : t("desk.paperWaiting")}
              </li>
            ))}
          </ul>
          {!busy && (
            <Button kind="quiet" onClick={() => setLines(null)}>
              {t("desk.closeResult")}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

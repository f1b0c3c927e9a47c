// Institution and authority staff check many licences at once: a CSV file of
// "licence number, holder name" rows (or QR tokens) answered line by line.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { Icon } from "../../components/Icon";
import { Loading, Notice, PageHeading } from "../../components/Page";
import { StatusTag, type Tone } from "../../components/Status";
import { useT, type TKey } from "../../i18n";
import { type BulkLine, countByStatus, verifyCsv } from "../../lib/bulkVerify";
import { formatDate } from "../../lib/format";
import "../../styles/bulk-verify.css";

const TONES: Record<string, Tone> = {
  VALID: "success",
  SUPERSEDED: "warning",
  SUSPENDED: "warning",
  REVOKED: "danger",
  EXPIRED: "danger",
  FORGED: "danger",
  NOT_FOUND: "neutral",
  INVALID: "neutral",
};
const STATUSES = Object.keys(TONES);
const FILE_PROBLEMS = [
  "BODY_TOO_LARGE",
  "TOO_MANY_LINES",
  "ENCODING_INVALID",
  "CSV_INVALID",
  "NO_LINES",
  "RATE_LIMITED",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NETWORK",
];
const LINE_PROBLEMS = ["LINE_INVALID", "NUMBER_AND_NAME_OR_TOKEN_REQUIRED"];

function statusKey(status: string): TKey {
  return `bulkVerify.status.${STATUSES.includes(status) ? status : "INVALID"}` as TKey;
}

function fileProblem(code: string): TKey {
  return `bulkVerify.problem.${FILE_PROBLEMS.includes(code) ? code : "UNEXPECTED"}` as TKey;
}

function lineProblem(code: string | undefined): TKey {
  return `bulkVerify.lineProblem.${code && LINE_PROBLEMS.includes(code) ? code : "LINE_INVALID"}` as TKey;
}

function Results({ lines }: { lines: BulkLine[] }): JSX.Element {
  const { t, language } = useT();
  return (
    <section aria-labelledby="bulk-results">
      <h2 id="bulk-results">{t("bulkVerify.results", { total: lines.length })}</h2>
      <ul class="bulk-summary">
        {countByStatus(lines).map(([status, count]) => (
          <li key={status}>
            <StatusTag
              tone={TONES[status] ?? "neutral"}
              status={status}
              label={`${t(statusKey(status))} ${count}`}
            />
          </li>
        ))}
      </ul>
      <div class="bulk-table-wrap" role="region" aria-label={t("bulkVerify.tableLabel")} tabIndex={0}>
        <table class="bulk-table">
          <caption>{t("bulkVerify.tableLabel")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("bulkVerify.line")}</th>
              <th scope="col">{t("bulkVerify.statusColumn")}</th>
              <th scope="col">{t("bulkVerify.number")}</th>
              <th scope="col">{t("bulkVerify.holder")}</th>
              <th scope="col">{t("bulkVerify.validUntil")}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.line} data-line={line.line} data-status={line.status}>
                <th scope="row">{line.line}</th>
                <td>
                  {t(statusKey(line.status))}
                  {line.status === "INVALID" && <div class="field-hint">{t(lineProblem(line.code))}</div>}
                </td>
                <td class="mono">{line.number ?? ""}</td>
                <td>{line.holderName ?? ""}</td>
                <td>{line.validUntil ? formatDate(line.validUntil, language) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function BulkVerifyPage(): JSX.Element {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [lines, setLines] = useState<BulkLine[] | null>(null);
  const check = async (file: File): Promise<void> => {
    setBusy(true);
    setProblem(null);
    setLines(null);
    const outcome = await verifyCsv(file);
    setBusy(false);
    if (outcome.ok) setLines(outcome.lines);
    else setProblem(outcome.code);
  };
  return (
    <div class="page">
      <PageHeading title={t("bulkVerify.title")} lead={t("bulkVerify.lead")} />
      <div class="field">
        <label class="file-drop">
          <Icon name="shield" size={32} />
          <span class="file-drop-label" id="field-csv-label">
            {t("bulkVerify.fileLabel")}
          </span>
          <span class="field-hint" id="field-csv-hint">
            {t("bulkVerify.fileHint")}
          </span>
          <input
            id="field-csv"
            name="csv"
            class="file-input"
            type="file"
            accept=".csv,text/csv"
            disabled={busy}
            aria-labelledby="field-csv-label"
            aria-describedby="field-csv-hint"
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              event.currentTarget.value = "";
              if (file) void check(file);
            }}
          />
        </label>
      </div>
      {busy && <Loading label={t("bulkVerify.checking")} />}
      {problem && <Notice kind="error">{t(fileProblem(problem), { maximum: 1000 })}</Notice>}
      {lines && <Results lines={lines} />}
    </div>
  );
}

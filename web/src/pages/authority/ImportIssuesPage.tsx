// Quarantined import rows: an ID number already on file under another name. The officer checks
// who is who, then accepts the file's row (the person takes its name, the row is imported) or
// keeps the registry's record (the row is dropped). Both decisions are audited.
import type { JSX } from "preact";
import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { ConnectionList } from "../../components/ConnectionList";
import { Button, SelectField } from "../../components/Form";
import { Notice, PageHeading } from "../../components/Page";
import { Facts, StatusTag } from "../../components/Status";
import {
  ImportIssuesQuery,
  RejectImportIssueMutation,
  ResolveImportIssueMutation,
} from "../../graphql/documents/imports";
import { expectMember, useAction } from "../../graphql/mutation";
import type { ImportIssueStatus, ImportIssuesQuery as IssuesData } from "../../gql/graphql";
import { useT } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { useConnection } from "../../lib/useConnection";
import { PAGE_SIZE } from "../institution/QueuePage";

type Issue = IssuesData["importIssues"]["nodes"][number];
const STATUSES: readonly ImportIssueStatus[] = ["OPEN", "RESOLVED", "REJECTED"];
const TONES = { OPEN: "warning", RESOLVED: "info", REJECTED: "neutral" } as const;

function IssueItem({ row, onChanged }: { row: Issue; onChanged: (row: Issue) => void }): JSX.Element {
  const { t, language } = useT();
  const [notice, setNotice] = useState<string | null>(null);
  const [resolving, resolve] = useAction(ResolveImportIssueMutation, (d) =>
    expectMember(d.resolveImportIssue, "ImportIssueSuccess"),
  );
  const [rejecting, reject] = useAction(RejectImportIssueMutation, (d) =>
    expectMember(d.rejectImportIssue, "ImportIssueSuccess"),
  );
  const decide = async (accept: boolean): Promise<void> => {
    setNotice(null);
    const messages = {
      progress: t("importIssues.deciding"),
      success: t(accept ? "importIssues.resolved" : "importIssues.rejected"),
    };
    const outcome = accept ? await resolve({ id: row.id }, messages) : await reject({ id: row.id }, messages);
    if (outcome.ok) onChanged({ ...row, ...outcome.value.issue });
    else setNotice(outcome.message);
  };
  const kind =
    row.kind === "doctors" || row.kind === "nurses" ? t(`importIssues.kinds.${row.kind}`) : row.kind;
  return (
    <article class="item-card" data-import-issue={row.id}>
      <div class="item-head">
        <h2 class="item-title">
          {t("importIssues.itemTitle", { row: row.rowNumber, fileName: row.fileName })}
        </h2>
        <StatusTag
          tone={TONES[row.status]}
          status={row.status}
          label={t(`importIssueStatus.${row.status}`)}
        />
      </div>
      <Facts
        items={[
          [t("importIssues.registryName"), row.registryName],
          [t("importIssues.fileName"), row.fileName],
          [t("importIssues.idNumber"), <span class="mono">{row.idNumberMasked}</span>],
          [t("importIssues.licenceNumber"), <span class="mono">{row.licenceNumber}</span>],
          [t("importIssues.institutionUscc"), <span class="mono">{row.institutionUscc}</span>],
          [t("importIssues.kind"), kind],
          [t("importIssues.createdAt"), formatDateTime(row.createdAt, language)],
          row.decidedAt ? [t("importIssues.decidedAt"), formatDateTime(row.decidedAt, language)] : null,
        ]}
      />
      {notice && <Notice kind="error">{notice}</Notice>}
      {row.status === "OPEN" && (
        <div class="button-row">
          <Button
            busy={resolving.busy}
            busyLabel={t("importIssues.deciding")}
            onClick={() => void decide(true)}
          >
            {t("importIssues.resolve")}
          </Button>
          <Button
            kind="quiet"
            busy={rejecting.busy}
            busyLabel={t("importIssues.deciding")}
            onClick={() => void decide(false)}
          >
            {t("importIssues.reject")}
          </Button>
        </div>
      )}
    </article>
  );
}

export function ImportIssuesPage(): JSX.Element {
  const { t } = useT();
  const { query, route, path } = useLocation();
  const status = (STATUSES as readonly string[]).includes(query["status"] ?? "")
    ? (query["status"] as ImportIssueStatus)
    : query["status"] === "ALL"
      ? null
      : "OPEN";
  const list = useConnection(ImportIssuesQuery, { first: PAGE_SIZE, status }, (data) => data.importIssues);
  return (
    <div class="page">
      <PageHeading title={t("importIssues.title")} lead={t("importIssues.lead")} />
      <form
        class="filters filters-1"
        aria-label={t("importIssues.filters")}
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectField
          name="status"
          label={t("importIssues.status")}
          value={status ?? "ALL"}
          onValue={(value) => route(`${path}?status=${value}`, true)}
          options={[
            ...STATUSES.map((value) => ({ value, label: t(`importIssueStatus.${value}`) })),
            { value: "ALL", label: t("importIssues.anyStatus") },
          ]}
          markOptional={false}
        />
      </form>
      <p class="hint">
        {t("importIssues.resolve")}: {t("importIssues.resolveHint")} {t("importIssues.reject")}:{" "}
        {t("importIssues.rejectHint")}
      </p>
      <ConnectionList
        id="import-issues"
        label={t("importIssues.listLabel")}
        list={list}
        keyOf={(row) => row.id}
        empty={t("importIssues.empty")}
        render={(row) => (
          <IssueItem
            row={row}
            onChanged={(changed) =>
              list.update((items) => items.map((i) => (i.id === changed.id ? changed : i)))
            }
          />
        )}
      />
    </div>
  );
}

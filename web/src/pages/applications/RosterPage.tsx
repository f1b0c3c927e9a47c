// The institution's roster: doctors and nurses registered or filed there, searchable, with
// those expiring within 90 days marked, exported as CSV.
import type { JSX } from "preact";
import { useClient } from "@urql/preact";
import { useState } from "preact/hooks";
import { ConnectionList } from "../../components/ConnectionList";
import { CheckboxField } from "../../components/Fields";
import { Button, TextField } from "../../components/Form";
import { Notice, PageHeading } from "../../components/Page";
import { Facts, StatusTag } from "../../components/Status";
import { useToasts } from "../../components/Toasts";
import { RosterCsvQuery, RosterQuery } from "../../graphql/documents/applications";
import { describeError } from "../../graphql/errors";
import { useT } from "../../i18n";
import { formatDate } from "../../lib/format";
import { useConnection } from "../../lib/useConnection";
import { useViewer } from "../../lib/viewer";

function saveCsv(text: string, name: string): void {
  // A byte-order mark so spreadsheet programs read the UTF-8 names correctly.
  const blob = new Blob(["\ufeff", text], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Roster({ institutionId }: { institutionId: string }): JSX.Element {
  const { t, language } = useT();
  const client = useClient();
  const toasts = useToasts();
  const [search, setSearch] = useState("");
  const [expiring, setExpiring] = useState(false);
  const [applied, setApplied] = useState<{ search: string | null; expiringOnly: boolean }>({
    search: null,
    expiringOnly: false,
  });
  const [exporting, setExporting] = useState(false);
  const list = useConnection(
    RosterQuery,
    { institutionId, first: 50, ...applied },
    (d) => d.institutionRoster,
  );
  const exportCsv = async (): Promise<void> => {
    setExporting(true);
    const progress = toasts.progress(t("apps.rosterCsvBusy"));
    const result = await client
      .query(RosterCsvQuery, { institutionId, ...applied }, { requestPolicy: "network-only" })
      .toPromise();
    setExporting(false);
    if (result.data) {
      saveCsv(result.data.institutionRosterCsv, "roster.csv");
      progress.succeed(t("apps.rosterCsvDone"));
    } else {
      progress.fail(result.error ? describeError(result.error, t) : t("errors.unexpected"));
    }
  };
  return (
    <>
      <form
        class="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setApplied({ search: search.trim() || null, expiringOnly: expiring });
        }}
      >
        <TextField
          name="search"
          label={t("apps.rosterSearch")}
          value={search}
          onValue={setSearch}
          markOptional={false}
        />
        <CheckboxField
          name="expiring"
          label={t("apps.rosterExpiring")}
          checked={expiring}
          onChecked={setExpiring}
        />
        <div class="button-row">
          <Button type="submit">{t("apps.search")}</Button>
          <Button
            kind="secondary"
            busy={exporting}
            busyLabel={t("apps.rosterCsvBusy")}
            onClick={() => void exportCsv()}
          >
            {t("apps.rosterCsv")}
          </Button>
        </div>
      </form>
      <ConnectionList
        id="roster"
        list={list}
        keyOf={(entry) => `${entry.registrationId}-${entry.relation}`}
        label={t("apps.rosterTitle")}
        empty={t("apps.rosterEmpty")}
        render={(entry) => (
          <article class="item-card" data-registration={entry.number}>
            <div class="item-head">
              <h2 class="item-title">{entry.name}</h2>
              <StatusTag
                tone={entry.status === "ACTIVE" ? "success" : "danger"}
                status={entry.status}
                label={t(`subject.${entry.profession}`)}
              />
              {entry.expiringSoon && (
                <StatusTag tone="warning" status="EXPIRING" label={t("apps.expiringSoon")} />
              )}
            </div>
            <Facts
              items={[
                [t("apps.registrationNumber"), entry.number],
                [t("apps.relationLabel"), t(`apps.relation.${entry.relation as "PRIMARY"}`)],
                !!entry.category && [t("lic.category"), t(`practiceCategory.${entry.category}`)],
                !!entry.scope && [t("lic.scope"), entry.scope],
                [
                  t("apps.validUntil"),
                  entry.validUntil ? formatDate(entry.validUntil, language) : t("apps.noExpiry"),
                ],
              ]}
            />
          </article>
        )}
      />
    </>
  );
}

export function RosterPage(): JSX.Element {
  const { t } = useT();
  const viewer = useViewer();
  return (
    <div class="page">
      <PageHeading title={t("apps.rosterTitle")} lead={t("apps.rosterLead")} />
      {viewer.institution ? (
        <Roster institutionId={viewer.institution.id} />
      ) : (
        <Notice>{t("errors.FORBIDDEN")}</Notice>
      )}
    </div>
  );
}

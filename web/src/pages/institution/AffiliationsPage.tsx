// The institution's certified doctors and nurses (and past requests): who certified them with
// which document, and "end affiliation" with a reason when someone leaves.
import type { JSX } from "preact";
import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { ConnectionList } from "../../components/ConnectionList";
import { Button, SelectField } from "../../components/Form";
import { PageHeading } from "../../components/Page";
import { PersonFacts } from "../../components/PersonSummary";
import { panelResult, ReasonPanel } from "../../components/ReasonPanel";
import { Facts, StatusTag } from "../../components/Status";
import { EndAffiliationMutation, StaffCertificationsQuery } from "../../graphql/documents/staff";
import { expectMember, useAction } from "../../graphql/mutation";
import type { CertificationStatus, Profession, StaffCertificationFieldsFragment } from "../../gql/graphql";
import { useT } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { certificationTone } from "../../lib/identityLabels";
import { useConnection } from "../../lib/useConnection";
import { useViewer } from "../../lib/viewer";
import { PAGE_SIZE } from "./QueuePage";

const STATUSES: readonly CertificationStatus[] = ["CERTIFIED", "REQUESTED", "DECLINED", "ENDED"];
const PROFESSIONS: readonly Profession[] = ["NURSE", "DOCTOR"];
type Row = StaffCertificationFieldsFragment;

function AffiliationItem({ row, onChanged }: { row: Row; onChanged: (row: Row) => void }): JSX.Element {
  const { t, language } = useT();
  const [open, setOpen] = useState(false);
  const [action, end] = useAction(EndAffiliationMutation, (d) =>
    expectMember(d.endAffiliation, "CertificationUpdated"),
  );
  const name = row.person?.name ?? "—";
  return (
    <article class="item-card" data-certification={row.id}>
      <div class="item-head">
        <h2 class="item-title">{name}</h2>
        <StatusTag
          tone={certificationTone(row.status)}
          status={row.status}
          label={t(`certificationStatus.${row.status}`)}
        />
      </div>
      {row.person && <PersonFacts person={row.person} />}
      <Facts
        items={[
          [t("certification.profession"), t(`profession.${row.profession}`)],
          row.decidedAt ? [t("certification.decidedAt"), formatDateTime(row.decidedAt, language)] : null,
          row.decidedBy ? [t("certification.decidedBy"), row.decidedBy] : null,
          row.documentChecked
            ? [t("certification.document"), t(`identityDocument.${row.documentChecked}`)]
            : null,
          row.endedAt ? [t("certification.endedAt"), formatDateTime(row.endedAt, language)] : null,
          row.reason ? [t("certification.reason"), row.reason] : null,
        ]}
      />
      {row.status === "CERTIFIED" &&
        (open ? (
          <ReasonPanel
            title={t("affiliations.endTitle", { name })}
            hint={t("affiliations.endHint")}
            submitLabel={t("affiliations.endSubmit")}
            busyLabel={t("affiliations.ending")}
            busy={action.busy}
            name={`end-${row.id}-reason`}
            onClose={() => setOpen(false)}
            onSubmit={async (reason) => {
              const outcome = await end(
                { input: { certificationId: row.id, reason } },
                { progress: t("affiliations.ending"), success: t("affiliations.ended", { name }) },
              );
              if (outcome.ok) {
                setOpen(false);
                onChanged(outcome.value.certification);
              }
              return panelResult(outcome);
            }}
          />
        ) : (
          <div class="button-row">
            <Button kind="secondary" onClick={() => setOpen(true)}>
              {t("affiliations.end")}
            </Button>
          </div>
        ))}
    </article>
  );
}

export function AffiliationsPage(): JSX.Element {
  const { t } = useT();
  const viewer = useViewer();
  const { query, route, path } = useLocation();
  const status = (STATUSES as readonly string[]).includes(query["status"] ?? "")
    ? (query["status"] as CertificationStatus)
    : query["status"] === "ALL"
      ? null
      : "CERTIFIED";
  const profession = (PROFESSIONS as readonly string[]).includes(query["profession"] ?? "")
    ? (query["profession"] as Profession)
    : null;
  const list = useConnection(
    StaffCertificationsQuery,
    { first: PAGE_SIZE, filter: { institutionId: viewer.institution?.id ?? null, status, profession } },
    (data) => data.staffCertifications,
  );
  const apply = (next: Record<string, string>): void => {
    const params = new URLSearchParams({ status: status ?? "ALL", profession: profession ?? "", ...next });
    for (const [key, value] of [...params.entries()]) if (value === "") params.delete(key);
    route(`${path}?${params.toString()}`, true);
  };
  return (
    <div class="page">
      <PageHeading title={t("affiliations.title")} lead={t("affiliations.lead")} />
      <form
        class="filters filters-2"
        aria-label={t("affiliations.filters")}
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectField
          name="status"
          label={t("affiliations.status")}
          value={status ?? "ALL"}
          onValue={(value) => apply({ status: value })}
          options={[
            ...STATUSES.map((value) => ({ value, label: t(`certificationStatus.${value}`) })),
            { value: "ALL", label: t("affiliations.anyStatus") },
          ]}
          markOptional={false}
        />
        <SelectField
          name="profession"
          label={t("certification.profession")}
          value={profession ?? ""}
          onValue={(value) => apply({ profession: value })}
          placeholder={t("affiliations.anyProfession")}
          options={PROFESSIONS.map((value) => ({ value, label: t(`profession.${value}`) }))}
          markOptional={false}
        />
      </form>
      <ConnectionList
        id="affiliations"
        label={t("affiliations.listLabel")}
        list={list}
        keyOf={(row) => row.id}
        empty={t("affiliations.empty")}
        render={(row) => (
          <AffiliationItem
            row={row}
            onChanged={(changed) =>
              list.update((items) => items.map((item) => (item.id === changed.id ? changed : item)))
            }
          />
        )}
      />
    </div>
  );
}

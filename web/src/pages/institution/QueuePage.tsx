// The institution's staff-certification queue, oldest first: an operator checks the identity
// document in person, then certifies (recording which document) or declines with a reason.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ConnectionList } from "../../components/ConnectionList";
import { CheckboxField, RadioGroup, TextAreaField } from "../../components/Fields";
import { Button, ErrorSummary } from "../../components/Form";
import { Notice, PageHeading } from "../../components/Page";
import { panelResult, ReasonPanel } from "../../components/ReasonPanel";
import { PersonFacts } from "../../components/PersonSummary";
import { ActionPanel, Facts, StatusTag } from "../../components/Status";
import {
  CertificationQueueQuery,
  CertifyStaffMutation,
  DeclineStaffMutation,
} from "../../graphql/documents/staff";
import { expectMember, useAction } from "../../graphql/mutation";
import type { IdentityDocument, StaffCertificationFieldsFragment } from "../../gql/graphql";
import { useT } from "../../i18n";
import { formatDateTime, localName } from "../../lib/format";
import { problems, useFormErrors, type FieldSpec } from "../../lib/forms";
import { certificationTone } from "../../lib/identityLabels";
import { useConnection } from "../../lib/useConnection";

export const PAGE_SIZE = 20;
const DOCUMENTS: readonly IdentityDocument[] = [
  "RESIDENT_ID_CARD",
  "TEMPORARY_ID_CARD",
  "PASSPORT",
  "HK_MACAO_PERMIT",
  "TAIWAN_PERMIT",
  "PERMANENT_RESIDENCE_CARD",
];
export const REASON_MAX = 500;

type Row = StaffCertificationFieldsFragment;

function CertifyPanel({
  row,
  onDone,
  onClose,
}: {
  row: Row;
  onDone: (row: Row) => void;
  onClose: () => void;
}) {
  const { t } = useT();
  const [document, setDocument] = useState("");
  const [checked, setChecked] = useState(false);
  const [note, setNote] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors();
  const [action, certify] = useAction(CertifyStaffMutation, (d) =>
    expectMember(d.certifyStaff, "CertificationUpdated"),
  );
  const prefix = `certify-${row.id}`;
  const specs: FieldSpec[] = [
    { field: "documentChecked", label: t("queue.document"), input: `${prefix}-document` },
    { field: "checked", label: t("queue.checkedShort"), input: `${prefix}-checked` },
    { field: "note", label: t("queue.note"), input: `${prefix}-note` },
  ];
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    const found = problems({
      documentChecked: document === "" ? t("queue.chooseDocument") : undefined,
      checked: checked ? undefined : t("queue.confirmChecked"),
    });
    if (!form.report(found, specs)) return;
    const outcome = await certify(
      {
        input: {
          certificationId: row.id,
          documentChecked: document as IdentityDocument,
          note: note.trim() || null,
        },
      },
      { progress: t("queue.certifying"), success: t("queue.certified", { name: row.person?.name ?? "" }) },
    );
    if (outcome.ok) onDone(outcome.value.certification);
    else if (Object.keys(outcome.fieldErrors).length > 0) form.report(outcome.fieldErrors, specs);
    else setNotice(outcome.message);
  };
  return (
    <ActionPanel title={t("queue.certifyTitle", { name: row.person?.name ?? "" })} onClose={onClose}>
      <ErrorSummary items={form.summary} />
      {notice && <Notice kind="error">{notice}</Notice>}
      <form class="form" noValidate onSubmit={(event) => void submit(event)}>
        <RadioGroup
          name={`${prefix}-document`}
          legend={t("queue.document")}
          hint={t("queue.documentHint")}
          value={document}
          onValue={setDocument}
          options={DOCUMENTS.map((value) => ({ value, label: t(`identityDocument.${value}`) }))}
          error={form.error("documentChecked")}
        />
        <CheckboxField
          name={`${prefix}-checked`}
          label={t("queue.checkedLabel")}
          checked={checked}
          onChecked={setChecked}
          error={form.error("checked")}
        />
        <TextAreaField
          name={`${prefix}-note`}
          label={t("queue.note")}
          hint={t("queue.noteHint")}
          value={note}
          onValue={setNote}
          error={form.error("note")}
          maxLength={REASON_MAX}
          rows={2}
        />
        <div class="button-row">
          <Button type="submit" busy={action.busy} busyLabel={t("queue.certifying")}>
            {t("queue.certifySubmit")}
          </Button>
          <Button kind="quiet" onClick={onClose}>
            {t("form.cancel")}
          </Button>
        </div>
      </form>
    </ActionPanel>
  );
}

function QueueItem({ row, onDecided }: { row: Row; onDecided: (row: Row) => void }): JSX.Element {
  const { t, language } = useT();
  const [open, setOpen] = useState<"certify" | "decline" | null>(null);
  const [declining, decline] = useAction(DeclineStaffMutation, (d) =>
    expectMember(d.declineStaff, "CertificationUpdated"),
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
          [t("certification.requestedAt"), formatDateTime(row.requestedAt, language)],
          row.institution
            ? [t("queue.institution"), localName(language, row.institution.name, row.institution.nameEn)]
            : null,
        ]}
      />
      {open === null && (
        <div class="button-row">
          <Button onClick={() => setOpen("certify")}>{t("queue.certify")}</Button>
          <Button kind="secondary" onClick={() => setOpen("decline")}>
            {t("queue.decline")}
          </Button>
        </div>
      )}
      {open === "certify" && <CertifyPanel row={row} onDone={onDecided} onClose={() => setOpen(null)} />}
      {open === "decline" && (
        <ReasonPanel
          title={t("queue.declineTitle", { name })}
          hint={t("queue.declineHint")}
          submitLabel={t("queue.declineSubmit")}
          busyLabel={t("queue.declining")}
          busy={declining.busy}
          name={`decline-${row.id}-reason`}
          onClose={() => setOpen(null)}
          onSubmit={async (reason) => {
            const outcome = await decline(
              { input: { certificationId: row.id, reason } },
              { progress: t("queue.declining"), success: t("queue.declined", { name }) },
            );
            if (outcome.ok) onDecided(outcome.value.certification);
            return panelResult(outcome);
          }}
        />
      )}
    </article>
  );
}

export function QueuePage(): JSX.Element {
  const { t } = useT();
  const list = useConnection(
    CertificationQueueQuery,
    { first: PAGE_SIZE },
    (data) => data.certificationQueue,
  );
  const [decided, setDecided] = useState<Row[]>([]);
  const onDecided = (row: Row): void => {
    list.update((items) => items.filter((item) => item.id !== row.id));
    setDecided((previous) => [row, ...previous].slice(0, 5));
  };
  return (
    <div class="page">
      <PageHeading title={t("queue.title")} lead={t("queue.lead")} />
      {decided.length > 0 && (
        <Notice kind="success">
          <p class="notice-title">{t("queue.decidedTitle")}</p>
          <ul class="plain-list">
            {decided.map((row) => (
              <li key={row.id}>
                {row.person?.name} · {t(`profession.${row.profession}`)} ·{" "}
                <StatusTag
                  tone={certificationTone(row.status)}
                  status={row.status}
                  label={t(`certificationStatus.${row.status}`)}
                />
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <ConnectionList
        id="queue"
        label={t("queue.listLabel")}
        list={list}
        keyOf={(row) => row.id}
        empty={t("queue.empty")}
        render={(row) => <QueueItem row={row} onDecided={onDecided} />}
      />
    </div>
  );
}

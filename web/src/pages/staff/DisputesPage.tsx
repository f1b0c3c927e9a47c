// Disputes: someone activating with an ID number that another account already holds. The
// institution or authority checks who is who, then keeps the existing account or transfers
// the record to the claimant, noting what was checked.
import type { JSX } from "preact";
import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { ConnectionList } from "../../components/ConnectionList";
import { RadioGroup, TextAreaField } from "../../components/Fields";
import { Button, ErrorSummary, SelectField } from "../../components/Form";
import { Notice, PageHeading } from "../../components/Page";
import { PersonFacts } from "../../components/PersonSummary";
import { ActionPanel, Facts, StatusTag } from "../../components/Status";
import { DisputesQuery, ResolveDisputeMutation } from "../../graphql/documents/staff";
import { expectMember, useAction } from "../../graphql/mutation";
import type { DisputeOutcome, DisputeStatus, DisputesQuery as DisputesData } from "../../gql/graphql";
import { useT } from "../../i18n";
import { formatDateTime, localName } from "../../lib/format";
import { problems, useFormErrors, type FieldSpec } from "../../lib/forms";
import { disputeTone } from "../../lib/identityLabels";
import { useConnection } from "../../lib/useConnection";
import { requiredError } from "../../lib/validation";
import { PAGE_SIZE } from "../institution/QueuePage";

type Dispute = DisputesData["disputes"]["nodes"][number];
const STATUSES: readonly DisputeStatus[] = ["OPEN", "KEPT", "TRANSFERRED"];
const OUTCOMES: readonly DisputeOutcome[] = ["KEEP_EXISTING", "TRANSFER_TO_CLAIMANT"];

function ResolvePanel({
  row,
  onDone,
  onClose,
}: {
  row: Dispute;
  onDone: (row: Dispute) => void;
  onClose: () => void;
}) {
  const { t } = useT();
  const [outcomeChoice, setOutcome] = useState("");
  const [note, setNote] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors();
  const [action, resolve] = useAction(ResolveDisputeMutation, (d) =>
    expectMember(d.resolveDispute, "DisputeResolved"),
  );
  const prefix = `resolve-${row.id}`;
  const specs: FieldSpec[] = [
    { field: "outcome", label: t("disputes.outcome"), input: `${prefix}-outcome` },
    { field: "note", label: t("disputes.note"), input: `${prefix}-note` },
  ];
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    const found = problems({
      outcome: outcomeChoice === "" ? t("disputes.chooseOutcome") : undefined,
      note: requiredError(note, t),
    });
    if (!form.report(found, specs)) return;
    const outcome = await resolve(
      { input: { disputeId: row.id, outcome: outcomeChoice as DisputeOutcome, note: note.trim() } },
      { progress: t("disputes.resolving"), success: t("disputes.resolved") },
    );
    if (outcome.ok) onDone({ ...row, ...outcome.value.dispute });
    else if (Object.keys(outcome.fieldErrors).length > 0) form.report(outcome.fieldErrors, specs);
    else setNotice(outcome.message);
  };
  return (
    <ActionPanel title={t("disputes.resolveTitle")} onClose={onClose}>
      <ErrorSummary items={form.summary} />
      {notice && <Notice kind="error">{notice}</Notice>}
      <form class="form" noValidate onSubmit={(event) => void submit(event)}>
        <RadioGroup
          name={`${prefix}-outcome`}
          legend={t("disputes.outcome")}
          value={outcomeChoice}
          onValue={setOutcome}
          options={OUTCOMES.map((value) => ({
            value,
            label: t(`disputes.outcomes.${value}`),
            hint: t(`disputes.outcomeHints.${value}`, { claimant: row.claimantName }),
          }))}
          error={form.error("outcome")}
        />
        <TextAreaField
          name={`${prefix}-note`}
          label={t("disputes.note")}
          hint={t("disputes.noteHint")}
          value={note}
          onValue={setNote}
          error={form.error("note")}
          required
          maxLength={500}
        />
        <div class="button-row">
          <Button type="submit" busy={action.busy} busyLabel={t("disputes.resolving")}>
            {t("disputes.resolveSubmit")}
          </Button>
          <Button kind="quiet" onClick={onClose}>
            {t("form.cancel")}
          </Button>
        </div>
      </form>
    </ActionPanel>
  );
}

function DisputeItem({ row, onChanged }: { row: Dispute; onChanged: (row: Dispute) => void }): JSX.Element {
  const { t, language } = useT();
  const [open, setOpen] = useState(false);
  return (
    <article class="item-card" data-dispute={row.id}>
      <div class="item-head">
        <h2 class="item-title">{t("disputes.itemTitle", { name: row.person?.name ?? row.claimantName })}</h2>
        <StatusTag
          tone={disputeTone(row.status)}
          status={row.status}
          label={t(`disputeStatus.${row.status}`)}
        />
      </div>
      <div class="two-columns">
        <div>
          <h3 class="panel-subtitle">{t("disputes.record")}</h3>
          {row.person && <PersonFacts person={row.person} />}
        </div>
        <div>
          <h3 class="panel-subtitle">{t("disputes.claimant")}</h3>
          <Facts
            items={[
              [t("disputes.kindLabel"), t(`disputes.kinds.${row.kind}`)],
              [t("disputes.claimantName"), row.claimantName],
              [t("disputes.claimantMobile"), <span class="mono">{row.claimantMobileMasked}</span>],
            ]}
          />
        </div>
      </div>
      <Facts
        items={[
          [t("disputes.openedAt"), formatDateTime(row.createdAt, language)],
          row.institution
            ? [t("disputes.institution"), localName(language, row.institution.name, row.institution.nameEn)]
            : null,
          row.resolvedAt ? [t("disputes.resolvedAt"), formatDateTime(row.resolvedAt, language)] : null,
          row.note ? [t("disputes.note"), row.note] : null,
        ]}
      />
      {row.status === "OPEN" &&
        (open ? (
          <ResolvePanel
            row={row}
            onClose={() => setOpen(false)}
            onDone={(changed) => {
              setOpen(false);
              onChanged(changed);
            }}
          />
        ) : (
          <div class="button-row">
            <Button onClick={() => setOpen(true)}>{t("disputes.resolve")}</Button>
          </div>
        ))}
    </article>
  );
}

export function DisputesPage(): JSX.Element {
  const { t } = useT();
  const { query, route, path } = useLocation();
  const status = (STATUSES as readonly string[]).includes(query["status"] ?? "")
    ? (query["status"] as DisputeStatus)
    : query["status"] === "ALL"
      ? null
      : "OPEN";
  const list = useConnection(DisputesQuery, { first: PAGE_SIZE, status }, (data) => data.disputes);
  return (
    <div class="page">
      <PageHeading title={t("disputes.title")} lead={t("disputes.lead")} />
      <form class="filters filters-1" aria-label={t("disputes.filters")} onSubmit={(e) => e.preventDefault()}>
        <SelectField
          name="status"
          label={t("disputes.status")}
          value={status ?? "ALL"}
          onValue={(value) => route(`${path}?status=${value}`, true)}
          options={[
            ...STATUSES.map((value) => ({ value, label: t(`disputeStatus.${value}`) })),
            { value: "ALL", label: t("disputes.anyStatus") },
          ]}
          markOptional={false}
        />
      </form>
      <ConnectionList
        id="disputes"
        label={t("disputes.listLabel")}
        list={list}
        keyOf={(row) => row.id}
        empty={t("disputes.empty")}
        render={(row) => (
          <DisputeItem
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

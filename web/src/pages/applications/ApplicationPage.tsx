// One application: what was entered, the materials, the timeline, and the steps the viewer
// may take now (forward, return, accept, refuse, approve, reject, paper confirmation, ...).
import type { JSX } from "preact";
import "../../styles/applications.css";
import { useQuery } from "@urql/preact";
import { useState } from "preact/hooks";
import { TextAreaField } from "../../components/Fields";
import { AddMaterials } from "./AddMaterials";
import { Button } from "../../components/Form";
import { Loading, Notice, PageHeading } from "../../components/Page";
import { ActionPanel, Facts, StatusTag } from "../../components/Status";
import {
  AcceptApplicationMutation,
  ApplicationQuery,
  ApproveApplicationMutation,
  ConfirmPaperMaterialsMutation,
  ForwardApplicationMutation,
  RefuseApplicationMutation,
  RejectApplicationMutation,
  ResubmitApplicationMutation,
  ReturnApplicationMutation,
  SubmitApplicationMutation,
  WithdrawApplicationMutation,
} from "../../graphql/documents/applications";
import { describeError } from "../../graphql/errors";
import { expectMember, useAction } from "../../graphql/mutation";
import type { ApplicationFieldsFragment, WorkflowAction } from "../../gql/graphql";
import { useT } from "../../i18n";
import { applicationTone, stepLabel, newIdempotencyKey } from "../../lib/applications";
import { formatDate, formatDateTime, localName } from "../../lib/format";
import { problems, useFormErrors } from "../../lib/forms";
import { requiredError } from "../../lib/validation";
import { useViewer } from "../../lib/viewer";

type App = ApplicationFieldsFragment;
const NEEDS_OPINION: readonly WorkflowAction[] = ["RETURN", "REFUSE", "REJECT"];
const DANGER: readonly WorkflowAction[] = ["RETURN", "REFUSE", "REJECT", "WITHDRAW"];
// The applicant submits and resubmits through the editor (form, then check your answers).
const EDITED_BY_APPLICANT: readonly WorkflowAction[] = ["SUBMIT", "RESUBMIT"];
const ORDER: readonly WorkflowAction[] = [
  "FORWARD",
  "ACCEPT",
  "APPROVE",
  "CONFIRM_PAPER",
  "ADD_MATERIALS",
  "RETURN",
  "REFUSE",
  "REJECT",
  "WITHDRAW",
];

/** The steps taken through one GraphQL mutation of the same shape (materials have their own). */
type StepAction = Exclude<WorkflowAction, "ADD_MATERIALS">;

function useStep(action: StepAction) {
  // One hook per document keeps the result types precise.
  const submit = useAction(SubmitApplicationMutation, (d) =>
    expectMember(d.submitApplication, "ApplicationSuccess"),
  );
  const resubmit = useAction(ResubmitApplicationMutation, (d) =>
    expectMember(d.resubmitApplication, "ApplicationSuccess"),
  );
  const forward = useAction(ForwardApplicationMutation, (d) =>
    expectMember(d.forwardApplication, "ApplicationSuccess"),
  );
  const ret = useAction(ReturnApplicationMutation, (d) =>
    expectMember(d.returnApplication, "ApplicationSuccess"),
  );
  const accept = useAction(AcceptApplicationMutation, (d) =>
    expectMember(d.acceptApplication, "ApplicationSuccess"),
  );
  const refuse = useAction(RefuseApplicationMutation, (d) =>
    expectMember(d.refuseApplication, "ApplicationSuccess"),
  );
  const approve = useAction(ApproveApplicationMutation, (d) =>
    expectMember(d.approveApplication, "ApplicationSuccess"),
  );
  const reject = useAction(RejectApplicationMutation, (d) =>
    expectMember(d.rejectApplication, "ApplicationSuccess"),
  );
  const paper = useAction(ConfirmPaperMaterialsMutation, (d) =>
    expectMember(d.confirmPaperMaterials, "ApplicationSuccess"),
  );
  const withdraw = useAction(WithdrawApplicationMutation, (d) =>
    expectMember(d.withdrawApplication, "ApplicationSuccess"),
  );
  const table = {
    SUBMIT: submit,
    RESUBMIT: resubmit,
    FORWARD: forward,
    RETURN: ret,
    ACCEPT: accept,
    REFUSE: refuse,
    APPROVE: approve,
    REJECT: reject,
    CONFIRM_PAPER: paper,
    WITHDRAW: withdraw,
    CREATE: submit,
  } as const;
  return table[action];
}

function ActionForm({
  app,
  action,
  onDone,
  onClose,
}: {
  app: App;
  action: StepAction;
  onDone: (app: App) => void;
  onClose: () => void;
}): JSX.Element {
  const { t } = useT();
  const [state, run] = useStep(action);
  const [opinion, setOpinion] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const [key] = useState(newIdempotencyKey);
  const form = useFormErrors();
  const label = t(`workflowAction.${action}`);
  const needsOpinion = NEEDS_OPINION.includes(action);
  const specs = [{ field: "opinion", label: t("apps.opinionLabel"), input: "opinion" }];
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    if (!form.report(problems({ opinion: needsOpinion ? requiredError(opinion, t) : undefined }), specs))
      return;
    const outcome = await run(
      {
        input: {
          id: app.id,
          expectedVersion: app.version,
          opinion: opinion.trim() || null,
          idempotencyKey: key,
        },
      },
      { progress: t("apps.acting"), success: t("apps.acted", { action: label }) },
    );
    if (outcome.ok) onDone(outcome.value.application);
    else if (Object.keys(outcome.fieldErrors).length > 0) form.report(outcome.fieldErrors, specs);
    else setNotice(outcome.message);
  };
  return (
    <ActionPanel title={label} onClose={onClose}>
      {notice && <Notice kind="error">{notice}</Notice>}
      <form class="form" noValidate onSubmit={(event) => void submit(event)}>
        <TextAreaField
          name="opinion"
          label={t("apps.opinionLabel")}
          hint={t("apps.opinionHint")}
          value={opinion}
          onValue={setOpinion}
          error={form.error("opinion")}
          required={needsOpinion}
          maxLength={500}
          rows={3}
        />
        <div class="button-row">
          <Button
            type="submit"
            kind={DANGER.includes(action) ? "danger" : "primary"}
            busy={state.busy}
            busyLabel={t("apps.acting")}
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

function Actions({ app, onChanged }: { app: App; onChanged: (app: App) => void }): JSX.Element {
  const { t } = useT();
  const [open, setOpen] = useState<WorkflowAction | null>(null);
  const actions = ORDER.filter((action) => app.availableActions.includes(action));
  const editable = EDITED_BY_APPLICANT.some((action) => app.availableActions.includes(action));
  return (
    <section class="panel" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{t("apps.actions")}</h2>
      {actions.length === 0 && !editable ? (
        <p>{t("apps.noActions")}</p>
      ) : (
        <div class="button-row">
          {editable && (
            <a class="button button-primary" href={`/applications/${encodeURIComponent(app.id)}/edit`}>
              {app.status === "RETURNED" ? t("apps.editReturned") : t("apps.continueDraft")}
            </a>
          )}
          {actions.map((action) => (
            <Button
              key={action}
              kind={DANGER.includes(action) || action === "ADD_MATERIALS" ? "secondary" : "primary"}
              onClick={() => setOpen(action)}
              aria-expanded={open === action}
            >
              {t(`workflowAction.${action}`)}
            </Button>
          ))}
        </div>
      )}
      {open === "ADD_MATERIALS" && (
        <AddMaterials
          app={app}
          onClose={() => setOpen(null)}
          onDone={(next) => {
            setOpen(null);
            onChanged(next);
          }}
        />
      )}
      {open && open !== "ADD_MATERIALS" && (
        <ActionForm
          key={open}
          app={app}
          action={open}
          onClose={() => setOpen(null)}
          onDone={(next) => {
            setOpen(null);
            onChanged(next);
          }}
        />
      )}
    </section>
  );
}

function formValue(
  app: App,
  name: string,
  t: ReturnType<typeof useT>["t"],
  language: "zh-CN" | "en",
): string {
  const f = app.form;
  if (name === "institutionId" || name === "institution") {
    return f.institution ? localName(language, f.institution.name, f.institution.nameEn) : "";
  }
  if (name === "category") return f.category ? t(`practiceCategory.${f.category}`) : "";
  const value = (f as unknown as Record<string, unknown>)[name];
  if (Array.isArray(value)) return value.join("、");
  return value === null || value === undefined ? "" : String(value);
}

export function formFacts(app: App, t: ReturnType<typeof useT>["t"], language: "zh-CN" | "en") {
  return app.item.fields.map((field) => {
    const value = formValue(app, field.name, t, language);
    return value ? ([localName(language, field.labelZh, field.labelEn), value] as const) : null;
  });
}

export function ApplicationView({
  app,
  onChanged,
}: {
  app: App;
  onChanged: (app: App) => void;
}): JSX.Element {
  const { t, language } = useT();
  return (
    <>
      <div class="item-head">
        <StatusTag
          tone={applicationTone(app.status)}
          status={app.status}
          label={t(`applicationStatus.${app.status}`)}
        />
        {app.overdue && <StatusTag tone="danger" status="OVERDUE" label={t("apps.overdue")} />}
      </div>
      <Facts
        items={[
          [t("apps.number"), app.number ?? t("apps.draft")],
          [t("apps.applicant"), app.subjectName],
          app.institution && [
            t("apps.institution"),
            localName(language, app.institution.name, app.institution.nameEn),
          ],
          app.authority && [
            t("apps.authority"),
            localName(language, app.authority.nameZh, app.authority.nameEn),
          ],
          [t("apps.currentStep"), stepLabel(app.currentStep, language)],
          app.waitingOn && [
            t("apps.waitingOn"),
            `${t(`workflowParty.${app.waitingOn.party}`)} · ${app.waitingOn.name}`,
          ],
          [t("apps.deadline"), app.deadline ? formatDate(app.deadline, language) : t("apps.noDeadline")],
          app.acceptedAt && [
            t("apps.timeLimit"),
            t("apps.workingDays", { used: app.workingDaysUsed, limit: app.timeLimitDays }),
          ],
        ]}
      />
      <Actions app={app} onChanged={onChanged} />
      <div class="application-grid">
        <div>
          <section class="panel" aria-labelledby="form-heading">
            <h2 id="form-heading">{t("apps.form")}</h2>
            <Facts items={formFacts(app, t, language)} />
          </section>
          <section class="panel" aria-labelledby="attachments-heading">
            <h2 id="attachments-heading">{t("apps.attachments")}</h2>
            {app.attachments.length === 0 ? (
              <p>{t("apps.noAttachments")}</p>
            ) : (
              <ul class="attachment-list">
                {app.attachments.map((a) => (
                  <li key={a.id}>
                    <span>{t(`attachmentKind.${a.kind as "OTHER"}`, { defaultValue: a.kind })}</span>{" "}
                    <a href={a.url} download={a.filename}>
                      {a.filename}
                    </a>{" "}
                    <span class="field-hint">{Math.ceil(a.size / 1024)} KB</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <section class="panel" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">{t("apps.timeline")}</h2>
          <ol class="timeline">
            {app.timeline.map((event) => (
              <li key={event.seq} data-action={event.action}>
                <p class="timeline-title">
                  <strong>{t(`workflowAction.${event.action}`)}</strong> · {event.actorName}
                </p>
                <p class="field-hint">
                  <time dateTime={event.at}>{formatDateTime(event.at, language)}</time> →{" "}
                  {t(`applicationStatus.${event.toStatus}`)}
                </p>
                {event.opinion && <p>{t("apps.opinion", { opinion: event.opinion })}</p>}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </>
  );
}

export function ApplicationPage({ id }: { id: string }): JSX.Element {
  const { t, language } = useT();
  const [result] = useQuery({ query: ApplicationQuery, variables: { id }, requestPolicy: "network-only" });
  const [changed, setChanged] = useState<App | null>(null);
  const app = changed ?? result.data?.application ?? null;
  // Staff handle applications on a desktop: the page takes its width, as their other pages do.
  const { audiences } = useViewer();
  const staff = audiences.includes("institution") || audiences.includes("officer");
  return (
    <div class={staff ? "page" : "page page-narrow"}>
      <PageHeading
        title={app ? localName(language, app.item.nameZh, app.item.nameEn) : t("apps.detailTitle")}
      />
      {result.fetching && !app ? (
        <Loading />
      ) : result.error && !app ? (
        <Notice kind="error">{describeError(result.error, t)}</Notice>
      ) : !app ? (
        <Notice kind="error">{t("apps.notFound")}</Notice>
      ) : (
        <ApplicationView app={app} onChanged={setChanged} />
      )}
    </div>
  );
}

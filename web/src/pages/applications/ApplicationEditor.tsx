// Filling in an application in two steps: the form (saved as a draft on the server whenever
// asked, so it can be continued after signing out), then "check your answers" before it is
// submitted. The same editor continues a draft and corrects an application returned for it.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { Button, ErrorSummary } from "../../components/Form";
import { Notice } from "../../components/Page";
import {
  CreateApplicationMutation,
  ResubmitApplicationMutation,
  SubmitApplicationMutation,
  UpdateApplicationMutation,
} from "../../graphql/documents/applications";
import { expectMember, useAction } from "../../graphql/mutation";
import type { ApplicationFormInput, ApplicationStatus } from "../../gql/graphql";
import { useT } from "../../i18n";
import {
  attachmentField,
  attachmentIds,
  formInput,
  formProblems,
  type FormFiles,
  type FormValues,
  type Item,
} from "../../lib/applicationForm";
import { newIdempotencyKey, type Uploaded } from "../../lib/applications";
import { formatBytes, localName } from "../../lib/format";
import { useFormErrors, type FieldSpec } from "../../lib/forms";
import { FormFields } from "./ApplicationFields";

/** An application already on the server: a draft, or one returned for correction. */
export interface Saved {
  id: string;
  version: number;
  status: ApplicationStatus;
}

function CheckAnswers({
  item,
  values,
  files,
  shown,
  known,
  onChange,
}: {
  item: Item;
  values: FormValues;
  files: FormFiles;
  shown: Record<string, string>;
  known: Record<string, string>;
  onChange: (field: string) => void;
}): JSX.Element {
  const { t, language } = useT();
  const display = (name: string, kind: string): string => {
    const value = values[name] ?? "";
    if (!value) return t("apps.notFilled");
    if (kind === "CATEGORY") return t(`practiceCategory.${value as "CLINICAL"}`);
    // A closed-list value (education, scope, cancellation reason) in the reader's language.
    const choice = item.fields.find((f) => f.name === name)?.choices.find((c) => c.value === value);
    if (choice) return language === "en" ? choice.labelEn : value;
    return shown[name] ?? known[value] ?? value;
  };
  const row = (key: string, label: string, value: JSX.Element | string, field: string): JSX.Element => (
    <div key={key} class="check-row">
      <dt>{label}</dt>
      <dd>{value}</dd>
      <dd class="check-change">
        <button type="button" class="link-button" onClick={() => onChange(field)}>
          {t("apps.changeAnswer")}
          <span class="visually-hidden"> {label}</span>
        </button>
      </dd>
    </div>
  );
  return (
    <dl class="check-answers">
      {item.fields.map((f) =>
        row(f.name, localName(language, f.labelZh, f.labelEn), display(f.name, f.kind), f.name),
      )}
      {item.attachments.map((kind) => {
        const file: Uploaded | null = files[kind] ?? null;
        const label = t(`attachmentKind.${kind}`);
        return row(
          kind,
          label,
          file
            ? t("apps.fileWithSize", { name: file.filename, size: formatBytes(file.size) })
            : t("apps.notFilled"),
          attachmentField(kind),
        );
      })}
    </dl>
  );
}

export function ApplicationEditor({
  item,
  saved: savedBefore,
  initialValues = {},
  initialFiles = {},
  known = {},
}: {
  item: Item;
  saved?: Saved;
  initialValues?: FormValues;
  initialFiles?: FormFiles;
  /** Display names of values already chosen (the institution of a saved application). */
  known?: Record<string, string>;
}): JSX.Element {
  const { t, language } = useT();
  const { route } = useLocation();
  const [values, setValues] = useState<FormValues>(initialValues);
  const [files, setFiles] = useState<FormFiles>(initialFiles);
  const [shown, setShown] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<Saved | null>(savedBefore ?? null);
  const [step, setStep] = useState<"form" | "check">("form");
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors();
  const [creating, create] = useAction(CreateApplicationMutation, (d) =>
    expectMember(d.createApplication, "ApplicationSuccess"),
  );
  const [updating, update] = useAction(UpdateApplicationMutation, (d) =>
    expectMember(d.updateApplication, "ApplicationSuccess"),
  );
  const [submitting, submit] = useAction(SubmitApplicationMutation, (d) =>
    expectMember(d.submitApplication, "ApplicationSuccess"),
  );
  const [resubmitting, resubmit] = useAction(ResubmitApplicationMutation, (d) =>
    expectMember(d.resubmitApplication, "ApplicationSuccess"),
  );
  const busy = creating.busy || updating.busy || submitting.busy || resubmitting.busy;
  const specs: FieldSpec[] = [
    ...item.fields.map((f) => ({ field: f.name, label: localName(language, f.labelZh, f.labelEn) })),
    ...item.attachments.map((kind) => ({ field: attachmentField(kind), label: t(`attachmentKind.${kind}`) })),
  ];

  const setValue = (name: string, value: string, display?: string): void => {
    // Another category makes the chosen scope meaningless: it is chosen again.
    setValues((v) => ({ ...v, [name]: value, ...(name === "category" && v["scope"] ? { scope: "" } : {}) }));
    if (display !== undefined) setShown((s) => ({ ...s, [name]: display }));
    form.forget(name);
  };
  const setFile = (kind: string, file: Uploaded | null): void => {
    setFiles((f) => ({ ...f, [kind]: file }));
    form.forget(attachmentField(kind));
  };

  type Outcome =
    { ok: true; saved: Saved } | { ok: false; fieldErrors: Record<string, string>; message: string };

  /** Create the draft, or bring the saved one up to date. */
  const store = async (progress: string, success: string | null): Promise<Outcome> => {
    const input = formInput(item, values) as ApplicationFormInput;
    const outcome = saved
      ? await update(
          {
            input: {
              id: saved.id,
              expectedVersion: saved.version,
              form: input,
              attachmentIds: attachmentIds(files),
            },
          },
          { progress, success },
        )
      : await create(
          {
            input: {
              item: item.code,
              form: input,
              attachmentIds: attachmentIds(files),
              submit: false,
              idempotencyKey: newIdempotencyKey(),
            },
          },
          { progress, success },
        );
    if (!outcome.ok) return { ok: false, fieldErrors: outcome.fieldErrors, message: outcome.message };
    const app = outcome.value.application;
    const now = { id: app.id, version: app.version, status: app.status };
    setSaved(now);
    return { ok: true, saved: now };
  };

  const failed = (outcome: { fieldErrors: Record<string, string>; message: string }): void => {
    setStep("form");
    if (Object.keys(outcome.fieldErrors).length > 0) form.report(outcome.fieldErrors, specs);
    else setNotice(outcome.message);
  };

  const saveDraft = async (): Promise<void> => {
    setNotice(null);
    const outcome = await store(t("apps.savingDraft"), t("apps.draftSaved"));
    if (!outcome.ok) failed(outcome);
    // The address names the draft from now on: a reload or a later visit continues it.
    else if (!saved) route(`/applications/${encodeURIComponent(outcome.saved.id)}/edit`, true);
  };

  const toCheck = (event: Event): void => {
    event.preventDefault();
    setNotice(null);
    if (!form.report(formProblems(item, values, files, t), specs)) return;
    setStep("check");
    window.scrollTo(0, 0);
  };

  const send = async (): Promise<void> => {
    setNotice(null);
    const stored = await store(t("apps.submitting"), null);
    if (!stored.ok) return failed(stored);
    const step = {
      id: stored.saved.id,
      expectedVersion: stored.saved.version,
      idempotencyKey: newIdempotencyKey(),
    };
    const outcome =
      stored.saved.status === "RETURNED"
        ? await resubmit({ input: step }, { progress: t("apps.submitting"), success: null })
        : await submit({ input: step }, { progress: t("apps.submitting"), success: null });
    if (outcome.ok) route(`/applications/${encodeURIComponent(outcome.value.application.id)}`);
    else failed(outcome);
  };

  const change = (field: string): void => {
    setStep("form");
    window.setTimeout(() => document.querySelector<HTMLElement>(`[name="${field}"]`)?.focus(), 0);
  };

  if (step === "check") {
    return (
      <section class="check-step" aria-labelledby="check-title">
        <h2 id="check-title">{t("apps.checkTitle")}</h2>
        <p>{t("apps.checkLead")}</p>
        {notice && <Notice kind="error">{notice}</Notice>}
        <CheckAnswers
          item={item}
          values={values}
          files={files}
          shown={shown}
          known={known}
          onChange={change}
        />
        <div class="button-row">
          <Button busy={busy} busyLabel={t("apps.submitting")} onClick={() => void send()}>
            {saved?.status === "RETURNED" ? t("apps.resubmit") : t("apps.submit")}
          </Button>
          <Button kind="secondary" onClick={() => setStep("form")}>
            {t("apps.backToForm")}
          </Button>
        </div>
      </section>
    );
  }
  return (
    <form class="form" noValidate onSubmit={toCheck}>
      <h2>{t("apps.formTitle", { item: localName(language, item.nameZh, item.nameEn) })}</h2>
      <ErrorSummary items={form.summary} />
      {notice && <Notice kind="error">{notice}</Notice>}
      <FormFields
        item={item}
        values={values}
        files={files}
        known={known}
        error={form.error}
        onValue={setValue}
        onFile={setFile}
      />
      <div class="button-row">
        <Button type="submit">{t("apps.toCheck")}</Button>
        <Button
          kind="secondary"
          busy={busy}
          busyLabel={t("apps.savingDraft")}
          onClick={() => void saveDraft()}
        >
          {t("apps.saveDraft")}
        </Button>
      </div>
    </form>
  );
}

// Apply for an approval item of the practitioner's kind: choose the item, fill in the fields
// the catalogue asks for, attach each material (camera photo or file), submit.
import type { JSX } from "preact";
import "../../styles/applications.css";
import { useQuery } from "@urql/preact";
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { Button, ErrorSummary, SelectField, TextField } from "../../components/Form";
import { Icon } from "../../components/Icon";
import { Loading, Notice, PageHeading } from "../../components/Page";
import { ApprovalItemsQuery, CreateApplicationMutation } from "../../graphql/documents/applications";
import { MyCertificationsQuery } from "../../graphql/documents/personal";
import { InstitutionsQuery } from "../../graphql/documents/directory";
import { expectMember, useAction } from "../../graphql/mutation";
import type {
  ApplicationFormInput,
  ApprovalItemCode,
  ApprovalItemFieldsFragment,
  PracticeCategory,
  RegistrationSubject,
} from "../../gql/graphql";
import { useT } from "../../i18n";
import {
  describeUploadFailure,
  newIdempotencyKey,
  uploadAttachment,
  type Uploaded,
} from "../../lib/applications";
import { localName } from "../../lib/format";
import { problems, useFormErrors, type FieldSpec } from "../../lib/forms";
import { requiredError } from "../../lib/validation";

type Item = ApprovalItemFieldsFragment;
const CATEGORIES: readonly PracticeCategory[] = ["CLINICAL", "DENTAL", "PUBLIC_HEALTH", "TCM"];

function InstitutionPicker({
  name,
  label,
  value,
  onValue,
  error,
  required,
}: {
  name: string;
  label: string;
  value: string;
  onValue: (id: string) => void;
  error: string | undefined;
  required: boolean;
}): JSX.Element {
  const { t, language } = useT();
  const [search, setSearch] = useState("");
  const [certs] = useQuery({ query: MyCertificationsQuery });
  const [found] = useQuery({
    query: InstitutionsQuery,
    variables: { filter: { nameContains: search.trim() }, first: 8 },
    pause: search.trim().length < 2,
  });
  const certified = (certs.data?.me?.certifications ?? [])
    .filter((c) => c.status === "CERTIFIED" && c.institution)
    .map((c) => c.institution!);
  const options = new Map<string, string>();
  for (const i of certified) options.set(i.id, localName(language, i.name, i.nameEn));
  for (const i of found.data?.institutions.nodes ?? [])
    options.set(i.id, localName(language, i.name, i.nameEn));
  return (
    <div class="institution-picker">
      <TextField
        name={`${name}-search`}
        label={t("apps.searchInstitution")}
        hint={t("apps.searchInstitutionHint")}
        value={search}
        onValue={setSearch}
        markOptional={false}
        autoComplete="off"
      />
      <SelectField
        name={name}
        label={label}
        value={value}
        onValue={onValue}
        placeholder={t("apps.chooseInstitution")}
        options={[...options].map(([id, text]) => ({ value: id, label: text }))}
        error={error}
        required={required}
      />
    </div>
  );
}

function AttachmentField({
  kind,
  value,
  onValue,
  error,
}: {
  kind: string;
  value: Uploaded | null;
  onValue: (uploaded: Uploaded | null) => void;
  error: string | undefined;
}): JSX.Element {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const id = `field-attachment-${kind}`;
  const label = t(`attachmentKind.${kind as "OTHER"}`);
  const shown = error ?? problem ?? undefined;
  return (
    <div class={shown ? "field field-invalid" : "field"}>
      <label class="file-drop" for={id}>
        <Icon name="camera" size={28} />
        <span class="file-drop-label" id={`${id}-label`}>
          {label}
        </span>
        <span class="field-hint" id={`${id}-hint`}>
          {t("apps.attachmentHint")}
        </span>
        <input
          id={id}
          name={`attachment-${kind}`}
          class="file-input"
          type="file"
          accept="image/*,application/pdf"
          capture="environment"
          aria-labelledby={`${id}-label`}
          aria-describedby={`${id}-hint${shown ? ` ${id}-error` : ""}`}
          aria-invalid={shown ? true : undefined}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = "";
            if (!file) return;
            setBusy(true);
            setProblem(null);
            uploadAttachment(file, kind)
              .then((uploaded) => onValue(uploaded))
              .catch((e: unknown) =>
                setProblem(t("apps.uploadFailed", { message: describeUploadFailure(e, t) })),
              )
              .finally(() => setBusy(false));
          }}
        />
      </label>
      <p role="status" class="field-hint">
        {busy ? t("apps.uploading") : value ? t("apps.uploaded", { name: value.filename }) : ""}
      </p>
      {shown && (
        <p class="field-error" id={`${id}-error`}>
          <Icon name="warning" size={16} />
          <span>{shown}</span>
        </p>
      )}
    </div>
  );
}

function ApplicationForm({ item }: { item: Item }): JSX.Element {
  const { t, language } = useT();
  const [values, setValues] = useState<Record<string, string>>({});
  const [files, setFiles] = useState<Record<string, Uploaded | null>>({});
  const [key] = useState(newIdempotencyKey);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors();
  const [state, create] = useAction(CreateApplicationMutation, (d) =>
    expectMember(d.createApplication, "ApplicationSuccess"),
  );
  const { route } = useLocation();
  const specs: FieldSpec[] = [
    ...item.fields.map((f) => ({ field: f.name, label: localName(language, f.labelZh, f.labelEn) })),
    ...item.attachments.map((kind) => ({
      field: `attachment-${kind}`,
      label: t(`attachmentKind.${kind}`),
    })),
  ];
  // A corrected field loses its problem at once; the rest stay until the next attempt.
  const settle = (name: string): void => {
    if (form.errors[name] === undefined) return;
    const rest = { ...form.errors };
    delete rest[name];
    form.report(rest, specs);
  };
  const set = (name: string) => (value: string) => {
    // Another category makes the chosen scope meaningless: it is chosen again.
    setValues((v) => ({ ...v, [name]: value, ...(name === "category" && v["scope"] ? { scope: "" } : {}) }));
    settle(name);
  };

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    const found: Record<string, string | undefined> = {};
    for (const f of item.fields) {
      const value = values[f.name] ?? "";
      if (f.required) found[f.name] = requiredError(value, t);
      if (!found[f.name] && f.kind === "INTEGER" && value && !/^\d+$/.test(value.trim())) {
        found[f.name] = t("validation.required");
      }
    }
    for (const kind of item.attachments) {
      if (!files[kind]) found[`attachment-${kind}`] = t("apps.attachmentRequired");
    }
    if (!form.report(problems(found), specs)) return;
    const input: Record<string, unknown> = {};
    for (const f of item.fields) {
      const value = (values[f.name] ?? "").trim();
      if (!value) continue;
      if (f.kind === "INTEGER") input[f.name] = Number(value);
      else if (f.kind === "SUBJECTS") input[f.name] = value.split(/[,，、\s]+/).filter(Boolean);
      else input[f.name] = value;
    }
    const outcome = await create(
      {
        input: {
          item: item.code,
          form: input as ApplicationFormInput,
          attachmentIds: Object.values(files).flatMap((f) => (f ? [f.id] : [])),
          submit: true,
          idempotencyKey: key,
        },
      },
      {
        progress: t("apps.submitting"),
        success: null,
      },
    );
    if (outcome.ok) {
      route(`/applications/${encodeURIComponent(outcome.value.application.id)}`);
    } else if (Object.keys(outcome.fieldErrors).length > 0) {
      form.report(outcome.fieldErrors, specs);
    } else {
      setNotice(outcome.message);
    }
  };

  return (
    <form class="form" noValidate onSubmit={(event) => void submit(event)}>
      <h2>{t("apps.formTitle", { item: localName(language, item.nameZh, item.nameEn) })}</h2>
      <ErrorSummary items={form.summary} />
      {notice && <Notice kind="error">{notice}</Notice>}
      {item.fields.map((f) => {
        const label = localName(language, f.labelZh, f.labelEn);
        const common = { name: f.name, label, error: form.error(f.name), required: f.required };
        if (f.kind === "INSTITUTION") {
          return (
            <InstitutionPicker key={f.name} {...common} value={values[f.name] ?? ""} onValue={set(f.name)} />
          );
        }
        if (f.kind === "CATEGORY") {
          return (
            <SelectField
              key={f.name}
              {...common}
              value={values[f.name] ?? ""}
              onValue={set(f.name)}
              placeholder={t("apps.choose")}
              options={CATEGORIES.map((c) => ({ value: c, label: t(`practiceCategory.${c}`) }))}
            />
          );
        }
        if (f.kind === "EDUCATION" || f.kind === "SCOPE") {
          // A scope belongs to a practice category: once one is chosen, only its scopes.
          const category = values["category"];
          const listed = f.choices.filter((c) => !category || !c.category || c.category === category);
          return (
            <SelectField
              key={f.name}
              {...common}
              value={values[f.name] ?? ""}
              onValue={set(f.name)}
              placeholder={t("apps.choose")}
              options={listed.map((c) => ({
                value: c.value,
                label: language === "en" ? c.labelEn : c.value,
              }))}
            />
          );
        }
        return (
          <TextField
            key={f.name}
            {...common}
            value={values[f.name] ?? ""}
            onValue={set(f.name)}
            inputMode={f.kind === "INTEGER" ? "numeric" : undefined}
            autoComplete="off"
          />
        );
      })}
      {item.attachments.length > 0 && <h3>{t("apps.attachmentsTitle")}</h3>}
      {item.attachments.map((kind) => (
        <AttachmentField
          key={kind}
          kind={kind}
          value={files[kind] ?? null}
          onValue={(uploaded) => {
            setFiles((f) => ({ ...f, [kind]: uploaded }));
            settle(`attachment-${kind}`);
          }}
          error={form.error(`attachment-${kind}`)}
        />
      ))}
      <Button type="submit" busy={state.busy} busyLabel={t("apps.submitting")}>
        {t("apps.submit")}
      </Button>
    </form>
  );
}

function subjectOf(profession: string | undefined): RegistrationSubject | null {
  return profession === "DOCTOR" ? "DOCTOR" : profession === "NURSE" ? "NURSE" : null;
}

export function ApplyPage({ code }: { code?: string }): JSX.Element {
  const { t, language } = useT();
  const [certs] = useQuery({ query: MyCertificationsQuery });
  const profession = certs.data?.me?.certifications.find((c) => c.status === "CERTIFIED")?.profession;
  const subject = subjectOf(profession ?? certs.data?.me?.certifications[0]?.profession);
  const [items] = useQuery({
    query: ApprovalItemsQuery,
    variables: { subject },
    pause: certs.fetching,
  });
  const [chosen, setChosen] = useState<string>(code ?? "");
  const list = (items.data?.approvalItems ?? []).filter((i) => i.subject !== "INSTITUTION");
  const item = list.find((i) => i.code === (chosen as ApprovalItemCode));
  return (
    <div class="page page-narrow">
      <PageHeading title={t("apps.applyTitle")} lead={t("apps.applyLead")} />
      {items.fetching || certs.fetching ? (
        <Loading />
      ) : (
        <>
          <SelectField
            name="item"
            label={t("apps.chooseItem")}
            value={chosen}
            onValue={setChosen}
            placeholder="—"
            options={list.map((i) => ({ value: i.code, label: localName(language, i.nameZh, i.nameEn) }))}
            required
          />
          {item && (
            <>
              <ul class="item-notes">
                <li>{t("apps.itemFacts", { days: item.timeLimitDays })}</li>
                {item.institutionReview && <li>{t("apps.institutionReviewNote")}</li>}
                <li>{item.paperRequired ? t("apps.paperNote") : t("apps.onlineOnlyNote")}</li>
              </ul>
              <ApplicationForm key={item.code} item={item} />
            </>
          )}
        </>
      )}
    </div>
  );
}

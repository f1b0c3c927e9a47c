// The controls of an application form: the item's fields (institution by search, closed lists
// as select lists, text) and one upload per material with its thumbnail, remove and replace.
import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { useState } from "preact/hooks";
import { Button, SelectField, TextField } from "../../components/Form";
import { Icon } from "../../components/Icon";
import { InstitutionsQuery } from "../../graphql/documents/directory";
import { MyCertificationsQuery } from "../../graphql/documents/personal";
import type { PracticeCategory } from "../../gql/graphql";
import { useT } from "../../i18n";
import { attachmentField, type FormFiles, type FormValues, type Item } from "../../lib/applicationForm";
import { describeUploadFailure, uploadAttachment, type Uploaded } from "../../lib/applications";
import { formatBytes, localName } from "../../lib/format";

const CATEGORIES: readonly PracticeCategory[] = ["CLINICAL", "DENTAL", "PUBLIC_HEALTH", "TCM"];

/** An institution: those that certified the applicant, or any found by a few characters. */
function InstitutionSelect({
  name,
  label,
  value,
  onValue,
  error,
  required,
  known,
}: {
  name: string;
  label: string;
  value: string;
  onValue: (id: string, name: string) => void;
  error: string | undefined;
  required: boolean;
  known: Record<string, string>;
}): JSX.Element {
  const { t, language } = useT();
  const [search, setSearch] = useState("");
  const [certs] = useQuery({ query: MyCertificationsQuery });
  const [found] = useQuery({
    query: InstitutionsQuery,
    variables: { filter: { nameContains: search.trim() }, first: 8 },
    pause: search.trim().length < 2,
  });
  const options = new Map<string, string>(Object.entries(known));
  for (const c of certs.data?.me?.certifications ?? []) {
    if (c.status === "CERTIFIED" && c.institution) {
      options.set(c.institution.id, localName(language, c.institution.name, c.institution.nameEn));
    }
  }
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
        onValue={(id) => onValue(id, options.get(id) ?? "")}
        placeholder={t("apps.chooseInstitution")}
        options={[...options].map(([id, text]) => ({ value: id, label: text }))}
        error={error}
        required={required}
      />
    </div>
  );
}

function Thumbnail({ file }: { file: Uploaded }): JSX.Element {
  if (file.preview) return <img class="attachment-thumb" src={file.preview} alt="" />;
  return (
    <span class="attachment-thumb attachment-thumb-doc" aria-hidden="true">
      <Icon name="document" size={32} />
      <span>{file.contentType === "application/pdf" ? "PDF" : ""}</span>
    </span>
  );
}

export function AttachmentField({
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
  const id = `field-${attachmentField(kind)}`;
  const label = t(`attachmentKind.${kind as "OTHER"}`);
  // While a file is on its way no problem is shown: the upload may be what settles it.
  const shown = busy ? undefined : (problem ?? error);
  const input = (
    <input
      id={id}
      name={attachmentField(kind)}
      class="file-input"
      type="file"
      accept="image/*,application/pdf"
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
          .catch((e: unknown) => setProblem(t("apps.uploadFailed", { message: describeUploadFailure(e, t) })))
          .finally(() => setBusy(false));
      }}
    />
  );
  return (
    <div class={shown ? "field field-invalid" : "field"} data-attachment={kind}>
      {shown && (
        <p class="field-error" id={`${id}-error`}>
          <Icon name="warning" size={16} />
          <span>{shown}</span>
        </p>
      )}
      {value && !busy ? (
        <div class="attachment-chosen">
          <Thumbnail file={value} />
          <div class="attachment-chosen-text">
            <span class="file-drop-label" id={`${id}-label`}>
              {label}
            </span>
            <span class="attachment-name">{value.filename}</span>
            <span class="field-hint" id={`${id}-hint`}>
              {t("apps.uploaded", { size: formatBytes(value.size) })}
            </span>
            <div class="attachment-actions">
              <label class="button button-secondary file-replace" for={id}>
                {t("apps.replaceFile")}
                {input}
              </label>
              <Button kind="quiet" onClick={() => onValue(null)}>
                {t("apps.removeAttachment")}
              </Button>
            </div>
          </div>
        </div>
      ) : (
        <label class="file-drop" for={id}>
          <Icon name="camera" size={28} />
          <span class="file-drop-label" id={`${id}-label`}>
            {label}
          </span>
          <span class="field-hint" id={`${id}-hint`}>
            {t("apps.attachmentHint")}
          </span>
          {input}
        </label>
      )}
      <p role="status" class="field-hint">
        {busy ? t("apps.uploading") : ""}
      </p>
    </div>
  );
}

/** Every field of ``item``, then its materials. */
export function FormFields({
  item,
  values,
  files,
  known,
  error,
  onValue,
  onFile,
}: {
  item: Item;
  values: FormValues;
  files: FormFiles;
  known: Record<string, string>;
  error: (field: string) => string | undefined;
  onValue: (name: string, value: string, shown?: string) => void;
  onFile: (kind: string, file: Uploaded | null) => void;
}): JSX.Element {
  const { t, language } = useT();
  return (
    <>
      {item.fields.map((f) => {
        const label = localName(language, f.labelZh, f.labelEn);
        const common = { name: f.name, label, error: error(f.name), required: f.required };
        const value = values[f.name] ?? "";
        if (f.kind === "INSTITUTION") {
          return (
            <InstitutionSelect
              key={f.name}
              {...common}
              value={value}
              known={known}
              onValue={(id, name) => onValue(f.name, id, name)}
            />
          );
        }
        if (f.kind === "CATEGORY") {
          return (
            <SelectField
              key={f.name}
              {...common}
              value={value}
              onValue={(v) => onValue(f.name, v)}
              placeholder={t("apps.choose")}
              options={CATEGORIES.map((c) => ({ value: c, label: t(`practiceCategory.${c}`) }))}
            />
          );
        }
        // One value from a closed list; the subjects (several names) stay a list typed out.
        if (f.choices.length > 0 && f.kind !== "SUBJECTS") {
          // A scope belongs to a practice category: once one is chosen, only its scopes.
          const category = values["category"];
          const listed = f.choices.filter((c) => !category || !c.category || c.category === category);
          return (
            <SelectField
              key={f.name}
              {...common}
              value={value}
              onValue={(v) => onValue(f.name, v)}
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
            value={value}
            onValue={(v) => onValue(f.name, v)}
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
          onValue={(file) => onFile(kind, file)}
          error={error(attachmentField(kind))}
        />
      ))}
    </>
  );
}

// The applicant's form as the page keeps it (text per field, an upload per material), checked
// before sending and turned into the GraphQL input; and back from a saved application.
import type { FieldErrors } from "../graphql/errors";
import type { ApplicationFieldsFragment, ApprovalItemFieldsFragment } from "../gql/graphql";
import type { T } from "../i18n";
import type { Uploaded } from "./applications";
import { problems } from "./forms";
import { requiredError } from "./validation";

export type Item = ApprovalItemFieldsFragment;
export type FormValues = Record<string, string>;
export type FormFiles = Record<string, Uploaded | null>;

export function attachmentField(kind: string): string {
  return `attachment-${kind}`;
}

/** What is missing or malformed, by field, before anything is sent. */
export function formProblems(item: Item, values: FormValues, files: FormFiles, t: T): FieldErrors {
  const found: Record<string, string | undefined> = {};
  for (const f of item.fields) {
    const value = (values[f.name] ?? "").trim();
    if (f.required) found[f.name] = requiredError(value, t);
    if (!found[f.name] && f.kind === "INTEGER" && value && !/^\d+$/.test(value)) {
      found[f.name] = t("problems.NOT_A_NUMBER");
    }
  }
  for (const kind of item.attachments) {
    if (!files[kind]) found[attachmentField(kind)] = t("apps.attachmentRequired");
  }
  return problems(found);
}

/** The fields filled in, typed as the server takes them. */
export function formInput(item: Item, values: FormValues): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const f of item.fields) {
    const value = (values[f.name] ?? "").trim();
    if (!value) continue;
    if (f.kind === "INTEGER") input[f.name] = Number(value);
    else if (f.kind === "SUBJECTS") input[f.name] = value.split(/[,，、\s]+/).filter(Boolean);
    else input[f.name] = value;
  }
  return input;
}

export function attachmentIds(files: FormFiles): string[] {
  return Object.values(files).flatMap((f) => (f ? [f.id] : []));
}

type SavedForm = NonNullable<ApplicationFieldsFragment["form"]>;

/** A saved application's form as the page edits it. */
export function valuesOf(item: Item, form: SavedForm | null | undefined): FormValues {
  const values: FormValues = {};
  if (!form) return values;
  for (const f of item.fields) {
    if (f.kind === "INSTITUTION") {
      if (form.institution) values[f.name] = form.institution.id;
      continue;
    }
    const value = (form as Record<string, unknown>)[f.name];
    if (Array.isArray(value)) values[f.name] = value.join("、");
    else if (value !== null && value !== undefined) values[f.name] = String(value);
  }
  return values;
}

/** A saved application's attachments, one per material. */
export function filesOf(attachments: ApplicationFieldsFragment["attachments"]): FormFiles {
  const files: FormFiles = {};
  for (const a of attachments) {
    files[a.kind] = {
      id: a.id,
      filename: a.filename,
      size: a.size,
      contentType: a.contentType,
      preview: a.contentType.startsWith("image/") ? a.url : null,
    };
  }
  return files;
}

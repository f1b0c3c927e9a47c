// The institution or authority handling a submitted application adds a material it received
// (a clearer scan, a document handed in at the counter): the applicant's own files stay.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { SelectField } from "../../components/Form";
import { Button } from "../../components/Form";
import { ActionPanel } from "../../components/Status";
import { AddApplicationMaterialsMutation } from "../../graphql/documents/applications";
import { expectMember, useAction } from "../../graphql/mutation";
import type { ApplicationFieldsFragment, AttachmentKind } from "../../gql/graphql";
import { useT } from "../../i18n";
import { newIdempotencyKey, type Uploaded } from "../../lib/applications";
import { problems, useFormErrors } from "../../lib/forms";
import { AttachmentField } from "./ApplicationFields";

const KINDS: readonly AttachmentKind[] = [
  "QUALIFICATION_CERTIFICATE",
  "HEALTH_CERTIFICATE",
  "TRAINING_CERTIFICATE",
  "PRACTICE_AGREEMENT",
  "PREMISES_PROOF",
  "EQUIPMENT_LIST",
  "STAFF_LIST",
  "SELF_INSPECTION_REPORT",
  "OTHER",
];

export function AddMaterials({
  app,
  onClose,
  onDone,
}: {
  app: ApplicationFieldsFragment;
  onClose: () => void;
  onDone: (app: ApplicationFieldsFragment) => void;
}): JSX.Element {
  const { t } = useT();
  const [kind, setKind] = useState<string>("OTHER");
  const [file, setFile] = useState<Uploaded | null>(null);
  // Each choice of kind is its own upload control, so a file is never filed under another kind.
  const [uploadKey, setUploadKey] = useState(newIdempotencyKey);
  const form = useFormErrors();
  const [state, add] = useAction(AddApplicationMaterialsMutation, (d) =>
    expectMember(d.addApplicationMaterials, "ApplicationSuccess"),
  );
  const specs = [{ field: "attachment-added", label: t("apps.addedMaterial") }];

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (
      !form.report(problems({ "attachment-added": file ? undefined : t("apps.attachmentRequired") }), specs)
    )
      return;
    if (!file) return;
    const outcome = await add(
      { input: { id: app.id, expectedVersion: app.version, attachmentIds: [file.id] } },
      { progress: t("apps.addingMaterial"), success: t("apps.materialAdded") },
    );
    if (outcome.ok) onDone(outcome.value.application);
    else if (Object.keys(outcome.fieldErrors).length > 0)
      form.report({ "attachment-added": outcome.message }, specs);
  };

  return (
    <ActionPanel title={t("workflowAction.ADD_MATERIALS")} onClose={onClose}>
      <form class="form" noValidate onSubmit={(event) => void submit(event)}>
        <SelectField
          name="added-kind"
          label={t("apps.addedKind")}
          value={kind}
          onValue={(value) => {
            setKind(value);
            setFile(null);
            setUploadKey(newIdempotencyKey());
          }}
          options={KINDS.map((k) => ({ value: k, label: t(`attachmentKind.${k}`) }))}
          required
        />
        <AttachmentField
          key={uploadKey}
          kind={kind}
          value={file}
          onValue={(uploaded) => {
            setFile(uploaded);
            form.forget("attachment-added");
          }}
          error={form.error("attachment-added")}
        />
        <div class="button-row">
          <Button type="submit" busy={state.busy} busyLabel={t("apps.addingMaterial")}>
            {t("apps.addMaterial")}
          </Button>
          <Button kind="quiet" onClick={onClose}>
            {t("form.cancel")}
          </Button>
        </div>
      </form>
    </ActionPanel>
  );
}

// Municipal officers: the approval items' switches (paper materials after approval), time
// limits and notice periods.
import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { useState } from "preact/hooks";
import { CheckboxField } from "../../components/Fields";
import { Button, ErrorSummary, TextField } from "../../components/Form";
import { Loading, Notice, PageHeading } from "../../components/Page";
import { ApprovalItemsQuery, UpdateApprovalItemMutation } from "../../graphql/documents/applications";
import { describeError } from "../../graphql/errors";
import { expectMember, useAction } from "../../graphql/mutation";
import type { ApprovalItemFieldsFragment } from "../../gql/graphql";
import { useT } from "../../i18n";
import { localName } from "../../lib/format";
import { problems, useFormErrors, type FieldSpec } from "../../lib/forms";
import { useViewer } from "../../lib/viewer";

type Item = ApprovalItemFieldsFragment;

function wholeNumber(value: string, min: number, max: number): boolean {
  if (!/^\d+$/.test(value.trim())) return false;
  const n = Number(value);
  return n >= min && n <= max;
}

function ItemForm({ item: initial }: { item: Item }): JSX.Element {
  const { t, language } = useT();
  const [item, setItem] = useState(initial);
  const [paper, setPaper] = useState(item.paperRequired);
  const [limit, setLimit] = useState(String(item.timeLimitDays));
  const [notice, setNotice] = useState(String(item.noticeDays));
  const [message, setMessage] = useState<string | null>(null);
  const form = useFormErrors();
  const [state, save] = useAction(UpdateApprovalItemMutation, (d) =>
    expectMember(d.updateApprovalItem, "ApprovalItemSuccess"),
  );
  const name = localName(language, item.nameZh, item.nameEn);
  const prefix = item.code;
  const specs: FieldSpec[] = [
    { field: "timeLimitDays", label: t("apps.timeLimit"), input: `${prefix}-limit` },
    { field: "noticeDays", label: t("apps.noticeDays"), input: `${prefix}-notice` },
  ];
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setMessage(null);
    const found = problems({
      timeLimitDays: wholeNumber(limit, 1, 120) ? undefined : t("validation.required"),
      noticeDays: wholeNumber(notice, 0, 60) ? undefined : t("validation.required"),
    });
    if (!form.report(found, specs)) return;
    const outcome = await save(
      {
        input: {
          code: item.code,
          expectedVersion: item.version,
          paperRequired: item.onlineOnly ? null : paper,
          timeLimitDays: Number(limit),
          noticeDays: Number(notice),
        },
      },
      { progress: t("apps.saving"), success: t("apps.saved", { item: name }) },
    );
    if (outcome.ok) setItem(outcome.value.item);
    else if (Object.keys(outcome.fieldErrors).length > 0) form.report(outcome.fieldErrors, specs);
    else setMessage(outcome.message);
  };
  return (
    <form class="item-card form" noValidate onSubmit={(event) => void submit(event)} data-item={item.code}>
      <h2 class="item-title">{name}</h2>
      <ErrorSummary items={form.summary} />
      {message && <Notice kind="error">{message}</Notice>}
      {item.onlineOnly ? (
        <p>{t("apps.onlineOnlyNote")}</p>
      ) : (
        <CheckboxField
          name={`${prefix}-paper`}
          label={t("apps.paperRequired")}
          checked={paper}
          onChecked={setPaper}
        />
      )}
      <TextField
        name={`${prefix}-limit`}
        label={t("apps.timeLimit")}
        value={limit}
        onValue={setLimit}
        error={form.error("timeLimitDays")}
        inputMode="numeric"
        required
      />
      <TextField
        name={`${prefix}-notice`}
        label={t("apps.noticeDays")}
        value={notice}
        onValue={setNotice}
        error={form.error("noticeDays")}
        inputMode="numeric"
        required
      />
      <Button type="submit" busy={state.busy} busyLabel={t("apps.saving")}>
        {t("apps.save")}
      </Button>
    </form>
  );
}

export function CataloguePage(): JSX.Element {
  const { t } = useT();
  const viewer = useViewer();
  const [result] = useQuery({ query: ApprovalItemsQuery, variables: { subject: null } });
  const municipal = viewer.authorityCode === "310000" || viewer.roles.includes("SYSTEM_ADMIN");
  return (
    <div class="page">
      <PageHeading title={t("apps.catalogueTitle")} lead={t("apps.catalogueLead")} />
      {!municipal && <Notice>{t("apps.municipalOnly")}</Notice>}
      {result.fetching ? (
        <Loading />
      ) : result.error ? (
        <Notice kind="error">{describeError(result.error, t)}</Notice>
      ) : (
        municipal && (
          <ol class="item-list">
            {(result.data?.approvalItems ?? []).map((item) => (
              <li key={item.code}>
                <ItemForm item={item} />
              </li>
            ))}
          </ol>
        )
      )}
    </div>
  );
}

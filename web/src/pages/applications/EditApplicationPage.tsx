// Continue a draft, or correct an application returned for correction: the saved answers and
// materials in the editor, the officer's opinion on top, then check and (re)submit.
import type { JSX } from "preact";
import "../../styles/applications.css";
import { useQuery } from "@urql/preact";
import { Loading, Notice, PageHeading } from "../../components/Page";
import { ApplicationQuery, ApprovalItemsQuery } from "../../graphql/documents/applications";
import { describeError } from "../../graphql/errors";
import { useT } from "../../i18n";
import { filesOf, valuesOf } from "../../lib/applicationForm";
import { localName } from "../../lib/format";
import { ApplicationEditor } from "./ApplicationEditor";

export function EditApplicationPage({ id }: { id: string }): JSX.Element {
  const { t, language } = useT();
  const [result] = useQuery({ query: ApplicationQuery, variables: { id }, requestPolicy: "network-only" });
  const app = result.data?.application ?? null;
  const [items] = useQuery({
    query: ApprovalItemsQuery,
    variables: { subject: app?.subject ?? null },
    pause: app === null,
  });
  const item = (items.data?.approvalItems ?? []).find((i) => i.code === app?.item.code);
  const editable = app !== null && (app.status === "DRAFT" || app.status === "RETURNED");
  const returned =
    app?.status === "RETURNED" ? app.timeline.filter((e) => e.action === "RETURN").at(-1) : undefined;
  return (
    <div class="page page-narrow">
      <PageHeading
        title={
          app
            ? t(app.status === "DRAFT" ? "apps.draftTitle" : "apps.editTitle", {
                item: localName(language, app.item.nameZh, app.item.nameEn),
              })
            : t("apps.detailTitle")
        }
        lead={app?.status === "RETURNED" ? t("apps.editReturnedLead") : t("apps.editDraftLead")}
      />
      {result.fetching || items.fetching ? (
        <Loading />
      ) : result.error ? (
        <Notice kind="error">{describeError(result.error, t)}</Notice>
      ) : !app ? (
        <Notice kind="error">{t("apps.notFound")}</Notice>
      ) : !editable || !item ? (
        <Notice>
          {t("apps.notEditable")}{" "}
          <a href={`/applications/${encodeURIComponent(app.id)}`}>{t("apps.detailTitle")}</a>
        </Notice>
      ) : (
        <>
          {returned?.opinion && (
            <Notice>
              <p class="notice-title">{t("apps.returnOpinion")}</p>
              <p data-return-opinion>{returned.opinion}</p>
            </Notice>
          )}
          <ApplicationEditor
            item={item}
            saved={{ id: app.id, version: app.version, status: app.status }}
            initialValues={valuesOf(item, app.form)}
            initialFiles={filesOf(app.attachments)}
            known={
              app.form.institution
                ? {
                    [app.form.institution.id]: localName(
                      language,
                      app.form.institution.name,
                      app.form.institution.nameEn,
                    ),
                  }
                : {}
            }
          />
        </>
      )}
    </div>
  );
}

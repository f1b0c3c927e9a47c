// The selected application beside the workbench table: its form, its attachments shown inline
// (images and PDFs, from /attachments/…?inline=1) and the way to handle it.
import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { Facts } from "../../components/Status";
import { Icon } from "../../components/Icon";
import { ApplicationQuery } from "../../graphql/documents/applications";
import { useT } from "../../i18n";
import { formatDate, localName } from "../../lib/format";
import { formFacts } from "../applications/ApplicationPage";

export function WorkbenchPreview({ id, onClose }: { id: string; onClose: () => void }): JSX.Element {
  const { t, language } = useT();
  const [result] = useQuery({ query: ApplicationQuery, variables: { id } });
  const app = result.data?.application;
  return (
    <aside class="desk-preview" aria-label={t("desk.preview")} data-preview={id}>
      <div class="desk-preview-head">
        <h2>{app ? localName(language, app.item.nameZh, app.item.nameEn) : t("app.loading")}</h2>
        <button type="button" class="button button-secondary desk-preview-close" onClick={onClose}>
          <Icon name="cross" size={18} />
          <span class="visually-hidden">{t("desk.closePreview")}</span>
        </button>
      </div>
      {app && (
        <>
          <Facts
            items={[
              [t("apps.number"), app.number ?? t("apps.draft")],
              [t("apps.applicant"), app.subjectName],
              [t("apps.deadline"), app.deadline ? formatDate(app.deadline, language) : t("apps.noDeadline")],
              ...formFacts(app, t, language),
            ]}
          />
          <a class="button button-primary desk-open" href={`/applications/${encodeURIComponent(app.id)}`}>
            {t("desk.open")}
          </a>
          <h3>{t("apps.attachments")}</h3>
          {app.attachments.length === 0 && <p>{t("apps.noAttachments")}</p>}
          <ul class="desk-attachments">
            {app.attachments.map((a) => (
              <li key={a.id}>
                <p class="desk-attachment-name">
                  {t(`attachmentKind.${a.kind as "OTHER"}`, { defaultValue: a.kind })} ·{" "}
                  <a href={a.url} download={a.filename}>
                    {a.filename}
                  </a>
                </p>
                {a.contentType.startsWith("image/") && (
                  <img
                    class="desk-attachment-image"
                    src={`${a.url}?inline=1`}
                    alt={a.filename}
                    loading="lazy"
                  />
                )}
                {a.contentType === "application/pdf" && (
                  <iframe class="desk-attachment-pdf" src={`${a.url}?inline=1`} title={a.filename} />
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}

// One application in a list: item, number, status, current step, who it waits on, deadline.
import type { JSX } from "preact";
import "../../styles/applications.css";
import { Facts, StatusTag } from "../../components/Status";
import type { ApplicationSummaryFieldsFragment } from "../../gql/graphql";
import { useT } from "../../i18n";
import { applicationTone, stepLabel } from "../../lib/applications";
import { formatDate, formatDateTime, localName } from "../../lib/format";

export function ApplicationCard({
  app,
  showApplicant = false,
}: {
  app: ApplicationSummaryFieldsFragment;
  showApplicant?: boolean;
}): JSX.Element {
  const { t, language } = useT();
  const title = localName(language, app.item.nameZh, app.item.nameEn);
  return (
    <article
      class={app.overdue ? "item-card item-card-overdue" : "item-card"}
      data-application={app.id}
      data-status={app.status}
    >
      <div class="item-head">
        <h2 class="item-title">
          <a href={`/applications/${encodeURIComponent(app.id)}`}>{title}</a>
        </h2>
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
          showApplicant && [t("apps.applicant"), app.subjectName],
          app.institution && [
            t("apps.institution"),
            localName(language, app.institution.name, app.institution.nameEn),
          ],
          [t("apps.currentStep"), stepLabel(app.currentStep, language)],
          app.waitingOn && [
            t("apps.waitingOn"),
            `${t(`workflowParty.${app.waitingOn.party}`)} · ${app.waitingOn.name}`,
          ],
          [t("apps.deadline"), app.deadline ? formatDate(app.deadline, language) : t("apps.noDeadline")],
          !!app.submittedAt && [t("apps.submittedAt"), formatDateTime(app.submittedAt, language)],
        ]}
      />
    </article>
  );
}

// The lists of applications: the applicant's own, the institution's review queue and own
// applications (the officer's workbench is pages/authority/WorkbenchPage).
import type { JSX } from "preact";
import { ConnectionList } from "../../components/ConnectionList";
import { PageHeading } from "../../components/Page";
import { InstitutionQueueQuery, MyApplicationsQuery } from "../../graphql/documents/applications";
import type { ApplicationSummaryFieldsFragment } from "../../gql/graphql";
import { useT } from "../../i18n";
import { useConnection } from "../../lib/useConnection";
import { ApplicationCard } from "./ApplicationCard";

const PAGE_SIZE = 20;
type App = ApplicationSummaryFieldsFragment;
const keyOf = (app: App): string => app.id;

function MineList({ title, lead }: { title: string; lead: string }): JSX.Element {
  const { t } = useT();
  const list = useConnection(MyApplicationsQuery, { first: PAGE_SIZE }, (d) => d.myApplications);
  return (
    <div class="page">
      <PageHeading title={title} lead={lead}>
        <a class="button button-secondary" href="/me/apply">
          {t("apps.newApplication")}
        </a>
      </PageHeading>
      <ConnectionList
        id="applications"
        list={list}
        keyOf={keyOf}
        label={title}
        empty={t("apps.mineEmpty")}
        render={(app) => <ApplicationCard app={app} />}
      />
    </div>
  );
}

export function MyApplicationsPage(): JSX.Element {
  const { t } = useT();
  return <MineList title={t("apps.mineTitle")} lead={t("apps.mineLead")} />;
}

export function InstitutionApplicationsPage(): JSX.Element {
  const { t } = useT();
  return <MineList title={t("apps.institutionTitle")} lead={t("apps.institutionLead")} />;
}

export function ReviewQueuePage(): JSX.Element {
  const { t } = useT();
  const list = useConnection(
    InstitutionQueueQuery,
    { first: PAGE_SIZE, statuses: ["AWAITING_INSTITUTION"] },
    (d) => d.institutionQueue,
  );
  return (
    <div class="page">
      <PageHeading title={t("apps.reviewTitle")} lead={t("apps.reviewLead")} />
      <ConnectionList
        id="review"
        list={list}
        keyOf={keyOf}
        label={t("apps.reviewTitle")}
        empty={t("apps.reviewEmpty")}
        render={(app) => <ApplicationCard app={app} showApplicant />}
        rows
      />
    </div>
  );
}

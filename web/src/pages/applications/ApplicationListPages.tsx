// The lists of applications: the applicant's own, the institution's review queue and own
// applications, and the officer's workbench (by deadline, overdue marked).
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ConnectionList } from "../../components/ConnectionList";
import { SelectField } from "../../components/Form";
import { PageHeading } from "../../components/Page";
import {
  InstitutionQueueQuery,
  MyApplicationsQuery,
  WorkbenchQuery,
} from "../../graphql/documents/applications";
import type { ApplicationStatus, ApplicationSummaryFieldsFragment } from "../../gql/graphql";
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

const OPEN: readonly ApplicationStatus[] = ["AWAITING_ACCEPTANCE", "UNDER_REVIEW", "AWAITING_PAPER"];

export function WorkbenchPage(): JSX.Element {
  const { t } = useT();
  const [status, setStatus] = useState("");
  const statuses = status ? [status as ApplicationStatus] : null;
  const list = useConnection(
    WorkbenchQuery,
    { first: PAGE_SIZE, filter: statuses ? { statuses } : null },
    (d) => d.workbench,
  );
  return (
    <div class="page">
      <PageHeading title={t("apps.workbenchTitle")} lead={t("apps.workbenchLead")} />
      <div class="filters">
        <SelectField
          name="status"
          label={t("apps.filterStatus")}
          value={status}
          onValue={setStatus}
          placeholder={t("apps.allStatuses")}
          options={OPEN.map((value) => ({ value, label: t(`applicationStatus.${value}`) }))}
          markOptional={false}
        />
      </div>
      <ConnectionList
        id="workbench"
        list={list}
        keyOf={keyOf}
        label={t("apps.workbenchTitle")}
        empty={t("apps.workbenchEmpty")}
        render={(app) => <ApplicationCard app={app} showApplicant />}
        rows
      />
    </div>
  );
}

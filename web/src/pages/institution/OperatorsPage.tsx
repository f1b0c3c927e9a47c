// The institution admin's operators: create one (an activation code goes to the operator's
// mobile), and disable, enable or reset the existing ones.
import type { JSX } from "preact";
import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { AccountCard } from "../../components/AccountCard";
import { ConnectionList } from "../../components/ConnectionList";
import { SelectField } from "../../components/Form";
import { NewStaffForm } from "../../components/NewStaffForm";
import { Notice, PageHeading } from "../../components/Page";
import { AccountsQuery } from "../../graphql/documents/staff";
import type { AccountFieldsFragment, AccountStatus } from "../../gql/graphql";
import { useT } from "../../i18n";
import { localName } from "../../lib/format";
import { useConnection } from "../../lib/useConnection";
import { useViewer, type Viewer } from "../../lib/viewer";
import { PAGE_SIZE } from "./QueuePage";

export const ACCOUNT_STATUSES: readonly AccountStatus[] = ["ACTIVE", "PENDING", "DISABLED"];

/** Institution admins manage their institution's operators, never themselves. */
function managesOperator(viewer: Viewer, account: AccountFieldsFragment): boolean {
  return (
    account.id !== viewer.accountId &&
    account.grants.some(
      (grant) => grant.role === "INSTITUTION_OPERATOR" && grant.institution?.id === viewer.institution?.id,
    )
  );
}

export function statusFilter(value: string | undefined): AccountStatus | null {
  return (ACCOUNT_STATUSES as readonly string[]).includes(value ?? "") ? (value as AccountStatus) : null;
}

export function OperatorsPage(): JSX.Element {
  const { t, language } = useT();
  const viewer = useViewer();
  const { query, route, path } = useLocation();
  const status = statusFilter(query["status"]);
  const [created, setCreated] = useState<{ name: string; username: string; sentTo: string } | null>(null);
  const institutionId = viewer.institution?.id ?? null;
  const list = useConnection(
    AccountsQuery,
    { first: PAGE_SIZE, filter: { institutionId, status } },
    (data) => data.accounts,
  );
  const replace = (changed: AccountFieldsFragment): void =>
    list.update((items) => items.map((item) => (item.id === changed.id ? changed : item)));

  return (
    <div class="page">
      <PageHeading
        title={t("operators.title")}
        lead={
          viewer.institution
            ? localName(language, viewer.institution.name, viewer.institution.nameEn)
            : undefined
        }
      />
      <div class="split">
        <div class="split-side">
          <NewStaffForm
            title={t("operators.createTitle")}
            submitLabel={t("operators.create")}
            scope={{ role: "INSTITUTION_OPERATOR", institutionId }}
            onCreated={(account, sentTo) => {
              setCreated({ name: account.displayName, username: account.username ?? "", sentTo });
              list.reload();
            }}
          />
          {created && (
            <Notice kind="success">
              {t("operators.createdExplain", {
                name: created.name,
                username: created.username,
                mobile: created.sentTo,
              })}
            </Notice>
          )}
        </div>
        <section class="split-main" aria-labelledby="operators-list-title">
          <h2 id="operators-list-title">{t("operators.listTitle")}</h2>
          <form
            class="filters filters-1"
            aria-label={t("accounts.filters")}
            onSubmit={(e) => e.preventDefault()}
          >
            <SelectField
              name="status"
              label={t("accounts.status")}
              value={status ?? ""}
              onValue={(value) => route(value ? `${path}?status=${value}` : path, true)}
              placeholder={t("accounts.anyStatus")}
              options={ACCOUNT_STATUSES.map((value) => ({ value, label: t(`accountStatus.${value}`) }))}
              markOptional={false}
            />
          </form>
          <ConnectionList
            id="operators"
            label={t("operators.listTitle")}
            list={list}
            keyOf={(row) => row.id}
            empty={t("operators.empty")}
            render={(row) => (
              <AccountCard account={row} manageable={managesOperator(viewer, row)} onChanged={replace} />
            )}
          />
        </section>
      </div>
    </div>
  );
}

// Staff of a health commission: an authority admin creates and manages the officers of their
// authority; a system admin creates the authority admins.
import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { useLocation } from "preact-iso";
import { useMemo, useState } from "preact/hooks";
import { AccountCard } from "../../components/AccountCard";
import { ConnectionList } from "../../components/ConnectionList";
import { SelectField } from "../../components/Form";
import { NewStaffForm } from "../../components/NewStaffForm";
import { Notice, PageHeading } from "../../components/Page";
import { AuthoritiesQuery } from "../../graphql/documents/directory";
import { AccountsQuery } from "../../graphql/documents/staff";
import type { AccountFieldsFragment, Role } from "../../gql/graphql";
import { useT } from "../../i18n";
import { localName } from "../../lib/format";
import { useConnection } from "../../lib/useConnection";
import { useViewer, type Viewer } from "../../lib/viewer";
import { ACCOUNT_STATUSES, statusFilter } from "../institution/OperatorsPage";
import { PAGE_SIZE } from "../institution/QueuePage";

/** Officers are managed by their authority's admins, authority admins by system admins. */
function manages(viewer: Viewer, account: AccountFieldsFragment): boolean {
  if (account.id === viewer.accountId) return false;
  return account.grants.some(
    (grant) =>
      (grant.role === "AUTHORITY_OFFICER" &&
        viewer.roles.includes("AUTHORITY_ADMIN") &&
        grant.authorityCode === viewer.authorityCode) ||
      (grant.role === "AUTHORITY_ADMIN" && viewer.roles.includes("SYSTEM_ADMIN")),
  );
}

export function AuthorityStaffPage(): JSX.Element {
  const { t, language } = useT();
  const viewer = useViewer();
  const { query, route, path } = useLocation();
  const systemAdmin = viewer.roles.includes("SYSTEM_ADMIN") && !viewer.roles.includes("AUTHORITY_ADMIN");
  const role: Role = systemAdmin ? "AUTHORITY_ADMIN" : "AUTHORITY_OFFICER";
  const [authoritiesResult] = useQuery({ query: AuthoritiesQuery });
  const authorities = authoritiesResult.data?.authorities ?? [];
  const options = useMemo(
    () => authorities.map((a) => ({ value: a.code, label: localName(language, a.nameZh, a.nameEn) })),
    [authorities, language],
  );
  const status = statusFilter(query["status"]);
  const authorityCode = systemAdmin ? query["authority"] || null : viewer.authorityCode;
  const [created, setCreated] = useState<{ name: string; username: string; sentTo: string } | null>(null);
  const list = useConnection(
    AccountsQuery,
    { first: PAGE_SIZE, filter: { authorityCode, status } },
    (data) => data.accounts,
  );
  const replace = (changed: AccountFieldsFragment): void =>
    list.update((items) => items.map((item) => (item.id === changed.id ? changed : item)));
  const own = authorities.find((a) => a.code === viewer.authorityCode);
  const apply = (next: Record<string, string>): void => {
    const params = new URLSearchParams({
      status: status ?? "",
      authority: query["authority"] ?? "",
      ...next,
    });
    for (const [key, value] of [...params.entries()]) if (value === "") params.delete(key);
    const text = params.toString();
    route(text ? `${path}?${text}` : path, true);
  };

  return (
    <div class="page">
      <PageHeading
        title={systemAdmin ? t("authorityStaff.titleSystem") : t("authorityStaff.title")}
        lead={own ? localName(language, own.nameZh, own.nameEn) : undefined}
      />
      <div class="split">
        <div class="split-side">
          <NewStaffForm
            title={systemAdmin ? t("authorityStaff.createAdminTitle") : t("authorityStaff.createTitle")}
            submitLabel={systemAdmin ? t("authorityStaff.createAdmin") : t("authorityStaff.create")}
            scope={{ role, authorityCode: systemAdmin ? null : viewer.authorityCode }}
            authorityOptions={systemAdmin ? options : undefined}
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
        <section class="split-main" aria-labelledby="staff-list-title">
          <h2 id="staff-list-title">{t("authorityStaff.listTitle")}</h2>
          <form
            class="filters filters-2"
            aria-label={t("accounts.filters")}
            onSubmit={(e) => e.preventDefault()}
          >
            {systemAdmin && (
              <SelectField
                name="authority"
                label={t("accounts.authority")}
                value={query["authority"] ?? ""}
                onValue={(value) => apply({ authority: value })}
                placeholder={t("accounts.anyAuthority")}
                options={options}
                markOptional={false}
              />
            )}
            <SelectField
              name="status"
              label={t("accounts.status")}
              value={status ?? ""}
              onValue={(value) => apply({ status: value })}
              placeholder={t("accounts.anyStatus")}
              options={ACCOUNT_STATUSES.map((value) => ({ value, label: t(`accountStatus.${value}`) }))}
              markOptional={false}
            />
          </form>
          <ConnectionList
            id="authority-staff"
            label={t("authorityStaff.listTitle")}
            list={list}
            keyOf={(row) => row.id}
            empty={t("authorityStaff.empty")}
            render={(row) => (
              <AccountCard
                account={row}
                manageable={manages(viewer, row)}
                onChanged={replace}
                authorities={authorities}
                signOnLinkable={viewer.roles.includes("SYSTEM_ADMIN") && row.id !== viewer.accountId}
              />
            )}
          />
        </section>
      </div>
    </div>
  );
}

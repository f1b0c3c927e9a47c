// An authority issues the admin accounts of the institutions it registered: find the
// institution, see its accounts, issue one (the activation code goes to the institution's
// designated contact unless another mobile is given).
import type { JSX } from "preact";
import { useLocation } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { AccountCard } from "../../components/AccountCard";
import { ConnectionList } from "../../components/ConnectionList";
import { Button, ErrorSummary, TextField } from "../../components/Form";
import { Icon } from "../../components/Icon";
import { usernameProblem } from "../../components/NewStaffForm";
import { Notice, PageHeading } from "../../components/Page";
import { ActionPanel } from "../../components/Status";
import { InstitutionsQuery } from "../../graphql/documents/directory";
import { AccountsQuery, IssueInstitutionAccountMutation } from "../../graphql/documents/staff";
import { expectMember, useAction } from "../../graphql/mutation";
import type { AccountFieldsFragment, InstitutionsQuery as InstitutionsData } from "../../gql/graphql";
import { useT } from "../../i18n";
import { districtName, localName } from "../../lib/format";
import { problems, useFormErrors, type FieldSpec } from "../../lib/forms";
import { useConnection } from "../../lib/useConnection";
import { useViewer, type Viewer } from "../../lib/viewer";
import { mobileError, normaliseMobile } from "../../lib/validation";

type Institution = InstitutionsData["institutions"]["nodes"][number];

function IssueForm({
  institution,
  onIssued,
}: {
  institution: Institution;
  onIssued: () => void;
}): JSX.Element {
  const { t } = useT();
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [mobile, setMobile] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const [issued, setIssued] = useState<string | null>(null);
  const form = useFormErrors();
  const [action, issue] = useAction(IssueInstitutionAccountMutation, (d) =>
    expectMember(d.issueInstitutionAccount, "StaffAccountIssued"),
  );
  const prefix = `issue-${institution.id}`;
  const specs: FieldSpec[] = [
    { field: "username", label: t("accounts.username"), input: `${prefix}-username` },
    { field: "displayName", label: t("issue.contactName"), input: `${prefix}-displayName` },
    { field: "mobile", label: t("issue.mobile"), input: `${prefix}-mobile` },
  ];
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    const found = problems({
      username: usernameProblem(username, t),
      mobile: mobile.trim() === "" ? undefined : mobileError(mobile, t),
    });
    if (!form.report(found, specs)) return;
    const outcome = await issue(
      {
        input: {
          institutionId: institution.id,
          username: username.trim().toLowerCase(),
          displayName: displayName.trim() || null,
          mobile: mobile.trim() === "" ? null : normaliseMobile(mobile),
        },
      },
      { progress: t("issue.issuing"), success: t("issue.issued") },
    );
    if (outcome.ok) {
      setIssued(
        t("issue.issuedExplain", {
          username: outcome.value.account.username ?? "",
          mobile: outcome.value.codeSentTo,
        }),
      );
      setUsername("");
      setDisplayName("");
      setMobile("");
      form.clear();
      onIssued();
    } else if (Object.keys(outcome.fieldErrors).length > 0) form.report(outcome.fieldErrors, specs);
    else if (outcome.member?.reason === "USERNAME_TAKEN") form.report({ username: outcome.message }, specs);
    else setNotice(outcome.message);
  };
  return (
    <>
      {issued && <Notice kind="success">{issued}</Notice>}
      <ErrorSummary items={form.summary} />
      {notice && <Notice kind="error">{notice}</Notice>}
      <form class="form form-grid" noValidate onSubmit={(event) => void submit(event)}>
        <TextField
          name={`${prefix}-username`}
          label={t("accounts.username")}
          hint={t("accounts.usernameHint")}
          value={username}
          onValue={setUsername}
          error={form.error("username")}
          required
          autoComplete="off"
          autoCapitalize="none"
          spellcheck={false}
        />
        <TextField
          name={`${prefix}-displayName`}
          label={t("issue.contactName")}
          hint={t("issue.contactNameHint")}
          value={displayName}
          onValue={setDisplayName}
          error={form.error("displayName")}
          autoComplete="off"
        />
        <TextField
          name={`${prefix}-mobile`}
          label={t("issue.mobile")}
          hint={t("issue.mobileHint")}
          value={mobile}
          onValue={setMobile}
          error={form.error("mobile")}
          type="tel"
          inputMode="tel"
          autoComplete="off"
        />
        <div class="form-actions">
          <Button type="submit" busy={action.busy} busyLabel={t("issue.issuing")}>
            {t("issue.submit")}
          </Button>
        </div>
      </form>
    </>
  );
}

function managesInstitutionAdmin(viewer: Viewer, account: AccountFieldsFragment): boolean {
  return (
    viewer.roles.includes("AUTHORITY_ADMIN") && account.grants.some((g) => g.role === "INSTITUTION_ADMIN")
  );
}

function InstitutionAccounts({ institution, onClose }: { institution: Institution; onClose: () => void }) {
  const { t, language } = useT();
  const viewer = useViewer();
  const list = useConnection(
    AccountsQuery,
    { first: 10, filter: { institutionId: institution.id } },
    (data) => data.accounts,
  );
  const name = localName(language, institution.name, institution.nameEn);
  return (
    <ActionPanel title={t("issue.panelTitle", { name })} onClose={onClose}>
      <h3 class="panel-subtitle">{t("issue.existing")}</h3>
      <ConnectionList
        id={`accounts-${institution.id}`}
        label={t("issue.existing")}
        list={list}
        keyOf={(row) => row.id}
        empty={t("issue.noAccounts")}
        render={(row) => (
          <AccountCard
            account={row}
            manageable={managesInstitutionAdmin(viewer, row)}
            onChanged={(changed) =>
              list.update((items) => items.map((i) => (i.id === changed.id ? changed : i)))
            }
          />
        )}
      />
      <h3 class="panel-subtitle">{t("issue.newTitle")}</h3>
      <IssueForm institution={institution} onIssued={list.reload} />
      <Button kind="quiet" onClick={onClose}>
        {t("form.close")}
      </Button>
    </ActionPanel>
  );
}

function InstitutionRow({ row }: { row: Institution }): JSX.Element {
  const { t, language } = useT();
  const [open, setOpen] = useState(false);
  return (
    <article class="item-card" data-institution={row.id}>
      <div class="item-head">
        <h2 class="item-title">{localName(language, row.name, row.nameEn)}</h2>
        <span class="tag tag-plain">
          <Icon name="pin" size={14} />
          {districtName(language, row.district)}
        </span>
      </div>
      <p class="item-meta">
        {t(`institutionType.${row.type}`)} · <span class="mono">{row.licenceNumber}</span>
      </p>
      {open ? (
        <InstitutionAccounts institution={row} onClose={() => setOpen(false)} />
      ) : (
        <div class="button-row">
          <Button kind="secondary" onClick={() => setOpen(true)}>
            {t("issue.open")}
          </Button>
        </div>
      )}
    </article>
  );
}

export function InstitutionAccountsPage(): JSX.Element {
  const { t } = useT();
  const viewer = useViewer();
  const { query, route, path } = useLocation();
  const applied = query["q"] ?? "";
  const [name, setName] = useState(applied);
  useEffect(() => setName(applied), [applied]);
  const list = useConnection(
    InstitutionsQuery,
    { first: 20, filter: { authority: viewer.authorityCode, nameContains: applied || null } },
    (data) => data.institutions,
  );
  return (
    <div class="page">
      <PageHeading title={t("issue.title")} lead={t("issue.lead")} />
      <form
        class="filters filters-search"
        role="search"
        aria-label={t("issue.search")}
        onSubmit={(event) => {
          event.preventDefault();
          route(name.trim() ? `${path}?q=${encodeURIComponent(name.trim())}` : path, true);
        }}
      >
        <TextField
          name="q"
          type="search"
          label={t("directory.name")}
          placeholder={t("directory.namePlaceholder")}
          value={name}
          onValue={setName}
          markOptional={false}
        />
        <div class="filter-actions">
          <Button type="submit">
            <Icon name="search" size={18} /> {t("directory.search")}
          </Button>
        </div>
      </form>
      <ConnectionList
        id="institutions"
        label={t("issue.listLabel")}
        list={list}
        keyOf={(row) => row.id}
        empty={t("issue.empty")}
        render={(row) => <InstitutionRow row={row} />}
        rows
      />
    </div>
  );
}

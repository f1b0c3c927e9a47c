// A staff account in a management list: who, which role where, its state, and — for the
// administrator who manages it — disable (with a reason), enable, and reset (a new activation
// code goes to the holder's mobile; password and authenticator are cleared); for a system
// administrator, the link to the government sign-on.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import {
  DisableAccountMutation,
  EnableAccountMutation,
  ResetStaffCredentialsMutation,
} from "../graphql/documents/staff";
import { expectMember, useAction } from "../graphql/mutation";
import type { AccountFieldsFragment } from "../gql/graphql";
import { useT } from "../i18n";
import { formatDateTime } from "../lib/format";
import { accountTone, roleScope, type AuthorityName } from "../lib/identityLabels";
import { Button } from "./Form";
import { Notice } from "./Page";
import { panelResult, ReasonPanel } from "./ReasonPanel";
import { SignOnLink } from "./SignOnLink";
import { ActionPanel, Facts, StatusTag } from "./Status";

type Account = AccountFieldsFragment;

export function AccountCard({
  account,
  manageable,
  onChanged,
  authorities,
  signOnLinkable = false,
}: {
  account: Account;
  /** The viewer administers this account (never their own). */
  manageable: boolean;
  /** The viewer is a system administrator, who links accounts to the government sign-on. */
  signOnLinkable?: boolean;
  onChanged: (account: Account) => void;
  authorities?: readonly AuthorityName[] | undefined;
}): JSX.Element {
  const { t, language } = useT();
  const [open, setOpen] = useState<"disable" | "reset" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [disabling, disable] = useAction(DisableAccountMutation, (d) =>
    expectMember(d.disableAccount, "AccountUpdated"),
  );
  const [enabling, enable] = useAction(EnableAccountMutation, (d) =>
    expectMember(d.enableAccount, "AccountUpdated"),
  );
  const [resetting, reset] = useAction(ResetStaffCredentialsMutation, (d) =>
    expectMember(d.resetStaffCredentials, "StaffAccountIssued"),
  );
  const name = account.displayName;

  const doEnable = async (): Promise<void> => {
    setNotice(null);
    const outcome = await enable(
      { accountId: account.id },
      { progress: t("accounts.enabling"), success: t("accounts.enabled", { name }) },
    );
    if (outcome.ok) onChanged(outcome.value.account);
    else setNotice(outcome.message);
  };

  const doReset = async (): Promise<void> => {
    setNotice(null);
    const outcome = await reset(
      { accountId: account.id },
      { progress: t("accounts.resetting"), success: t("accounts.resetDone", { name }) },
    );
    if (outcome.ok) {
      setOpen(null);
      setNotice(null);
      onChanged(outcome.value.account);
    } else setNotice(outcome.message);
  };

  return (
    <article class="item-card" data-account={account.username ?? account.id}>
      <div class="item-head">
        <h3 class="item-title">
          {name}
          {account.username && <span class="item-subtitle mono">{account.username}</span>}
        </h3>
        <StatusTag
          tone={accountTone(account.status)}
          status={account.status}
          label={t(`accountStatus.${account.status}`)}
        />
      </div>
      <Facts
        items={[
          [
            t("accounts.role"),
            account.grants.map((grant) => (
              <span class="block" key={`${grant.role}-${grant.institution?.id ?? grant.authorityCode}`}>
                {roleScope(grant.role, grant, language, t, authorities)}
              </span>
            )),
          ],
          [t("accounts.mobile"), <span class="mono">{account.mobileMasked ?? "—"}</span>],
          [t("accounts.createdAt"), formatDateTime(account.createdAt, language)],
          account.activatedAt
            ? [t("accounts.activatedAt"), formatDateTime(account.activatedAt, language)]
            : null,
          account.disabledAt
            ? [t("accounts.disabledAt"), formatDateTime(account.disabledAt, language)]
            : null,
          signOnLinkable
            ? [
                t("accounts.signOn"),
                account.signOnLinked ? t("accounts.signOnLinked") : t("accounts.signOnNotLinked"),
              ]
            : null,
        ]}
      />
      {account.status === "PENDING" && <p class="item-explain">{t("accounts.pendingExplain")}</p>}
      {notice && <Notice kind="error">{notice}</Notice>}
      {manageable && open === null && (
        <div class="button-row">
          {account.status === "DISABLED" ? (
            <Button
              kind="secondary"
              busy={enabling.busy}
              busyLabel={t("accounts.enabling")}
              onClick={() => void doEnable()}
            >
              {t("accounts.enable")}
            </Button>
          ) : (
            <Button kind="secondary" onClick={() => setOpen("disable")}>
              {t("accounts.disable")}
            </Button>
          )}
          <Button kind="quiet" onClick={() => setOpen("reset")}>
            {t("accounts.reset")}
          </Button>
        </div>
      )}
      {signOnLinkable && open === null && <SignOnLink account={account} onChanged={onChanged} />}
      {open === "disable" && (
        <ReasonPanel
          title={t("accounts.disableTitle", { name })}
          hint={t("accounts.disableHint")}
          submitLabel={t("accounts.disableSubmit")}
          busyLabel={t("accounts.disabling")}
          busy={disabling.busy}
          name={`disable-${account.id}-reason`}
          onClose={() => setOpen(null)}
          onSubmit={async (reason) => {
            const outcome = await disable(
              { input: { accountId: account.id, reason } },
              { progress: t("accounts.disabling"), success: t("accounts.disabled", { name }) },
            );
            if (outcome.ok) {
              setOpen(null);
              onChanged(outcome.value.account);
            }
            return panelResult(outcome);
          }}
        />
      )}
      {open === "reset" && (
        <ActionPanel title={t("accounts.resetTitle", { name })} onClose={() => setOpen(null)}>
          <p>{t("accounts.resetExplain", { mobile: account.mobileMasked ?? "" })}</p>
          <div class="button-row">
            <Button
              kind="danger"
              busy={resetting.busy}
              busyLabel={t("accounts.resetting")}
              onClick={() => void doReset()}
            >
              {t("accounts.resetSubmit")}
            </Button>
            <Button kind="quiet" onClick={() => setOpen(null)}>
              {t("form.cancel")}
            </Button>
          </div>
        </ActionPanel>
      )}
    </article>
  );
}

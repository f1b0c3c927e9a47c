// For a system administrator: link a staff account to its holder's subject at the government
// identity provider, or remove the link. A linked account signs on there, then gives its
// authenticator code.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { LinkStaffSignOnMutation, UnlinkStaffSignOnMutation } from "../graphql/documents/staff";
import { expectMember, useAction } from "../graphql/mutation";
import type { AccountFieldsFragment } from "../gql/graphql";
import { useT } from "../i18n";
import { Button, TextField } from "./Form";
import { Notice } from "./Page";
import { ActionPanel } from "./Status";

type Account = AccountFieldsFragment;

export function SignOnLink({
  account,
  onChanged,
}: {
  account: Account;
  onChanged: (account: Account) => void;
}): JSX.Element {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const [subject, setSubject] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const [linking, link] = useAction(LinkStaffSignOnMutation, (d) =>
    expectMember(d.linkStaffSignOn, "AccountUpdated"),
  );
  const [unlinking, unlink] = useAction(UnlinkStaffSignOnMutation, (d) =>
    expectMember(d.unlinkStaffSignOn, "AccountUpdated"),
  );
  const name = account.displayName;

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    if (subject.trim() === "") {
      setError(t("accounts.signOnSubjectMissing"));
      return;
    }
    const outcome = await link(
      { accountId: account.id, subject: subject.trim() },
      { progress: t("accounts.signOnLinking"), success: t("accounts.signOnLinkDone", { name }) },
    );
    if (outcome.ok) {
      setOpen(false);
      setSubject("");
      onChanged(outcome.value.account);
    } else setError(outcome.message);
  };

  const doUnlink = async (): Promise<void> => {
    setNotice(null);
    const outcome = await unlink(
      { accountId: account.id },
      { progress: t("accounts.signOnUnlinking"), success: t("accounts.signOnUnlinkDone", { name }) },
    );
    if (outcome.ok) onChanged(outcome.value.account);
    else setNotice(outcome.message);
  };

  if (open) {
    return (
      <ActionPanel title={t("accounts.signOnLinkTitle", { name })} onClose={() => setOpen(false)}>
        <form class="form" noValidate onSubmit={(event) => void submit(event)}>
          <TextField
            name={`sign-on-${account.id}-subject`}
            label={t("accounts.signOnSubject")}
            hint={t("accounts.signOnSubjectHint")}
            value={subject}
            onValue={setSubject}
            error={error}
            required
            autoCapitalize="none"
            spellcheck={false}
          />
          <div class="button-row">
            <Button type="submit" busy={linking.busy} busyLabel={t("accounts.signOnLinking")}>
              {t("accounts.signOnLinkSubmit")}
            </Button>
            <Button kind="quiet" onClick={() => setOpen(false)}>
              {t("form.cancel")}
            </Button>
          </div>
        </form>
      </ActionPanel>
    );
  }
  return (
    <div class="button-row">
      {notice && <Notice kind="error">{notice}</Notice>}
      {account.signOnLinked ? (
        <Button
          kind="quiet"
          busy={unlinking.busy}
          busyLabel={t("accounts.signOnUnlinking")}
          onClick={() => void doUnlink()}
        >
          {t("accounts.signOnUnlink")}
        </Button>
      ) : (
        <Button kind="quiet" onClick={() => setOpen(true)}>
          {t("accounts.signOnLink")}
        </Button>
      )}
    </div>
  );
}

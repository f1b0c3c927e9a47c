// Create a staff account (an operator of the admin's institution, an officer of the admin's
// authority): username, name and mobile; the holder receives an activation code by SMS.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { CreateStaffAccountMutation } from "../graphql/documents/staff";
import { expectMember, useAction } from "../graphql/mutation";
import type { AccountFieldsFragment, CreateStaffAccountInput } from "../gql/graphql";
import { useT, type T } from "../i18n";
import { problems, useFormErrors, type FieldSpec } from "../lib/forms";
import { mobileError, normaliseMobile, requiredError } from "../lib/validation";
import { Button, ErrorSummary, SelectField, TextField, type Option } from "./Form";
import { Notice } from "./Page";

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,31}$/;

/** Usernames as the server accepts them: 3–32 of a–z 0–9 . _ -, starting with a letter or
 * digit, not only digits (those are mobiles). */
export function usernameProblem(value: string, t: T): string | undefined {
  const username = value.trim().toLowerCase();
  if (username === "") return t("validation.required");
  if (!USERNAME.test(username) || /^\d+$/.test(username)) return t("problems.USERNAME_FORMAT");
  return undefined;
}

export function NewStaffForm({
  scope,
  onCreated,
  title,
  submitLabel,
  authorityOptions,
}: {
  /** Role and scope of the new account. */
  scope: Pick<CreateStaffAccountInput, "role" | "institutionId" | "authorityCode">;
  onCreated: (account: AccountFieldsFragment, sentTo: string) => void;
  title: string;
  submitLabel: string;
  /** The authority is chosen in the form (a system admin creating authority admins). */
  authorityOptions?: readonly Option[];
}): JSX.Element {
  const { t } = useT();
  const [authorityCode, setAuthorityCode] = useState(scope.authorityCode ?? "");
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [mobile, setMobile] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors();
  const [action, create] = useAction(CreateStaffAccountMutation, (d) =>
    expectMember(d.createStaffAccount, "StaffAccountIssued"),
  );
  const specs: FieldSpec[] = [
    { field: "username", label: t("accounts.username") },
    { field: "displayName", label: t("accounts.displayName") },
    { field: "mobile", label: t("accounts.mobile") },
    { field: "authorityCode", label: t("accounts.authority") },
  ];

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    const found = problems({
      username: usernameProblem(username, t),
      displayName: requiredError(displayName, t),
      mobile: mobileError(mobile, t),
      authorityCode:
        scope.role !== "INSTITUTION_OPERATOR" && !authorityCode ? t("accounts.chooseAuthority") : undefined,
    });
    if (!form.report(found, specs)) return;
    const outcome = await create(
      {
        input: {
          ...scope,
          authorityCode: scope.role === "INSTITUTION_OPERATOR" ? null : authorityCode,
          username: username.trim().toLowerCase(),
          displayName: displayName.trim(),
          mobile: normaliseMobile(mobile),
        },
      },
      { progress: t("accounts.creating"), success: t("accounts.created") },
    );
    if (outcome.ok) {
      setUsername("");
      setDisplayName("");
      setMobile("");
      form.clear();
      onCreated(outcome.value.account, outcome.value.codeSentTo);
    } else if (Object.keys(outcome.fieldErrors).length > 0) form.report(outcome.fieldErrors, specs);
    else if (outcome.member?.reason === "USERNAME_TAKEN") form.report({ username: outcome.message }, specs);
    else setNotice(outcome.message);
  };

  return (
    <section class="panel section" aria-labelledby="new-staff-title">
      <h2 id="new-staff-title">{title}</h2>
      <ErrorSummary items={form.summary} />
      {notice && <Notice kind="error">{notice}</Notice>}
      <form class="form form-grid" noValidate onSubmit={(event) => void submit(event)}>
        {authorityOptions && (
          <SelectField
            name="authorityCode"
            label={t("accounts.authority")}
            value={authorityCode}
            onValue={setAuthorityCode}
            placeholder={t("accounts.chooseAuthority")}
            options={authorityOptions}
            error={form.error("authorityCode")}
            required
          />
        )}
        <TextField
          name="username"
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
          name="displayName"
          label={t("accounts.displayName")}
          value={displayName}
          onValue={setDisplayName}
          error={form.error("displayName")}
          required
          autoComplete="off"
        />
        <TextField
          name="mobile"
          label={t("accounts.mobile")}
          hint={t("accounts.mobileHint")}
          value={mobile}
          onValue={setMobile}
          error={form.error("mobile")}
          required
          type="tel"
          inputMode="tel"
          autoComplete="off"
        />
        <div class="form-actions">
          <Button type="submit" busy={action.busy} busyLabel={t("accounts.creating")}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </section>
  );
}

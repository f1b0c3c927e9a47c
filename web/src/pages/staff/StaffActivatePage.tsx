// Activation of a staff account (institution admin or operator, authority officer): the
// username and the SMS code its holder received, a password, then an authenticator app.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { CodeField, codeProblem } from "../../components/Fields";
import { Button, ErrorSummary, TextField } from "../../components/Form";
import { Notice, PageHeading } from "../../components/Page";
import { NewPasswordFields, newPasswordProblems } from "../../components/PasswordRule";
import { Steps } from "../../components/Status";
import { TotpEnrol, type Enrolment } from "../../components/TotpEnrol";
import { ActivateStaffMutation } from "../../graphql/documents/staff";
import { expectMember, useAction } from "../../graphql/mutation";
import { useT } from "../../i18n";
import { problems, useFormErrors, type FieldSpec } from "../../lib/forms";
import { navigate } from "../../lib/navigation";
import { landingPath, useSession, viewerFrom } from "../../lib/viewer";
import { requiredError } from "../../lib/validation";

export function StaffActivatePage(): JSX.Element {
  const { t } = useT();
  const session = useSession();
  const [username, setUsername] = useState("");
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors();
  const [action, activate] = useAction(ActivateStaffMutation, (d) =>
    expectMember(d.activateStaffAccount, "TotpEnrolment"),
  );
  const specs: FieldSpec[] = [
    { field: "username", label: t("staffActivate.username") },
    { field: "code", label: t("code.label") },
    { field: "password", label: t("password.new") },
    { field: "confirmation", label: t("password.confirm") },
  ];

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    const checked = newPasswordProblems(password, confirmation, t, true);
    const found = problems({
      username: requiredError(username, t),
      code: codeProblem(code, t),
      password: checked.password,
      confirmation: checked.confirmation,
    });
    if (!form.report(found, specs)) return;
    const outcome = await activate(
      { input: { username: username.trim(), code, password } },
      { progress: t("staffActivate.saving"), success: null },
    );
    if (outcome.ok) {
      setEnrolment(outcome.value);
      form.clear();
    } else if (Object.keys(outcome.fieldErrors).length > 0) form.report(outcome.fieldErrors, specs);
    else setNotice(outcome.message);
  };

  return (
    <div class="page page-narrow">
      <PageHeading title={t("staffActivate.title")} lead={t("staffActivate.lead")} />
      <div class="panel">
        <Steps
          current={enrolment ? 1 : 0}
          labels={[t("staffActivate.stepPassword"), t("staffActivate.stepTotp")]}
        />
        {enrolment ? (
          <TotpEnrol
            enrolment={enrolment}
            submitLabel={t("staffActivate.finish")}
            onConfirmed={(me) => {
              session.signedIn(me);
              navigate(landingPath(viewerFrom(me)), true);
            }}
          />
        ) : (
          <>
            <ErrorSummary items={form.summary} />
            {notice && <Notice kind="error">{notice}</Notice>}
            <form class="form" noValidate onSubmit={(event) => void submit(event)}>
              <TextField
                name="username"
                label={t("staffActivate.username")}
                hint={t("staffActivate.usernameHint")}
                value={username}
                onValue={setUsername}
                error={form.error("username")}
                required
                autoComplete="username"
                autoCapitalize="none"
                spellcheck={false}
              />
              <CodeField
                name="code"
                label={t("code.label")}
                hint={t("staffActivate.codeHint")}
                value={code}
                onValue={setCode}
                error={form.error("code")}
              />
              <NewPasswordFields
                value={password}
                confirmation={confirmation}
                onValue={setPassword}
                onConfirmation={setConfirmation}
                withTotp={true}
                error={form.error("password")}
                confirmError={form.error("confirmation")}
              />
              <Button type="submit" busy={action.busy} busyLabel={t("staffActivate.saving")}>
                {t("form.next")}
              </Button>
            </form>
          </>
        )}
      </div>
    </div>
  );
}

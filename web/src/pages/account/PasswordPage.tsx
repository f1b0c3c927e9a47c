// Change the password: the current one, then the new one twice. Other signed-in devices are
// signed out by the server; this one stays.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { Button, ErrorSummary, PasswordField } from "../../components/Form";
import { Icon } from "../../components/Icon";
import { Notice, PageHeading } from "../../components/Page";
import { NewPasswordFields, newPasswordProblems } from "../../components/PasswordRule";
import { ChangePasswordMutation } from "../../graphql/documents/personal";
import { expectMember, useAction } from "../../graphql/mutation";
import { useT } from "../../i18n";
import { problems, useFormErrors, type FieldSpec } from "../../lib/forms";
import { navigate } from "../../lib/navigation";
import { useViewer, type Viewer } from "../../lib/viewer";

/** Staff always sign in with a second factor; a practitioner once they added one. */
export function hasSecondFactor(viewer: Viewer): boolean {
  return viewer.kind !== "PERSONAL" || viewer.totpEnabled;
}

export function BackToAccount(): JSX.Element {
  const { t } = useT();
  return (
    <p class="back">
      <a class="back-link" href="/me">
        <Icon name="arrowLeft" size={18} />
        {t("account.back")}
      </a>
    </p>
  );
}

export function PasswordPage(): JSX.Element {
  const { t } = useT();
  const viewer = useViewer();
  const withTotp = hasSecondFactor(viewer);
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors();
  const [action, change] = useAction(ChangePasswordMutation, (d) =>
    expectMember(d.changePassword, "PasswordChanged"),
  );
  const specs: FieldSpec[] = [
    { field: "currentPassword", label: t("password.current") },
    { field: "newPassword", label: t("password.new") },
    { field: "confirmation", label: t("password.confirm") },
  ];

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    const checked = newPasswordProblems(password, confirmation, t, withTotp);
    const found = problems({
      currentPassword: current === "" ? t("validation.passwordMissing") : undefined,
      newPassword: checked.password,
      confirmation: checked.confirmation,
    });
    if (!form.report(found, specs)) return;
    const outcome = await change(
      { input: { currentPassword: current, newPassword: password } },
      { progress: t("password.saving"), success: t("password.changed") },
    );
    if (outcome.ok) navigate("/me", true);
    else if (Object.keys(outcome.fieldErrors).length > 0) form.report(outcome.fieldErrors, specs);
    else setNotice(outcome.message);
  };

  return (
    <div class="page page-narrow">
      <BackToAccount />
      <PageHeading title={t("password.title")} lead={t("password.lead")} />
      <div class="panel">
        <ErrorSummary items={form.summary} />
        {notice && <Notice kind="error">{notice}</Notice>}
        <form class="form" noValidate onSubmit={(event) => void submit(event)}>
          <PasswordField
            name="currentPassword"
            label={t("password.current")}
            value={current}
            onValue={setCurrent}
            error={form.error("currentPassword")}
            required
            autoComplete="current-password"
          />
          <NewPasswordFields
            name="newPassword"
            value={password}
            confirmation={confirmation}
            onValue={setPassword}
            onConfirmation={setConfirmation}
            withTotp={withTotp}
            error={form.error("newPassword")}
            confirmError={form.error("confirmation")}
          />
          <Button type="submit" busy={action.busy} busyLabel={t("password.saving")}>
            {t("password.submit")}
          </Button>
        </form>
      </div>
    </div>
  );
}

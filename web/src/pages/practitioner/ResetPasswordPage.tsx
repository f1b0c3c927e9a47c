// A practitioner who forgot the password: a code to the account's mobile, then a new password.
// The answer to the first step never says whether the mobile has an account.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { CodeStep, waitFor, type SentCode } from "../../components/CodeStep";
import { codeProblem } from "../../components/Fields";
import { Button, ErrorSummary, TextField } from "../../components/Form";
import { Notice, PageHeading } from "../../components/Page";
import { NewPasswordFields, newPasswordProblems } from "../../components/PasswordRule";
import { Steps } from "../../components/Status";
import { CompletePasswordResetMutation, StartPasswordResetMutation } from "../../graphql/documents/personal";
import { expectMember, useAction } from "../../graphql/mutation";
import { useT } from "../../i18n";
import { problems, useFormErrors, type FieldSpec } from "../../lib/forms";
import { mobileError, normaliseMobile } from "../../lib/validation";

export function ResetPasswordPage(): JSX.Element {
  const { t } = useT();
  const [mobile, setMobile] = useState("");
  const [sent, setSent] = useState<SentCode | null>(null);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const form = useFormErrors();
  const [starting, start] = useAction(StartPasswordResetMutation, (d) =>
    expectMember(d.startPasswordReset, "CodeSent"),
  );
  const [finishing, finish] = useAction(CompletePasswordResetMutation, (d) =>
    expectMember(d.completePasswordReset, "PasswordResetDone"),
  );
  const mobileSpecs: FieldSpec[] = [{ field: "mobile", label: t("reset.mobile") }];
  const finishSpecs: FieldSpec[] = [
    { field: "code", label: t("code.label") },
    { field: "newPassword", label: t("password.new"), input: "newPassword" },
    { field: "confirmation", label: t("password.confirm") },
  ];

  const send = async (event?: Event): Promise<void> => {
    event?.preventDefault();
    setNotice(null);
    if (!form.report(problems({ mobile: mobileError(mobile, t) }), mobileSpecs)) return;
    const outcome = await start(
      { input: { mobile: normaliseMobile(mobile) } },
      { progress: t("code.sending"), success: null },
    );
    if (outcome.ok) {
      setSent(outcome.value);
      form.clear();
    } else if (outcome.member?.retryAfterSeconds && sent) {
      setSent(waitFor(sent, outcome.member.retryAfterSeconds));
    } else if (Object.keys(outcome.fieldErrors).length > 0) form.report(outcome.fieldErrors, mobileSpecs);
    else setNotice(outcome.message);
  };

  const complete = async (event: Event): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    const checked = newPasswordProblems(password, confirmation, t, true);
    const found = problems({
      code: codeProblem(code, t),
      newPassword: checked.password,
      confirmation: checked.confirmation,
    });
    if (!form.report(found, finishSpecs) || !sent) return;
    const outcome = await finish(
      { input: { resetId: sent.codeId, code, newPassword: password } },
      { progress: t("reset.saving"), success: null },
    );
    if (outcome.ok) setDone(true);
    else if (Object.keys(outcome.fieldErrors).length > 0) form.report(outcome.fieldErrors, finishSpecs);
    else setNotice(outcome.message);
  };

  return (
    <div class="page page-narrow">
      <PageHeading title={t("reset.title")} lead={t("reset.lead")} />
      <div class="panel">
        {done ? (
          <>
            <Notice kind="success">{t("reset.done")}</Notice>
            <a class="button button-primary" href="/sign-in">
              {t("nav.signIn")}
            </a>
          </>
        ) : (
          <>
            <Steps current={sent ? 1 : 0} labels={[t("reset.stepMobile"), t("reset.stepPassword")]} />
            <ErrorSummary items={form.summary} />
            {notice && <Notice kind="error">{notice}</Notice>}
            {!sent ? (
              <form class="form" noValidate onSubmit={(event) => void send(event)}>
                <TextField
                  name="mobile"
                  label={t("reset.mobile")}
                  hint={t("reset.mobileHint")}
                  value={mobile}
                  onValue={setMobile}
                  error={form.error("mobile")}
                  required
                  type="tel"
                  inputMode="tel"
                  autoComplete="username"
                />
                <Button type="submit" busy={starting.busy} busyLabel={t("code.sending")}>
                  {t("code.send")}
                </Button>
              </form>
            ) : (
              <form class="form" noValidate onSubmit={(event) => void complete(event)}>
                <CodeStep
                  sent={sent}
                  code={code}
                  onCode={setCode}
                  error={form.error("code")}
                  onResend={() => void send()}
                  resendBusy={starting.busy}
                />
                <NewPasswordFields
                  name="newPassword"
                  value={password}
                  confirmation={confirmation}
                  onValue={setPassword}
                  onConfirmation={setConfirmation}
                  withTotp="unknown"
                  error={form.error("newPassword")}
                  confirmError={form.error("confirmation")}
                />
                <Button type="submit" busy={finishing.busy} busyLabel={t("reset.saving")}>
                  {t("reset.submit")}
                </Button>
              </form>
            )}
          </>
        )}
      </div>
    </div>
  );
}

// Move the account to a new mobile: the password and the new number, then the code sent to the
// new number. The old number is told by SMS.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { CodeStep, waitFor, type SentCode } from "../../components/CodeStep";
import { codeProblem } from "../../components/Fields";
import { Button, ErrorSummary, PasswordField, TextField } from "../../components/Form";
import { Notice, PageHeading } from "../../components/Page";
import { Steps } from "../../components/Status";
import { CompleteMobileChangeMutation, StartMobileChangeMutation } from "../../graphql/documents/personal";
import { expectMember, useAction } from "../../graphql/mutation";
import { useT } from "../../i18n";
import { problems, useFormErrors, type FieldSpec } from "../../lib/forms";
import { navigate } from "../../lib/navigation";
import { useSession } from "../../lib/viewer";
import { mobileError, normaliseMobile } from "../../lib/validation";
import { BackToAccount } from "./PasswordPage";

export function MobilePage(): JSX.Element {
  const { t } = useT();
  const session = useSession();
  const [mobile, setMobile] = useState("");
  const [password, setPassword] = useState("");
  const [sent, setSent] = useState<SentCode | null>(null);
  const [code, setCode] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors();
  const [starting, start] = useAction(StartMobileChangeMutation, (d) =>
    expectMember(d.startMobileChange, "CodeSent"),
  );
  const [completing, complete] = useAction(CompleteMobileChangeMutation, (d) =>
    expectMember(d.completeMobileChange, "MobileChanged"),
  );
  const startSpecs: FieldSpec[] = [
    { field: "newMobile", label: t("mobile.new") },
    { field: "password", label: t("mobile.password") },
  ];
  const codeSpecs: FieldSpec[] = [{ field: "code", label: t("code.label") }];

  const send = async (event?: Event): Promise<void> => {
    event?.preventDefault();
    setNotice(null);
    const found = problems({
      newMobile: mobileError(mobile, t),
      password: password === "" ? t("validation.passwordMissing") : undefined,
    });
    if (!form.report(found, startSpecs)) return;
    const outcome = await start(
      { input: { newMobile: normaliseMobile(mobile), password } },
      { progress: t("code.sending"), success: null },
    );
    if (outcome.ok) {
      setSent(outcome.value);
      setCode("");
      form.clear();
    } else if (outcome.member?.retryAfterSeconds && sent) {
      setSent(waitFor(sent, outcome.member.retryAfterSeconds));
    } else if (Object.keys(outcome.fieldErrors).length > 0) {
      setSent(null);
      form.report(outcome.fieldErrors, startSpecs);
    } else setNotice(outcome.message);
  };

  const confirm = async (event: Event): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    if (!form.report(problems({ code: codeProblem(code, t) }), codeSpecs) || !sent) return;
    const outcome = await complete(
      { input: { changeId: sent.codeId, code } },
      { progress: t("mobile.saving"), success: t("mobile.changed") },
    );
    if (outcome.ok) {
      session.signedIn(outcome.value.me);
      navigate("/me", true);
    } else if (Object.keys(outcome.fieldErrors).length > 0) form.report(outcome.fieldErrors, codeSpecs);
    else setNotice(outcome.message);
  };

  return (
    <div class="page page-narrow">
      <BackToAccount />
      <PageHeading title={t("mobile.title")} lead={t("mobile.lead")} />
      <div class="panel">
        <Steps current={sent ? 1 : 0} labels={[t("mobile.stepNumber"), t("mobile.stepCode")]} />
        <ErrorSummary items={form.summary} />
        {notice && <Notice kind="error">{notice}</Notice>}
        {!sent ? (
          <form class="form" noValidate onSubmit={(event) => void send(event)}>
            <TextField
              name="newMobile"
              label={t("mobile.new")}
              value={mobile}
              onValue={setMobile}
              error={form.error("newMobile")}
              required
              type="tel"
              inputMode="tel"
              autoComplete="tel-national"
            />
            <PasswordField
              name="password"
              label={t("mobile.password")}
              hint={t("mobile.passwordHint")}
              value={password}
              onValue={setPassword}
              error={form.error("password")}
              required
              autoComplete="current-password"
            />
            <Button type="submit" busy={starting.busy} busyLabel={t("code.sending")}>
              {t("code.send")}
            </Button>
          </form>
        ) : (
          <form class="form" noValidate onSubmit={(event) => void confirm(event)}>
            <CodeStep
              sent={sent}
              code={code}
              onCode={setCode}
              error={form.error("code")}
              onResend={() => void send()}
              resendBusy={starting.busy}
            />
            <Button type="submit" busy={completing.busy} busyLabel={t("mobile.saving")}>
              {t("mobile.submit")}
            </Button>
            <Button kind="quiet" onClick={() => setSent(null)}>
              {t("mobile.otherNumber")}
            </Button>
          </form>
        )}
      </div>
    </div>
  );
}

// Personal activation on a phone, in three steps: name + resident ID number + mobile, the
// six-digit SMS code, a password. The last step signs the phone in.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { CodeStep, waitFor, type SentCode } from "../../components/CodeStep";
import { codeProblem } from "../../components/Fields";
import { Button, ErrorSummary, TextField } from "../../components/Form";
import { Icon } from "../../components/Icon";
import { Notice, PageHeading } from "../../components/Page";
import { NewPasswordFields, newPasswordProblems } from "../../components/PasswordRule";
import { Steps } from "../../components/Status";
import {
  CheckActivationCodeMutation,
  CompleteActivationMutation,
  ResendActivationMutation,
  StartActivationMutation,
} from "../../graphql/documents/personal";
import { errorFor } from "../../graphql/errors";
import { expectMember, useAction } from "../../graphql/mutation";
import { useT, type T } from "../../i18n";
import { problems, useFormErrors, type FieldSpec } from "../../lib/forms";
import { navigate } from "../../lib/navigation";
import { useSession } from "../../lib/viewer";
import {
  checkResidentId,
  mobileError,
  normaliseMobile,
  normaliseResidentId,
  requiredError,
  residentIdError,
} from "../../lib/validation";

type Step = 0 | 1 | 2;

/** Feedback while the ID number is typed: a count, then the verdict of the check digit. A
 * problem the field already shows (after a submit) is not repeated here. */
export function IdNumberCheck({
  value,
  fieldError,
}: {
  value: string;
  fieldError?: string | undefined;
}): JSX.Element {
  const { t } = useT();
  const number = normaliseResidentId(value);
  if (number === "") return <div class="id-check" id="id-check" />;
  const result = checkResidentId(number);
  const verdict =
    number.length < 18 || (!result.ok && fieldError) ? null : result.ok ? (
      <span class="id-check-ok">
        <Icon name="check" size={16} />
        {t("activate.idOk", {
          birthDate: result.birthDate,
          sex: t(`sex.${result.sex}`),
        })}
      </span>
    ) : (
      <span class="id-check-bad">
        <Icon name="warning" size={16} />
        {residentIdError(number, t)}
      </span>
    );
  return (
    <div class="id-check" id="id-check">
      {number.length < 18 && (
        <span class="id-check-count">{t("activate.idCount", { count: number.length })}</span>
      )}
      <span aria-live="polite">{verdict}</span>
    </div>
  );
}

function detailsProblems(name: string, idNumber: string, mobile: string, t: T): Record<string, string> {
  return problems({
    name: requiredError(name, t),
    idNumber: residentIdError(idNumber, t),
    mobile: mobileError(mobile, t),
  });
}

export function ActivatePage(): JSX.Element {
  const { t } = useT();
  const session = useSession();
  const [step, setStep] = useState<Step>(0);
  const [name, setName] = useState("");
  const [idNumber, setIdNumber] = useState("");
  const [mobile, setMobile] = useState("");
  const [sent, setSent] = useState<SentCode | null>(null);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors();

  const [starting, start] = useAction(StartActivationMutation, (d) =>
    expectMember(d.startActivation, "CodeSent"),
  );
  const [resending, resend] = useAction(ResendActivationMutation, (d) =>
    expectMember(d.resendActivationCode, "CodeSent"),
  );
  const [checking, check] = useAction(CheckActivationCodeMutation, (d) =>
    expectMember(d.checkActivationCode, "CodeChecked"),
  );
  const [completing, complete] = useAction(CompleteActivationMutation, (d) =>
    expectMember(d.completeActivation, "SignedIn"),
  );

  const detailSpecs: FieldSpec[] = [
    { field: "name", label: t("activate.name") },
    { field: "idNumber", label: t("activate.idNumber") },
    { field: "mobile", label: t("activate.mobile") },
  ];
  const codeSpecs: FieldSpec[] = [{ field: "code", label: t("code.label") }];
  const passwordSpecs: FieldSpec[] = [
    { field: "password", label: t("password.new") },
    { field: "confirmation", label: t("password.confirm") },
  ];
  const labels = [t("activate.stepDetails"), t("activate.stepCode"), t("activate.stepPassword")];

  const go = (next: Step): void => {
    setStep(next);
    setNotice(null);
    form.clear();
  };

  const sendDetails = async (event: Event): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    if (!form.report(detailsProblems(name, idNumber, mobile, t), detailSpecs)) return;
    const outcome = await start(
      {
        input: {
          name: name.trim(),
          idNumber: normaliseResidentId(idNumber),
          mobile: normaliseMobile(mobile),
        },
      },
      { progress: t("activate.sending"), success: null },
    );
    if (outcome.ok) {
      setSent(outcome.value);
      setCode("");
      go(1);
    } else if (Object.keys(outcome.fieldErrors).length > 0) {
      form.report(outcome.fieldErrors, detailSpecs);
    } else setNotice(outcome.message);
  };

  const askAgain = async (): Promise<void> => {
    if (!sent) return;
    const outcome = await resend(
      { activationId: sent.codeId },
      { progress: t("code.resending"), success: t("code.resent") },
    );
    if (outcome.ok) {
      setSent(outcome.value);
      setNotice(null);
    } else if (outcome.member?.retryAfterSeconds) {
      setSent(waitFor(sent, outcome.member.retryAfterSeconds));
    } else setNotice(outcome.message);
  };

  /** The server checks the code now, so a wrong one is said before the password is typed. */
  const checkCode = async (event: Event): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    if (!form.report(problems({ code: codeProblem(code, t) }), codeSpecs)) return;
    if (!sent) return;
    const outcome = await check(
      { input: { activationId: sent.codeId, code } },
      { progress: t("activate.checkingCode"), success: null },
    );
    if (outcome.ok) go(2);
    else if (errorFor(outcome.fieldErrors, "code")) {
      setCode("");
      form.report(outcome.fieldErrors, codeSpecs);
    } else setNotice(outcome.message);
  };

  const finish = async (event: Event): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    if (!form.report(problems(newPasswordProblems(password, confirmation, t, false)), passwordSpecs)) return;
    if (!sent) return;
    const outcome = await complete(
      { input: { activationId: sent.codeId, code, password } },
      { progress: t("activate.activating"), success: null },
    );
    if (outcome.ok) {
      session.signedIn(outcome.value.me);
      navigate("/me?activated=1", true);
      return;
    }
    const errors = outcome.fieldErrors;
    if (errorFor(errors, "code")) {
      setStep(1);
      setCode("");
      form.report(errors, codeSpecs);
    } else if (detailSpecs.some((spec) => errorFor(errors, spec.field))) {
      setStep(0);
      form.report(errors, detailSpecs);
    } else if (Object.keys(errors).length > 0) {
      form.report(errors, passwordSpecs);
    } else if (outcome.member?.code === "INVALID_STATE") {
      // The code expired or was tried too often: a new one is needed.
      setStep(1);
      setCode("");
      setNotice(outcome.message);
      form.clear();
    } else setNotice(outcome.message);
  };

  return (
    <div class="page page-narrow">
      <PageHeading title={t("activate.title")} lead={t("activate.lead")} />
      <div class="panel">
        <Steps current={step} labels={labels} />
        <ErrorSummary items={form.summary} />
        {notice && <Notice kind="error">{notice}</Notice>}
        {step === 0 && (
          <form class="form" noValidate onSubmit={(event) => void sendDetails(event)}>
            <TextField
              name="name"
              label={t("activate.name")}
              hint={t("activate.nameHint")}
              value={name}
              onValue={setName}
              error={form.error("name")}
              required
              autoComplete="name"
            />
            <TextField
              name="idNumber"
              label={t("activate.idNumber")}
              hint={t("activate.idNumberHint")}
              value={idNumber}
              onValue={(value) => {
                setIdNumber(value);
                form.forget("idNumber");
              }}
              error={form.error("idNumber")}
              required
              maxLength={22}
              autoComplete="off"
              autoCapitalize="characters"
              spellcheck={false}
              alsoDescribedBy="id-check"
            />
            <IdNumberCheck value={idNumber} fieldError={form.error("idNumber")} />
            <TextField
              name="mobile"
              label={t("activate.mobile")}
              hint={t("activate.mobileHint")}
              value={mobile}
              onValue={setMobile}
              error={form.error("mobile")}
              required
              type="tel"
              inputMode="tel"
              autoComplete="tel-national"
            />
            <Button type="submit" busy={starting.busy} busyLabel={t("activate.sending")}>
              {t("activate.sendCode")}
            </Button>
          </form>
        )}
        {step === 1 && sent && (
          <form class="form" noValidate onSubmit={(event) => void checkCode(event)}>
            <CodeStep
              sent={sent}
              code={code}
              onCode={setCode}
              error={form.error("code")}
              onResend={() => void askAgain()}
              resendBusy={resending.busy}
            />
            <Button type="submit" busy={checking.busy} busyLabel={t("activate.checkingCode")}>
              {t("form.next")}
            </Button>
            <Button kind="quiet" onClick={() => go(0)}>
              {t("activate.changeDetails")}
            </Button>
          </form>
        )}
        {step === 2 && (
          <form class="form" noValidate onSubmit={(event) => void finish(event)}>
            <NewPasswordFields
              value={password}
              confirmation={confirmation}
              onValue={setPassword}
              onConfirmation={setConfirmation}
              withTotp={false}
              error={form.error("password")}
              confirmError={form.error("confirmation")}
            />
            <Button type="submit" busy={completing.busy} busyLabel={t("activate.activating")}>
              {t("activate.submit")}
            </Button>
            <Button kind="quiet" onClick={() => go(1)}>
              {t("form.back")}
            </Button>
          </form>
        )}
      </div>
      <p class="aside-link">
        {t("activate.haveAccount")} <a href="/sign-in">{t("nav.signIn")}</a>
      </p>
    </div>
  );
}

// Adding the account to an authenticator app: the QR code from the API (or its key typed by
// hand, or the otpauth link on the phone itself), then one code from the app to confirm.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ConfirmTotpMutation } from "../graphql/documents/personal";
import { expectMember, useAction } from "../graphql/mutation";
import type { ViewerFieldsFragment } from "../gql/graphql";
import { useT } from "../i18n";
import { problems, useFormErrors, type FieldSpec } from "../lib/forms";
import { CodeField, codeProblem } from "./Fields";
import { Button, ErrorSummary } from "./Form";
import { Notice } from "./Page";

export interface Enrolment {
  enrolmentToken: string;
  secret: string;
  otpauthUri: string;
  qrCodeDataUri: string;
  expiresAt: string;
}

/** The key in groups of four, as authenticator apps show and accept it. */
export function groupedSecret(secret: string): string {
  return secret.replace(/\s+/g, "").replace(/(.{4})(?=.)/g, "$1 ");
}

export function TotpEnrol({
  enrolment,
  onConfirmed,
  submitLabel,
}: {
  enrolment: Enrolment;
  onConfirmed: (me: ViewerFieldsFragment) => void;
  submitLabel: string;
}): JSX.Element {
  const { t } = useT();
  const [code, setCode] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors();
  const [action, confirm] = useAction(ConfirmTotpMutation, (d) =>
    expectMember(d.confirmTotpEnrolment, "TotpEnabled"),
  );
  const specs: FieldSpec[] = [{ field: "code", label: t("totp.code") }];

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    if (!form.report(problems({ code: codeProblem(code, t) }), specs)) return;
    const outcome = await confirm(
      { input: { enrolmentToken: enrolment.enrolmentToken, code } },
      { progress: t("totp.confirming"), success: t("totp.enabled") },
    );
    if (outcome.ok) onConfirmed(outcome.value.me);
    else {
      setCode("");
      if (Object.keys(outcome.fieldErrors).length > 0) form.report(outcome.fieldErrors, specs);
      else setNotice(outcome.message);
    }
  };

  return (
    <div class="totp">
      <ol class="totp-steps">
        <li>{t("totp.stepInstall")}</li>
        <li>
          {t("totp.stepScan")}
          <div class="totp-qr">
            <img src={enrolment.qrCodeDataUri} alt={t("totp.qrAlt")} width={200} height={200} />
          </div>
          <p class="field-hint">{t("totp.samePhone")}</p>
          <p>
            <a class="button button-secondary" href={enrolment.otpauthUri}>
              {t("totp.openApp")}
            </a>
          </p>
          <details class="totp-manual">
            <summary>{t("totp.manual")}</summary>
            <p class="field-hint">{t("totp.manualHint")}</p>
            <p class="totp-secret mono" data-secret={enrolment.secret}>
              {groupedSecret(enrolment.secret)}
            </p>
          </details>
        </li>
        <li>
          {t("totp.stepConfirm")}
          <ErrorSummary items={form.summary} />
          {notice && <Notice kind="error">{notice}</Notice>}
          <form class="form" noValidate onSubmit={(event) => void submit(event)}>
            <CodeField
              name="code"
              label={t("totp.code")}
              hint={t("totp.codeHint")}
              value={code}
              onValue={setCode}
              error={form.error("code")}
            />
            <Button type="submit" busy={action.busy} busyLabel={t("totp.confirming")}>
              {submitLabel}
            </Button>
          </form>
        </li>
      </ol>
    </div>
  );
}

// An authenticator app as second factor: optional for practitioners (their password may then
// be shorter), and how staff move their codes to a new phone.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { Button } from "../../components/Form";
import { Notice, PageHeading } from "../../components/Page";
import { TotpEnrol, type Enrolment } from "../../components/TotpEnrol";
import { BeginTotpMutation } from "../../graphql/documents/personal";
import { expectMember, useAction } from "../../graphql/mutation";
import { useT } from "../../i18n";
import { navigate } from "../../lib/navigation";
import { useSession } from "../../lib/viewer";
import { BackToAccount } from "./PasswordPage";

export function TotpPage(): JSX.Element {
  const { t } = useT();
  const session = useSession();
  const { viewer } = session;
  const staff = viewer.kind !== "PERSONAL";
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [action, begin] = useAction(BeginTotpMutation, (d) =>
    expectMember(d.beginTotpEnrolment, "TotpEnrolment"),
  );

  const start = async (): Promise<void> => {
    setNotice(null);
    const outcome = await begin({}, { progress: t("totp.preparing"), success: null });
    if (outcome.ok) setEnrolment(outcome.value);
    else setNotice(outcome.message);
  };

  const lead = staff ? t("totp.leadStaff") : t("totp.leadPractitioner");
  return (
    <div class="page page-narrow">
      <BackToAccount />
      <PageHeading title={t("totp.title")} lead={lead} />
      <div class="panel">
        {notice && <Notice kind="error">{notice}</Notice>}
        {enrolment ? (
          <TotpEnrol
            enrolment={enrolment}
            submitLabel={t("totp.confirm")}
            onConfirmed={(me) => {
              session.signedIn(me);
              navigate("/me", true);
            }}
          />
        ) : (
          <>
            <Notice kind={viewer.totpEnabled ? "success" : "info"}>
              {viewer.totpEnabled ? t("totp.isOn") : t("totp.isOff")}
            </Notice>
            <Button onClick={() => void start()} busy={action.busy} busyLabel={t("totp.preparing")}>
              {viewer.totpEnabled ? t("totp.replace") : t("totp.turnOn")}
            </Button>
          </>
        )}
      </div>
    </div>
  );
}

// The step after an SMS code was sent: where it went, the code field, and "send again" once
// the server allows another code (a countdown until then).
import type { JSX } from "preact";
import { useEffect } from "preact/hooks";
import { useT } from "../i18n";
import { secondsUntil, useCountdown } from "../lib/countdown";
import { CodeField } from "./Fields";
import { Button } from "./Form";

export interface SentCode {
  codeId: string;
  mobileMasked: string;
  expiresAt: string;
  resendAvailableAt: string;
}

/** The same code answer with the wait the server asked for (a RateLimited answer). */
export function waitFor(sent: SentCode, seconds: number): SentCode {
  return { ...sent, resendAvailableAt: new Date(Date.now() + seconds * 1000).toISOString() };
}

export function CodeStep({
  sent,
  code,
  onCode,
  error,
  onResend,
  resendBusy,
  name = "code",
}: {
  sent: SentCode;
  code: string;
  onCode: (code: string) => void;
  error?: string | undefined;
  onResend?: (() => void) | undefined;
  resendBusy?: boolean;
  name?: string;
}): JSX.Element {
  const { t } = useT();
  const [seconds, start] = useCountdown();
  useEffect(() => start(secondsUntil(sent.resendAvailableAt, Date.now())), [sent, start]);
  return (
    <>
      <p class="code-sent" role="status">
        {t("code.sentTo", { mobile: sent.mobileMasked })}
      </p>
      <CodeField
        name={name}
        label={t("code.label")}
        hint={t("code.hint")}
        value={code}
        onValue={onCode}
        error={error}
      />
      {onResend && (
        <p class="resend">
          {seconds > 0 ? (
            <span class="resend-wait">{t("code.resendIn", { seconds })}</span>
          ) : (
            <Button kind="quiet" busy={resendBusy} busyLabel={t("code.resending")} onClick={onResend}>
              {t("code.resend")}
            </Button>
          )}
        </p>
      )}
    </>
  );
}

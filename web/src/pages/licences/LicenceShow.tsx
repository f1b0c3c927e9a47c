// 亮证: the licence shown full screen like its PDF (emblem, holder, number, status, validity,
// issuer) with a live QR code renewed every minute (a share of three minutes) and a clock that
// runs while it is shown, so a photo or a screenshot passed off as the live screen gives itself
// away. Without a connection the QR is the licence's own verify code from the last fetch.
import type { JSX } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import "../../styles/licence-show.css";
import emblem from "../../assets/emblem.svg";
import { StatusTag } from "../../components/Status";
import type { LicenceFieldsFragment } from "../../gql/graphql";
import { useT } from "../../i18n";
import { formatDate, localName } from "../../lib/format";
import { licenceTone, qrDataUrl } from "./licenceParts";
import { useLiveCode } from "./liveCode";

function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function LicenceShow({
  licence,
  offlineSince,
  onClose,
}: {
  licence: LicenceFieldsFragment;
  /** When shown from the copy kept on this device: the time of that copy. */
  offlineSince: string | null;
  onClose: () => void;
}): JSX.Element {
  const { t, language } = useT();
  const close = useRef<HTMLButtonElement>(null);
  const now = useNow();
  const live = useLiveCode(licence.number, offlineSince === null);
  const qrUrl = live?.url ?? licence.verifyUrl ?? "";
  const src = useMemo(() => qrDataUrl(qrUrl), [qrUrl]);
  useEffect(() => {
    close.current?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  const title = t("lic.qrTitle", { holder: licence.holderName });
  const locale = language === "en" ? "en-GB" : "zh-CN";
  const time = now.toLocaleTimeString(locale, { hour12: false });
  return (
    <div class="qr-overlay licence-show" role="dialog" aria-modal="true" aria-labelledby="qr-title">
      <div class="licence-show-card" data-status={licence.status}>
        <div class="licence-show-head">
          <img src={emblem} alt="" width={44} height={44} />
          <div>
            <p class="licence-show-issuer">
              {localName(language, licence.issuer.nameZh, licence.issuer.nameEn)}
            </p>
            <h2 id="qr-title">{t(`verify.kinds.${licence.kind}`)}</h2>
          </div>
        </div>
        <p class="licence-show-holder">{licence.holderName}</p>
        <StatusTag
          tone={licenceTone(licence.status)}
          status={licence.status}
          label={t(`licenceStatus.${licence.status}`)}
        />
        <img
          class="qr-image"
          src={src}
          alt={title}
          data-verify-url={qrUrl}
          data-live={live ? "true" : "false"}
        />
        <p class="qr-number">{licence.number}</p>
        <dl class="licence-show-facts">
          <div>
            <dt>{t("lic.validUntil")}</dt>
            <dd>{licence.validUntil ? formatDate(licence.validUntil, language) : t("lic.noExpiry")}</dd>
          </div>
          {licence.institutionName && (
            <div>
              <dt>{t("lic.institution")}</dt>
              <dd>{licence.institutionName}</dd>
            </div>
          )}
        </dl>
        <p class="licence-show-clock" aria-live="off">
          {t("lic.shownAt")} <time class="mono">{time}</time>
        </p>
        <p class="licence-show-live">
          {live
            ? t("lic.liveCode", {
                time: new Date(live.expiresAt).toLocaleTimeString(locale, { hour12: false }),
              })
            : t("lic.liveUnavailable")}
        </p>
        {offlineSince && (
          <p class="notice notice-info licence-show-offline" role="status">
            {t("lic.offline", { time: new Date(offlineSince).toLocaleString(language) })}
          </p>
        )}
      </div>
      <p class="licence-show-hint">{t("lic.brightness")}</p>
      <p>{t("lic.qrHint")}</p>
      <button ref={close} type="button" class="button button-primary" onClick={onClose}>
        {t("lic.closeQr")}
      </button>
    </div>
  );
}

// The answer of the verify page: the status in large coloured text with an icon (never colour
// alone), then the facts an employer checks.
import type { JSX } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { Verification } from "../graphql/verification";
import { useT } from "../i18n";
import { formatDate, formatDateTime, localName } from "../lib/format";
import { Icon } from "./Icon";

export function VerificationResult({ verification }: { verification: Verification }): JSX.Element {
  const { t, language } = useT();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), [verification]);
  const valid = verification.status === "VALID";
  const facts: [string, string | null][] = [
    [t("verify.holderName"), verification.holderName],
    [t("verify.kind"), verification.kind ? t(`verify.kinds.${verification.kind}`) : null],
    [t("verify.licenceNumber"), verification.licenceNumber],
    [
      t("verify.issuer"),
      verification.issuer
        ? localName(language, verification.issuer.nameZh, verification.issuer.nameEn)
        : null,
    ],
    [t("verify.validUntil"), verification.validUntil ? formatDate(verification.validUntil, language) : null],
    [t("verify.version"), verification.version !== null ? String(verification.version) : null],
    [t("verify.statusAsOf"), formatDateTime(verification.statusAsOf, language)],
  ];
  return (
    <section
      ref={ref}
      tabIndex={-1}
      class={valid ? "verdict verdict-valid" : "verdict verdict-invalid"}
      aria-labelledby="verdict-status"
      data-status={verification.status}
    >
      <p class="verdict-label">{t("verify.result")}</p>
      <p id="verdict-status" class="verdict-status">
        <Icon name={valid ? "check" : "cross"} size={40} />
        <span>{t(`verify.status.${verification.status}`)}</span>
      </p>
      <p class="verdict-explain">
        {verification.checked === "pdf" && verification.status === "FORGED"
          ? t("verify.forgedPdf")
          : t(`verify.statusExplain.${verification.status}`)}
      </p>
      {verification.status !== "FORGED" && verification.status !== "UNSIGNED" && (
        <p class="verdict-checked" data-checked={verification.checked}>
          <Icon name="shield" size={18} /> {t(`verify.checked.${verification.checked}`)}
        </p>
      )}
      <dl class="facts facts-table verdict-facts">
        {facts
          .filter((fact): fact is [string, string] => Boolean(fact[1]))
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}

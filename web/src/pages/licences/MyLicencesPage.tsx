// The holder's e-licences: the newest version of each with its QR code (full screen, for an
// employer to scan), the signed PDF, and the earlier versions.
import type { JSX } from "preact";
import "../../styles/applications.css";
import { useQuery } from "@urql/preact";
import { generate } from "lean-qr";
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Button } from "../../components/Form";
import { Loading, Notice, PageHeading } from "../../components/Page";
import { Facts, StatusTag, type Tone } from "../../components/Status";
import { MyLicencesQuery } from "../../graphql/documents/licences";
import { describeError } from "../../graphql/errors";
import type { LicenceFieldsFragment, LicenceStatus } from "../../gql/graphql";
import { useT } from "../../i18n";
import { formatDate, formatDateTime, localName } from "../../lib/format";
import { usePollWhile } from "../../lib/polling";

type Licence = LicenceFieldsFragment;

export function licenceTone(status: LicenceStatus): Tone {
  return status === "VALID" ? "success" : status === "SUPERSEDED" ? "neutral" : "danger";
}

/** The QR code of a verify link as a PNG data URL, drawn here (nothing leaves the page). */
export function qrDataUrl(text: string): string {
  return generate(text).toDataURL({ scale: 8, padX: 4, padY: 4 });
}

function QrOverlay({ licence, onClose }: { licence: Licence; onClose: () => void }): JSX.Element {
  const { t } = useT();
  const close = useRef<HTMLButtonElement>(null);
  const src = useMemo(() => qrDataUrl(licence.verifyUrl ?? ""), [licence.verifyUrl]);
  useEffect(() => {
    close.current?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  const title = t("lic.qrTitle", { holder: licence.holderName });
  return (
    <div class="qr-overlay" role="dialog" aria-modal="true" aria-labelledby="qr-title">
      <h2 id="qr-title">{title}</h2>
      <img class="qr-image" src={src} alt={title} data-verify-url={licence.verifyUrl ?? ""} />
      <p class="qr-number">{licence.number}</p>
      <p>{t("lic.qrHint")}</p>
      <button ref={close} type="button" class="button button-primary" onClick={onClose}>
        {t("lic.closeQr")}
      </button>
    </div>
  );
}

function LicenceCard({ licence, history }: { licence: Licence; history: readonly Licence[] }): JSX.Element {
  const { t, language } = useT();
  const [qr, setQr] = useState(false);
  return (
    <article class="item-card licence-card" data-licence={licence.number}>
      <div class="item-head">
        <h2 class="item-title">{t(`verify.kinds.${licence.kind}`)}</h2>
        <StatusTag
          tone={licenceTone(licence.status)}
          status={licence.status}
          label={t(`licenceStatus.${licence.status}`)}
        />
      </div>
      <Facts
        items={[
          [t("lic.number"), `${licence.number} · ${t("lic.version", { version: licence.version })}`],
          [t("lic.holder"), licence.holderName],
          !!licence.institutionName && [t("lic.institution"), licence.institutionName],
          !!licence.category && [t("lic.category"), licence.category],
          !!licence.scope && [t("lic.scope"), licence.scope],
          [t("lic.issuer"), localName(language, licence.issuer.nameZh, licence.issuer.nameEn)],
          [t("lic.validFrom"), formatDate(licence.validFrom, language)],
          [
            t("lic.validUntil"),
            licence.validUntil ? formatDate(licence.validUntil, language) : t("lic.noExpiry"),
          ],
          !!licence.statusReason && [t("lic.statusReason"), licence.statusReason],
        ]}
      />
      {licence.verifyUrl && licence.downloadUrl ? (
        <div class="button-row">
          <Button onClick={() => setQr(true)}>{t("lic.showQr")}</Button>
          <a class="button button-secondary" href={licence.downloadUrl} download={`${licence.number}.pdf`}>
            {t("lic.pdf")}
          </a>
        </div>
      ) : (
        <div role="status" aria-live="polite">
          <Notice>{t("lic.signing")}</Notice>
        </div>
      )}
      {history.length > 0 && (
        <details class="licence-history">
          <summary>{t("lic.history")}</summary>
          <ul>
            {history.map((old) => (
              <li key={old.id}>
                {t("lic.version", { version: old.version })} · {t(`licenceStatus.${old.status}`)} ·{" "}
                {formatDateTime(old.issuedAt, language)}
                {old.downloadUrl && (
                  <>
                    {" · "}
                    <a href={old.downloadUrl} download={`${old.number}-v${old.version}.pdf`}>
                      {t("lic.pdf")}
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
      {qr && <QrOverlay licence={licence} onClose={() => setQr(false)} />}
    </article>
  );
}

export function MyLicencesPage(): JSX.Element {
  const { t } = useT();
  const [result, reexecute] = useQuery({ query: MyLicencesQuery, requestPolicy: "network-only" });
  const all = result.data?.myLicences ?? [];
  // A licence being signed shows its download link by itself once the signature is stored.
  const signing = all.some((l) => !l.downloadUrl);
  const refetch = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  usePollWhile(signing, refetch);
  const numbers = [...new Set(all.map((l) => l.number))];
  return (
    <div class="page page-narrow">
      <PageHeading title={t("lic.mineTitle")} lead={t("lic.mineLead")} />
      {result.fetching && !result.data ? (
        <Loading />
      ) : result.error ? (
        <Notice kind="error">{describeError(result.error, t)}</Notice>
      ) : numbers.length === 0 ? (
        <Notice>{t("lic.mineEmpty")}</Notice>
      ) : (
        <ol class="item-list item-list-rows" aria-label={t("lic.mineTitle")}>
          {numbers.map((number) => {
            const versions = all.filter((l) => l.number === number).sort((a, b) => b.version - a.version);
            return (
              <li key={number}>
                <LicenceCard licence={versions[0]!} history={versions.slice(1)} />
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

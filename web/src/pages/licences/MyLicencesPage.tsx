// The holder's e-licences: the newest version of each with its QR code (full screen, for an
// employer to scan), the signed PDF, and the earlier versions.
import type { JSX } from "preact";
import "../../styles/applications.css";
import { useQuery } from "@urql/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { Button } from "../../components/Form";
import { Loading, Notice, PageHeading } from "../../components/Page";
import { Facts, StatusTag } from "../../components/Status";
import { MyLicencesQuery } from "../../graphql/documents/licences";
import { describeError } from "../../graphql/errors";
import type { LicenceFieldsFragment } from "../../gql/graphql";
import { useT } from "../../i18n";
import { formatDate, formatDateTime, localName } from "../../lib/format";
import { usePollWhile } from "../../lib/polling";
import { useViewer } from "../../lib/viewer";
import "../../styles/licence-show.css";
import { LicenceShow } from "./LicenceShow";
import { LicenceSharePanel } from "./LicenceSharePanel";
import { keepLicences, keptLicences } from "../../lib/keptLicences";
import { licenceTone } from "./licenceParts";

type Licence = LicenceFieldsFragment;

function LicenceCard({
  licence,
  history,
  offlineSince,
}: {
  licence: Licence;
  history: readonly Licence[];
  offlineSince: string | null;
}): JSX.Element {
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
      {licence.verifyUrl && !offlineSince && <LicenceSharePanel number={licence.number} />}
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
      {qr && <LicenceShow licence={licence} offlineSince={offlineSince} onClose={() => setQr(false)} />}
    </article>
  );
}

export function MyLicencesPage(): JSX.Element {
  const { t } = useT();
  const viewer = useViewer();
  const [result, reexecute] = useQuery({ query: MyLicencesQuery, requestPolicy: "network-only" });
  // The last answer is kept on this device: without a connection the licences still show.
  const kept = viewer.accountId && !result.data && result.error ? keptLicences(viewer.accountId) : null;
  const all = result.data?.myLicences ?? kept?.licences ?? [];
  useEffect(() => {
    if (result.data && viewer.accountId) {
      const { accountId, displayName, kind, roles } = viewer;
      keepLicences({ accountId, displayName, kind, roles }, result.data.myLicences);
    }
  }, [result.data, viewer]);
  // A licence being signed shows its download link by itself once the signature is stored.
  const signing = all.some((l) => !l.downloadUrl);
  const refetch = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  usePollWhile(signing, refetch);
  // Shown from the kept copy, the licences are fetched again as soon as the device is back online.
  const offline = kept !== null;
  useEffect(() => {
    if (!offline) return undefined;
    window.addEventListener("online", refetch);
    return () => window.removeEventListener("online", refetch);
  }, [offline, refetch]);
  const numbers = [...new Set(all.map((l) => l.number))];
  return (
    <div class="page page-narrow">
      <PageHeading title={t("lic.mineTitle")} lead={t("lic.mineLead")} />
      {kept && <Notice>{t("lic.offline", { time: new Date(kept.at).toLocaleString() })}</Notice>}
      {result.fetching && !result.data ? (
        <Loading />
      ) : result.error && !kept ? (
        <Notice kind="error">{describeError(result.error, t)}</Notice>
      ) : numbers.length === 0 ? (
        <Notice>{t("lic.mineEmpty")}</Notice>
      ) : (
        <ol class="item-list item-list-rows" aria-label={t("lic.mineTitle")}>
          {numbers.map((number) => {
            const versions = all.filter((l) => l.number === number).sort((a, b) => b.version - a.version);
            return (
              <li key={number}>
                <LicenceCard
                  licence={versions[0]!}
                  history={versions.slice(1)}
                  offlineSince={kept?.at ?? null}
                />
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

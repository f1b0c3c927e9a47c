// The holder's share links for one licence: make one for an hour, a day or a week, copy it,
// revoke it. Whoever opens a link sees the licence's live status until it expires.
import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { useState } from "preact/hooks";
import { Button, SelectField } from "../../components/Form";
import {
  LicenceShareLinksQuery,
  RevokeLicenceShareMutation,
  ShareLicenceMutation,
} from "../../graphql/documents/licences";
import { expectMember, useAction } from "../../graphql/mutation";
import { useT } from "../../i18n";
import { formatDateTime } from "../../lib/format";

const HOURS = ["1", "24", "168"] as const;

function CopyButton({ text }: { text: string }): JSX.Element {
  const { t } = useT();
  const [copied, setCopied] = useState(false);
  return (
    <Button
      kind="secondary"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => setCopied(true));
      }}
    >
      {copied ? t("lic.copied") : t("lic.copy")}
    </Button>
  );
}

/** The open links; remounted (`key`) after a new one is made, so it fetches afresh. */
function OpenLinks({ number }: { number: string }): JSX.Element {
  const { t, language } = useT();
  const [links, refetch] = useQuery({
    query: LicenceShareLinksQuery,
    variables: { number },
    requestPolicy: "network-only",
  });
  const [revoking, revoke] = useAction(RevokeLicenceShareMutation, (d) =>
    expectMember(d.revokeLicenceShare, "LicenceShareSuccess"),
  );
  const open = links.data?.licenceShareLinks ?? [];
  if (links.fetching && !links.data) return <p>{t("app.loading")}</p>;
  if (open.length === 0) return <p class="share-none">{t("lic.shareNone")}</p>;
  return (
    <ul class="share-links" aria-label={t("lic.shareOpen")}>
      {open.map((link) => (
        <li key={link.id} data-share={link.id}>
          <a class="share-url mono" href={link.url ?? "#"} target="_blank" rel="noreferrer">
            {link.url}
          </a>
          <span class="field-hint">
            {t("lic.shareUntil", { time: formatDateTime(link.expiresAt, language) })}
          </span>
          <div class="button-row">
            {link.url && <CopyButton text={link.url} />}
            <Button
              kind="danger"
              busy={revoking.busy}
              onClick={async () => {
                const outcome = await revoke(
                  { id: link.id },
                  { progress: t("lic.revoking"), success: t("lic.revoked") },
                );
                if (outcome.ok) refetch({ requestPolicy: "network-only" });
              }}
            >
              {t("lic.revoke")}
            </Button>
          </div>
        </li>
      ))}
    </ul>
  );
}

export function LicenceSharePanel({ number }: { number: string }): JSX.Element {
  const { t } = useT();
  const [opened, setOpened] = useState(false);
  const [hours, setHours] = useState<string>("24");
  const [revision, setRevision] = useState(0);
  const [sharing, share] = useAction(ShareLicenceMutation, (d) =>
    expectMember(d.shareLicence, "LicenceShareSuccess"),
  );
  return (
    <details class="licence-share" onToggle={(event) => setOpened(event.currentTarget.open)}>
      <summary>{t("lic.share")}</summary>
      <p class="field-hint">{t("lic.shareLead")}</p>
      <div class="share-form">
        <SelectField
          name={`share-hours-${number}`}
          label={t("lic.shareHours")}
          value={hours}
          onValue={setHours}
          options={HOURS.map((h) => ({ value: h, label: t(`lic.hours.${h}`) }))}
          markOptional={false}
        />
        <Button
          busy={sharing.busy}
          onClick={async () => {
            const outcome = await share(
              { number, hours: Number(hours) },
              { progress: t("lic.sharing"), success: t("lic.shareCreated") },
            );
            if (outcome.ok) setRevision((r) => r + 1);
          }}
        >
          {t("lic.shareCreate")}
        </Button>
      </div>
      {opened && <OpenLinks key={revision} number={number} />}
    </details>
  );
}

// Officers: the licences their authority issued, found by number or holder; suspend a valid
// one or reinstate a suspended one, with the reason the holder reads.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ConnectionList } from "../../components/ConnectionList";
import { Button, TextField } from "../../components/Form";
import { PageHeading } from "../../components/Page";
import { panelResult, ReasonPanel } from "../../components/ReasonPanel";
import { Facts, StatusTag } from "../../components/Status";
import {
  LicencesQuery,
  ReinstateLicenceMutation,
  SuspendLicenceMutation,
} from "../../graphql/documents/licences";
import { expectMember, useAction } from "../../graphql/mutation";
import type { LicenceFieldsFragment } from "../../gql/graphql";
import { useT } from "../../i18n";
import { formatDate, localName } from "../../lib/format";
import { useConnection } from "../../lib/useConnection";
import { licenceTone } from "./licenceParts";

type Licence = LicenceFieldsFragment;

function LicenceRow({
  licence,
  onChanged,
}: {
  licence: Licence;
  onChanged: (l: Licence) => void;
}): JSX.Element {
  const { t, language } = useT();
  const [open, setOpen] = useState<"suspend" | "reinstate" | null>(null);
  const [suspending, suspend] = useAction(SuspendLicenceMutation, (d) =>
    expectMember(d.suspendLicence, "LicenceSuccess"),
  );
  const [reinstating, reinstate] = useAction(ReinstateLicenceMutation, (d) =>
    expectMember(d.reinstateLicence, "LicenceSuccess"),
  );
  const number = licence.number;
  return (
    <article class="item-card" data-licence={number}>
      <div class="item-head">
        <h2 class="item-title">
          {licence.holderName} · {number} · {t("lic.version", { version: licence.version })}
        </h2>
        <StatusTag
          tone={licenceTone(licence.status)}
          status={licence.status}
          label={t(`licenceStatus.${licence.status}`)}
        />
      </div>
      <Facts
        items={[
          [t("lic.kind"), t(`verify.kinds.${licence.kind}`)],
          [t("lic.issuer"), localName(language, licence.issuer.nameZh, licence.issuer.nameEn)],
          [
            t("lic.validUntil"),
            licence.validUntil ? formatDate(licence.validUntil, language) : t("lic.noExpiry"),
          ],
          !!licence.statusReason && [t("lic.statusReason"), licence.statusReason],
        ]}
      />
      <div class="button-row">
        {licence.status === "VALID" && (
          <Button kind="secondary" onClick={() => setOpen("suspend")} aria-expanded={open === "suspend"}>
            {t("lic.suspend")}
          </Button>
        )}
        {licence.status === "SUSPENDED" && (
          <Button kind="secondary" onClick={() => setOpen("reinstate")} aria-expanded={open === "reinstate"}>
            {t("lic.reinstate")}
          </Button>
        )}
      </div>
      {open && (
        <ReasonPanel
          title={t(open === "suspend" ? "lic.suspendTitle" : "lic.reinstateTitle", { number })}
          hint={t(open === "suspend" ? "lic.suspendHint" : "lic.reinstateHint")}
          label={t("lic.reason")}
          name={`${open}-${number}`}
          submitLabel={t(open === "suspend" ? "lic.suspend" : "lic.reinstate")}
          busyLabel={t(open === "suspend" ? "lic.suspending" : "lic.reinstating")}
          busy={suspending.busy || reinstating.busy}
          danger={open === "suspend"}
          onClose={() => setOpen(null)}
          onSubmit={async (reason) => {
            const run = open === "suspend" ? suspend : reinstate;
            const outcome = await run(
              { input: { number, reason, expectedVersion: licence.version } },
              {
                progress: t(open === "suspend" ? "lic.suspending" : "lic.reinstating"),
                success: t(open === "suspend" ? "lic.suspended" : "lic.reinstated", { number }),
              },
            );
            if (outcome.ok) {
              setOpen(null);
              onChanged(outcome.value.licence);
            }
            return panelResult(outcome);
          }}
        />
      )}
    </article>
  );
}

export function LicencesPage(): JSX.Element {
  const { t } = useT();
  const [number, setNumber] = useState("");
  const [holder, setHolder] = useState("");
  const [filter, setFilter] = useState<{ number: string | null; holderName: string | null }>({
    number: null,
    holderName: null,
  });
  const list = useConnection(
    LicencesQuery,
    { first: 20, filter: { ...filter, currentOnly: true } },
    (d) => d.licences,
  );
  return (
    <div class="page">
      <PageHeading title={t("lic.manageTitle")} lead={t("lic.manageLead")} />
      <form
        class="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setFilter({ number: number.trim() || null, holderName: holder.trim() || null });
        }}
      >
        <TextField
          name="number"
          label={t("lic.searchNumber")}
          value={number}
          onValue={setNumber}
          markOptional={false}
        />
        <TextField
          name="holder"
          label={t("lic.searchHolder")}
          value={holder}
          onValue={setHolder}
          markOptional={false}
        />
        <div class="filter-actions">
          <Button type="submit">{t("lic.search")}</Button>
        </div>
      </form>
      <ConnectionList
        id="licences"
        list={list}
        keyOf={(l) => l.id}
        label={t("lic.manageTitle")}
        empty={t("lic.empty")}
        rows
        render={(licence) => (
          <LicenceRow
            licence={licence}
            onChanged={(next) =>
              list.update((items) => items.map((l) => (l.number === next.number ? next : l)))
            }
          />
        )}
      />
    </div>
  );
}

// Machine clients (other systems, employers) of the registry API: who they are, what they may
// read, and a revocation that locks a client out at once. New clients are created with
// `medreg clients create`, which prints the secret once.
import { useQuery } from "@urql/preact";
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { Button } from "../../components/Form";
import { Loading, Notice, PageHeading } from "../../components/Page";
import { ActionPanel, Facts, StatusTag } from "../../components/Status";
import { MachineClientsQuery, RevokeMachineClientMutation } from "../../graphql/documents/interop";
import { expectMember, useAction } from "../../graphql/mutation";
import type { MachineClientsQuery as ClientsData } from "../../gql/graphql";
import { useT } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { WebhookList } from "./WebhookList";
import "../../styles/admin.css";

type Client = ClientsData["machineClients"][number];

function ClientItem({
  row,
  onRevoked,
}: {
  row: Client;
  onRevoked: (revokedAt: string) => void;
}): JSX.Element {
  const { t, language } = useT();
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [revoking, revoke] = useAction(RevokeMachineClientMutation, (d) =>
    expectMember(d.revokeMachineClient, "RevokeMachineClientSuccess"),
  );
  const onRevoke = async (): Promise<void> => {
    setNotice(null);
    const outcome = await revoke(
      { clientId: row.clientId },
      { progress: t("machineClients.revoking"), success: t("machineClients.revoked") },
    );
    setConfirming(false);
    if (outcome.ok) onRevoked(outcome.value.client.revokedAt ?? new Date().toISOString());
    else setNotice(outcome.message);
  };
  const active = row.revokedAt == null;
  return (
    <article class="item-card" data-machine-client={row.clientId}>
      <div class="item-head">
        <h2 class="item-title">{row.name}</h2>
        <StatusTag
          tone={active ? "success" : "neutral"}
          status={active ? "ACTIVE" : "REVOKED"}
          label={t(active ? "machineClients.active" : "machineClients.revokedStatus")}
        />
      </div>
      <Facts
        items={[
          [t("machineClients.clientId"), <span class="mono">{row.clientId}</span>],
          [
            t("machineClients.scopes"),
            row.scopes
              .map((s) => t(`machineClients.scope.${scopeKey(s)}`))
              .join(language === "en" ? ", " : "、"),
          ],
          [t("machineClients.rateLimit"), <span class="mono">{row.rateLimit}</span>],
          [t("machineClients.createdAt"), formatDateTime(row.createdAt, language)],
          row.revokedAt ? [t("machineClients.revokedAt"), formatDateTime(row.revokedAt, language)] : null,
        ]}
      />
      {notice && <Notice kind="error">{notice}</Notice>}
      {active && <WebhookList subscriptions={row.webhooks} />}
      {active && !confirming && (
        <div class="button-row">
          <Button kind="quiet" onClick={() => setConfirming(true)}>
            {t("machineClients.revoke")}
          </Button>
        </div>
      )}
      {active && confirming && (
        <ActionPanel
          title={t("machineClients.confirmTitle", { name: row.name })}
          onClose={() => setConfirming(false)}
        >
          <p>{t("machineClients.confirmRevoke")}</p>
          <div class="button-row">
            <Button
              busy={revoking.busy}
              busyLabel={t("machineClients.revoking")}
              onClick={() => void onRevoke()}
            >
              {t("machineClients.revoke")}
            </Button>
            <Button kind="quiet" onClick={() => setConfirming(false)}>
              {t("machineClients.cancel")}
            </Button>
          </div>
        </ActionPanel>
      )}
    </article>
  );
}

function scopeKey(scope: string): "fhir" | "verify" | "webhooks" | "other" {
  if (scope === "fhir.read") return "fhir";
  if (scope === "verify.bulk") return "verify";
  if (scope === "webhooks") return "webhooks";
  return "other";
}

export function MachineClientsPage(): JSX.Element {
  const { t } = useT();
  const [result] = useQuery({ query: MachineClientsQuery, requestPolicy: "network-only" });
  const [revoked, setRevoked] = useState<Record<string, string>>({});
  const rows = result.data?.machineClients ?? [];
  return (
    <div class="page">
      <PageHeading title={t("machineClients.title")} lead={t("machineClients.lead")} />
      {result.fetching && !result.data && <Loading />}
      {result.error && <Notice kind="error">{t("machineClients.loadFailed")}</Notice>}
      {result.data && rows.length === 0 && <Notice>{t("machineClients.empty")}</Notice>}
      <ol class="item-list" aria-label={t("machineClients.listLabel")}>
        {rows.map((row) => (
          <li key={row.clientId}>
            <ClientItem
              row={{ ...row, revokedAt: revoked[row.clientId] ?? row.revokedAt }}
              onRevoked={(at) => setRevoked((done) => ({ ...done, [row.clientId]: at }))}
            />
          </li>
        ))}
      </ol>
    </div>
  );
}

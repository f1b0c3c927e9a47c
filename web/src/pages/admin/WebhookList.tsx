// A machine client's webhook subscriptions on the administrator's page: each with a test
// message sent at once (to check an employer's endpoint together) and its delivery log.
import { useQuery } from "@urql/preact";
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { Button } from "../../components/Form";
import { Loading, Notice } from "../../components/Page";
import { StatusTag, type Tone } from "../../components/Status";
import { SendWebhookTestMutation, WebhookDeliveriesQuery } from "../../graphql/documents/interop";
import { expectMember, useAction } from "../../graphql/mutation";
import type { MachineClientsQuery, WebhookDeliveriesQuery as LogData } from "../../gql/graphql";
import { useT, type T, type TKey } from "../../i18n";
import { formatDateTime } from "../../lib/format";

type Subscription = MachineClientsQuery["machineClients"][number]["webhooks"][number];
type Delivery = LogData["webhookDeliveries"][number];
const TONES: Record<string, Tone> = { DELIVERED: "success", PENDING: "warning", DEAD: "danger" };
const KNOWN_ERRORS = ["TARGET_NOT_PUBLIC", "TARGET_UNRESOLVED"];

function outcome(row: Delivery, t: T): string {
  if (row.lastStatusCode != null) return t("webhooks.httpStatus", { status: row.lastStatusCode });
  if (row.lastError && KNOWN_ERRORS.includes(row.lastError)) {
    return t(`webhooks.error.${row.lastError}` as TKey);
  }
  return row.lastError ? t("webhooks.error.NETWORK") : "";
}

function DeliveryRow({ row }: { row: Delivery }): JSX.Element {
  const { t, language } = useT();
  return (
    <li class="webhook-delivery" data-delivery={row.id} data-status={row.status}>
      <StatusTag
        tone={TONES[row.status] ?? "neutral"}
        status={row.status}
        label={t(`webhooks.status.${row.status}` as TKey)}
      />{" "}
      <span class="mono">{row.type}</span> · {formatDateTime(row.createdAt, language)} ·{" "}
      {t("webhooks.attempts", { attempts: row.attempts })} {outcome(row, t)}
    </li>
  );
}

function DeliveryLog({ subscriptionId }: { subscriptionId: string }): JSX.Element {
  const { t } = useT();
  const [result] = useQuery({
    query: WebhookDeliveriesQuery,
    variables: { subscriptionId },
    requestPolicy: "network-only",
  });
  if (result.fetching && !result.data) return <Loading />;
  if (result.error) return <Notice kind="error">{t("webhooks.logFailed")}</Notice>;
  const rows = result.data?.webhookDeliveries ?? [];
  if (rows.length === 0) return <p class="hint">{t("webhooks.logEmpty")}</p>;
  return (
    <ol class="webhook-log" aria-label={t("webhooks.log")}>
      {rows.map((row) => (
        <DeliveryRow key={row.id} row={row} />
      ))}
    </ol>
  );
}

function SubscriptionItem({ sub }: { sub: Subscription }): JSX.Element {
  const { t } = useT();
  const [sent, setSent] = useState<Delivery | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [showLog, setShowLog] = useState(false);
  const [logKey, setLogKey] = useState(0);
  const [sending, send] = useAction(SendWebhookTestMutation, (d) =>
    expectMember(d.sendWebhookTest, "WebhookTestSent"),
  );
  const onSend = async (): Promise<void> => {
    setNotice(null);
    const answer = await send(
      { subscriptionId: sub.id },
      { progress: t("webhooks.sending"), success: t("webhooks.attempted") },
    );
    if (answer.ok) {
      setSent(answer.value.delivery);
      setLogKey((k) => k + 1);
    } else setNotice(answer.message);
  };
  return (
    <li class="webhook" data-subscription={sub.id}>
      <p>
        <span class="mono">{sub.url}</span> · {t("webhooks.numbers", { count: sub.numbersCount })}
      </p>
      {sent && (
        <p class="webhook-sent" data-status={sent.status}>
          {t(sent.status === "DELIVERED" ? "webhooks.sentOk" : "webhooks.sentFailed")} {outcome(sent, t)}
        </p>
      )}
      {notice && <Notice kind="error">{notice}</Notice>}
      <div class="button-row">
        <Button
          kind="quiet"
          busy={sending.busy}
          busyLabel={t("webhooks.sending")}
          onClick={() => void onSend()}
        >
          {t("webhooks.sendTest")}
        </Button>
        <Button kind="quiet" aria-expanded={showLog} onClick={() => setShowLog((v) => !v)}>
          {t(showLog ? "webhooks.hideLog" : "webhooks.showLog")}
        </Button>
      </div>
      {showLog && <DeliveryLog key={logKey} subscriptionId={sub.id} />}
    </li>
  );
}

export function WebhookList({
  subscriptions,
}: {
  subscriptions: readonly Subscription[];
}): JSX.Element | null {
  const { t } = useT();
  if (subscriptions.length === 0) return null;
  return (
    <section class="webhooks">
      <h3>{t("webhooks.title")}</h3>
      <ul class="webhook-list">
        {subscriptions.map((sub) => (
          <SubscriptionItem key={sub.id} sub={sub} />
        ))}
      </ul>
    </section>
  );
}

"""System administrators see each machine client's webhook subscriptions, send a test message
at once (signed, to the real endpoint) and read the delivery log; nobody else may."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from access.actor import Actor, Grant, Role
from core.audit import AuditEntry
from core.clock import FixedClock
from interop.webhooks import service
from tests.factories.clients import app_with_named_actors, gql_as
from tests.factories.licences import licence_settings
from tests.factories.machine import new_client
from tests.factories.receiver import Receiver, assert_signed, summary

CLIENTS = """
query { machineClients { clientId webhooks { id url numbersCount } } }
"""
SEND = """
mutation Send($id: ID!) {
  sendWebhookTest(subscriptionId: $id) {
    __typename
    ... on WebhookTestSent { delivery { id type status attempts lastStatusCode lastError } }
    ... on Error { code }
  }
}
"""
LOG = """
query Log($id: ID!) { webhookDeliveries(subscriptionId: $id) { id type status lastStatusCode } }
"""


@pytest.fixture
async def http(
    licence_home: Path,
    sessions: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    actors: dict[str, Actor],
) -> AsyncIterator[httpx.AsyncClient]:
    actors.update(
        root=Actor(account_id=uuid.uuid4(), grants=(Grant(Role.SYSTEM_ADMIN),)),
        officer=Actor(
            account_id=uuid.uuid4(),
            grants=(Grant(Role.AUTHORITY_ADMIN, authority_code="310000"),),
        ),
    )
    settings = licence_settings(licence_home, webhook_allow_private=True)
    app = app_with_named_actors(settings, sessions, clock, actors)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
        yield c


async def test_admin_sends_a_test_and_reads_the_log(
    http: httpx.AsyncClient, session: AsyncSession, receiver: Receiver
) -> None:
    made = await new_client(session, "webhooks")
    sub, secret = await service.subscribe(
        session,
        made.client.client_id,
        receiver.url,
        ["HS310115-2026-000001", "HS310115-2026-000002"],
        allow_http=True,
        allow_private=True,
    )
    await session.commit()
    listed = (await gql_as(http, "root", CLIENTS))["data"]["machineClients"]
    (mine,) = [c for c in listed if c["clientId"] == made.client.client_id]
    assert mine["webhooks"] == [{"id": str(sub.id), "url": receiver.url, "numbersCount": 2}]

    sent = (await gql_as(http, "root", SEND, {"id": str(sub.id)}))["data"]["sendWebhookTest"]
    assert sent["__typename"] == "WebhookTestSent"
    delivery = sent["delivery"]
    assert (delivery["type"], delivery["status"], delivery["lastStatusCode"]) == (
        "webhook.test",
        "DELIVERED",
        204,
    )
    (item,) = receiver.received
    assert summary(item)["type"] == "webhook.test"
    assert item.headers["webhook-id"] == delivery["id"]
    assert_signed(secret, item)
    log = (await gql_as(http, "root", LOG, {"id": str(sub.id)}))["data"]["webhookDeliveries"]
    assert [(d["id"], d["status"]) for d in log] == [(delivery["id"], "DELIVERED")]
    audit = await session.scalar(
        select(AuditEntry).where(AuditEntry.action == "interop.webhook.test")
    )
    assert audit is not None

    receiver.fail_next = 1
    failed = (await gql_as(http, "root", SEND, {"id": str(sub.id)}))["data"]["sendWebhookTest"]
    assert (failed["delivery"]["status"], failed["delivery"]["lastError"]) == (
        "PENDING",
        "HTTP 500",
    )

    unknown = await gql_as(http, "root", SEND, {"id": str(uuid.uuid4())})
    assert unknown["data"]["sendWebhookTest"] == {"__typename": "NotFound", "code": "NOT_FOUND"}
    garbage = await gql_as(http, "root", SEND, {"id": "not-an-id"})
    assert garbage["data"]["sendWebhookTest"]["__typename"] == "NotFound"
    assert (await gql_as(http, "root", LOG, {"id": "nope"}))["data"]["webhookDeliveries"] == []


async def test_others_may_not(
    http: httpx.AsyncClient, session: AsyncSession, receiver: Receiver
) -> None:
    made = await new_client(session, "webhooks")
    sub, _secret = await service.subscribe(
        session, made.client.client_id, receiver.url, ["A1"], allow_http=True, allow_private=True
    )
    await session.commit()
    for actor, code in ((None, "UNAUTHENTICATED"), ("officer", "FORBIDDEN")):
        sent = await gql_as(http, actor, SEND, {"id": str(sub.id)})
        assert sent["errors"][0]["extensions"]["code"] == code
        log = await gql_as(http, actor, LOG, {"id": str(sub.id)})
        assert log["errors"][0]["extensions"]["code"] == code
    assert receiver.received == []

"""Employers' webhooks: subscribe over the API, licence status changes delivered to a real
HTTP endpoint, signed the Standard Webhooks way (checked with the ``standardwebhooks``
package), retried with the same ``webhook-id``, logged; test-send; scope and ownership."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from certificates import service
from core.audit import SYSTEM
from core.clock import FixedClock
from interop.hooks import Webhooks
from interop.webhooks.config import WebhookConfig
from tests.factories.licences import request
from tests.factories.machine import bearer
from tests.factories.receiver import Receiver, assert_signed, summary


async def licence(session: AsyncSession, ref: str) -> str:
    row = await service.reserve_licence(session, request(holder_ref=ref))
    await session.commit()
    return row.number


async def subscribe(
    http: httpx.AsyncClient, headers: dict[str, str], url: str, numbers: list[str]
) -> dict[str, str]:
    answer = await http.post(
        "/api/webhooks", json={"url": url, "numbers": numbers}, headers=headers
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


async def test_status_changes_reach_the_subscriber_signed(
    machine_http: httpx.AsyncClient,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    receiver: Receiver,
) -> None:
    followed, other = await licence(session, "wh-1"), await licence(session, "wh-2")
    headers = await bearer(machine_http, session, "webhooks")
    sub = await subscribe(machine_http, headers, receiver.url, [followed])
    assert sub["secret"].startswith("whsec_")
    await service.suspend(session, SYSTEM, followed, "under investigation")
    await service.suspend(session, SYSTEM, other, "not followed")
    await service.revoke(session, followed, "cancelled")
    await session.commit()
    hooks = Webhooks(WebhookConfig(allow_private=True))
    assert await hooks.run(sessions) == (2, 0)
    assert await hooks.run(sessions) == (0, 0)
    await hooks.close()
    messages = [summary(item) for item in receiver.received]
    assert [m["type"] for m in messages] == ["licence.suspended", "licence.revoked"]
    assert {m["data"]["number"] for m in messages} == {followed}
    for item in receiver.received:
        assert_signed(sub["secret"], item)
    log = (await machine_http.get(f"/api/webhooks/{sub['id']}/deliveries", headers=headers)).json()
    assert sorted((d["type"], d["status"], d["lastStatusCode"]) for d in log["deliveries"]) == [
        ("licence.revoked", "DELIVERED", 204),
        ("licence.suspended", "DELIVERED", 204),
    ]


async def test_failures_are_retried_with_the_same_id_then_dead(
    machine_http: httpx.AsyncClient,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    receiver: Receiver,
) -> None:
    number = await licence(session, "wh-3")
    headers = await bearer(machine_http, session, "webhooks")
    sub = await subscribe(machine_http, headers, receiver.url, [number])
    await service.suspend(session, SYSTEM, number, "check")
    await session.commit()
    hooks = Webhooks(WebhookConfig(max_attempts=3, backoff_s=10, allow_private=True))
    receiver.fail_next = 1
    assert await hooks.run(sessions) == (0, 1)
    assert await hooks.run(sessions) == (0, 0)  # not due yet: backoff
    clock.advance(timedelta(seconds=11))
    assert await hooks.run(sessions) == (1, 0)
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert_signed(sub["secret"], second)
    (entry,) = (
        await machine_http.get(f"/api/webhooks/{sub['id']}/deliveries", headers=headers)
    ).json()["deliveries"]
    assert (entry["status"], entry["attempts"]) == ("DELIVERED", 2)
    # Always failing: dead after the last attempt, with the reason.
    await service.reinstate(session, SYSTEM, number, "cleared")
    await session.commit()
    receiver.fail_next = 10
    for _ in range(3):
        await hooks.run(sessions)
        clock.advance(timedelta(minutes=5))
    await hooks.close()
    entries = (
        await machine_http.get(f"/api/webhooks/{sub['id']}/deliveries", headers=headers)
    ).json()["deliveries"]
    dead = next(e for e in entries if e["type"] == "licence.reinstated")
    assert (dead["status"], dead["attempts"], dead["lastError"]) == ("DEAD", 3, "HTTP 500")


async def test_test_send_unsubscribe_validation_and_ownership(
    machine_http: httpx.AsyncClient, session: AsyncSession, receiver: Receiver
) -> None:
    mine = await bearer(machine_http, session, "webhooks")
    theirs = await bearer(machine_http, session, "webhooks")
    sub = await subscribe(machine_http, mine, receiver.url, ["HS310115-2026-000001"])
    sent = await machine_http.post(f"/api/webhooks/{sub['id']}/test", headers=mine)
    assert (sent.json()["type"], sent.json()["status"]) == ("webhook.test", "DELIVERED")
    (item,) = receiver.received
    assert summary(item)["type"] == "webhook.test"
    assert_signed(sub["secret"], item)
    listed = (await machine_http.get("/api/webhooks", headers=mine)).json()["subscriptions"]
    assert [s["id"] for s in listed] == [sub["id"]]
    assert "secret" not in listed[0]
    assert (await machine_http.get("/api/webhooks", headers=theirs)).json()["subscriptions"] == []
    stranger = await machine_http.delete(f"/api/webhooks/{sub['id']}", headers=theirs)
    assert stranger.status_code == 404
    assert (
        await machine_http.delete(f"/api/webhooks/{sub['id']}", headers=mine)
    ).status_code == 204
    assert (await machine_http.get("/api/webhooks", headers=mine)).json()["subscriptions"] == []
    bad = await machine_http.post(
        "/api/webhooks", json={"url": "ftp://x", "numbers": ["A"]}, headers=mine
    )
    assert bad.json() == {"code": "VALIDATION", "fields": [{"field": "url", "code": "INVALID"}]}
    none = await machine_http.post(
        "/api/webhooks", json={"url": receiver.url, "numbers": []}, headers=mine
    )
    assert none.json()["fields"][0] == {"field": "numbers", "code": "REQUIRED"}
    reader = await bearer(machine_http, session, "fhir.read")
    assert (await machine_http.get("/api/webhooks", headers=reader)).status_code == 403

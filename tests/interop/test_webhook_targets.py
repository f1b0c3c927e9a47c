"""Webhooks never reach the server's own network (SSRF): private, loopback, link-local and
reserved targets are refused at subscription and, after DNS resolution, at every delivery;
the delivery connects to the address it checked."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.app import create_app
from certificates import service
from core.audit import SYSTEM
from core.clock import FixedClock
from interop.hooks import Webhooks
from interop.webhooks import service as webhooks
from interop.webhooks.config import WebhookConfig
from interop.webhooks.targets import TargetProblem, TargetRefused, is_public, resolve
from tests.factories.licences import licence_settings, request
from tests.factories.machine import bearer
from tests.factories.receiver import Receiver

PRIVATE_TARGETS = [
    "http://127.0.0.1:9/hooks",
    "http://localhost:9/hooks",
    "http://10.1.2.3/hooks",
    "http://172.16.0.1/hooks",
    "http://192.168.1.1/hooks",
    "http://169.254.169.254/latest/meta-data",
    "http://100.64.0.1/hooks",
    "http://0.0.0.0/hooks",
    "http://[::1]/hooks",
    "http://[fe80::1]/hooks",
    "http://[fc00::1]/hooks",
    "http://[::ffff:127.0.0.1]/hooks",
    "http://[2002:a00:1::]/hooks",
    "http://224.0.0.1/hooks",
]


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("192.0.2.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::", False),
        ("224.0.0.1", False),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


async def test_a_name_is_judged_by_what_it_resolves_to() -> None:
    with pytest.raises(TargetRefused) as refused:
        await resolve("localhost", 80, allow_private=False)
    assert refused.value.problem is TargetProblem.TARGET_NOT_PUBLIC
    with pytest.raises(TargetRefused) as unknown:
        await resolve("no-such-host.invalid", 80, allow_private=False)
    assert unknown.value.problem is TargetProblem.TARGET_UNRESOLVED
    allowed = await resolve("localhost", 80, allow_private=True)
    assert ipaddress.ip_address(allowed.address).is_loopback


@pytest.fixture
async def strict_http(
    licence_home: Path, sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> httpx.AsyncClient:
    """The app as in production: private targets refused."""
    app = create_app(
        licence_settings(licence_home, oauth_token_ttl_s=3600), sessions=sessions, clock=clock
    )
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
    return httpx.AsyncClient(transport=transport, base_url="https://testserver")


@pytest.mark.parametrize("url", PRIVATE_TARGETS)
async def test_subscribing_a_private_target_is_refused(
    strict_http: httpx.AsyncClient, session: AsyncSession, url: str
) -> None:
    async with strict_http:
        headers = await bearer(strict_http, session, "webhooks")
        answer = await strict_http.post(
            "/api/webhooks", json={"url": url, "numbers": ["HS310115-2026-000001"]}, headers=headers
        )
    assert answer.status_code == 400
    assert answer.json() == {
        "code": "VALIDATION",
        "fields": [{"field": "url", "code": "TARGET_NOT_PUBLIC"}],
    }


async def test_an_unresolvable_host_is_refused(
    strict_http: httpx.AsyncClient, session: AsyncSession
) -> None:
    async with strict_http:
        headers = await bearer(strict_http, session, "webhooks")
        answer = await strict_http.post(
            "/api/webhooks",
            json={"url": "https://no-such-host.invalid/hooks", "numbers": ["A1"]},
            headers=headers,
        )
    assert answer.json()["fields"] == [{"field": "url", "code": "TARGET_UNRESOLVED"}]


async def test_delivery_checks_the_address_again(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession], receiver: Receiver
) -> None:
    """A subscription that passed its check (here: made while private targets were allowed;
    in real life, a name whose DNS answer changed since) is refused at delivery, and nothing
    reaches the address."""
    number = (await service.reserve_licence(session, request(holder_ref="ssrf-1"))).number
    url = f"http://localhost:{receiver.port}/hooks"
    sub, _secret = await webhooks.subscribe(
        session, "mc_ssrf", url, [number], allow_http=True, allow_private=True
    )
    await service.suspend(session, SYSTEM, number, "check")
    await session.commit()
    strict = Webhooks(WebhookConfig(max_attempts=2))
    assert await strict.run(sessions) == (0, 1)
    await strict.close()
    assert receiver.received == []
    (entry,) = await webhooks.deliveries(session, "mc_ssrf", str(sub.id))
    await session.refresh(entry)
    assert (entry.status.value, entry.last_error) == ("PENDING", "TARGET_NOT_PUBLIC")


async def test_delivery_connects_to_the_checked_address_with_the_host_kept(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession], receiver: Receiver
) -> None:
    number = (await service.reserve_licence(session, request(holder_ref="ssrf-2"))).number
    url = f"http://localhost:{receiver.port}/hooks"
    await webhooks.subscribe(session, "mc_ssrf", url, [number], allow_http=True, allow_private=True)
    await service.suspend(session, SYSTEM, number, "check")
    await session.commit()
    allowed = Webhooks(WebhookConfig(allow_private=True))
    assert await allowed.run(sessions) == (1, 0)
    await allowed.close()
    (item,) = receiver.received
    assert item.headers["host"] == f"localhost:{receiver.port}"

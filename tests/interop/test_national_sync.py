"""The national sync against the development platform running as a real process: signed
bodies, killed and failing and slow endpoints, dead letters, reconciliation. The platform
counts what it stores and the duplicates it refuses, so loss, duplication and order are read
from its side."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from joserfc.jwk import ECKey
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from api.worker import Background
from certificates.pki import Pki
from certificates.tokens import signing_key
from core.clock import FixedClock
from interop.sync import service
from interop.sync.config import SyncConfig
from interop.sync.models import DeliveryStatus, NationalDelivery
from interop.sync.platform import NationalPlatform, Outcome
from interop.sync.runtime import SYNC_TASK, NationalSync
from tests.factories import directory
from tests.factories.licences import runtime_of
from tests.factories.national import DevPlatform, registration_event, write_jwks
from tests.factories.workflow import registration


@pytest.fixture
def platform_home(tmp_path: Path, licence_pki: Pki) -> Iterator[DevPlatform]:
    dev = DevPlatform(tmp_path, write_jwks(licence_pki, tmp_path / "jwks.json"))
    dev.start()
    yield dev
    dev.stop()


def config(url: str, **overrides: Any) -> SyncConfig:
    values: dict[str, Any] = {
        "url": url,
        "timeout_s": 2.0,
        "max_attempts": 30,
        "backoff_s": 1.0,
        "batch": 7,
    }
    return SyncConfig(**(values | overrides))


def client(pki: Pki, cfg: SyncConfig) -> NationalPlatform:
    kid, key = signing_key(pki, cfg.signer_authority)
    return NationalPlatform(cfg.url, key, kid, timeout_s=cfg.timeout_s)


async def emit_stream(
    session: AsyncSession, clock: FixedClock, people: int = 6
) -> dict[str, list[str]]:
    """For each person: registration, a filing, then cancellation, interleaved across people,
    one second apart (one transaction each). Returns the event ids per person, in order."""
    hospital = await directory.institution(session)
    regs = []
    for n in range(people):
        person = await directory.person(session, name=f"测试{n}")
        regs.append((str(person.id), await registration(session, person, hospital)))
    order: dict[str, list[str]] = defaultdict(list)
    for action in ("ISSUE", "NONE", "REVOKE"):
        for person_id, reg in regs:
            clock.advance(timedelta(seconds=1))
            event = await registration_event(session, reg, action)
            order[f"person:{person_id}"].append(str(event.id))
    await session.commit()
    return order


async def deliver_all(
    sessions: async_sessionmaker[AsyncSession],
    platform: NationalPlatform,
    cfg: SyncConfig,
    clock: FixedClock,
    *,
    rounds: int = 40,
) -> None:
    """Rounds until nothing is pending, the clock moved past each backoff in between."""
    rng = random.Random(7)
    for _ in range(rounds):
        await service.deliver_round(sessions, platform, cfg, rng)
        async with sessions() as session:
            pending = await session.scalar(
                select(NationalDelivery.seq).where(
                    NationalDelivery.status != DeliveryStatus.DELIVERED
                )
            )
        if pending is None:
            return
        clock.advance(timedelta(hours=2))
    raise AssertionError("events still pending after every round")


def assert_complete_and_ordered(dev: DevPlatform, order: dict[str, list[str]]) -> dict[str, Any]:
    stats = dev.stats()
    received = stats["events"]
    ids = [e["id"] for e in received]
    assert len(ids) == len(set(ids)) == stats["stored"]
    assert set(ids) == {x for events in order.values() for x in events}
    arrived: dict[str, list[str]] = defaultdict(list)
    for event in received:
        arrived[event["subject"]].append(event["id"])
    assert dict(arrived) == dict(order)
    return stats


async def test_events_arrive_signed_once_and_in_order(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    licence_pki: Pki,
    platform_home: DevPlatform,
) -> None:
    order = await emit_stream(session, clock)
    cfg = config(platform_home.url)
    platform = client(licence_pki, cfg)
    done = await service.deliver_round(sessions, platform, cfg)
    await platform.close()
    assert done.delivered == 18
    stats = assert_complete_and_ordered(platform_home, order)
    assert stats["rejected"] == stats["duplicates"] == 0


async def test_killed_endpoint_loses_and_duplicates_nothing(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    licence_pki: Pki,
    platform_home: DevPlatform,
) -> None:
    order = await emit_stream(session, clock)
    cfg = config(platform_home.url)

    class KilledMidStream(NationalPlatform):
        sent = 0

        async def send(self, event_id: str, body: dict[str, Any]) -> Outcome:
            self.sent += 1
            if self.sent == 8:
                platform_home.kill()
            return await super().send(event_id, body)

    kid, key = signing_key(licence_pki, cfg.signer_authority)
    platform = KilledMidStream(cfg.url, key, kid, timeout_s=cfg.timeout_s)
    first = await service.deliver_round(sessions, platform, cfg)
    assert 0 < first.delivered < 18
    assert first.failed > 0
    platform_home.start()
    await deliver_all(sessions, platform, cfg, clock)
    await platform.close()
    assert_complete_and_ordered(platform_home, order)


async def test_failing_and_slow_endpoint(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    licence_pki: Pki,
    platform_home: DevPlatform,
) -> None:
    order = await emit_stream(session, clock)
    cfg = config(platform_home.url, timeout_s=0.5)
    platform = client(licence_pki, cfg)
    platform_home.mode(fail_every=3)
    await service.deliver_round(sessions, platform, cfg)
    assert platform_home.stats()["failed_on_purpose"] > 0
    # Slow: the platform stores, then answers after our timeout; the retry is a duplicate.
    platform_home.mode(fail_every=0, delay_s=1.5)
    clock.advance(timedelta(hours=2))
    await service.deliver_round(sessions, platform, cfg)
    platform_home.mode(delay_s=0)
    await deliver_all(sessions, platform, cfg, clock)
    await platform.close()
    stats = assert_complete_and_ordered(platform_home, order)
    assert stats["duplicates"] >= 1


async def test_dead_letters_hold_the_person_back_until_retried(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    licence_pki: Pki,
    platform_home: DevPlatform,
) -> None:
    order = await emit_stream(session, clock, people=2)
    cfg = config(platform_home.url, max_attempts=3)
    platform = client(licence_pki, cfg)
    platform_home.mode(fail_every=1)
    for _ in range(3):
        await service.deliver_round(sessions, platform, cfg)
        clock.advance(timedelta(hours=2))
    async with sessions() as s:
        topics = {t.topic: t.counts for t in await service.status(s)}
        dead = await service.dead_letters(s)
    counts = topics["registration.completed"]
    assert counts["DEAD"] == 2  # each person's first event
    assert counts["BLOCKED"] == 4  # the rest wait behind them
    assert {str(d.event_id) for d in dead} == {events[0] for events in order.values()}
    assert all(d.attempts == 3 and d.last_error.startswith("HTTP 500") for d in dead)
    assert platform_home.stats()["stored"] == 0
    platform_home.mode(fail_every=0)
    async with sessions() as s:
        assert await service.requeue(s) == 2
        await s.commit()
    await deliver_all(sessions, platform, cfg, clock)
    await platform.close()
    assert_complete_and_ordered(platform_home, order)


async def test_a_forged_signature_is_refused_and_not_retried(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    licence_pki: Pki,
    platform_home: DevPlatform,
) -> None:
    await emit_stream(session, clock, people=1)
    cfg = config(platform_home.url)
    kid, _ = signing_key(licence_pki, cfg.signer_authority)
    impostor = NationalPlatform(cfg.url, ECKey.generate_key("P-256"), kid, timeout_s=cfg.timeout_s)
    done = await service.deliver_round(sessions, impostor, cfg)
    await impostor.close()
    assert (done.delivered, done.dead) == (0, 1)
    stats = platform_home.stats()
    assert (stats["stored"], stats["rejected"]) == (0, 1)
    async with sessions() as s:
        (letter,) = await service.dead_letters(s)
    assert letter.last_error.startswith("HTTP 401")


async def test_reconciliation_repairs_a_gap(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    licence_pki: Pki,
    platform_home: DevPlatform,
) -> None:
    start = clock.now()
    order = await emit_stream(session, clock, people=3)
    cfg = config(platform_home.url)
    platform = client(licence_pki, cfg)
    await service.deliver_round(sessions, platform, cfg)
    lost = order[sorted(order)[1]][1]
    platform_home.forget(lost)
    assert platform_home.stats()["stored"] == 8
    done = await service.reconcile(sessions, platform, start, clock.now() + timedelta(days=1))
    assert (done.ours, done.acknowledged, done.resent) == (9, 8, [lost])
    # A range that excludes the gap finds nothing to repair.
    later = await service.reconcile(
        sessions, platform, clock.now() + timedelta(days=1), clock.now() + timedelta(days=2)
    )
    assert later.resent == []
    await service.deliver_round(sessions, platform, cfg)
    await platform.close()
    stats = platform_home.stats()
    assert stats["stored"] == 9
    assert lost in {e["id"] for e in stats["events"]}


def test_backoff_grows_with_jitter_and_a_cap() -> None:
    cfg = SyncConfig(url="http://x", backoff_s=4, backoff_max_s=60)
    rng = random.Random(1)
    for attempts, full in ((1, 4), (2, 8), (3, 16), (5, 60), (12, 60)):
        waits = {service.backoff(cfg, attempts, rng).total_seconds() for _ in range(20)}
        assert all(full / 2 <= w <= full for w in waits)
        assert len(waits) > 1  # jittered


async def test_the_worker_runs_the_sync_when_configured(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    licence_pki: Pki,
    platform_home: DevPlatform,
    app: Starlette,
) -> None:
    order = await emit_stream(session, clock, people=2)
    runtime = runtime_of(app)
    idle = Background(sessions, runtime, lambda _s: None, clock)  # type: ignore[arg-type, return-value]
    assert SYNC_TASK not in {t.name for t in idle.tasks()}
    national = NationalSync(config(platform_home.url), lambda: licence_pki)
    handlers = Background(sessions, runtime, lambda _s: None, clock, national=national)  # type: ignore[arg-type, return-value]
    assert SYNC_TASK in {t.name for t in handlers.tasks()}
    assert await handlers.sync_national() == 6
    assert await handlers.sync_national() == 0
    await national.close()
    assert_complete_and_ordered(platform_home, order)

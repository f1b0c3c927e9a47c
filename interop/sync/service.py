"""The national sync: take sync events from the outbox, push them in order, retry with backoff
and jitter, give up into DEAD with the reason, and repair gaps the platform reports.

``fan_out`` moves events from the shared outbox into ``national_delivery`` in the transaction
that marks them taken, so an event is queued exactly once. ``deliver_round`` sends what is due:
one person's events strictly in order (an earlier event not yet DELIVERED holds the later ones
back), rows held by another worker skipped (``FOR UPDATE SKIP LOCKED`` on PostgreSQL)."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from core import outbox
from core.clock import clock_of
from core.db import dialect_name
from core.uow import unit_of_work
from interop import retry
from interop.sync import intake
from interop.sync.config import SyncConfig
from interop.sync.intake import TOPICS
from interop.sync.models import DeliveryStatus, NationalDelivery
from interop.sync.platform import NationalPlatform, Outcome

log = structlog.get_logger("medreg.national")


async def fan_out(session: AsyncSession, *, limit: int = 500) -> int:
    """Queue the outbox's interop events (``interop.sync.intake``); the caller commits."""
    return await intake.take(session, limit=limit)


def envelope(row: NationalDelivery) -> dict[str, Any]:
    """What the platform receives: the event, its subject (our opaque id of the person or
    institution), its sequence and when it happened. No ID number or mobile is in ``data``:
    the events carry masked numbers only."""
    return {
        "id": str(row.event_id),
        "type": row.topic,
        "subject": row.order_key,
        "sequence": row.seq,
        "occurred_at": row.occurred_at.isoformat(),
        "source": "medreg",
        "data": row.body,
    }


def _due(session: AsyncSession, limit: int) -> Any:
    earlier = aliased(NationalDelivery)
    blocked = (
        select(earlier.seq)
        .where(
            earlier.order_key == NationalDelivery.order_key,
            earlier.seq < NationalDelivery.seq,
            earlier.status != DeliveryStatus.DELIVERED,
        )
        .exists()
    )
    stmt = (
        select(NationalDelivery)
        .where(
            NationalDelivery.status == DeliveryStatus.PENDING,
            NationalDelivery.next_attempt_at <= clock_of(session).now(),
            ~blocked,
        )
        .order_by(NationalDelivery.seq)
        .limit(limit)
    )
    if dialect_name(session) == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return stmt


def backoff(config: SyncConfig, attempts: int, rng: random.Random) -> timedelta:
    return retry.backoff(config.backoff_s, config.backoff_max_s, attempts, rng)


def _record(
    session: AsyncSession,
    row: NationalDelivery,
    outcome: Outcome,
    config: SyncConfig,
    rng: random.Random,
) -> None:
    now = clock_of(session).now()
    row.attempts += 1
    if outcome.delivered:
        row.status, row.delivered_at, row.last_error = DeliveryStatus.DELIVERED, now, None
        return
    row.last_error = outcome.error[:2000]
    if not outcome.retry or row.attempts >= config.max_attempts:
        row.status = DeliveryStatus.DEAD
        log.warning(
            "national event dead",
            event_id=str(row.event_id),
            attempts=row.attempts,
            reason=row.last_error,
        )
        return
    row.next_attempt_at = now + backoff(config, row.attempts, rng)


@dataclass
class RoundResult:
    delivered: int = 0
    failed: int = 0
    dead: int = 0
    queued: int = 0


async def deliver_batch(
    session: AsyncSession,
    platform: NationalPlatform,
    config: SyncConfig,
    rng: random.Random,
    result: RoundResult,
) -> int:
    """Send one batch of due events; the caller commits. Returns how many were tried."""
    result.queued += await fan_out(session)
    # The query yields at most one event per subject (an earlier one not yet delivered holds
    # the later back), so sending them together keeps every subject's order.
    rows = list((await session.scalars(_due(session, config.batch))).all())
    gate = asyncio.Semaphore(config.concurrency)

    async def send(row: NationalDelivery) -> Outcome:
        async with gate:
            return await platform.send(str(row.event_id), envelope(row))

    outcomes = await asyncio.gather(*(send(row) for row in rows))
    for row, outcome in zip(rows, outcomes, strict=True):
        _record(session, row, outcome, config, rng)
        if row.status is DeliveryStatus.DELIVERED:
            result.delivered += 1
        else:
            result.failed += 1
            result.dead += row.status is DeliveryStatus.DEAD
    await session.flush()
    return len(rows)


async def deliver_round(
    sessions: async_sessionmaker[Any],
    platform: NationalPlatform,
    config: SyncConfig,
    rng: random.Random | None = None,
) -> RoundResult:
    """Deliver until nothing more is due now (failures wait for their next attempt). A batch
    that delivered something may have released a person's next event: look again."""
    rng = rng or random.Random()  # noqa: S311 - jitter, not a secret
    result = RoundResult()
    while True:
        before = result.delivered
        async with unit_of_work(sessions) as session:
            await deliver_batch(session, platform, config, rng, result)
        if result.delivered == before:
            return result


@dataclass
class TopicStatus:
    topic: str
    counts: Counter[str] = field(default_factory=Counter)
    """PENDING, DELIVERED, DEAD; BLOCKED counts pending events held behind an earlier one."""
    oldest_pending: datetime | None = None


async def status(session: AsyncSession) -> list[TopicStatus]:
    """Per topic: pending, delivered, dead, and waiting in the outbox (not yet queued)."""
    by_topic: dict[str, TopicStatus] = {t: TopicStatus(t) for t in TOPICS}
    rows = await session.execute(
        select(
            NationalDelivery.topic,
            NationalDelivery.status,
            func.count(),
            func.min(NationalDelivery.occurred_at),
        ).group_by(NationalDelivery.topic, NationalDelivery.status)
    )
    for topic, state, count, oldest in rows:
        entry = by_topic.setdefault(topic, TopicStatus(topic))
        entry.counts[state.value] = count
        if state is DeliveryStatus.PENDING:
            entry.oldest_pending = oldest
    earlier = aliased(NationalDelivery)
    blocked = await session.execute(
        select(NationalDelivery.topic, func.count())
        .where(
            NationalDelivery.status == DeliveryStatus.PENDING,
            select(earlier.seq)
            .where(
                earlier.order_key == NationalDelivery.order_key,
                earlier.seq < NationalDelivery.seq,
                earlier.status == DeliveryStatus.DEAD,
            )
            .exists(),
        )
        .group_by(NationalDelivery.topic)
    )
    for topic, count in blocked:
        by_topic[topic].counts["BLOCKED"] = count
    waiting = await session.execute(
        select(outbox.OutboxEvent.topic, func.count())
        .where(outbox.OutboxEvent.topic.in_(TOPICS), outbox.OutboxEvent.delivered_at.is_(None))
        .group_by(outbox.OutboxEvent.topic)
    )
    for topic, count in waiting:
        by_topic[topic].counts["OUTBOX"] = count
    return list(by_topic.values())


async def dead_letters(session: AsyncSession, *, limit: int = 50) -> list[NationalDelivery]:
    stmt = (
        select(NationalDelivery)
        .where(NationalDelivery.status == DeliveryStatus.DEAD)
        .order_by(NationalDelivery.seq)
        .limit(limit)
    )
    return list((await session.scalars(stmt)).all())


async def requeue(session: AsyncSession, event_ids: Iterable[uuid.UUID] | None = None) -> int:
    """DEAD events (all, or those named) go back to PENDING with a fresh attempt count."""
    stmt = update(NationalDelivery).where(NationalDelivery.status == DeliveryStatus.DEAD)
    if event_ids is not None:
        stmt = stmt.where(NationalDelivery.event_id.in_(list(event_ids)))
    return await _reset(session, stmt)


async def _reset(session: AsyncSession, stmt: Any) -> int:
    done = await session.execute(
        stmt.values(
            status=DeliveryStatus.PENDING,
            attempts=0,
            next_attempt_at=clock_of(session).now(),
            delivered_at=None,
        ).execution_options(synchronize_session=False)
    )
    return int(done.rowcount or 0)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Reconciliation:
    ours: int
    """Our delivered events that occurred in the range."""
    acknowledged: int
    """Events in the range the platform says it holds."""
    resent: list[str]
    """Ours the platform does not hold: queued again (the platform de-duplicates by id)."""


async def reconcile(
    sessions: async_sessionmaker[Any],
    platform: NationalPlatform,
    since: datetime,
    until: datetime,
) -> Reconciliation:
    acknowledged = await platform.acknowledged(since, until)
    async with unit_of_work(sessions) as session:
        await fan_out(session)
        ours = {
            str(x)
            for x in await session.scalars(
                select(NationalDelivery.event_id).where(
                    and_(
                        NationalDelivery.status == DeliveryStatus.DELIVERED,
                        NationalDelivery.occurred_at >= since,
                        NationalDelivery.occurred_at < until,
                    )
                )
            )
        }
        missing = sorted(ours - acknowledged)
        if missing:
            await _reset(
                session,
                update(NationalDelivery).where(
                    NationalDelivery.event_id.in_([uuid.UUID(x) for x in missing])
                ),
            )
            log.info("national reconciliation re-queued events", count=len(missing))
    return Reconciliation(len(ours), len(acknowledged & ours), missing)

"""The transactional outbox: events are rows written with the change, delivered afterwards."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Index, Integer, String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import clock_of
from core.db import Base, IdMixin, JSONDict, dialect_name


class OutboxEvent(IdMixin, Base):
    __tablename__ = "outbox_event"
    __table_args__ = (Index("ix_outbox_pending", "topic", "delivered_at"),)

    topic: Mapped[str] = mapped_column(String(80))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDict)
    created_at: Mapped[datetime]
    available_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


async def emit(session: AsyncSession, topic: str, payload: dict[str, Any]) -> OutboxEvent:
    """Write an event in the caller's transaction; its id is the consumers' de-duplication key."""
    now = clock_of(session).now()
    event = OutboxEvent(
        id=uuid.uuid4(), topic=topic, payload=payload, created_at=now, available_at=now, attempts=0
    )
    session.add(event)
    await session.flush()
    return event


async def claim_pending(
    session: AsyncSession, topics: list[str] | None = None, *, limit: int = 50
) -> list[OutboxEvent]:
    """Pending events, oldest first; on PostgreSQL rows other workers hold are skipped."""
    stmt = (
        select(OutboxEvent)
        .where(OutboxEvent.delivered_at.is_(None))
        .where(OutboxEvent.available_at <= clock_of(session).now())
        .order_by(OutboxEvent.created_at)
        .limit(limit)
    )
    if topics:
        stmt = stmt.where(OutboxEvent.topic.in_(topics))
    if dialect_name(session) == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return list((await session.scalars(stmt)).all())


def mark_delivered(session: AsyncSession, event: OutboxEvent) -> None:
    event.delivered_at = clock_of(session).now()
    event.attempts += 1


def mark_failed(session: AsyncSession, event: OutboxEvent, error: str, *, retry_in_s: int) -> None:
    event.attempts += 1
    event.last_error = error[:2000]
    event.available_at = clock_of(session).now() + timedelta(seconds=retry_in_s * event.attempts)

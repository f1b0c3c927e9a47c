from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import NaiveDatetimeError
from core.outbox import OutboxEvent, emit


async def test_naive_datetime_is_refused(session: AsyncSession) -> None:
    event = await emit(session, "test.topic", {"a": 1})
    event.available_at = datetime(2026, 1, 1, 8, 0)
    with pytest.raises(StatementError) as info:
        await session.flush()
    assert isinstance(info.value.orig, NaiveDatetimeError)


async def test_offset_is_kept_as_utc(session: AsyncSession) -> None:
    shanghai = timezone(timedelta(hours=8))
    event = await emit(session, "test.topic", {"a": 1})
    event.available_at = datetime(2026, 1, 1, 8, 0, tzinfo=shanghai)
    await session.flush()
    session.expunge_all()
    loaded = await session.scalar(select(OutboxEvent).where(OutboxEvent.id == event.id))
    assert loaded is not None
    assert loaded.available_at == datetime(2026, 1, 1, 0, 0, tzinfo=UTC)
    assert loaded.available_at.tzinfo is not None


async def test_json_payload_in_place_change_persists(session: AsyncSession) -> None:
    event = await emit(session, "test.topic", {"a": 1})
    event.payload["b"] = 2
    await session.flush()
    session.expunge_all()
    loaded = await session.get(OutboxEvent, event.id)
    assert loaded is not None
    assert loaded.payload == {"a": 1, "b": 2}

"""Bulk rows (COPY on PostgreSQL, the driver's executemany on SQLite) store what a Core
``insert()`` stores: JSON as objects, aware datetimes as UTC, NULLs, UUIDs; lookups by many
keys find exactly those keys."""

import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.bulk import among, insert_rows
from core.outbox import OutboxEvent

TABLE: Table = OutboxEvent.__table__  # type: ignore[assignment]
SHANGHAI = timezone(timedelta(hours=8))


def _row(n: int, **overrides: Any) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "topic": f"bulk.test.{n}",
        "payload": {"n": n, "name": "张伟", "nested": {"list": [1, None]}},
        "created_at": datetime(2026, 1, 1, 8, 0, tzinfo=SHANGHAI),
        "available_at": datetime(2026, 1, 1, 0, n, tzinfo=UTC),
        "delivered_at": None,
        "attempts": n,
        "last_error": None if n % 2 else "tab\there, new\nline, back\\slash",
    } | overrides


async def test_bulk_rows_read_back_as_core_would_have_stored_them(session: AsyncSession) -> None:
    rows = [_row(n) for n in range(5)]
    await insert_rows(session, TABLE, rows)
    session.expunge_all()
    found = {
        e.id: e
        for e in await session.scalars(
            select(OutboxEvent).where(OutboxEvent.topic.like("bulk.test.%"))
        )
    }
    assert set(found) == {r["id"] for r in rows}
    for row in rows:
        event = found[row["id"]]
        assert event.payload == row["payload"]
        assert event.created_at == datetime(2026, 1, 1, 0, 0, tzinfo=UTC)
        assert event.available_at == row["available_at"]
        assert event.delivered_at is None
        assert (event.attempts, event.last_error) == (row["attempts"], row["last_error"])


async def test_a_row_without_a_defaulted_column_gets_its_default(session: AsyncSession) -> None:
    rows = [{k: v for k, v in _row(n).items() if k not in ("id", "attempts")} for n in (7, 8)]
    await insert_rows(session, TABLE, rows)
    stored = (
        await session.execute(
            select(OutboxEvent.id, OutboxEvent.attempts).where(
                OutboxEvent.topic.in_(["bulk.test.7", "bulk.test.8"])
            )
        )
    ).all()
    assert len(stored) == 2
    assert all(isinstance(i, uuid.UUID) and attempts == 0 for i, attempts in stored)


async def test_among_finds_exactly_the_given_keys(session: AsyncSession) -> None:
    rows = [_row(n) for n in range(10, 16)]
    await insert_rows(session, TABLE, rows)
    wanted = [rows[1]["id"], rows[4]["id"], uuid.uuid4()]
    found = await session.scalars(
        select(OutboxEvent.id).where(among(session, OutboxEvent.id, wanted))
    )
    assert set(found) == {rows[1]["id"], rows[4]["id"]}
    topics = await session.scalars(
        select(OutboxEvent.topic).where(among(session, OutboxEvent.topic, ["bulk.test.12", "x"]))
    )
    assert list(topics) == ["bulk.test.12"]

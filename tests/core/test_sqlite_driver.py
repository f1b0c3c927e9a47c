"""SQLite statements reach the connection's thread once each, and still behave as the DBAPI
says: rows, empty results, row counts, last row ids, many rows at once, errors, streaming. A
transaction's BEGIN travels with its first statement and still takes the write lock before
it; ending a transaction in which nothing ran makes no trip."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from core.db import create_engine, read_only_transactions
from core.sqlite_driver import OneTripCursor


@pytest.fixture
async def sqlite(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/trips.db")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
    yield engine
    await engine.dispose()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The calls made on aiosqlite's connection threads."""
    made: list[str] = []
    original = aiosqlite.Connection._execute

    async def counting(
        self: aiosqlite.Connection, fn: object, *args: object, **kwargs: object
    ) -> object:
        made.append(getattr(fn, "__name__", type(fn).__name__))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counting)
    return made


async def test_a_statement_is_one_trip_to_the_thread(sqlite: AsyncEngine, trips: list[str]) -> None:
    async with sqlite.connect() as conn:
        await conn.execute(text("SELECT 1"))  # begins the transaction
        trips.clear()
        rows = (await conn.execute(text("SELECT 1 UNION SELECT 2"))).all()
    assert [r[0] for r in rows] == [1, 2]
    # aiosqlite's own cursor made four: cursor, execute, fetchall, close.
    assert trips == ["run", "rollback"]


async def test_rows_counts_and_ids_are_the_drivers(sqlite: AsyncEngine) -> None:
    async with sqlite.begin() as conn:
        inserted = await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
        assert inserted.lastrowid == 1
        many = await conn.execute(
            text("INSERT INTO t (name) VALUES (:n)"), [{"n": "b"}, {"n": "c"}]
        )
        assert many.rowcount == 2
        updated = await conn.execute(text("UPDATE t SET name = name || '!' WHERE id > 1"))
        assert updated.rowcount == 2
        empty = await conn.execute(text("SELECT id, name FROM t WHERE id > 99"))
        assert list(empty.keys()) == ["id", "name"]
        assert empty.all() == []
        names = (await conn.execute(text("SELECT name FROM t ORDER BY id"))).scalars().all()
        assert names == ["a", "b!", "c!"]


async def test_errors_are_sqlalchemys_own(sqlite: AsyncEngine) -> None:
    async with sqlite.begin() as conn:
        await conn.execute(text("INSERT INTO t (name) VALUES ('same')"))
        with pytest.raises(IntegrityError):
            await conn.execute(text("INSERT INTO t (name) VALUES ('same')"))
    async with sqlite.connect() as conn:
        with pytest.raises(OperationalError, match="no such table"):
            await conn.execute(text("SELECT * FROM missing"))


async def test_streaming_still_fetches_in_batches(sqlite: AsyncEngine) -> None:
    async with sqlite.begin() as conn:
        await conn.execute(
            text("INSERT INTO t (name) VALUES (:n)"), [{"n": str(i)} for i in range(250)]
        )
    async with sqlite.connect() as conn:
        result = await conn.stream(text("SELECT name FROM t ORDER BY id"))
        batches = [len(batch) async for batch in result.partitions(100)]
    assert batches == [100, 100, 50]


async def test_the_engine_uses_the_one_trip_cursor(sqlite: AsyncEngine) -> None:
    async with sqlite.connect() as conn:
        raw = await conn.get_raw_connection()
        assert isinstance(raw.dbapi_connection.cursor(), OneTripCursor)  # type: ignore[union-attr]


async def test_a_read_is_two_trips_its_begin_travelling_with_its_query(
    sqlite: AsyncEngine, trips: list[str]
) -> None:
    sessions = async_sessionmaker(sqlite)
    for _ in range(2):  # the second time on the pooled connection
        trips.clear()
        with read_only_transactions():
            async with sessions() as session:
                assert (await session.execute(text("SELECT 1"))).scalar() == 1
    # BEGIN and the query in one; the session's rollback; the pool's rollback makes none.
    assert trips == ["run", "rollback"]


async def test_a_transaction_in_which_nothing_ran_makes_no_trip(
    sqlite: AsyncEngine, trips: list[str]
) -> None:
    async with sqlite.connect() as conn:
        await conn.execute(text("SELECT 1"))
        await conn.commit()
        trips.clear()
        async with conn.begin():
            pass
    assert trips == []


def _locked_out(path: Path) -> bool:
    """Whether another connection is refused the write lock at once."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        refused = str(exc)
    else:
        refused = ""
    finally:
        other.close()
    return "locked" in refused


async def test_an_immediate_begin_holds_the_write_lock_from_its_first_statement(
    sqlite: AsyncEngine, tmp_path: Path
) -> None:
    path = tmp_path / "trips.db"
    with read_only_transactions():
        async with sqlite.connect() as conn:
            await conn.execute(text("SELECT count(*) FROM t"))  # DEFERRED: no write lock
            assert not _locked_out(path)
    async with sqlite.begin() as conn:
        await conn.execute(text("SELECT count(*) FROM t"))
        assert _locked_out(path)
    assert not _locked_out(path)


async def test_a_streamed_first_statement_runs_inside_the_transaction(
    sqlite: AsyncEngine, tmp_path: Path
) -> None:
    async with sqlite.begin() as conn:
        result = await conn.stream(text("SELECT name FROM t"))
        assert [row async for row in result] == []
        assert _locked_out(tmp_path / "trips.db")


async def test_a_begin_refused_the_lock_fails_its_statement_and_the_connection_recovers(
    sqlite: AsyncEngine, tmp_path: Path
) -> None:
    with read_only_transactions():
        async with sqlite.connect() as conn:
            await conn.exec_driver_sql("PRAGMA busy_timeout = 50")
    holder = sqlite3.connect(tmp_path / "trips.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(OperationalError, match="locked"):
        async with sqlite.begin() as conn:
            await conn.execute(text("INSERT INTO t (name) VALUES ('refused')"))
    holder.execute("ROLLBACK")
    holder.close()
    async with sqlite.begin() as conn:
        await conn.execute(text("INSERT INTO t (name) VALUES ('written')"))
    async with sqlite.connect() as conn:
        names = (await conn.execute(text("SELECT name FROM t"))).scalars().all()
    assert names == ["written"]

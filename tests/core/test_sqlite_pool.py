"""A SQLite engine keeps a few connections for read-only transactions: concurrent readers
share them, wait for one in the order they asked, never take a writer's, and a reader that
gives up after one was handed to it passes it on."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path

import pytest
from sqlalchemy import exc, text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from core.db import create_engine, read_only_transactions, write_transactions
from core.sqlite_driver import OneTripDriver
from core.sqlite_pool import ReadersAndWriters


@pytest.fixture
async def one_reader(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/pool.db", readers=1)
    yield engine
    await engine.dispose()


def status(engine: AsyncEngine) -> str:
    return engine.sync_engine.pool.status()


async def until(engine: AsyncEngine, shown: str) -> None:
    """Until the pool's status shows ``shown``."""
    for _ in range(1000):
        if shown in status(engine):
            return
        await asyncio.sleep(0.005)
    raise AssertionError(f"the pool never showed {shown!r}: {status(engine)}")


async def read(
    sessions: async_sessionmaker[AsyncSession], then: Awaitable[object] | None = None
) -> int:
    """A read-only transaction; the id of the DBAPI connection it ran on."""
    with read_only_transactions():
        async with sessions() as session:
            await session.execute(text("SELECT 1"))
            raw = await (await session.connection()).get_raw_connection()
            if then is not None:
                await then
            return id(raw.dbapi_connection)


async def test_concurrent_readers_share_the_readers_connections(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/pool.db", readers=2)
    sessions = async_sessionmaker(engine)
    try:
        used = await asyncio.gather(*(read(sessions, asyncio.sleep(0.02)) for _ in range(8)))
        assert len(set(used)) == 2
        assert "Readers: 2, 0 busy, 0 waiting" in status(engine)
    finally:
        await engine.dispose()


async def test_waiting_readers_are_served_in_the_order_they_asked(one_reader: AsyncEngine) -> None:
    sessions = async_sessionmaker(one_reader)
    order: list[str] = []
    release = asyncio.Event()

    async def first() -> None:
        with read_only_transactions():
            session = sessions()
            await session.execute(text("SELECT 1"))
            await release.wait()
            # Closed in this task (``async with`` closes in a task of its own), the
            # connection goes to the reader waiting longest; asking again at once, before
            # that reader has run, must not take it back.
            await session.close()
            again = sessions()
            await again.execute(text("SELECT 1"))
            order.append("first again")
            await again.close()

    async def waiting(name: str) -> None:
        await read(sessions)
        order.append(name)

    tasks = [asyncio.create_task(first())]
    await until(one_reader, "1 busy")
    for waiters, name in enumerate(("second", "third"), start=1):
        tasks.append(asyncio.create_task(waiting(name)))
        await until(one_reader, f"{waiters} waiting")
    release.set()
    await asyncio.gather(*tasks)
    assert order == ["second", "third", "first again"]


async def test_a_reader_that_gives_up_after_a_connection_was_handed_to_it_passes_it_on(
    one_reader: AsyncEngine,
) -> None:
    sessions = async_sessionmaker(one_reader)
    release = asyncio.Event()
    second: asyncio.Task[int] | None = None

    async def first() -> None:
        with read_only_transactions():
            session = sessions()
            await session.execute(text("SELECT 1"))
            await release.wait()
            await session.close()  # in this task: the connection goes to the second reader
            assert second is not None
            second.cancel()  # before it has run

    holder = asyncio.create_task(first())
    await until(one_reader, "1 busy")
    second = asyncio.create_task(read(sessions))
    await until(one_reader, "1 waiting")
    third = asyncio.create_task(read(sessions))
    await until(one_reader, "2 waiting")
    release.set()
    await holder
    with pytest.raises(asyncio.CancelledError):
        await second
    await third
    assert "Readers: 1, 0 busy, 0 waiting" in status(one_reader)


async def test_readers_and_writers_never_take_each_others_connections(
    one_reader: AsyncEngine,
) -> None:
    sessions = async_sessionmaker(one_reader)
    with write_transactions():
        async with sessions() as writer:
            await writer.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
            # The writer holds the write lock and a connection; the reader has its own.
            assert "0 busy" in status(one_reader)
            reader = await asyncio.wait_for(read(sessions), timeout=5)
            written = await (await writer.connection()).get_raw_connection()
            assert reader != id(written.dbapi_connection)
            await writer.commit()


async def test_a_reader_waits_no_longer_than_the_pool_timeout(tmp_path: Path) -> None:
    engine = create_async_engine(
        f"sqlite+aiosqlite:///{tmp_path}/pool.db",
        module=OneTripDriver(),
        poolclass=ReadersAndWriters,
        readers=1,
        pool_timeout=0.1,
    )
    sessions = async_sessionmaker(engine)
    release = asyncio.Event()
    try:
        holder = asyncio.create_task(read(sessions, release.wait()))
        await until(engine, "1 busy")
        with pytest.raises(exc.TimeoutError, match="all 1 reader connections stayed busy"):
            await read(sessions)
        release.set()
        await holder
        assert "0 busy, 0 waiting" in status(engine)
    finally:
        await engine.dispose()


async def test_disposing_closes_the_idle_readers_and_a_new_pool_keeps_their_number(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/pool.db", readers=3)
    sessions = async_sessionmaker(engine)
    await read(sessions)
    pool = engine.sync_engine.pool
    await engine.dispose()
    assert "Readers: 3, 0 busy" in pool.status()
    assert isinstance(pool, ReadersAndWriters)
    assert not pool._idle_readers  # closed
    assert engine.sync_engine.pool is not pool
    used = await asyncio.gather(*(read(sessions, asyncio.sleep(0.02)) for _ in range(6)))
    assert len(set(used)) == 3
    await engine.dispose()


def test_a_pool_without_readers_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one reader"):
        ReadersAndWriters(lambda: None, readers=0)


async def test_the_pools_messages_stay_as_quiet_as_sqlalchemys(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A command's output is not interleaved with "Pool disposed" lines."""
    from api.logging import configure_logging

    configure_logging("INFO")
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/pool.db")
    await read(async_sessionmaker(engine))
    with caplog.at_level(logging.INFO):
        await engine.dispose()
    assert engine.sync_engine.pool.logger.name.startswith("sqlalchemy.pool.")
    assert not [r.message for r in caplog.records if "Pool" in r.message]

"""A SQLite engine's connections: a few for readers, the rest for writers.

Each aiosqlite connection is a thread, and every statement is a hand-over between the event
loop and that thread. With one shared pool, sixteen concurrent reads held sixteen connections
and their threads; the threads' hand-overs queued for the interpreter lock behind each other
and behind the event loop, and a read that had finished its statement waited tens of
milliseconds to be told so (p99 six times p50 at concurrency 16). Reads are CPU work in the
event loop's process: more connections than the process can keep busy only add hand-overs.

So read-only transactions (``core.transactions.read_only_transactions``) draw from at most
``readers`` connections of their own and wait for one when all are busy, as they would wait
for the CPU; they still never wait for SQLite's write lock (DEFERRED on WAL). Writing
transactions draw from the usual queue pool, so a writer waiting for the write lock never
holds a reader's connection and readers never hold a writer's.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any

from sqlalchemy import exc
from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry
from sqlalchemy.util.concurrency import await_

from core.transactions import reads_only

SQLITE_READERS = 4
"""Connections a SQLite engine keeps for read-only transactions (``MEDREG_SQLITE_READERS``)."""


class ReadersAndWriters(AsyncAdaptedQueuePool):
    """The queue pool for writers, and up to ``readers`` connections kept for read-only
    transactions, handed to waiting readers in the order they asked."""

    # SQLAlchemy's pool messages ("Pool disposed", "Pool recreating") under its own name,
    # which medreg's logging keeps quiet, not under this module's.
    _sqla_logger_namespace = "sqlalchemy.pool.impl.ReadersAndWriters"

    def __init__(self, creator: Any, readers: int = SQLITE_READERS, **kw: Any) -> None:
        super().__init__(creator, **kw)
        if readers < 1:
            raise ValueError("a SQLite engine needs at least one reader connection")
        self._readers = readers
        self._reader_records: set[ConnectionPoolEntry] = set()
        self._readers_opening = 0
        self._idle_readers: deque[ConnectionPoolEntry] = deque()
        self._waiting_readers: deque[asyncio.Future[ConnectionPoolEntry]] = deque()

    def _do_get(self) -> ConnectionPoolEntry:
        if not reads_only():
            return super()._do_get()
        if self._idle_readers:
            return self._idle_readers.pop()  # the most recently used: its pages are warm
        if len(self._reader_records) + self._readers_opening < self._readers:
            self._readers_opening += 1  # the slot is taken before the connection opens
            try:
                record = self._create_connection()
            finally:
                self._readers_opening -= 1
            self._reader_records.add(record)
            return record
        waiter: asyncio.Future[ConnectionPoolEntry] = asyncio.get_running_loop().create_future()
        self._waiting_readers.append(waiter)
        try:
            return await_(self._wait(waiter))
        except TimeoutError:
            raise exc.TimeoutError(
                f"all {self._readers} reader connections stayed busy for {self._timeout:.0f} s",
                code="3o7r",
            ) from None

    async def _wait(self, waiter: asyncio.Future[ConnectionPoolEntry]) -> ConnectionPoolEntry:
        """A connection handed over by ``_do_return_conn``. A reader that gives up (timed
        out, or its request cancelled) after one was handed to it passes it on."""
        try:
            async with asyncio.timeout(self._timeout):
                return await waiter
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                self._do_return_conn(waiter.result())
            else:
                waiter.cancel()
            raise

    def _do_return_conn(self, record: ConnectionPoolEntry) -> None:
        if record not in self._reader_records:
            super()._do_return_conn(record)
            return
        # Straight to the reader waiting longest: put back in the idle queue, it could be
        # taken by a reader that just arrived, and the waiting one would wait again.
        while self._waiting_readers:
            waiter = self._waiting_readers.popleft()
            if not waiter.done():
                waiter.set_result(record)
                return
        self._idle_readers.append(record)

    def dispose(self) -> None:
        super().dispose()
        while self._idle_readers:
            record = self._idle_readers.pop()
            self._reader_records.discard(record)
            record.close()

    def recreate(self) -> ReadersAndWriters:
        fresh = super().recreate()
        assert isinstance(fresh, ReadersAndWriters)
        fresh._readers = self._readers
        return fresh

    def status(self) -> str:
        busy = len(self._reader_records) - len(self._idle_readers)
        waiting = sum(not waiter.done() for waiter in self._waiting_readers)
        return f"{super().status()} Readers: {self._readers}, {busy} busy, {waiting} waiting"

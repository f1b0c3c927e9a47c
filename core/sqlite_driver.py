"""SQLite statements in one trip to the connection's thread.

aiosqlite runs each connection in a thread of its own and SQLAlchemy's adapter sends it four
calls per statement (open a cursor, execute, fetch, close), each a hand-over between the
event loop and that thread: about 40 µs of CPU each, more than a small query itself, and a
page's worth of them was a tenth of its cost. This cursor does the four in one call on the
thread.

A transaction's ``BEGIN`` travels with its first statement (``begin_with_next_statement``),
and a commit or rollback with nothing to end makes no trip: a read-only request used to make
four trips (``BEGIN``, its query, the session's rollback and the pool's), now two. Everything
else (connections, streaming cursors, errors) is aiosqlite's and SQLAlchemy's own.
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor whose statements run, fetch and close in one call on the thread."""

    __slots__ = ("_arraysize", "_description", "_lastrowid", "_rowcount")

    _adapt_connection: OneTripConnection

    def __init__(self, adapt_connection: Any) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._arraysize = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    async def _async_soft_close(self) -> None:
        """Nothing stays open on the thread between calls."""

    def close(self) -> None:
        self._rows.clear()

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        def run(connection: sqlite3.Connection) -> tuple[Any, list[Any], int, int | None]:
            cursor = connection.cursor()
            try:
                if parameters is None:
                    cursor.execute(operation)
                else:
                    cursor.execute(operation, parameters)
                description = cursor.description
                rows = cursor.fetchall() if description else []
                return description, rows, cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        await self._on_thread(run)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        def run(connection: sqlite3.Connection) -> tuple[Any, list[Any], int, int | None]:
            cursor = connection.cursor()
            try:
                cursor.executemany(operation, seq_of_parameters)
                return None, [], cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        await self._on_thread(run)

    async def _on_thread(self, statement: Any) -> None:
        """``statement`` on the connection's thread, after the transaction's ``BEGIN`` if it
        has not been sent yet: one trip."""
        begin = self._adapt_connection.take_begin()

        def run(connection: sqlite3.Connection) -> Any:
            if begin is not None:
                connection.execute(begin)
            return statement(connection)

        driver: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        async with self._adapt_connection._execute_mutex:
            found = await driver._execute(run, driver._conn)
        self._description, rows, self._rowcount, self._lastrowid = found
        self._rows = collections.deque(rows)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """aiosqlite's connection as SQLAlchemy adapts it, whose ``BEGIN`` waits for the first
    statement, and which knows when no transaction can be open."""

    __slots__ = ("_begin", "_settled")
    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self._begin: str | None = None
        self._settled = False
        """Nothing has run since the last commit or rollback: no transaction is open."""

    def begin_with_next_statement(self, statement: str) -> None:
        """Send ``statement`` (``BEGIN`` or ``BEGIN IMMEDIATE``) to SQLite with the next
        statement, in the same trip: the transaction starts, and an IMMEDIATE one takes the
        write lock, before that statement runs, exactly as if it had been sent alone. A
        ``BEGIN`` that fails (the write lock still held after the busy timeout) fails that
        statement."""
        self._begin = statement

    def take_begin(self) -> str | None:
        """The ``BEGIN`` the next statement must send first, if any; a statement is about
        to run, so a transaction may be open from now on."""
        begin, self._begin = self._begin, None
        self._settled = False
        return begin

    def cursor(self, server_side: bool = False) -> Any:
        if server_side:  # aiosqlite's own streaming cursor: its statement goes alone
            begin = self.take_begin()
            if begin is not None:
                try:
                    await_(self._connection.execute(begin))
                except Exception as error:
                    self._handle_exception(error)
        return super().cursor(server_side)

    def commit(self) -> None:
        if self._ends_nothing():
            return
        super().commit()
        self._settled = True

    def rollback(self) -> None:
        if self._ends_nothing():
            return
        super().rollback()
        self._settled = True

    def _ends_nothing(self) -> bool:
        """No statement ran since the transaction's ``BEGIN`` was asked for (it was never
        sent), or since the last commit or rollback: SQLite has no transaction to end (with
        ``isolation_level = None`` only a statement can open one)."""
        self._begin = None
        return self._settled


class OneTripDriver(AsyncAdapt_aiosqlite_dbapi):
    """aiosqlite as SQLAlchemy adapts it, with ``OneTripCursor`` for statements."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)

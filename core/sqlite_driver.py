"""SQLite statements in one trip to the connection's thread.

aiosqlite runs each connection in a thread of its own and SQLAlchemy's adapter sends it four
calls per statement (open a cursor, execute, fetch, close), each a hand-over between the
event loop and that thread: about 40 µs of CPU each, more than a small query itself, and a
page's worth of them was a tenth of its cost. This cursor does the four in one call on the
thread. Everything else (connections, transactions, streaming cursors, errors) is
aiosqlite's and SQLAlchemy's own.
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


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor whose statements run, fetch and close in one call on the thread."""

    __slots__ = ("_arraysize", "_description", "_lastrowid", "_rowcount")

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

    async def _on_thread(self, run: Any) -> None:
        driver: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        async with self._adapt_connection._execute_mutex:
            found = await driver._execute(run, driver._conn)
        self._description, rows, self._rowcount, self._lastrowid = found
        self._rows = collections.deque(rows)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneTripCursor


class OneTripDriver(AsyncAdapt_aiosqlite_dbapi):
    """aiosqlite as SQLAlchemy adapts it, with ``OneTripCursor`` for statements."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        connection = super().connect(*arg, **kw)
        connection.__class__ = OneTripConnection
        return connection

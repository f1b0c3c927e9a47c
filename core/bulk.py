"""Bulk statements for many new rows and for lookups by many keys (an import, a bulk issue).

PostgreSQL: rows go in with ``COPY … FROM STDIN`` and a lookup by a chunk's keys binds one
array (``= ANY(…)``) instead of thousands of parameters. SQLite: one prepared ``INSERT`` run
over all rows by the driver (``executemany``) and an ``IN`` list. Either way the values pass
through the columns' own bind processors, so what is stored is what a Core ``insert()``
would have stored."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import ColumnElement, Table, any_, bindparam, insert, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

BATCH_ROWS = 5_000
WRITE_CACHE_KIB = 128 * 1024
"""SQLite's page cache while a bulk write runs (its default is 2 MiB)."""
Values = Callable[[dict[str, Any]], tuple[Any, ...]]


@asynccontextmanager
async def roomy_page_cache(session: AsyncSession) -> AsyncIterator[None]:
    """SQLite: a page cache that holds a city's indexes while a long transaction inserts
    into them, so a page is written to the WAL once at commit instead of being spilled and
    rewritten chunk after chunk; the connection's own size again afterwards. No-op elsewhere."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    before = int(await session.scalar(text("PRAGMA cache_size")) or 0)
    await session.execute(text(f"PRAGMA cache_size = -{WRITE_CACHE_KIB:d}"))
    yield
    await session.execute(text(f"PRAGMA cache_size = {before:d}"))


def _postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def among(
    session: AsyncSession, column: InstrumentedAttribute[Any], values: Collection[Any]
) -> ColumnElement[bool]:
    """``column`` is one of ``values``."""
    if _postgres(session):
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(values)


async def insert_rows(session: AsyncSession, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (every row with the same keys) in the session's transaction. A row
    lacking a column with a Python-side default takes the plain Core ``insert()``, which
    computes it."""
    if not rows:
        return
    columns = list(rows[0])
    if not {c.name for c in table.c if c.default is not None} <= set(columns):
        for start in range(0, len(rows), BATCH_ROWS):
            await session.execute(insert(table), rows[start : start + BATCH_ROWS])
        return
    connection = await session.connection()
    dialect = connection.dialect
    if dialect.name == "postgresql":
        quote = dialect.identifier_preparer.quote
        names = ", ".join(quote(name) for name in columns)
        statement = f"COPY {quote(table.name)} ({names}) FROM STDIN"
        await _copy(connection, statement, rows, _values(table, columns, dialect))
        return
    compiled = insert(table).compile(dialect=dialect, column_keys=columns)
    assert compiled.positiontup is not None  # SQLite's paramstyle is positional
    values = _values(table, list(compiled.positiontup), dialect)
    for start in range(0, len(rows), BATCH_ROWS):
        chunk = [values(row) for row in rows[start : start + BATCH_ROWS]]
        await connection.exec_driver_sql(str(compiled), chunk)


def _values(table: Table, columns: list[str], dialect: Dialect) -> Values:
    """A row as the driver's parameters, in ``columns`` order, through the columns' bind
    processors (what Core would send)."""
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
    ]

    def values(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(
            row[name] if process is None else process(row[name])
            for name, process in zip(columns, processors, strict=True)
        )

    return values


async def _copy(
    connection: AsyncConnection, statement: str, rows: list[dict[str, Any]], values: Values
) -> None:
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    async with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            await copy.write_row(values(row))

"""SQL the two engines spell differently: a timestamp's Shanghai calendar date, the day after
a date, a date's month (``YYYY-MM``), and nearest-rank percentiles with window functions
(SQLite has no percentile aggregate)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Date, Select, String, case, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import Subquery


class shanghai_date(FunctionElement[Any]):  # noqa: N801 - a SQL function's name
    """The calendar date in Shanghai (UTC+8, no daylight saving) of a UTC timestamp."""

    type = Date()
    inherit_cache = True


@compiles(shanghai_date, "sqlite")
def _sqlite(element: shanghai_date, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, '+8 hours')"


@compiles(shanghai_date, "postgresql")
def _postgresql(element: shanghai_date, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'Asia/Shanghai' AS DATE)"


class day_after(FunctionElement[Any]):  # noqa: N801 - a SQL function's name
    """The day after a date."""

    type = Date()
    inherit_cache = True


@compiles(day_after, "sqlite")
def _sqlite_day_after(element: day_after, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, '+1 day')"


@compiles(day_after, "postgresql")
def _postgresql_day_after(element: day_after, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(({compiler.process(element.clauses, **kw)}) + 1)"


class year_month(FunctionElement[Any]):  # noqa: N801 - a SQL function's name
    """A date's month as ``YYYY-MM``."""

    type = String()
    inherit_cache = True


@compiles(year_month, "sqlite")
def _sqlite_year_month(element: year_month, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


@compiles(year_month, "postgresql")
def _postgresql_year_month(element: year_month, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


def earliest(a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[Any]:
    """The smaller of two values, either of which may be NULL (then the other)."""
    return case((a.is_(None), b), (b.is_(None), a), (a < b, a), else_=b)


def percentiles(ranked_source: Subquery, value: str, keys: tuple[str, ...]) -> Select[Any]:
    """Per ``keys`` of the ``ranked_source`` rows: the count, the median and the 90th percentile of
    its ``value`` column, by the nearest-rank method (the ⌈p·n⌉-th smallest)."""
    part = [ranked_source.c[k] for k in keys]
    ranked = select(
        *part,
        ranked_source.c[value].label("v"),
        func.row_number()
        .over(partition_by=part or None, order_by=ranked_source.c[value])
        .label("rn"),
        func.count().over(partition_by=part or None).label("n"),
    ).subquery("ranked")
    outer_keys = [ranked.c[k] for k in keys]
    median_rank = (ranked.c.n + 1) // 2
    p90_rank = (ranked.c.n * 9 + 9) // 10
    return select(
        *outer_keys,
        func.max(ranked.c.n),
        func.max(_when(ranked.c.rn == median_rank, ranked.c.v)),
        func.max(_when(ranked.c.rn == p90_rank, ranked.c.v)),
    ).group_by(*outer_keys)


def _when(condition: ColumnElement[bool], value: ColumnElement[Any]) -> ColumnElement[Any]:
    return case((condition, value), else_=None)


async def without_jit(session: AsyncSession) -> None:
    """PostgreSQL's JIT compiles these scans' expressions at every read because their cost
    estimate is high, and compiling costs more than the scan itself (measured: 0.76 s of
    1.2 s at city scale). Off for the rest of this transaction only."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SET LOCAL jit = off"))

"""Keyset pagination over SQL expressions (joined columns, ``coalesce``, descending keys),
for lists whose order is not a plain ascending tuple of one table's columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from core.errors import ValidationFailed
from core.pagination import Page, check_first, decode_cursor, encode_cursor


@dataclass(frozen=True)
class Key:
    """One sort key: the SQL expression, how to read its value from a result row, how to
    parse it back from a cursor, and the direction."""

    expr: ColumnElement[Any] | QueryableAttribute[Any]
    value: Callable[[Any], Any]
    parse: Callable[[str], Any]
    descending: bool = False


def _after(keys: Sequence[Key], values: Sequence[Any]) -> ColumnElement[bool]:
    clauses = []
    for i, key in enumerate(keys):
        equal = [keys[j].expr == values[j] for j in range(i)]
        beyond = key.expr < values[i] if key.descending else key.expr > values[i]
        clauses.append(and_(*equal, beyond))
    return or_(*clauses)


async def page(
    session: AsyncSession,
    stmt: Select[Any],
    keys: Sequence[Key],
    *,
    first: int,
    after: str | None,
    scalars: bool = True,
) -> Page[Any]:
    """``first`` rows after the cursor ``after``, in ``keys`` order (the last key unique)."""
    first = check_first(first)
    if after:
        raw = decode_cursor(after, len(keys))
        try:
            values = [key.parse(v) for key, v in zip(keys, raw, strict=True)]
        except ValueError as exc:
            raise ValidationFailed.on("after", "not a cursor this list produced") from exc
        stmt = stmt.where(_after(keys, values))
    stmt = stmt.order_by(*(k.expr.desc() if k.descending else k.expr.asc() for k in keys))
    result = await session.execute(stmt.limit(first + 1))
    rows = list(result.scalars().all() if scalars else result.all())
    items = rows[:first]
    cursors = [encode_cursor([key.value(item) for key in keys]) for item in items]
    return Page(items=items, cursors=cursors, has_next=len(rows) > first)

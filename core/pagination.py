"""Keyset (cursor) pagination done in SQL: ``WHERE (sort, id) > (:sort, :id) LIMIT n+1``."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from core.errors import ValidationFailed

T = TypeVar("T")
MAX_PAGE = 100


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]
    has_next: bool

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([str(v) for v in values], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, TypeError) as exc:
        raise ValidationFailed.on("after", "not a cursor this list produced") from exc
    if not isinstance(values, list) or len(values) != width:
        raise ValidationFailed.on("after", "not a cursor this list produced")
    return [str(v) for v in values]


def check_first(first: int) -> int:
    if first < 1 or first > MAX_PAGE:
        raise ValidationFailed.on("first", f"must be between 1 and {MAX_PAGE}")
    return first


async def keyset_page(
    session: AsyncSession,
    stmt: Select[Any],
    order: Sequence[InstrumentedAttribute[Any]],
    *,
    first: int,
    after: str | None,
) -> Page[Any]:
    """Page through ``stmt`` ordered ascending by ``order`` (whose last column is unique)."""
    first = check_first(first)
    if after:
        values = decode_cursor(after, len(order))
        typed = [
            col.type.python_type(v) if col.type.python_type is not str else v
            for col, v in zip(order, values, strict=True)
        ]
        stmt = stmt.where(_after(order, typed))
    rows = list((await session.scalars(stmt.order_by(*order).limit(first + 1))).all())
    items = rows[:first]
    cursors = [encode_cursor([getattr(item, col.key) for col in order]) for item in items]
    return Page(items=items, cursors=cursors, has_next=len(rows) > first)


def _after(order: Sequence[InstrumentedAttribute[Any]], values: Sequence[Any]) -> Any:
    """Lexicographic ``(a, b, c) > (x, y, z)`` spelled portably."""
    clauses = []
    for i, col in enumerate(order):
        equal = [order[j] == values[j] for j in range(i)]
        clauses.append(and_(*equal, col > values[i]))
    return or_(*clauses)

"""Keyset (cursor) pagination done in SQL: ``WHERE (sort, id) > (:sort, :id) LIMIT n+1``."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import Any, Generic, TypeVar, overload

import orjson
from sqlalchemy import ColumnElement, Integer, Select, and_, bindparam, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, QueryableAttribute

from core.errors import Problem, ValidationFailed

T = TypeVar("T")
MAX_PAGE = 100


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    cursors: Sequence[str]
    has_next: bool

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None


def encode_cursor(values: Sequence[Any]) -> str:
    raw = orjson.dumps([str(v) for v in values])  # UTF-8 JSON, as decode_cursor reads it
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


NOT_A_CURSOR = "not a cursor this list produced"


def decode_cursor(cursor: str, width: int) -> list[str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, TypeError) as exc:
        raise ValidationFailed.on("after", NOT_A_CURSOR, Problem.NOT_A_CURSOR) from exc
    if not isinstance(values, list) or len(values) != width:
        raise ValidationFailed.on("after", NOT_A_CURSOR, Problem.NOT_A_CURSOR)
    return [str(v) for v in values]


def check_first(first: int) -> int:
    if first < 1 or first > MAX_PAGE:
        raise ValidationFailed.on(
            "first",
            f"must be between 1 and {MAX_PAGE}",
            Problem.OUT_OF_RANGE,
            minimum=1,
            maximum=MAX_PAGE,
        )
    return first


@dataclass(frozen=True)
class Key:
    """One sort key: the SQL expression, how to read its value from a result row, how to
    parse it back from a cursor, and the direction."""

    expr: ColumnElement[Any] | QueryableAttribute[Any]
    value: Callable[[Any], Any]
    parse: Callable[[str], Any]
    descending: bool = False

    @classmethod
    def column(cls, col: InstrumentedAttribute[Any]) -> Key:
        """An ascending key on a mapped column, read from the row's attribute (one per column,
        made on first use)."""
        found = _COLUMN_KEYS.get(id(col))
        if found is None:
            python_type = col.type.python_type
            key = cls(
                col,
                attrgetter(col.key),
                (lambda v: v) if python_type is str else python_type,
            )
            found = _COLUMN_KEYS[id(col)] = (col, key)
        return found[1]

    @cached_property
    def ordering(self) -> ColumnElement[Any]:
        return self.expr.desc() if self.descending else self.expr.asc()


_COLUMN_KEYS: dict[int, tuple[InstrumentedAttribute[Any], Key]] = {}
"""By the column's identity (a column compared with ``==`` is a SQL expression, not a bool);
the column is kept with its key so that its id is never reused."""


class PageCursors(Sequence[str]):
    """The cursors of a page's rows, each encoded when first read: most pages show only the
    last one (``endCursor``), and encoding all twenty cost a tenth of the directory page."""

    def __init__(self, rows: Sequence[Any], keys: Sequence[Key]) -> None:
        self._rows = rows
        self._keys = keys
        self._encoded: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        position = range(len(self._rows))[index]  # IndexError as a list would raise it
        found = self._encoded.get(position)
        if found is None:
            row = self._rows[position]
            found = self._encoded[position] = encode_cursor([k.value(row) for k in self._keys])
        return found


def _after(keys: Sequence[Key], values: Sequence[Any]) -> ColumnElement[bool]:
    """Lexicographic ``(a, b, c) > (x, y, z)`` spelled portably, per key direction."""
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
    parameters: Mapping[str, Any] | None = None,
) -> Page[Any]:
    """``first`` rows after the cursor ``after``, in ``keys`` order (the last key unique);
    ``parameters`` are the values of the statement's bound parameters. Rows of mapped
    entities (``scalars``) are read through the session; any other rows straight from its
    connection, in its transaction (nothing pending is flushed first)."""
    first = check_first(first)
    if after:
        raw = decode_cursor(after, len(keys))
        try:
            values = [key.parse(v) for key, v in zip(keys, raw, strict=True)]
        except ValueError as exc:
            raise ValidationFailed.on("after", NOT_A_CURSOR, Problem.NOT_A_CURSOR) from exc
        ordered = _ordered(stmt.where(_after(keys, values)), keys)
    else:
        ordered = _first_page(stmt, keys)
    limit = {_LIMIT: first + 1}
    bound = {**parameters, **limit} if parameters else limit
    if scalars:
        rows = list((await session.execute(ordered, bound)).scalars().all())
    else:  # plain rows: the session's connection reads them without the ORM's loading
        connection = await session.connection()
        rows = list((await connection.execute(ordered, bound)).all())
    items = rows[:first]
    return Page(items=items, cursors=PageCursors(items, keys), has_next=len(rows) > first)


_LIMIT = "medreg_page_limit"


def _ordered(stmt: Select[Any], keys: Sequence[Key]) -> Select[Any]:
    """``stmt`` in ``keys`` order, limited by the bound parameter ``_LIMIT``."""
    return stmt.order_by(*(k.ordering for k in keys)).limit(bindparam(_LIMIT, type_=Integer))


_FIRST_PAGES: dict[tuple[int, tuple[int, ...]], tuple[Select[Any], Sequence[Key], Select[Any]]] = {}
"""First pages of statements built once (a module's constant, or one built per kind of filter),
by identity: ordering and limiting a statement copies it twice, which cost more than reading
the page's rows. The statement and keys are kept with it, so their ids are never reused."""
_FIRST_PAGES_MAX = 512


def _first_page(stmt: Select[Any], keys: Sequence[Key]) -> Select[Any]:
    key = (id(stmt), tuple(id(k) for k in keys))
    found = _FIRST_PAGES.get(key)
    if found is None:
        if len(_FIRST_PAGES) >= _FIRST_PAGES_MAX:  # statements built per request: forget them
            _FIRST_PAGES.clear()
        found = _FIRST_PAGES[key] = (stmt, keys, _ordered(stmt, keys))
    return found[2]


async def keyset_page(
    session: AsyncSession,
    stmt: Select[Any],
    order: Sequence[InstrumentedAttribute[Any]],
    *,
    first: int,
    after: str | None,
) -> Page[Any]:
    """Page through ``stmt`` ordered ascending by the mapped columns ``order``."""
    return await page(session, stmt, [Key.column(c) for c in order], first=first, after=after)


def escape_like(text: str) -> str:
    """``text`` matched literally inside a LIKE pattern (with ``escape="\\"``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

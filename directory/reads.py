"""Public reads of the registry: authorities and institutions, paginated in SQL."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.pagination import Key, Page, escape_like, page
from directory.models import Authority, Institution, InstitutionStatus, InstitutionType


@dataclass(frozen=True)
class InstitutionFilter:
    district: str | None = None
    authority: str | None = None
    type: InstitutionType | None = None
    name_contains: str | None = None


async def authorities(session: AsyncSession) -> list[Authority]:
    return list((await session.scalars(select(Authority).order_by(Authority.code))).all())


# Built once, the keys a parameter: building a statement and its cache key for each page
# cost more than the SQLite read.
_AUTHORITIES_BY_CODE = select(Authority).where(
    Authority.code.in_(bindparam("codes", expanding=True))
)
_INSTITUTIONS_BY_ID = select(Institution).where(
    Institution.id.in_(bindparam("ids", expanding=True))
)


async def authorities_by_code(session: AsyncSession, codes: list[str]) -> dict[str, Authority]:
    rows = await session.scalars(_AUTHORITIES_BY_CODE, {"codes": list(codes)})
    return {a.code: a for a in rows}


async def institutions_by_id(
    session: AsyncSession, ids: list[uuid.UUID]
) -> dict[uuid.UUID, Institution]:
    rows = await session.scalars(_INSTITUTIONS_BY_ID, {"ids": list(ids)})
    return {i.id: i for i in rows}


InstitutionRow = Row[Any]
"""A row of the institution table: attributes named as an ``Institution``'s, without the
ORM's bookkeeping (identity map, instance state), which cost a tenth of a directory page."""

PUBLIC_COLUMNS = frozenset(
    {
        "id",
        "uscc",
        "licence_number",
        "name",
        "name_en",
        "type",
        "level",
        "beds",
        "address",
        "district_code",
        "authority_code",
        "status",
        "subjects",
        "validated_until",
    }
)
"""What the public directory can show of an institution: never its contacts."""


async def institutions(
    session: AsyncSession,
    flt: InstitutionFilter,
    *,
    first: int,
    after: str | None,
    columns: Collection[str] = PUBLIC_COLUMNS,
) -> Page[InstitutionRow]:
    """Institutions in public view (not cancelled), ordered by name, then id, as rows of
    ``columns`` (some of ``PUBLIC_COLUMNS``; the page's order needs ``name`` and ``id``,
    which every row has)."""
    stmt = _in_public_view(PUBLIC_COLUMNS.intersection(columns))
    if flt.district:
        stmt = stmt.where(Institution.district_code == flt.district)
    if flt.authority:
        stmt = stmt.where(Institution.authority_code == flt.authority)
    if flt.type:
        stmt = stmt.where(Institution.type == flt.type)
    if flt.name_contains and flt.name_contains.strip():
        pattern = f"%{escape_like(flt.name_contains.strip())}%"
        stmt = stmt.where(Institution.name.like(pattern, escape="\\"))
    return await page(session, stmt, _BY_NAME, first=first, after=after, scalars=False)


@lru_cache(maxsize=64)
def _in_public_view(columns: frozenset[str]) -> Select[Any]:
    """Built once per set of columns: a page's first statement is then found by identity
    (``core.pagination``), and a row of fewer columns is cheaper to read and convert."""
    shown = columns | {"id", "name"}
    table = Institution.__table__
    return select(*(column for column in table.c if column.name in shown)).where(
        Institution.status != InstitutionStatus.CANCELLED
    )


_BY_NAME = (Key.column(Institution.name), Key.column(Institution.id))

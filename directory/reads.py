"""Public reads of the registry: authorities and institutions, paginated in SQL."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, select
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


async def authorities_by_code(session: AsyncSession, codes: list[str]) -> dict[str, Authority]:
    rows = await session.scalars(select(Authority).where(Authority.code.in_(codes)))
    return {a.code: a for a in rows}


async def institutions_by_id(
    session: AsyncSession, ids: list[uuid.UUID]
) -> dict[uuid.UUID, Institution]:
    rows = await session.scalars(select(Institution).where(Institution.id.in_(ids)))
    return {i.id: i for i in rows}


InstitutionRow = Row[Any]
"""A row of the institution table: the same attributes as an ``Institution``, without the
ORM's bookkeeping (identity map, instance state), which cost a tenth of a directory page."""


async def institutions(
    session: AsyncSession, flt: InstitutionFilter, *, first: int, after: str | None
) -> Page[InstitutionRow]:
    """Institutions in public view (not cancelled), ordered by name, then id, as rows."""
    stmt = _IN_PUBLIC_VIEW
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


_IN_PUBLIC_VIEW = select(Institution.__table__).where(
    Institution.status != InstitutionStatus.CANCELLED
)
_BY_NAME = (Key.column(Institution.name), Key.column(Institution.id))

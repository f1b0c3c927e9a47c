"""Human-readable numbers from per-prefix, per-year counters (one atomic upsert each)."""

from __future__ import annotations

from datetime import date
from typing import cast

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import dialect_name
from registry.registrations.models import RegistrationSubject
from registry.workflow.models import RegistryCounter

REGISTRATION_PREFIX = {
    RegistrationSubject.NURSE: "HS",
    RegistrationSubject.DOCTOR: "YS",
    RegistrationSubject.INSTITUTION: "JG",
}


async def next_value(session: AsyncSession, scope: str, year: int) -> int:
    """The next number of ``scope`` in ``year``; concurrent callers queue on the counter row."""
    table = cast(Table, RegistryCounter.__table__)
    insert = postgresql.insert if dialect_name(session) == "postgresql" else sqlite.insert
    stmt = (
        insert(table)
        .values(scope=scope, year=year, last=1)
        .on_conflict_do_update(
            index_elements=[table.c.scope, table.c.year], set_={"last": table.c.last + 1}
        )
        .returning(table.c.last)
    )
    return int((await session.execute(stmt)).scalar_one())


async def application_number(session: AsyncSession, authority_code: str, day: date) -> str:
    """``SQ310115-2026-000123``: the deciding authority, the year, a serial."""
    serial = await next_value(session, f"SQ{authority_code}", day.year)
    return f"SQ{authority_code}-{day.year}-{serial:06d}"


async def registration_number(
    session: AsyncSession, subject: RegistrationSubject, authority_code: str, day: date
) -> str:
    """``HS310115-2026-000042`` (nurse), ``YS…`` (physician), ``JG…`` (institution)."""
    prefix = f"{REGISTRATION_PREFIX[subject]}{authority_code}"
    serial = await next_value(session, prefix, day.year)
    return f"{prefix}-{day.year}-{serial:06d}"

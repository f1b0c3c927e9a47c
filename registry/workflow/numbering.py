"""Human-readable numbers from per-prefix, per-year counters (one atomic upsert each).

Every application, registration and licence number has one form: two letters, the authority's
GB/T 2260 code, the year, a six-digit serial: ``SQ310115-2026-000123``, ``HS310115-2026-000042``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import cast

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import dialect_name
from registry.registrations.models import RegistrationSubject
from registry.workflow.models import RegistryCounter


@dataclass(frozen=True)
class NumberParts:
    scope: str
    """Prefix and authority code: the counter the number was drawn from."""
    year: int
    serial: int


def parse_number(text: str) -> NumberParts | None:
    """The parts of a number in the one form, forgiving case, spaces and missing hyphens
    (``hs 310115 2026 000042``); ``None`` for anything else."""
    compact = re.sub(r"[\s-]", "", text).upper()
    match = re.fullmatch(r"([A-Z]{2}[0-9]{6})([0-9]{4})([0-9]{6})", compact)
    if match is None:
        return None
    return NumberParts(match[1], int(match[2]), int(match[3]))


def format_number(scope: str, year: int, serial: int) -> str:
    return f"{scope}-{year}-{serial:06d}"


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
    return format_number(f"SQ{authority_code}", day.year, serial)


async def registration_number(
    session: AsyncSession, subject: RegistrationSubject, authority_code: str, day: date
) -> str:
    """``HS310115-2026-000042`` (nurse), ``YS…`` (physician), ``JG…`` (institution)."""
    prefix = f"{REGISTRATION_PREFIX[subject]}{authority_code}"
    serial = await next_value(session, prefix, day.year)
    return format_number(prefix, day.year, serial)

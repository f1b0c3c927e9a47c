"""The materialised summary the statistics read: ``registration_period``, rebuilt in one
transaction by one INSERT … SELECT over the registrations' history (no row passes through
Python). A read between two rebuilds sees the figures as of the last one, and says so."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import clock_of
from directory.models import Institution, Person, Practitioner
from registry.registrations.models import Registration
from registry.statistics.history import periods
from registry.statistics.models import RegistrationPeriod, SummaryState
from registry.statistics.sqlfuncs import without_jit

REFRESH_TASK = "statistics.refresh"
NAME = "registration_period"


async def refresh(session: AsyncSession) -> int:
    """Rebuild the summary; flushes, the caller commits. Returns the periods written."""
    p = periods()
    reg, inst = Registration, Institution
    source = (
        select(
            p.c.registration_id,
            reg.subject,
            Practitioner.person_id,
            reg.institution_id,
            inst.district_code,
            inst.type,
            inst.level,
            inst.beds,
            reg.category,
            Person.sex,
            Person.birth_date,
            p.c.start_at,
            p.c.next_at,
            p.c.valid_until,
            reg.valid_until,
        )
        .select_from(p)
        .join(reg, reg.id == p.c.registration_id)
        .join(inst, inst.id == reg.institution_id)
        .outerjoin(Practitioner, Practitioner.id == reg.practitioner_id)
        .outerjoin(Person, Person.id == Practitioner.person_id)
    )
    columns = [
        "registration_id",
        "subject",
        "person_id",
        "institution_id",
        "district_code",
        "institution_type",
        "institution_level",
        "beds",
        "category",
        "sex",
        "birth_date",
        "start_at",
        "next_at",
        "valid_until",
        "registration_valid_until",
    ]
    await without_jit(session)
    await session.execute(delete(RegistrationPeriod))
    await session.execute(insert(RegistrationPeriod).from_select(columns, source))
    # (rowcount of INSERT … SELECT is -1 with some drivers: count instead)
    written = int(await session.scalar(select(func.count()).select_from(RegistrationPeriod)) or 0)
    state = await session.get(SummaryState, NAME)
    now = clock_of(session).now()
    if state is None:
        session.add(SummaryState(name=NAME, refreshed_at=now, periods=written))
    else:
        state.refreshed_at, state.periods = now, written
    await session.flush()
    return written


async def refreshed_at(session: AsyncSession) -> datetime | None:
    state = await session.get(SummaryState, NAME)
    return state.refreshed_at if state else None


async def ensure_built(session: AsyncSession) -> None:
    """A read before the worker's first rebuild builds the summary itself (once)."""
    if await refreshed_at(session) is None:
        await refresh(session)


async def summary_note(session: AsyncSession) -> dict[str, str]:
    at = await refreshed_at(session)
    return {"summaryRefreshedAt": at.isoformat(timespec="seconds")} if at else {}

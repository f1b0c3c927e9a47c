"""The materialised summary the statistics read, rebuilt in one transaction:
``registration_period`` by one INSERT … SELECT over the registrations' history (no row
passes through Python), then from it the practitioners in force at every month end
(``in_force_month``) and the groups of the rebuild's day (``in_force_cube``,
``adoption_snapshot``). A read between two rebuilds sees the figures as of the last one, and
says so."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import delete, exists, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from certificates.statistics import issued
from core.clock import SHANGHAI, clock_of
from directory.models import Institution, Person, Practitioner
from registry.registrations.models import Filing, Registration
from registry.statistics import census, cubes
from registry.statistics.history import PRACTITIONERS, periods
from registry.statistics.models import (
    AdoptionSnapshot,
    InForceCube,
    InForceMonth,
    LicencesIssuedDay,
    RegistrationPeriod,
    SummaryState,
)
from registry.statistics.sqlfuncs import (
    day_after,
    earliest,
    shanghai_date,
    without_jit,
    year_month,
)

REFRESH_TASK = "statistics.refresh"
NAME = "registration_period"
MONTHS_AHEAD = 12
"""Month ends stored past the rebuild's month, so reads until the next rebuild find theirs."""


async def refresh(session: AsyncSession) -> int:
    """Rebuild the summary; flushes, the caller commits. Returns the periods written."""
    await without_jit(session)
    for table in (
        RegistrationPeriod,
        InForceMonth,
        InForceCube,
        AdoptionSnapshot,
        LicencesIssuedDay,
    ):
        await session.execute(delete(table))
    await _periods(session)
    # (rowcount of INSERT … SELECT is -1 with some drivers: count instead)
    written = int(await session.scalar(select(func.count()).select_from(RegistrationPeriod)) or 0)
    now = clock_of(session).now()
    day = now.astimezone(SHANGHAI).date()
    await _months(session, day)
    await _snapshots(session, day)
    await _licences_issued(session)
    first = await session.scalar(select(func.min(RegistrationPeriod.open_day)))
    state = await session.get(SummaryState, NAME)
    if state is None:
        state = SummaryState(name=NAME, refreshed_at=now, periods=written)
        session.add(state)
    state.refreshed_at, state.periods, state.snapshot_day, state.first_day = (
        now,
        written,
        day,
        first,
    )
    await session.flush()
    return written


async def _periods(session: AsyncSession) -> None:
    p = periods()
    reg, inst = Registration, Institution
    has_filing = exists().where(Filing.registration_id == reg.id)
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
            shanghai_date(p.c.start_at),
            earliest(shanghai_date(p.c.next_at), day_after(p.c.valid_until)),
            has_filing,
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
        "open_day",
        "close_day",
        "has_filing",
        "registration_valid_until",
    ]
    await session.execute(insert(RegistrationPeriod).from_select(columns, source))


async def _months(session: AsyncSession, day: date) -> None:
    """Practitioners in force at each month end: the periods opening and closing in each
    month, per district and profession, summed month by month (a few thousand groups)."""
    rp = RegistrationPeriod.__table__
    lasting = (rp.c.close_day.is_(None)) | (rp.c.close_day > rp.c.open_day)
    moves: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for column, sign in ((rp.c.open_day, 1), (rp.c.close_day, -1)):
        month = year_month(column)
        stmt = (
            select(rp.c.district_code, rp.c.subject, month, func.count())
            .where(rp.c.subject.in_(PRACTITIONERS), lasting, column.is_not(None))
            .group_by(rp.c.district_code, rp.c.subject, month)
        )
        for district, subject, ym, n in (await session.execute(stmt)).all():
            moves[(district, str(subject))][str(ym)] += sign * int(n)
    if not moves:
        return
    first = min(min(by_month) for by_month in moves.values())
    rows: list[dict[str, object]] = []
    for (district, subject), by_month in moves.items():
        if district not in census.RESIDENTS_2020:
            continue
        running = 0
        for month_end in _month_ends(date.fromisoformat(f"{first}-01"), day):
            running += by_month.get(month_end.isoformat()[:7], 0)
            rows.append(
                {
                    "month_end": month_end,
                    "district_code": district,
                    "subject": subject,
                    "practitioners": running,
                }
            )
    await session.execute(insert(InForceMonth), rows)


def _month_ends(first_month: date, day: date) -> list[date]:
    """Every month end from ``first_month``'s to ``MONTHS_AHEAD`` months after ``day``'s."""
    ends = []
    month = first_month.replace(day=1)
    horizon = day.replace(day=1)
    for _ in range(MONTHS_AHEAD + 1):
        horizon = (horizon + timedelta(days=32)).replace(day=1)
    while month < horizon:
        following = (month + timedelta(days=32)).replace(day=1)
        ends.append(following - timedelta(days=1))
        month = following
    return ends


async def _licences_issued(session: AsyncSession) -> None:
    licences = issued().subquery("issued")
    day = shanghai_date(licences.c.issued_at)
    source = (
        select(day, Institution.district_code, func.count())
        .select_from(licences)
        .join(Registration, Registration.number == licences.c.number)
        .join(Institution, Institution.id == Registration.institution_id)
        .group_by(day, Institution.district_code)
    )
    await session.execute(
        insert(LicencesIssuedDay).from_select(["day", "district_code", "licences"], source)
    )


async def _snapshots(session: AsyncSession, day: date) -> None:
    cube = cubes.practitioner_cube(day)
    await session.execute(
        insert(InForceCube).from_select(
            [
                "district_code",
                "institution_type",
                "subject",
                "category",
                "age_band",
                "sex",
                "persons",
                "multi_site",
                "expiring",
            ],
            cube,
        )
    )
    await session.execute(
        insert(AdoptionSnapshot).from_select(
            ["institution_id", "district_code", "practitioners", "activated", "certified"],
            cubes.adoption(day),
        )
    )


SUMMARY_TABLES = (
    "registration_period",
    "in_force_month",
    "in_force_cube",
    "adoption_snapshot",
    "licences_issued_day",
)


async def tidy(sessions: async_sessionmaker[AsyncSession]) -> None:
    """After a rebuild committed, on PostgreSQL: reclaim the rows it deleted and refresh the
    planner's statistics. Every rebuild deletes the whole summary, and scans slow down with
    each generation of dead rows left for autovacuum (measured: 3 rebuilds, 600,000 dead
    rows, the city's read 2-4 x slower). VACUUM cannot run inside a transaction."""
    async with sessions() as session:
        if session.get_bind().dialect.name != "postgresql":
            return
        conn = await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        for table in SUMMARY_TABLES:
            await conn.execute(text(f"VACUUM (ANALYZE) {table}"))


async def state(session: AsyncSession) -> SummaryState | None:
    return await session.get(SummaryState, NAME)


async def refreshed_at(session: AsyncSession) -> datetime | None:
    current = await state(session)
    return current.refreshed_at if current else None


async def ensure_built(session: AsyncSession, day: date) -> None:
    """A read before the worker's first rebuild builds the summary itself (once); so does a
    read for a day past the stored month ends (a summary the worker left stale for a year)."""
    current = await state(session)
    stale = (
        current is not None
        and current.snapshot_day is not None
        and (day > current.snapshot_day + timedelta(days=28 * MONTHS_AHEAD))
    )
    if current is None or current.snapshot_day is None or stale:
        await refresh(session)


async def snapshot_day(session: AsyncSession) -> date | None:
    """The day ``in_force_cube`` and ``adoption_snapshot`` describe."""
    current = await state(session)
    return current.snapshot_day if current else None


async def first_day(session: AsyncSession) -> date | None:
    """The first day of the registration history (None: no registration yet)."""
    current = await state(session)
    return current.first_day if current else None


async def summary_note(session: AsyncSession) -> dict[str, str]:
    at = await refreshed_at(session)
    return {"summaryRefreshedAt": at.isoformat(timespec="seconds")} if at else {}

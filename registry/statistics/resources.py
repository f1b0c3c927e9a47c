"""Resource allocation (``resourceStatistics``): institutions, beds, doctors and nurses per
district as they stood on a date, per 1,000 residents, and their monthly series.

Three grouped SQL statements do the counting (practitioners in force, institutions in force,
the monthly openings and closings); Python only rolls those few hundred groups up into tables
and suppresses small cells."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from access.permissions import Permission
from access.scope import MUNICIPAL
from core.clock import SHANGHAI, clock_of
from registry.registrations.models import RegistrationSubject
from registry.statistics import census, cubes, suppression
from registry.statistics.history import InForce, month_ends
from registry.statistics.models import InForceCube, InForceMonth, RegistrationPeriod
from registry.statistics.scope import EARLIEST, Area, area_for, audit_read, check_as_of
from registry.statistics.sqlfuncs import without_jit
from registry.statistics.summary import ensure_built, first_day, snapshot_day, summary_note
from registry.statistics.suppression import Key
from registry.statistics.tables import Report, Spec, linked_tables, named, rate

UNSPECIFIED = "UNSPECIFIED"
Counts = dict[Key, dict[str, int]]


class Group(NamedTuple):
    """Practitioners in force sharing every attribute the tables break down by."""

    district: str
    institution_type: str
    profession: str
    category: str
    age_band: str
    sex: str
    persons: int
    multi_site: int
    """Of ``persons``, doctors with a multi-institution filing in force."""
    expiring: int
    """Of ``persons``, registrations whose validity ends within the next 90 days."""


class InstitutionGroup(NamedTuple):
    district: str
    institution_type: str
    level: str
    institutions: int
    beds: int


async def resource_statistics(
    session: AsyncSession, actor: Actor, authority: str, as_of: date
) -> Report:
    area = area_for(actor, authority, Permission.REGISTRY_STATISTICS_READ)
    today = clock_of(session).now().astimezone(SHANGHAI).date()
    check_as_of(as_of, today, None)
    await ensure_built(session, as_of)
    check_as_of(as_of, today, await first_day(session) or EARLIEST)
    report = await build_resources(session, area, as_of)
    await audit_read(session, actor, "resources", area, {"asOf": as_of.isoformat()})
    return report


async def build_resources(session: AsyncSession, area: Area, as_of: date) -> Report:
    """Counts the whole city and suppresses over it, then shows ``area``'s rows: a district's
    read hides exactly what the city's read hides in that district."""
    await without_jit(session)
    cube = await _practitioner_cube(session, as_of)
    institutions = await _institution_cube(session, as_of)
    series = await _monthly(session, as_of, cube)
    specs = (
        _districts(cube, institutions),
        _institutions_by_type_level(institutions),
        _practitioners_by_institution_type(cube),
        _doctors_by_category(cube),
        _age_sex(cube),
        _series(series, as_of),
    )
    tables = linked_tables(specs, area.shows, NOT_ADDITIVE)
    return Report(
        kind="RESOURCES",
        authority=area.authority,
        as_of=as_of,
        period_from=None,
        period_to=None,
        generated_at=clock_of(session).now(),
        tables=tables,
        notes={
            **await summary_note(session),
            "populationSource": census.CENSUS_SOURCE,
            "suppression": suppression.RULE,
            "suppressionZh": suppression.RULE_ZH,
        },
    )


async def _practitioner_cube(session: AsyncSession, as_of: date) -> list[Group]:
    """(district, institution type, profession, category, age band, sex) → practitioners in
    force on ``as_of``, with how many of them have a multi-site filing or expire soon: the
    rebuild's groups when ``as_of`` is its day, else grouped from the periods now."""
    if as_of == await snapshot_day(session):
        c = InForceCube
        stmt = select(
            c.district_code,
            c.institution_type,
            c.subject,
            c.category,
            c.age_band,
            c.sex,
            c.persons,
            c.multi_site,
            c.expiring,
        )
    else:
        stmt = cubes.practitioner_cube(as_of)
    return [
        Group(
            r[0],
            r[1],
            _text(r[2]),
            r[3] if r[3] is not None else UNSPECIFIED,
            r[4],
            r[5] or "",
            int(r[6]),
            int(r[7] or 0),
            int(r[8] or 0),
        )
        for r in (await session.execute(stmt)).all()
        if r[0] in census.RESIDENTS_2020
    ]


async def _institution_cube(session: AsyncSession, as_of: date) -> list[InstitutionGroup]:
    """(district, type, level) → institutions registered on ``as_of`` and their beds."""
    rp = RegistrationPeriod.__table__
    keys = (rp.c.district_code, rp.c.institution_type, rp.c.institution_level)
    stmt = (
        select(*keys, func.count(), func.sum(rp.c.beds))
        .where(
            InForce(as_of)(rp),
            rp.c.subject == RegistrationSubject.INSTITUTION.value,
            rp.c.district_code.in_(census.DISTRICTS),
        )
        .group_by(*keys)
    )
    return [
        InstitutionGroup(r[0], r[1], r[2], int(r[3]), int(r[4] or 0))
        for r in (await session.execute(stmt)).all()
    ]


async def _monthly(
    session: AsyncSession, as_of: date, cube: list[Group]
) -> dict[tuple[date, str, str], int]:
    """(month end, district, profession) → practitioners in force at the end of each of the
    24 months up to ``as_of``: the stored month ends, and ``as_of`` itself from the cube."""
    months = month_ends(as_of)
    m = InForceMonth
    stmt = select(m.month_end, m.district_code, m.subject, m.practitioners).where(
        m.month_end.in_(months[:-1])
    )
    out: dict[tuple[date, str, str], int] = {}
    for month, district, subject, n in (await session.execute(stmt)).all():
        out[(month, district, _text(subject))] = int(n)
    lines = {(d, s) for _m, d, s in out} | {(g.district, g.profession) for g in cube}
    for district, subject in lines:  # months before the history began count nobody
        for month in months:
            out.setdefault((month, district, subject), 0)
    for g in cube:
        key = (as_of, g.district, g.profession)
        out[key] = out.get(key, 0) + g.persons
    return out


def _text(value: object) -> str:
    return str(getattr(value, "value", value))


PERSONS = ("measure", "persons")
NOT_ADDITIVE = ("measure", "profession", "monthEnd")
"""Doctors and nurses are never published summed, nor months: no lines along them."""
DOCTORS = (PERSONS, ("profession", "DOCTOR"))
NURSES = (PERSONS, ("profession", "NURSE"))


def _with_city(counts: Counts) -> Counts:
    """Adds the city rows (district 310000: the sum over districts)."""
    totals: Counts = defaultdict(lambda: defaultdict(int))
    for key, measures in counts.items():
        total_key = (MUNICIPAL, *key[1:])
        for name, n in measures.items():
            if name != "population":
                totals[total_key][name] += n
    if (MUNICIPAL,) in totals:
        totals[(MUNICIPAL,)]["population"] = sum(census.RESIDENTS_2020.values())
    return {**counts, **{k: dict(v) for k, v in totals.items()}}


def _omit_city(dimension: str, key: str) -> bool:
    return dimension == "district" and key == MUNICIPAL


def _districts(cube: list[Group], institutions: list[InstitutionGroup]) -> Spec:
    counts: Counts = {(d,): defaultdict(int) for d in census.DISTRICTS}
    for g in cube:
        row = counts[(g.district,)]
        row["doctors" if g.profession == "DOCTOR" else "nurses"] += g.persons
        row["multiSiteDoctors"] += g.multi_site
        row["expiringIn90Days"] += g.expiring
    for i in institutions:
        counts[(i.district,)]["institutions"] += i.institutions
        counts[(i.district,)]["beds"] += i.beds
    for district in census.DISTRICTS:
        counts[(district,)]["population"] = census.RESIDENTS_2020[district]
    dims = ("district",)
    return Spec(
        "districts",
        dims,
        _with_city(counts),
        ("doctors", "nurses", "multiSiteDoctors", "expiringIn90Days"),
        named(
            dims,
            {
                "doctors": DOCTORS,
                "nurses": NURSES,
                "multiSiteDoctors": (("measure", "multiSiteDoctors"),),
                "expiringIn90Days": (("measure", "expiringIn90Days"),),
            },
            _omit_city,
        ),
        plain_measures=("population", "institutions", "beds"),
        derived=(
            ("doctorsPer1000", _per_1000("doctors"), ("doctors",)),
            ("nursesPer1000", _per_1000("nurses"), ("nurses",)),
            ("bedsPer1000", _per_1000("beds"), ()),
            ("nursesPerDoctor", _nurses_per_doctor, ("doctors", "nurses")),
        ),
    )


def _per_1000(measure: str) -> Callable[[Mapping[str, int]], float | None]:
    def compute(row: Mapping[str, int]) -> float | None:
        return rate(row.get(measure, 0), row.get("population", 0), per=1000)

    return compute


def _nurses_per_doctor(row: Mapping[str, int]) -> float | None:
    return rate(row.get("nurses", 0), row.get("doctors", 0))


def _institutions_by_type_level(institutions: list[InstitutionGroup]) -> Spec:
    counts: Counts = {
        (i.district, i.institution_type, i.level): {"institutions": i.institutions, "beds": i.beds}
        for i in institutions
    }
    dims = ("district", "institutionType", "level")
    return Spec(
        "institutionsByTypeLevel",
        dims,
        counts,
        (),
        named(dims, {}, _omit_city),
        plain_measures=("institutions", "beds"),
    )


def _grouped(
    cube: list[Group], key_of: Callable[[Group], Key | None], measure_of: Callable[[Group], str]
) -> Counts:
    counts: Counts = defaultdict(lambda: defaultdict(int))
    for group in cube:
        key = key_of(group)
        if key is not None:
            counts[key][measure_of(group)] += group.persons
    return counts


def _doctors_or_nurses(group: Group) -> str:
    return "doctors" if group.profession == "DOCTOR" else "nurses"


def _practitioners_by_institution_type(cube: list[Group]) -> Spec:
    counts = _grouped(cube, lambda g: (g.district, g.institution_type), _doctors_or_nurses)
    dims = ("district", "institutionType")
    return Spec(
        "practitionersByInstitutionType",
        dims,
        _with_city(counts),
        ("doctors", "nurses"),
        named(dims, {"doctors": DOCTORS, "nurses": NURSES}, _omit_city),
    )


def _doctors_by_category(cube: list[Group]) -> Spec:
    counts = _grouped(
        cube,
        lambda g: (g.district, g.category) if g.profession == "DOCTOR" else None,
        lambda g: "doctors",
    )
    dims = ("district", "category")
    return Spec(
        "doctorsByCategory",
        dims,
        _with_city(counts),
        ("doctors",),
        named(dims, {"doctors": DOCTORS}, _omit_city),
    )


def _age_sex(cube: list[Group]) -> Spec:
    counts = _grouped(
        cube, lambda g: (g.district, g.profession, g.age_band, g.sex), lambda g: "practitioners"
    )
    dims = ("district", "profession", "ageBand", "sex")
    return Spec(
        "practitionersByAgeSex",
        dims,
        _with_city(counts),
        ("practitioners",),
        named(dims, {"practitioners": (PERSONS,)}, _omit_city),
    )


def _series(series: dict[tuple[date, str, str], int], as_of: date) -> Spec:
    """The last point (``as_of``) counts what the districts table counts: the same cells."""
    counts: Counts = defaultdict(lambda: defaultdict(int))
    for (month, district, subject), n in series.items():
        counts[(district, month.isoformat())]["doctors" if subject == "DOCTOR" else "nurses"] += n
    dims = ("district", "monthEnd")
    today = as_of.isoformat()

    def omit(dimension: str, key: str) -> bool:
        return _omit_city(dimension, key) or (dimension == "monthEnd" and key == today)

    return Spec(
        "monthlySeries",
        dims,
        _with_city(counts),
        ("doctors", "nurses"),
        named(dims, {"doctors": DOCTORS, "nurses": NURSES}, omit),
    )

"""Resource statistics reconciled with the rows: every figure of every table, for today and
for dates in the past (from the registrations' history), equals a count made by replaying
each registration's events in Python; small cells are hidden with their complements. The
tests share the module's generated city (``generated_city``), read-only; ``test_summary``
changes the data."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics import census
from registry.statistics.history import month_ends
from registry.statistics.resources import build_resources
from registry.statistics.scope import Area
from tests.factories import statistics as generated
from tests.registry.statistics import oracle
from tests.registry.statistics.checks import CITY, check_person_measure

DATES = (generated.TODAY, date(2026, 3, 31), date(2025, 8, 15), date(2024, 1, 1))
CITY_AREA = Area("310000", census.DISTRICTS)


def _with_city(counts: Counter[tuple[object, ...]]) -> dict[tuple[str, ...], int]:
    out: dict[tuple[str, ...], int] = {}
    for key, n in counts.items():
        out[tuple(str(k) for k in key)] = n
        city = (CITY, *(str(k) for k in key[1:]))
        out[city] = out.get(city, 0) + n
    return out


@pytest.mark.parametrize("as_of", DATES)
async def test_every_figure_equals_a_count_over_the_rows(
    city_session: AsyncSession, as_of: date
) -> None:
    report = await build_resources(city_session, CITY_AREA, as_of)
    rows = await oracle.load(city_session)
    people = oracle.practitioners(rows, as_of)
    assert people, "the generated city has practitioners on every date tested"
    hidden = 0

    districts = report.table("districts")
    doctors = [p for p in people if p["profession"] == "DOCTOR"]
    nurses = [p for p in people if p["profession"] == "NURSE"]
    for measure, entries in (
        ("doctors", doctors),
        ("nurses", nurses),
        ("multiSiteDoctors", [p for p in doctors if p["multi"]]),
        ("expiringIn90Days", [p for p in people if p["expiring"]]),
    ):
        hidden += check_person_measure(
            districts, measure, _with_city(oracle.count(entries, "district"))
        )
    insts = oracle.institutions(rows, as_of)
    for row in districts.rows:
        mine = [i for i in insts if row.keys[0] in (CITY, i.district_code)]
        assert districts.value(row.keys, "institutions").value == len(mine)
        assert districts.value(row.keys, "beds").value == sum(i.beds for i in mine)
        population = (
            sum(census.RESIDENTS_2020.values())
            if row.keys[0] == CITY
            else census.RESIDENTS_2020[row.keys[0]]
        )
        assert districts.value(row.keys, "population").value == population
        beds_rate = districts.value(row.keys, "bedsPer1000").value
        assert beds_rate == round(sum(i.beds for i in mine) * 1000 / population, 2)
        shown = districts.value(row.keys, "doctors")
        per_1000 = districts.value(row.keys, "doctorsPer1000")
        assert per_1000.suppressed == shown.suppressed
        if not shown.suppressed:
            assert per_1000.value == round(int(shown.value or 0) * 1000 / population, 2)
    assert len(districts.rows) == 17

    by_type_level = Counter((i.district_code, i.type.value, i.level.value) for i in insts)
    table = report.table("institutionsByTypeLevel")
    assert {r.keys: r.values[0].value for r in table.rows} == dict(by_type_level)

    table = report.table("practitionersByInstitutionType")
    hidden += check_person_measure(
        table, "doctors", _with_city(oracle.count(doctors, "district", "itype"))
    )
    hidden += check_person_measure(
        table, "nurses", _with_city(oracle.count(nurses, "district", "itype"))
    )
    hidden += check_person_measure(
        report.table("doctorsByCategory"),
        "doctors",
        _with_city(oracle.count(doctors, "district", "category")),
    )
    hidden += check_person_measure(
        report.table("practitionersByAgeSex"),
        "practitioners",
        _with_city(oracle.count(people, "district", "profession", "band", "sex")),
    )
    assert hidden > 0, "the generated city has small cells on every date tested"


async def test_monthly_series_equals_the_count_at_each_month_end(
    city_session: AsyncSession,
) -> None:
    as_of = generated.TODAY
    report = await build_resources(city_session, CITY_AREA, as_of)
    rows = await oracle.load(city_session)
    series = report.table("monthlySeries")
    months = month_ends(as_of)
    assert len(months) == 24
    assert months[-1] == as_of
    assert months[0] == date(2024, 12, 31)
    for profession, measure in (("DOCTOR", "doctors"), ("NURSE", "nurses")):
        expected: Counter[tuple[object, ...]] = Counter()
        for month in months:
            for p in oracle.practitioners(rows, month):
                if p["profession"] == profession:
                    expected[(p["district"], month.isoformat())] += 1
        check_person_measure(series, measure, _with_city(expected))
    first, last = (
        series.value((CITY, months[0].isoformat()), "nurses"),
        series.value((CITY, months[-1].isoformat()), "nurses"),
    )
    assert first.value != last.value, "the series moves over two years"


async def test_one_district_sees_only_its_rows(city_session: AsyncSession) -> None:
    report = await build_resources(city_session, Area("310104", ("310104",)), generated.TODAY)
    for table in report.tables:
        assert {r.keys[0] for r in table.rows} <= {"310104"}, table.id
    rows = await oracle.load(city_session)
    people = oracle.practitioners(rows, generated.TODAY)
    doctors = sum(1 for p in people if p["district"] == "310104" and p["profession"] == "DOCTOR")
    cell = report.table("districts").value(("310104",), "doctors")
    assert cell.suppressed == (0 < doctors < 5)
    assert cell.suppressed or cell.value == doctors


async def test_a_date_before_any_registration_counts_nobody(city_session: AsyncSession) -> None:
    report = await build_resources(city_session, CITY_AREA, generated.START - timedelta(days=3650))
    for row in report.table("districts").rows:
        assert report.table("districts").value(row.keys, "doctors").value == 0
        assert report.table("districts").value(row.keys, "institutions").value == 0

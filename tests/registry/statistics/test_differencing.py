"""Differencing attacks on the suppressed figures: an attacker holding the city's read and
every district's read (the page and the downloads show the same tables), at a date and the
day before, writes down every sum the tables must satisfy (districts add up to the city,
institution types, categories and age × sex bands to a district's doctors or nurses, items
to a district's applications …) and solves for the hidden cells. None may be determined,
and no cell may be hidden in one read and shown in another."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics import census
from registry.statistics.resources import build_resources
from registry.statistics.scope import Area
from registry.statistics.supervision import APPLICATION_MEASURES, build_supervision
from registry.statistics.tables import Report, Table
from tests.factories import statistics as generated
from tests.registry.statistics.attack import Knowledge

CITY = "310000"
AREAS = (Area(CITY, census.DISTRICTS), *(Area(d, (d,)) for d in generated.SIZES))


def _publish(knowledge: Knowledge, prefix: tuple[str, ...], table: Table) -> None:
    for row in table.rows:
        for measure, value in zip(table.measures, row.values, strict=True):
            if measure.endswith(("Share", "Per1000", "PerDoctor", "WorkingDays")) or measure in (
                "rank",
                "population",
                "institutions",
                "beds",
            ):
                continue  # rates (hidden with their counts) and figures that are not persons
            knowledge.publish(
                (*prefix, table.id, *row.keys, measure), value.value, value.suppressed
            )


def _lines(
    knowledge: Knowledge,
    table: str,
    keys: Iterable[tuple[str, ...]],
    measure: str,
    margin_of: dict[int, tuple[str, str] | None],
) -> None:
    """For each key position named in ``margin_of``: the cells differing only there sum to
    the cell of table ``margin_of[position]`` at the remaining key (None: this table's city
    row, when the position is the district)."""
    keys = list(keys)
    for position, margin in margin_of.items():
        groups: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
        for key in keys:
            if key[0] == CITY:
                continue
            groups[key[:position] + key[position + 1 :]].append(key)
        for rest, members in groups.items():
            if margin is None:
                whole = (table, CITY, *rest[0:], measure)
            else:
                whole = (margin[0], *rest, margin[1])
            knowledge.total([(table, *k, measure) for k in members], whole)


def _resources_knowledge(reports: list[Report], as_of: date) -> Knowledge:
    knowledge = Knowledge()
    for report in reports:
        for table in report.tables:
            _publish(knowledge, (), table)
    city = reports[0]
    districts = [r.keys for r in city.table("districts").rows]
    for measure in ("doctors", "nurses", "multiSiteDoctors", "expiringIn90Days"):
        _lines(knowledge, "districts", districts, measure, {0: None})
    by_type = [r.keys for r in city.table("practitionersByInstitutionType").rows]
    for measure in ("doctors", "nurses"):
        _lines(
            knowledge,
            "practitionersByInstitutionType",
            by_type,
            measure,
            {0: None, 1: ("districts", measure)},
        )
    by_category = [r.keys for r in city.table("doctorsByCategory").rows]
    _lines(
        knowledge,
        "doctorsByCategory",
        by_category,
        "doctors",
        {0: None, 1: ("districts", "doctors")},
    )
    age_sex = [r.keys for r in city.table("practitionersByAgeSex").rows]
    _lines(knowledge, "practitionersByAgeSex", age_sex, "practitioners", {0: None})
    for profession, measure in (("DOCTOR", "doctors"), ("NURSE", "nurses")):
        cells: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for key in age_sex:
            if key[1] == profession:
                cells[key[0]].append(key)
        for district, keys in cells.items():
            knowledge.total(
                [("practitionersByAgeSex", *k, "practitioners") for k in keys],
                ("districts", district, measure),
            )
    series = [r.keys for r in city.table("monthlySeries").rows]
    for measure in ("doctors", "nurses"):
        _lines(knowledge, "monthlySeries", series, measure, {0: None})
        for key in series:
            if key[1] == as_of.isoformat():  # the last point is the districts table's figure
                knowledge.total([("monthlySeries", *key, measure)], ("districts", key[0], measure))
    return knowledge


async def test_no_read_or_pair_of_dates_determines_a_hidden_resource_cell(
    city_session: AsyncSession,
) -> None:
    as_of = generated.TODAY
    for day in (as_of, as_of - timedelta(days=1)):
        reports = [await build_resources(city_session, area, day) for area in AREAS]
        knowledge = _resources_knowledge(reports, day)
        assert len(knowledge.hidden) > 10, "the generated city has hidden cells"
        assert knowledge.determined() == set()


async def test_the_same_cells_are_hidden_in_every_read(city_session: AsyncSession) -> None:
    """A district's read is the city's read restricted to the district, cell for cell."""
    for day in (generated.TODAY, date(2025, 8, 15)):
        city = await build_resources(city_session, AREAS[0], day)
        for area in AREAS[1:]:
            mine = await build_resources(city_session, area, day)
            for table in mine.tables:
                theirs = {r.keys: r.values for r in city.table(table.id).rows}
                for row in table.rows:
                    assert theirs[row.keys] == row.values, (table.id, row.keys)


async def test_no_read_determines_a_hidden_supervision_cell(city_session: AsyncSession) -> None:
    start, end = date(2025, 1, 1), generated.TODAY
    knowledge = Knowledge()
    reports = [await build_supervision(city_session, a, start, end, end) for a in AREAS]
    for area, report in zip(AREAS, reports, strict=True):
        for table in report.tables:
            if table.id in ("laggingInstitutions", "verificationsByDay"):
                continue
            if table.id == "supervisionItems":
                _publish(knowledge, (area.authority,), table)
            else:
                _publish(knowledge, (), table)
    city = reports[0].table("supervisionDistricts")
    measures = [
        m for m in city.measures if not m.endswith(("Share", "WorkingDays")) and m != "rank"
    ]
    items = {r.keys[0] for report in reports for r in report.table("supervisionItems").rows}
    for measure in measures:
        _lines(knowledge, "supervisionDistricts", [r.keys for r in city.rows], measure, {0: None})
        if measure not in APPLICATION_MEASURES:
            continue  # per district only
        for item in items:
            knowledge.total(
                [(a.authority, "supervisionItems", item, measure) for a in AREAS[1:]]
                + [
                    (d, "supervisionItems", item, measure)
                    for d in census.DISTRICTS
                    if d not in generated.SIZES
                ],
                (CITY, "supervisionItems", item, measure),
            )
        for area in AREAS:
            knowledge.total(
                [(area.authority, "supervisionItems", item, measure) for item in items],
                ("supervisionDistricts", area.authority, measure),
            )
    assert knowledge.hidden, "the generated rollout has hidden cells"
    assert knowledge.determined() == set()

"""Rollout supervision reconciled with the rows: adoption per district and institution,
applications by channel and outcome, working days to a decision (median and 90th percentile,
counted with the State Council's calendar in Python), licences issued, the ranking and the
lagging institutions — each equal to a count made in Python over the rows."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from certificates.models import Licence
from core.clock import SHANGHAI
from identity.models import Account, AccountStatus, CertificationStatus, StaffCertification
from registry.statistics import census
from registry.statistics.scope import Area
from registry.statistics.supervision import build_supervision
from registry.workflow.calendar import working_days_between
from registry.workflow.models import Application, ApplicationEvent
from tests.factories import statistics as generated
from tests.registry.statistics import oracle
from tests.registry.statistics.checks import CITY, check_person_measure

CITY_AREA = Area("310000", census.DISTRICTS)
PERIODS = ((date(2025, 1, 1), date(2025, 12, 31)), (date(2026, 6, 1), generated.TODAY))


def _instant(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=SHANGHAI)


def _nearest_rank(values: list[int], p: float) -> int:
    ordered = sorted(values)
    return ordered[math.ceil(p * len(ordered)) - 1]


@pytest.mark.parametrize(("start", "end"), PERIODS)
async def test_every_supervision_figure_equals_a_count_over_the_rows(
    city_session: AsyncSession, start: date, end: date
) -> None:
    session = city_session  # the module's generated city, with its rollout
    report = await build_supervision(session, CITY_AREA, start, end, generated.TODAY)
    rows = await oracle.load(session)
    begin, finish = _instant(start), _instant(end + timedelta(days=1))

    active = {
        a.person_id
        for a in (await session.scalars(select(Account))).all()
        if a.status is AccountStatus.ACTIVE
    }
    certified = {
        (c.person_id, c.institution_id)
        for c in (await session.scalars(select(StaffCertification))).all()
        if c.status is CertificationStatus.CERTIFIED
    }
    expected: dict[str, Counter[tuple[object, ...]]] = defaultdict(Counter)
    per_institution: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for reg in rows.registrations:
        if reg.subject.value == "INSTITUTION" or not oracle.in_force(rows, reg, end):
            continue
        inst = rows.institutions[reg.institution_id]
        person = rows.practitioners[reg.practitioner_id].person_id
        key = (inst.district_code,)
        expected["practitioners"][key] += 1
        expected["activated"][key] += person in active
        expected["certified"][key] += (person, reg.institution_id) in certified
        per_institution[(inst.district_code, inst.name)]["practitioners"] += 1
        per_institution[(inst.district_code, inst.name)]["activated"] += person in active

    returned = {
        e.application_id
        for e in (await session.scalars(select(ApplicationEvent))).all()
        if e.action == "RETURN"
    }
    days: dict[str, list[int]] = defaultdict(list)
    by_item: dict[str, Counter[str]] = defaultdict(Counter)
    for app in (await session.scalars(select(Application))).all():
        key = (app.district_code,)
        flags = Counter[str]()
        if app.submitted_at and begin <= app.submitted_at < finish:
            flags["submittedOnline" if app.applicant_account_id else "submittedCounter"] += 1
        if app.decided_at and begin <= app.decided_at < finish:
            flags["decided"] += 1
            status = app.status.value
            if status in ("AWAITING_PAPER", "COMPLETED"):
                flags["approved"] += 1
                flags["approvedWithoutPaper"] += not app.paper_required
            flags["refused"] += status in ("REJECTED", "NOT_ACCEPTED")
            flags["returned"] += app.id in returned
            if app.accepted_at and app.clock_started_on:
                decided_day = app.decided_at.astimezone(SHANGHAI).date()
                used = app.clock_days_used + working_days_between(app.clock_started_on, decided_day)
                days[str(app.district_code)].append(used)
                days[CITY].append(used)
                days[app.item_code.value].append(used)
        if app.status.value == "UNDER_REVIEW" and app.deadline and app.deadline < generated.TODAY:
            flags["overdueNow"] += 1
        for name, n in flags.items():
            expected[name][key] += n
            by_item[app.item_code.value][name] += n

    licences = Counter[tuple[object, ...]]()
    numbers = {r.number: r for r in rows.registrations}
    for lic in (await session.scalars(select(Licence))).all():
        if begin <= lic.issued_at < finish and lic.number in numbers:
            licences[(rows.institutions[numbers[lic.number].institution_id].district_code,)] += 1
    expected["licencesIssued"] = licences

    table = report.table("supervisionDistricts")
    hidden = 0
    for measure, counts in expected.items():
        with_city = {tuple(map(str, k)): n for k, n in counts.items()}
        with_city[(CITY,)] = sum(counts.values())
        hidden += check_person_measure(table, measure, with_city)
    assert hidden > 0
    assert sum(expected["decided"].values()) > 10, "the period holds decisions"
    for row in table.rows:
        want = days.get(row.keys[0], [])
        median, p90 = (
            table.value(row.keys, "medianWorkingDays"),
            table.value(row.keys, "p90WorkingDays"),
        )
        if 0 < len(want) < 5:
            assert median.suppressed
            assert p90.suppressed
        elif want:
            assert median.value == _nearest_rank(want, 0.5), row.keys
            assert p90.value == _nearest_rank(want, 0.9), row.keys
        share = table.value(row.keys, "activatedShare")
        shown = table.value(row.keys, "activated")
        practitioners = table.value(row.keys, "practitioners")
        if not share.suppressed and practitioners.value:
            assert share.value == round(100 * (shown.value or 0) / practitioners.value, 1)
    ranked = sorted(
        (r for r in table.rows if r.keys[0] != CITY),
        key=lambda r: int(table.value(r.keys, "rank").value or 0),
    )
    assert [int(table.value(r.keys, "rank").value or 0) for r in ranked] == list(range(1, 17))

    items = report.table("supervisionItems")
    for measure in ("decided", "approved", "submittedOnline", "refused"):
        check_person_measure(
            items, measure, {(k,): v[measure] for k, v in by_item.items() if v[measure]}
        )
    for row in items.rows:
        want = days.get(row.keys[0], [])
        if len(want) >= 5:
            assert items.value(row.keys, "medianWorkingDays").value == _nearest_rank(want, 0.5)

    lagging = report.table("laggingInstitutions")
    eligible = {k: v for k, v in per_institution.items() if v["practitioners"] >= 5}
    lowest = sorted(v["activated"] / v["practitioners"] for v in eligible.values())
    assert len(lagging.rows) == min(20, len(eligible))
    for row, share in zip(lagging.rows, lowest, strict=False):
        counts = per_institution[(row.keys[0], row.keys[1])]
        assert counts["activated"] / counts["practitioners"] == share
        assert lagging.value(row.keys, "practitioners").value == counts["practitioners"]
        activated = lagging.value(row.keys, "activated")
        assert activated.suppressed == (0 < counts["activated"] < 5)

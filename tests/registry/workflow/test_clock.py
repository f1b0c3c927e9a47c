"""The statutory clock: working days per the State Council's calendar, from acceptance,
paused while an application is returned; overdue applications are flagged."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import FixedClock
from directory.models import Profession
from registry.catalogue.models import ItemCode
from registry.workflow import queries
from registry.workflow.calendar import (
    add_working_days,
    has_official_calendar,
    is_working_day,
    working_days_between,
)
from registry.workflow.models import ApplicationStatus
from registry.workflow.states import Action
from tests.factories.workflow import City, registration


def test_national_day_2026_and_the_adjusted_saturday() -> None:
    assert not is_working_day(date(2026, 10, 1))  # Thursday, National Day
    assert not is_working_day(date(2026, 10, 7))  # Wednesday, still the holiday
    assert is_working_day(date(2026, 10, 8))
    assert is_working_day(date(2026, 10, 10))  # Saturday made a working day (调休)
    assert not is_working_day(date(2026, 10, 17))  # an ordinary Saturday
    assert is_working_day(date(2026, 9, 20))  # Sunday made a working day
    assert not is_working_day(date(2026, 9, 25))  # Friday, Mid-Autumn Festival
    # Tue 29 Sep + 5: Wed 30 Sep, Thu 8, Fri 9, Sat 10 (adjusted), Mon 12 Oct.
    assert add_working_days(date(2026, 9, 29), 5) == date(2026, 10, 12)
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 12)) == 4
    assert add_working_days(date(2026, 9, 29), 0) == date(2026, 9, 29)


def test_years_without_an_official_calendar_count_weekdays() -> None:
    assert has_official_calendar(2026)
    assert not has_official_calendar(2099)
    assert is_working_day(date(2099, 1, 5))  # a Monday
    assert not is_working_day(date(2099, 1, 3))  # a Saturday
    assert add_working_days(date(2099, 1, 2), 1) == date(2099, 1, 5)


def _on(clock: FixedClock, day: date) -> None:
    clock.at = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


async def test_clock_runs_from_acceptance_and_pauses_while_returned(
    city: City, session: AsyncSession, clock: FixedClock
) -> None:
    _on(clock, date(2026, 9, 28))
    person, nurse = await city.person()
    await registration(session, person, city.pudong)
    city.certify(person, city.xuhui, Profession.NURSE)
    app = await city.apply(
        nurse, ItemCode.NURSE_CHANGE_REGISTRATION, {"institutionId": str(city.xuhui.id)}
    )
    app = await city.step(city.op_xuhui, Action.FORWARD, app)
    assert app.deadline is None  # the clock starts at acceptance

    _on(clock, date(2026, 9, 29))
    app = await city.step(city.officer_xuhui, Action.ACCEPT, app)
    # 7 working days: 30 Sep, 8, 9, 10 (Saturday, adjusted), 12, 13, 14 Oct.
    assert app.deadline == date(2026, 10, 14)

    _on(clock, date(2026, 10, 9))
    app = await city.step(city.officer_xuhui, Action.RETURN, app, "请补充离职证明")
    assert (app.clock_days_used, app.deadline) == (3, None)  # 30 Sep, 8 and 9 Oct

    _on(clock, date(2026, 10, 16))  # a week later: none of it counts
    app = await city.step(nurse, Action.RESUBMIT, app)
    assert app.status is ApplicationStatus.UNDER_REVIEW
    assert app.deadline == date(2026, 10, 22)  # the 4 days left: 19, 20, 21, 22 Oct
    assert not queries.is_overdue(app, date(2026, 10, 22))
    assert queries.is_overdue(app, date(2026, 10, 23))

    _on(clock, date(2026, 10, 23))
    page = await queries.workbench(
        session,
        city.officer_xuhui,
        queries.WorkbenchFilter(overdue=True),
        today=date(2026, 10, 23),
        first=10,
        after=None,
    )
    assert [a.id for a in page.items] == [app.id]
    page = await queries.workbench(
        session,
        city.officer_xuhui,
        queries.WorkbenchFilter(overdue=True),
        today=date(2026, 10, 22),
        first=10,
        after=None,
    )
    assert page.items == []

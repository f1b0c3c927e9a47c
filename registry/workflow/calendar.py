"""The statutory clock counts working days: Chinese public holidays are off, adjusted
weekend working days (调休) are on, as published by the State Council (``chinese-calendar``).

For a year the package has no data for yet (it is updated once the State Council publishes the
next year's arrangements, usually in November), Monday to Friday count as working days: a
deadline stored then ignores that year's holidays, so keep the package current."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

_KNOWN_YEARS = frozenset(d.year for d in chinese_calendar.holidays) | frozenset(
    d.year for d in chinese_calendar.workdays
)


def has_official_calendar(year: int) -> bool:
    return year in _KNOWN_YEARS


def is_working_day(day: date) -> bool:
    if day.year in _KNOWN_YEARS:
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days in ``(start, end]``: how many the clock consumed from ``start`` to ``end``."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count

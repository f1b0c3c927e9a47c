"""The working-day calendar as a table, so SQL can count working days between two dates:
``ordinal`` is how many working days there are from 2000-01-01 up to and including ``day``,
and the working days in ``(a, b]`` are ``ordinal(b) - ordinal(a)`` — the same count as
``registry.workflow.calendar.working_days_between``."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Date, Integer
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from registry.workflow.calendar import is_working_day

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2040, 12, 31)


class WorkingDay(Base):
    __tablename__ = "working_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    ordinal: Mapped[int] = mapped_column(Integer)


def calendar_rows(first: date = FIRST_DAY, last: date = LAST_DAY) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    ordinal = 0
    day = first
    while day <= last:
        if is_working_day(day):
            ordinal += 1
        rows.append({"day": day, "ordinal": ordinal})
        day += timedelta(days=1)
    return rows

"""An injectable clock: domain code asks the session's clock, never ``datetime.now``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    """The wall clock in UTC; ``today()`` is the calendar day in Shanghai."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().astimezone(SHANGHAI).date()


@dataclass
class FixedClock(Clock):
    """A clock that stands still until moved; for tests and reproducible demo data."""

    at: datetime

    def now(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> None:
        self.at = self.at + delta


SYSTEM_CLOCK = Clock()


def clock_of(session: AsyncSession) -> Clock:
    clock = session.info.get("clock")
    return clock if isinstance(clock, Clock) else SYSTEM_CLOCK

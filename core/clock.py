"""An injectable clock: domain code asks the session's clock, never ``datetime.now``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.slots import Slot

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


CLOCK: Slot[Clock] = Slot("clock", Clock, default=lambda _session: SYSTEM_CLOCK)


def clock_of(session: AsyncSession) -> Clock:
    return CLOCK.of(session)

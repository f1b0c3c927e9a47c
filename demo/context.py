"""What the stages of a demo load share: the connection, the sealer, the seed, what earlier
stages created, and bulk inserts that count rows and report progress."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db import Base
from core.sealing import FieldSealer
from demo.draw import below, between
from demo.geography import District
from demo.scale import Scale
from directory.models import InstitutionType, PracticeCategory, Profession
from registry.registrations.models import RegistrationStatus

ProgressCallback = Callable[[str, int, int], None]

BATCH_ROWS = 5_000
"""Rows per INSERT executemany: large enough to amortise the round trip, small enough that a
PostgreSQL statement stays well below the bind-parameter limit."""


@dataclass(frozen=True, slots=True)
class InstitutionRef:
    """What later stages need to know about a generated institution."""

    id: uuid.UUID
    name: str
    district: District
    authority_code: str
    type: InstitutionType
    licensed: date
    doctor_weight: float
    nurse_weight: float
    category: PracticeCategory
    """The practice category most of its doctors hold."""
    scope: str | None
    """The scope its specialty implies, if any."""


@dataclass(frozen=True, slots=True)
class PractitionerRef:
    id: uuid.UUID
    person_id: uuid.UUID
    profession: Profession
    institution: InstitutionRef
    registration_id: uuid.UUID
    registration_status: RegistrationStatus


@dataclass
class DemoContext:
    conn: AsyncConnection
    sealer: FieldSealer
    seed: int
    scale: Scale
    today: date
    progress: ProgressCallback | None = None
    institutions: list[InstitutionRef] = field(default_factory=list)
    practitioners: list[PractitionerRef] = field(default_factory=list)
    rows: Counter[str] = field(default_factory=Counter)
    """Rows inserted, by table name."""
    by_district: dict[str, Counter[str]] = field(default_factory=dict)
    """Institutions, doctors and nurses, by district code."""

    def rng(self, stage: str) -> random.Random:
        """One generator per stage, seeded from the seed and the stage's name, so a stage
        added later (or a change inside one stage) leaves the data of the others alone."""
        return random.Random(f"medreg-demo:{self.seed}:{stage}")

    def count(self, district_code: str, what: str) -> None:
        self.by_district.setdefault(district_code, Counter())[what] += 1

    async def insert(self, model: type[Base], rows: list[dict[str, Any]]) -> None:
        """Core executemany in batches; every row must carry the same keys."""
        table = cast(Table, model.__table__)
        for start in range(0, len(rows), BATCH_ROWS):
            await self.conn.execute(insert(table), rows[start : start + BATCH_ROWS])
        self.rows[table.name] += len(rows)

    def report(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)


@dataclass(frozen=True)
class Stage:
    """One step of the load; stages run in order inside one transaction."""

    name: str
    run: Callable[[DemoContext], Awaitable[None]]


def new_uuid(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from the stage's generator, so ids repeat with the seed."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def office_time(rng: random.Random, day: date) -> datetime:
    """A moment of Shanghai office hours (09:00–17:00, UTC+8) on ``day``, in UTC."""
    return datetime(day.year, day.month, day.day, 1, tzinfo=UTC) + timedelta(
        minutes=below(rng, 480)
    )


def add_years(day: date, years: int) -> date:
    """The anniversary; 29 February's falls on 1 March in common years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def random_day(rng: random.Random, first: date, last: date) -> date:
    """A day between ``first`` and ``last`` inclusive (``first`` when the range is empty)."""
    return first + timedelta(days=between(rng, 0, max((last - first).days, 0)))

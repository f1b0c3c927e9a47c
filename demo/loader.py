"""``load_demo``: fill an empty registry with a synthetic city, stage by stage, in one
transaction."""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.crypto import Keyring
from core.db import refresh_planner_statistics
from core.sealing import FieldSealer
from demo.context import DemoContext, ProgressCallback, Stage
from demo.counters import load_counters
from demo.errors import AuthoritiesMissing, DemoAlreadyLoaded
from demo.geography import DISTRICTS, MUNICIPAL_CODE
from demo.institutions import load_institutions
from demo.practitioners import load_practitioners
from demo.scale import Scale
from directory.models import Authority, Institution

STAGES: tuple[Stage, ...] = (
    Stage("institutions", load_institutions),
    Stage("practitioners", load_practitioners),
    Stage("numbering", load_counters),
    # Next: accounts, applications in every state, licences. A new stage reads what earlier
    # stages left in the context (institutions, practitioners), draws from its own generator
    # (``ctx.rng(name)``, so existing data does not change) and inserts with ``ctx.insert``.
)

SQLITE_CACHE_KIB = 256 * 1024


@dataclass(frozen=True)
class DistrictSummary:
    institutions: int
    doctors: int
    nurses: int


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    scale: Scale
    rows: Mapping[str, int]
    """Rows inserted, by table name."""
    districts: Mapping[str, DistrictSummary]
    """By district code, in code order."""
    seconds: float

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


async def load_demo(
    engine: AsyncEngine,
    keyring: Keyring,
    *,
    seed: int = 2026,
    scale: Scale = Scale.SMALL,
    today: date,
    progress: ProgressCallback | None = None,
) -> DemoSummary:
    """Load a synthetic city into an empty registry (authorities already migrated).

    The same seed gives the same rows, ids included; ciphertexts differ (random nonces) but
    decrypt to the same values. Raises ``DemoAlreadyLoaded`` if any institution exists and
    ``AuthoritiesMissing`` before the migrations ran; either way nothing is written, and a
    failure half-way rolls the whole load back.
    """
    started = time.perf_counter()
    with _collector_paused():
        async with engine.begin() as conn:
            await _check_empty(conn)
            ctx = DemoContext(
                conn=conn,
                sealer=FieldSealer(keyring),
                seed=seed,
                scale=scale,
                today=today,
                progress=progress,
            )
            async with _large_sqlite_cache(conn):
                for stage in STAGES:
                    await stage.run(ctx)
            await refresh_planner_statistics(conn)
    return DemoSummary(
        seed=seed,
        scale=scale,
        rows=MappingProxyType(dict(ctx.rows)),
        districts=MappingProxyType(_district_summaries(ctx)),
        seconds=time.perf_counter() - started,
    )


def _district_summaries(ctx: DemoContext) -> dict[str, DistrictSummary]:
    summaries = {}
    for district in sorted(DISTRICTS, key=lambda d: d.code):
        counts = ctx.by_district.get(district.code, Counter[str]())
        summaries[district.code] = DistrictSummary(
            institutions=counts["institutions"], doctors=counts["doctors"], nurses=counts["nurses"]
        )
    return summaries


async def _check_empty(conn: AsyncConnection) -> None:
    if await conn.scalar(select(Institution.id).limit(1)) is not None:
        raise DemoAlreadyLoaded()
    present = set((await conn.scalars(select(Authority.code))).all())
    missing = sorted({MUNICIPAL_CODE, *(d.code for d in DISTRICTS)} - present)
    if missing:
        raise AuthoritiesMissing(missing)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The load allocates millions of acyclic dicts and tuples; the cyclic collector's full
    passes over them cost a third of a city-scale run (measured), and find nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@asynccontextmanager
async def _large_sqlite_cache(conn: AsyncConnection) -> AsyncIterator[None]:
    """Random UUID keys and blind indexes touch pages all over their B-trees; with SQLite's
    2 MiB default page cache a city-scale load spends much of its time re-reading them.
    The connection goes back to the pool with its previous cache size."""
    if conn.dialect.name != "sqlite":
        yield
        return
    previous = int(await conn.scalar(text("PRAGMA cache_size")) or 0)
    await conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        await conn.exec_driver_sql(f"PRAGMA cache_size = {previous}")

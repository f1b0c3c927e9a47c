"""The materialised summary between two rebuilds: reads keep the figures of the last one and
say when that was (a module of its own: it changes the data, so it cannot share the
generated city of the reconciliation modules)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics import census, summary
from registry.statistics.resources import build_resources
from registry.statistics.scope import Area
from tests.factories import statistics as generated

CITY_AREA = Area("310000", census.DISTRICTS)


async def test_reads_see_the_summary_as_last_rebuilt(session: AsyncSession, clock: Any) -> None:
    """Between two rebuilds a read keeps the figures of the last one and says when that was;
    the rebuild brings in what changed."""
    await generated.city(session)
    await summary.refresh(session)
    built_at = clock.now()
    before = await build_resources(session, CITY_AREA, generated.TODAY)
    city = await generated.city(session, seed=7, sizes={"310151": 30})
    assert city.registrations
    clock.advance(timedelta(minutes=10))
    stale = await build_resources(session, CITY_AREA, generated.TODAY)
    assert stale.table("districts") == before.table("districts")
    assert stale.notes["summaryRefreshedAt"] == built_at.isoformat(timespec="seconds")
    await summary.refresh(session)
    fresh = await build_resources(session, CITY_AREA, generated.TODAY)
    row = ("310151",)
    assert fresh.table("districts").value(row, "nurses") != before.table("districts").value(
        row, "nurses"
    )
    assert fresh.notes["summaryRefreshedAt"] == clock.now().isoformat(timespec="seconds")

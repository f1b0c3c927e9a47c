"""Verification counts by day: each scan and ``verifyLicence`` adds its outcome to the
process's tally, the tally is saved (added to what is stored, day by day, issuing authority
and outcome) and ``rolloutSupervision`` shows those counts: a district those of its own
licences, the city all, forged tokens included. Nothing about who asked or whose licence."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from api.settings import Settings
from certificates.scans import VerificationResult
from certificates.values import VerificationStatus
from certificates.verification_tally import VerificationTally
from registry.statistics import census
from registry.statistics.scope import Area
from registry.statistics.supervision import build_supervision
from tests.factories.licences import licence_settings, runtime_of
from tests.schema.certificates.documents import scan, verify

CITY = Area("310000", census.DISTRICTS)
PUDONG = Area("310115", ("310115",))


@pytest.fixture
def settings(licence_home: Path) -> Settings:
    return licence_settings(licence_home)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC)


def _by_day(table_rows: object) -> dict[tuple[str, str], int]:
    return {r.keys: r.values[0].value for r in table_rows}  # type: ignore[attr-defined]


async def test_saved_counts_add_up_by_day_authority_and_outcome(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    checks = [
        (date(2026, 11, 20), "310115", VerificationStatus.VALID),
        (date(2026, 11, 20), "310115", VerificationStatus.VALID),
        (date(2026, 11, 20), "310104", VerificationStatus.REVOKED),
        (date(2026, 11, 21), "310115", VerificationStatus.EXPIRED),
        (date(2026, 11, 21), None, VerificationStatus.FORGED),
    ]
    tally = VerificationTally()
    for day, authority, status in checks[:3]:
        tally.add(VerificationResult(status, _at(day), authority_code=authority))
    assert await tally.flush(sessions) == 3
    for day, authority, status in [*checks[3:], checks[0]]:  # the second save adds to the first
        tally.add(VerificationResult(status, _at(day), authority_code=authority))
    assert await tally.flush(sessions) == 3
    assert await tally.flush(sessions) == 0

    expected: Counter[tuple[str, str, str]] = Counter(
        (d.isoformat(), a or "", s.value) for d, a, s in [*checks, checks[0]]
    )
    period = (date(2026, 11, 1), date(2026, 11, 25))
    city = (await build_supervision(session, CITY, *period, period[1])).table("verificationsByDay")
    totals: Counter[tuple[str, str]] = Counter()
    for (day, _authority, outcome), n in expected.items():
        totals[(day, outcome)] += n
    assert _by_day(city.rows) == dict(totals)
    pudong = (await build_supervision(session, PUDONG, *period, period[1])).table(
        "verificationsByDay"
    )
    assert _by_day(pudong.rows) == {
        (day, outcome): n for (day, a, outcome), n in expected.items() if a == "310115"
    }
    before = await build_supervision(
        session, CITY, date(2026, 11, 1), date(2026, 11, 19), period[1]
    )
    assert before.table("verificationsByDay").rows == ()


async def test_scans_and_graphql_checks_are_counted(
    client: httpx.AsyncClient,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    app: Starlette,
) -> None:
    """Tokens no authority vouches for (not signed by our keys) are FORGED, and counted."""
    for token in ("not-a-token", "eyJhbGciOiJFUzI1NiJ9.e30.c2ln"):
        assert await scan(client, token) == "FORGED"
        assert (await verify(client, token))["status"] == "FORGED"
    runtime = runtime_of(app)
    assert await runtime.verifications.flush(sessions) == 4
    today = date(2026, 11, 25)
    report = await build_supervision(session, CITY, today, today, today)
    assert _by_day(report.table("verificationsByDay").rows) == {(today.isoformat(), "FORGED"): 4}
    pudong = await build_supervision(session, PUDONG, today, today, today)
    assert pudong.table("verificationsByDay").rows == ()

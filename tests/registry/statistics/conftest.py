"""One generated city per test module (``generated_city``): built once in a transaction of
its own, read by the module's tests through savepoints, rolled back after the module. Tests
that change the data build their own city in the usual per-test transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.clock import FixedClock
from registry.statistics import summary
from tests.factories import statistics as generated
from tests.factories.database import TEST_KEYRING


@pytest.fixture(scope="module")
async def generated_city(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions over the generated city with its rollout, the summary rebuilt (read-only
    use: each session's changes are rolled back at its end)."""
    clock = FixedClock(datetime(2026, 11, 25, 2, 0, tzinfo=UTC))
    async with engine.connect() as conn:
        outer = await conn.begin()
        sessions = async_sessionmaker(
            bind=conn,
            join_transaction_mode="create_savepoint",
            expire_on_commit=False,
            info={"keyring": TEST_KEYRING, "clock": clock},
        )
        async with sessions() as session:
            city = await generated.city(session)
            await generated.rollout(session, city)
            await summary.refresh(session)
            await session.commit()  # releases its savepoint into the module's transaction
        yield sessions
        await outer.rollback()


@pytest.fixture
async def city_session(
    generated_city: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    async with generated_city() as session:
        savepoint = await session.begin_nested()
        yield session
        await savepoint.rollback()

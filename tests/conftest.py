"""Test harness: one migrated database per run (see ``tests.factories.database``), one
rolled-back transaction per test, and the app and an HTTP client over it. The shared fixtures
of ``tests.factories`` are loaded here, as plugins."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from api.app import create_app
from api.settings import Settings
from core.clock import FixedClock
from core.db import create_engine
from tests.factories.database import TEST_KEYRING, StatementCounter, database_url, reset_database

# The fixtures shared across directories (each module's docstring names its own); their
# builders are imported from the same modules. A module comes after those it imports.
pytest_plugins = [
    "tests.factories.clients",
    "tests.factories.workflow",
    "tests.factories.licences",
    "tests.factories.machine",
    "tests.factories.receiver",
]


@pytest.fixture(scope="session")
async def engine() -> AsyncIterator[AsyncEngine]:
    eng = create_engine(database_url())
    await reset_database(eng)
    yield eng
    await eng.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 25, 2, 0, tzinfo=UTC))


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as conn:
        outer = await conn.begin()
        yield conn
        if outer.is_active:
            await outer.rollback()


@pytest.fixture
def sessions(connection: AsyncConnection, clock: FixedClock) -> async_sessionmaker[AsyncSession]:
    """Sessions inside the test's transaction: their commits release savepoints only."""
    return async_sessionmaker(
        bind=connection,
        join_transaction_mode="create_savepoint",
        expire_on_commit=False,
        info={"keyring": TEST_KEYRING, "clock": clock},
    )


@pytest.fixture
async def session(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessions() as s:
        yield s


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        environment="development",
        database_url=database_url(),
        data_dir=tmp_path,
        master_key=None,
        web_dist=tmp_path / "no-web",
    )


@pytest.fixture
def app(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> Starlette:
    return create_app(settings, sessions=sessions, clock=clock)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
        yield c


@pytest.fixture
def statements(connection: AsyncConnection) -> StatementCounter:
    """Counts the SQL statements the test's connection executes from now on."""
    counter = StatementCounter()
    event.listen(connection.sync_connection, "before_cursor_execute", counter)
    return counter

"""Test harness: one migrated database per run (SQLite by default, PostgreSQL when
``MEDREG_TEST_DATABASE_URL`` points at one), one rolled-back transaction per test."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from api.app import create_app
from api.migrate import upgrade_connection
from api.settings import Settings
from core.clock import FixedClock
from core.crypto import Keyring
from core.db import create_engine

TEST_KEYRING = Keyring.from_master(b"medreg-test-master-key-0123456789abcdef")
_TMP = Path(tempfile.mkdtemp(prefix="medreg-test-"))


def database_url() -> str:
    return os.environ.get("MEDREG_TEST_DATABASE_URL") or f"sqlite+aiosqlite:///{_TMP}/test.db"


def is_postgres() -> bool:
    return database_url().startswith("postgresql")


async def reset_database(engine: AsyncEngine) -> None:
    """An empty schema, then every migration: the tests run on what production runs."""
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await conn.run_sync(upgrade_connection)


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


async def gql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """POST a document as the web client does and return the decoded body."""
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


class StatementCounter:
    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, *args: Any) -> None:
        self.count += 1
        self.statements.append(str(args[2])[:200])


@pytest.fixture
def statements(connection: AsyncConnection) -> StatementCounter:
    """Counts the SQL statements the test's connection executes from now on."""
    from sqlalchemy import event

    counter = StatementCounter()
    event.listen(connection.sync_connection, "before_cursor_execute", counter)
    return counter

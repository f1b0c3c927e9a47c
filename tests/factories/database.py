"""The test database: where it is (SQLite by default, PostgreSQL when
``MEDREG_TEST_DATABASE_URL`` points at one), how it is reset to what production runs, the
keyring its encrypted columns use, a statement counter, and a database of its own with real
commits for tests of concurrent transactions."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from api.migrate import upgrade_connection
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


class StatementCounter:
    """A ``before_cursor_execute`` listener that counts (and keeps the start of) statements."""

    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, *args: Any) -> None:
        self.count += 1
        self.statements.append(str(args[2])[:200])


# A database of its own with real commits, for tests of concurrent transactions (the usual
# fixtures share one rolled-back transaction, which cannot race). On PostgreSQL it is the
# test database's name plus ``_concurrent``; on SQLite a file in a directory of its own.


async def _ensure_postgres_database(url: str) -> None:
    target = make_url(url)
    admin = create_async_engine(
        target.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    try:
        async with admin.connect() as conn:
            exists = await conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": target.database},
            )
            if not exists:
                await conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    finally:
        await admin.dispose()


@asynccontextmanager
async def committed_engine(pool_size: int = 25) -> AsyncIterator[AsyncEngine]:
    base = database_url()
    if base.startswith("postgresql"):
        url = make_url(base)
        concurrent = url.set(database=f"{url.database}_concurrent").render_as_string(
            hide_password=False
        )
        await _ensure_postgres_database(concurrent)
        engine = create_engine(concurrent, pool_size=pool_size)
        await reset_database(engine)
        try:
            yield engine
        finally:
            await engine.dispose()
        return
    directory = tempfile.mkdtemp(prefix="medreg-concurrent-")
    engine = create_engine(f"sqlite+aiosqlite:///{os.path.join(directory, 'concurrent.db')}")
    await reset_database(engine)
    try:
        yield engine
    finally:
        await engine.dispose()

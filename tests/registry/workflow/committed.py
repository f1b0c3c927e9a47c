"""A database of its own with real commits, for tests of concurrent transactions (the usual
fixtures share one rolled-back transaction, which cannot race). On PostgreSQL it is the test
database's name plus ``_concurrent``; on SQLite a file next to the test database."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from core.db import create_engine
from tests.conftest import database_url, reset_database


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

"""The unit of work: services flush, the caller commits once or rolls everything back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import write_transactions


@asynccontextmanager
async def unit_of_work(factory: async_sessionmaker[Any]) -> AsyncIterator[AsyncSession]:
    """One transaction: committed when the block ends normally, rolled back on any exception.
    It writes, so on SQLite it takes the write lock when it begins, even inside a read-only
    request."""
    with write_transactions():
        async with factory() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

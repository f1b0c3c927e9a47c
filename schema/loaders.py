"""DataLoaders shared by the schema: batch loads so list size never multiplies queries."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from core.slots import Slot

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _new_lock(session: AsyncSession) -> asyncio.Lock:
    lock = asyncio.Lock()
    STATEMENT_LOCK.set(session, lock)
    return lock


STATEMENT_LOCK: Slot[asyncio.Lock] = Slot("statement_lock", asyncio.Lock, default=_new_lock)


def session_lock(session: AsyncSession) -> asyncio.Lock:
    """Sibling resolvers (and the batches of different loaders) run concurrently, but one
    AsyncSession runs one statement at a time: they take turns through this lock."""
    return STATEMENT_LOCK.of(session)


def mapping_loader(
    fetch: Callable[[AsyncSession, list[Any]], Awaitable[dict[Any, Any]]],
) -> Callable[[AsyncSession], DataLoader[Any, Any]]:
    """A loader factory from a ``fetch(session, keys) -> {key: value}`` function."""

    def factory(session: AsyncSession) -> DataLoader[Any, Any]:
        async def load(keys: Sequence[Any]) -> list[Any]:
            async with session_lock(session):
                found = await fetch(session, list(keys))
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=load)

    return factory


def uuid_key(value: uuid.UUID | str) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))

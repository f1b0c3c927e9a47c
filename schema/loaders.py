"""DataLoaders shared by the schema: batch loads so list size never multiplies queries."""

from __future__ import annotations

import asyncio
import inspect
import uuid
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from core.slots import Slot

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")


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


def loaded(loader: DataLoader[Any, V], key: Any) -> V | Awaitable[V]:
    """The value at once when the loader already holds it (the page's resolver primed it with
    ``load_many``), so GraphQL schedules no awaitable per field; else the loader's future."""
    future = loader.cache_map.get(key)
    done = future is not None and future.done() and not future.cancelled()
    if done and future is not None and future.exception() is None:
        return future.result()
    return loader.load(key)


def then(found: V | Awaitable[V], convert: Callable[[V], T]) -> T | Awaitable[T]:
    """``convert`` applied to a value now, or to an awaitable's result later."""
    if inspect.isawaitable(found):
        pending = found

        async def later() -> T:
            return convert(await pending)

        return later()
    return convert(found)


async def settle(found: V | Awaitable[V]) -> V:
    """A resolver's result, awaited when it is an awaitable (see ``loaded``)."""
    if inspect.isawaitable(found):
        return await found
    return found

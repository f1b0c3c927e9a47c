"""DataLoaders shared by the schema: batch loads so list size never multiplies queries."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def mapping_loader(
    fetch: Callable[[AsyncSession, list[Any]], Awaitable[dict[Any, Any]]],
) -> Callable[[AsyncSession], DataLoader[Any, Any]]:
    """A loader factory from a ``fetch(session, keys) -> {key: value}`` function."""

    def factory(session: AsyncSession) -> DataLoader[Any, Any]:
        async def load(keys: Sequence[Any]) -> list[Any]:
            found = await fetch(session, list(keys))
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=load)

    return factory


def uuid_key(value: uuid.UUID | str) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))

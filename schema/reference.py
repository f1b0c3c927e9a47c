"""Reference data every page shows and only a migration changes (the municipal commission
and the 16 district commissions): loaded once per app on first use, then resolved without
SQL and without an awaitable per field."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from schema.loaders import session_lock

K = TypeVar("K")
V = TypeVar("V")


class Catalogue(Generic[K, V]):
    """All rows of one small, migration-only table, keyed, converted once."""

    def __init__(self, fetch: Callable[[AsyncSession], Awaitable[Mapping[K, V]]]) -> None:
        self._fetch = fetch
        self._rows: Mapping[K, V] | None = None
        self._lock = asyncio.Lock()

    def get(self, key: K) -> V | None:
        """The row when the catalogue is loaded (``None`` for an unknown key)."""
        return self._rows.get(key) if self._rows is not None else None

    @property
    def loaded(self) -> bool:
        return self._rows is not None

    async def load(self, session: AsyncSession, key: K) -> V | None:
        return (await self._all(session)).get(key)

    async def every(self, session: AsyncSession) -> list[V]:
        """Every row, in the order the fetch gave them."""
        return list((await self._all(session)).values())

    async def _all(self, session: AsyncSession) -> Mapping[K, V]:
        if self._rows is None:
            async with self._lock:
                if self._rows is None:
                    async with session_lock(session):
                        self._rows = await self._fetch(session)
        return self._rows


def resolved(catalogue: Catalogue[Any, V], session: AsyncSession, key: Any) -> V | Awaitable[V]:
    """The value itself once the catalogue is loaded (no awaitable for GraphQL to schedule);
    before that, an awaitable that loads it."""
    if catalogue.loaded:
        value = catalogue.get(key)
        if value is not None:
            return value

    async def load() -> V:
        value = await catalogue.load(session, key)
        if value is None:
            raise LookupError(f"no reference row {key!r}")
        return value

    return load()


class ReferenceData:
    """The catalogues of one app (``AppServices.reference``), created on first use."""

    def __init__(self) -> None:
        self._catalogues: dict[str, Catalogue[Any, Any]] = {}

    def catalogue(
        self, name: str, fetch: Callable[[AsyncSession], Awaitable[Mapping[K, V]]]
    ) -> Catalogue[K, V]:
        found = self._catalogues.get(name)
        if found is None:
            found = self._catalogues[name] = Catalogue(fetch)
        return found

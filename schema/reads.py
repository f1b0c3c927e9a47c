"""Top-level registry reads: sibling root fields resolve concurrently, and they share one
AsyncSession, so each read takes the session's turn (the lock the DataLoaders use)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from schema.context import Info
from schema.errors import run_query
from schema.loaders import session_lock

T = TypeVar("T")


async def read(info: Info, call: Callable[[], Awaitable[T]]) -> T:
    async with session_lock(info.context.session):
        return await run_query(call)

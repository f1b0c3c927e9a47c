"""Typed slots of a session's ``info``: what a unit of work carries besides its connection
(the clock, the keyring, a domain's ports). Each slot is declared once with its type and
default; code reads ``SLOT.of(session)`` and never a bare string key."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


class Slot(Generic[T]):
    def __init__(
        self, key: str, kind: type[Any], default: Callable[[AsyncSession], T] | None = None
    ) -> None:
        self.key = key
        self.kind = kind
        self.default = default

    def of(self, session: AsyncSession) -> T:
        value = session.info.get(self.key)
        if isinstance(value, self.kind):
            return value
        if self.default is None:
            raise RuntimeError(f"this session was created without a {self.key}")
        return self.default(session)

    def set(self, session: AsyncSession, value: T) -> None:
        session.info[self.key] = value

    @contextmanager
    def bound(self, session: AsyncSession, value: T) -> Iterator[None]:
        """``value`` in this slot for the block, then whatever was there before."""
        missing = object()
        before = session.info.get(self.key, missing)
        session.info[self.key] = value
        try:
            yield
        finally:
            if before is missing:
                session.info.pop(self.key, None)
            else:
                session.info[self.key] = before

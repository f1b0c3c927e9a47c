"""Whether the transactions begun now only read: on SQLite they then begin DEFERRED and draw
from the readers' connections (``core.db``, ``core.sqlite_pool``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["read_only_transactions", "reads_only", "write_transactions"]

_READS_ONLY: ContextVar[bool] = ContextVar("medreg_reads_only", default=False)


@contextmanager
def read_only_transactions() -> Iterator[None]:
    """SQLite transactions begun inside this block are DEFERRED: they read a WAL snapshot and
    never take the write lock, so readers wait neither on each other nor on a writer. For
    requests that only read (GraphQL queries, downloads); whatever they must write goes
    through a ``unit_of_work``, which begins IMMEDIATE again. No effect on PostgreSQL."""
    token = _READS_ONLY.set(True)
    try:
        yield
    finally:
        _READS_ONLY.reset(token)


@contextmanager
def write_transactions() -> Iterator[None]:
    """SQLite transactions begun inside this block take the write lock when they begin (the
    default; ``unit_of_work`` uses it inside a read-only request)."""
    token = _READS_ONLY.set(False)
    try:
        yield
    finally:
        _READS_ONLY.reset(token)


def reads_only() -> bool:
    """Whether transactions begun now are read-only ones (``read_only_transactions``)."""
    return _READS_ONLY.get()

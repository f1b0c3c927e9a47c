"""Declarative base, column types and engine construction shared by every domain."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, Enum, MetaData, Uuid, event, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.ext.mutable import MutableDict, MutableList
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

from core.clock import CLOCK, Clock
from core.crypto import KEYRING, Keyring
from core.jobs import JOB_QUEUE, JobQueue
from core.transactions import read_only_transactions as read_only_transactions  # re-exported
from core.transactions import reads_only
from core.transactions import write_transactions as write_transactions  # re-exported

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class NaiveDatetimeError(ValueError):
    """A datetime without an offset reached the database layer."""


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC that refuses naive datetimes.

    SQLite drops offsets silently; rejecting naive input at bind time and re-attaching UTC
    on load keeps both engines honest.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDatetimeError(f"naive datetime refused: {value.isoformat()}")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Separate type instances: ``as_mutable`` binds the mutable class to the instance it wraps.
JSONDict = MutableDict.as_mutable(JSON().with_variant(JSONB(), "postgresql"))
JSONList = MutableList.as_mutable(JSON().with_variant(JSONB(), "postgresql"))


def enum_column(cls: type[StrEnum], name: str, *, length: int = 32) -> Enum:
    """A string column holding a ``StrEnum`` (no native enum type: adding members stays a
    data change on every engine)."""
    return Enum(cls, name=name, native_enum=False, length=length, validate_strings=True)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSONDict, uuid.UUID: Uuid}


class IdMixin:
    """A UUID primary key chosen in Python, so a row's id is known before it is flushed
    (field encryption binds ciphertexts to it)."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)


def create_engine(
    url: str, *, echo: bool = False, pool_size: int = 10, readers: int | None = None
) -> AsyncEngine:
    """Create the async engine; SQLite gets foreign keys, WAL, a busy timeout and, on a file,
    ``readers`` connections kept for read-only transactions (``core.sqlite_pool``)."""
    kwargs: dict[str, Any] = {"echo": echo}
    if url.startswith("sqlite"):
        in_memory = ":memory:" in url or url.endswith("sqlite+aiosqlite://")
        if in_memory:
            kwargs["poolclass"] = StaticPool
        kwargs["connect_args"] = {"timeout": 30}
        if url.startswith("sqlite+aiosqlite"):
            from core.sqlite_driver import OneTripDriver
            from core.sqlite_pool import SQLITE_READERS, ReadersAndWriters

            kwargs["module"] = OneTripDriver()
            if not in_memory:
                kwargs["poolclass"] = ReadersAndWriters
                kwargs["readers"] = SQLITE_READERS if readers is None else readers
    else:
        kwargs["pool_size"] = pool_size
        kwargs["max_overflow"] = pool_size
        kwargs["pool_pre_ping"] = True
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    from core.sqlite_driver import OneTripConnection

    # The sqlite3 module's own transaction handling breaks SAVEPOINT; let SQLAlchemy emit BEGIN.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    # IMMEDIATE: a writing transaction takes the write lock when it starts and waits (busy
    # timeout) for it, instead of failing with "database is locked" when it upgrades from
    # read to write after another writer committed. Read-only requests begin DEFERRED
    # (``read_only_transactions``): on WAL they read a snapshot and never wait for the lock.
    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        statement = "BEGIN" if reads_only() else "BEGIN IMMEDIATE"
        adapted = connection.connection.dbapi_connection
        if isinstance(adapted, OneTripConnection):  # sent with the first statement
            adapted.begin_with_next_statement(statement)
        else:
            connection.exec_driver_sql(statement)


def session_factory(
    engine: AsyncEngine,
    *,
    keyring: Keyring,
    clock: Clock | None = None,
    jobs: JobQueue | None = None,
) -> async_sessionmaker[Any]:
    """Sessions carry the keyring, the clock and the job queue in their typed slots
    (``KEYRING``, ``CLOCK``, ``JOB_QUEUE``)."""
    info: dict[str, Any] = {KEYRING.key: keyring}
    if clock is not None:
        info[CLOCK.key] = clock
    if jobs is not None:
        info[JOB_QUEUE.key] = jobs
    return async_sessionmaker(engine, expire_on_commit=False, info=info)


def dialect_name(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


async def refresh_planner_statistics(connection: AsyncConnection | AsyncSession) -> None:
    """After a bulk load, on PostgreSQL: ``ANALYZE``, in the loading transaction. Until the
    planner has statistics it plans from a guess (a practitioner's licences read by scanning
    every registration: 40 ms instead of 0.3 ms on the city demo), and autovacuum analyses a
    loaded table only later, or never where it is switched off. SQLite plans from its
    indexes without statistics."""
    bind = connection.get_bind() if isinstance(connection, AsyncSession) else connection
    if bind.dialect.name == "postgresql":
        await connection.execute(text("ANALYZE"))

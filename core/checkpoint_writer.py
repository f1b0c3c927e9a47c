"""Writing audit checkpoints: one short transaction when one is due (a row and an outbox
event), then a line in the file outside the database. The head it signs is committed data, so
the file line is true whatever happens to the checkpoint's own transaction."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.audit import AuditEntry, chain_head
from core.checkpoints import (
    TOPIC,
    AuditCheckpoint,
    Checkpoint,
    CheckpointConfig,
    CheckpointKey,
    CheckpointLog,
    SignedCheckpoint,
)
from core.clock import clock_of
from core.db import dialect_name
from core.outbox import emit
from core.uow import unit_of_work

_CHECKPOINT_LOCK = 0x6D656473  # one writer of checkpoints at a time, beside the chain's lock


class ChainDiverged(Exception):
    """The chain no longer holds its last checkpoint; no new checkpoint may cover that."""

    def __init__(self, tree_size: int, at: datetime, reason: str) -> None:
        super().__init__(f"the checkpoint of {tree_size} entries ({at.isoformat()}): {reason}")
        self.tree_size = tree_size
        self.at = at
        self.reason = reason


async def latest_checkpoint(session: AsyncSession) -> AuditCheckpoint | None:
    stmt = select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(1)
    return (await session.scalars(stmt)).first()


async def _still_holds(session: AsyncSession, last: AuditCheckpoint, size: int) -> None:
    """A cheap tripwire on every write (``medreg audit verify`` does the full check)."""
    if size < last.tree_size:
        raise ChainDiverged(
            last.tree_size, last.at, f"the chain now ends at entry {size}: its tail was cut"
        )
    if last.tree_size == 0:
        return
    stmt = select(AuditEntry.hash).where(AuditEntry.seq == last.tree_size)
    if await session.scalar(stmt) != last.head_hash:
        raise ChainDiverged(
            last.tree_size, last.at, f"entry {last.tree_size} no longer has the signed hash"
        )


def is_due(
    size: int,
    last: AuditCheckpoint | None,
    now: datetime,
    config: CheckpointConfig,
    *,
    final: bool = False,
) -> bool:
    """Due when entries followed the last checkpoint and there are enough of them, the
    last one is old enough, there is none yet, or the process is stopping."""
    last_size = last.tree_size if last is not None else 0
    if size <= last_size:
        return False
    if last is None or final:
        return True
    if size - last_size >= config.every_entries:
        return True
    return now - last.at >= timedelta(seconds=config.every_seconds)


async def append_checkpoint(
    session: AsyncSession,
    key: CheckpointKey,
    config: CheckpointConfig,
    *,
    force: bool = False,
    final: bool = False,
) -> SignedCheckpoint | None:
    """In the caller's transaction: sign the committed head when a checkpoint is due (always
    with ``force``), store it and emit it. ``None`` when none was due, or another process
    is writing one right now."""
    if dialect_name(session) == "postgresql":
        if force:
            await session.execute(select(func.pg_advisory_xact_lock(_CHECKPOINT_LOCK)))
        elif not await session.scalar(select(func.pg_try_advisory_xact_lock(_CHECKPOINT_LOCK))):
            return None
    size, head = await chain_head(session)
    last = await latest_checkpoint(session)
    if last is not None:
        await _still_holds(session, last, size)
    now = clock_of(session).now()
    if not force and not is_due(size, last, now, config, final=final):
        return None
    signed = key.sign(Checkpoint(config.origin, size, head, now, key.key_id))
    session.add(
        AuditCheckpoint(tree_size=size, head_hash=head, at=now, key_id=key.key_id, jws=signed.jws)
    )
    await emit(session, TOPIC, signed.to_json())
    await session.flush()
    return signed


class CheckpointWriter:
    """Writes checkpoints for one process: the key is loaded once, on first use."""

    def __init__(
        self,
        sessions: async_sessionmaker[Any],
        config: CheckpointConfig,
        key: CheckpointKey | None = None,
    ) -> None:
        self.sessions = sessions
        self.config = config
        self.log = CheckpointLog(config.log_file)
        self._key = key

    @property
    def key(self) -> CheckpointKey:
        if self._key is None:
            self._key = CheckpointKey.load(self.config.key_file, create=self.config.create_key)
        return self._key

    async def write(self, *, force: bool = False, final: bool = False) -> SignedCheckpoint | None:
        """A checkpoint if one is due (``force``: now), committed, then appended to the file."""
        key = self.key
        async with unit_of_work(self.sessions) as session:
            signed = await append_checkpoint(session, key, self.config, force=force, final=final)
        if signed is not None:
            self.log.append(signed)
        return signed

"""The audit chain: every state-changing action appends an entry hashing its predecessor."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Integer, String, Text, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import clock_of
from core.db import Base, JSONDict, dialect_name

GENESIS = "0" * 64
_CHAIN_LOCK = 0x6D656472  # one advisory lock for the whole chain


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    # Assigned by ``record`` from the chain head, so the chain order is the key order.
    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    at: Mapped[datetime]
    actor_id: Mapped[str | None] = mapped_column(String(64))
    actor_role: Mapped[str | None] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(80), index=True)
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(64), index=True)
    summary: Mapped[dict[str, Any]] = mapped_column(JSONDict, default=dict)
    client_address: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    note: Mapped[str | None] = mapped_column(Text)


@dataclass(frozen=True)
class AuditActor:
    """Who acted, as the audit chain records it (kept free of identity's types)."""

    actor_id: str | None
    role: str | None
    client_address: str | None = None


SYSTEM = AuditActor(actor_id="system", role="SYSTEM")


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def _hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_role": entry.actor_role,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "summary": entry.summary,
        "client_address": entry.client_address,
    }


async def chain_head(session: AsyncSession) -> tuple[int, str]:
    """The last entry's sequence number and hash: ``(0, GENESIS)`` for an empty chain."""
    stmt = select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    row = (await session.execute(stmt)).first()
    return (row[0], row[1]) if row else (0, GENESIS)


async def _lock_chain_head(session: AsyncSession) -> tuple[int, str]:
    """The last entry, locked on PostgreSQL so concurrent writers line up instead of forking."""
    if dialect_name(session) == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(_CHAIN_LOCK)))
    return await chain_head(session)


async def record(
    session: AsyncSession,
    actor: AuditActor,
    action: str,
    *,
    target_type: str,
    target_id: uuid.UUID | str,
    summary: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry; it commits or rolls back with the change it describes."""
    last_seq, prev_hash = await _lock_chain_head(session)
    entry = AuditEntry(
        seq=last_seq + 1,
        at=clock_of(session).now(),
        actor_id=actor.actor_id,
        actor_role=actor.role,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        summary=summary or {},
        client_address=actor.client_address,
        prev_hash=prev_hash,
    )
    entry.hash = entry_hash(prev_hash, _hashed_fields(entry))
    session.add(entry)
    await session.flush()
    return entry


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


@dataclass(frozen=True)
class ChainWalk:
    """What a walk of the chain found: entries checked in order up to the first break, and
    the hash of the entries asked for by number (those reached before the break)."""

    checked: int
    broken: ChainBreak | None
    heads: dict[int, str] = field(default_factory=dict)


async def walk_chain(
    session: AsyncSession, *, heads_at: Collection[int] = (), batch: int = 5000
) -> ChainWalk:
    """Walk the chain in order, stopping at the first break."""
    wanted = set(heads_at)
    heads: dict[int, str] = {0: GENESIS} if 0 in wanted else {}
    prev_hash, expected_seq, checked, after = GENESIS, 1, 0, 0
    while True:
        rows = (
            await session.scalars(
                select(AuditEntry)
                .where(AuditEntry.seq > after)
                .order_by(AuditEntry.seq)
                .limit(batch)
            )
        ).all()
        if not rows:
            return ChainWalk(checked, None, heads)
        for entry in rows:
            broken = _break_at(entry, expected_seq, prev_hash)
            if broken is not None:
                return ChainWalk(checked, broken, heads)
            if entry.seq in wanted:
                heads[entry.seq] = entry.hash
            prev_hash, expected_seq, after = entry.hash, entry.seq + 1, entry.seq
            checked += 1
        session.expunge_all()


def _break_at(entry: AuditEntry, expected_seq: int, prev_hash: str) -> ChainBreak | None:
    if entry.seq != expected_seq:
        return ChainBreak(expected_seq, f"entry {expected_seq} is missing")
    if entry.prev_hash != prev_hash:
        return ChainBreak(entry.seq, "does not follow the previous entry")
    if entry_hash(prev_hash, _hashed_fields(entry)) != entry.hash:
        return ChainBreak(entry.seq, "content does not match its hash")
    return None


async def verify_chain(
    session: AsyncSession, *, batch: int = 5000
) -> tuple[int, ChainBreak | None]:
    """Walk the chain in order; return the number of entries checked and the first break."""
    walk = await walk_chain(session, batch=batch)
    return walk.checked, walk.broken

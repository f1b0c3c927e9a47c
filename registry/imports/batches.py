"""Reads of import batches: every import for the municipal commission (officers page through
them and download their reports), and the latest ones for the CLI."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from access.actor import Actor
from access.permissions import Permission, require
from access.scope import MUNICIPAL, authority_grant
from core.errors import NotFound, PermissionDenied
from core.pagination import Key, Page, page
from registry.imports.errors import ImportProblem
from registry.imports.models import ImportBatch

P = Permission


async def recent_batches(session: AsyncSession, *, limit: int = 20) -> Sequence[ImportBatch]:
    return (
        await session.scalars(
            select(ImportBatch)
            .options(defer(ImportBatch.report_csv))
            .order_by(ImportBatch.started_at.desc())
            .limit(limit)
        )
    ).all()


async def batch_report(session: AsyncSession, batch_id: str) -> bytes | None:
    try:
        key = uuid.UUID(batch_id)
    except ValueError:
        return None
    batch = await session.get(ImportBatch, key)
    return batch.report_csv if batch is not None else None


def _municipal(actor: Actor) -> None:
    """Imports are city-wide: their list and reports are the municipal commission's."""
    require(actor, P.REGISTRY_IMPORT_READ)
    if authority_grant(actor, MUNICIPAL, P.REGISTRY_IMPORT_READ) is None:
        raise PermissionDenied("imports are read by municipal officers")


async def list_batches(
    session: AsyncSession, actor: Actor, *, first: int = 20, after: str | None = None
) -> Page[ImportBatch]:
    """Newest first."""
    _municipal(actor)
    stmt = select(ImportBatch).options(defer(ImportBatch.report_csv))
    keys = [
        Key(ImportBatch.started_at, lambda b: b.started_at.isoformat(), _parse_time, True),
        Key(ImportBatch.id, lambda b: b.id, uuid.UUID, True),
    ]
    return await page(session, stmt, keys, first=first, after=after)


def _parse_time(value: str) -> object:
    from datetime import datetime

    return datetime.fromisoformat(value)


async def report_of(session: AsyncSession, actor: Actor, batch_id: uuid.UUID) -> ImportBatch:
    """The batch with its report; NotFound for anyone but a municipal officer."""
    try:
        _municipal(actor)
    except PermissionDenied:
        raise NotFound("import batch", batch_id, reason=ImportProblem.BATCH_NOT_FOUND) from None
    batch = await session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound("import batch", batch_id, reason=ImportProblem.BATCH_NOT_FOUND)
    return batch

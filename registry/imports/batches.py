"""Reads of import batches: the list and a batch's report."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.imports.models import ImportBatch


async def recent_batches(session: AsyncSession, *, limit: int = 20) -> Sequence[ImportBatch]:
    return (
        await session.scalars(
            select(ImportBatch).order_by(ImportBatch.started_at.desc()).limit(limit)
        )
    ).all()


async def batch_report(session: AsyncSession, batch_id: str) -> bytes | None:
    try:
        key = uuid.UUID(batch_id)
    except ValueError:
        return None
    batch = await session.get(ImportBatch, key)
    return batch.report_csv if batch is not None else None

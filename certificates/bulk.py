"""Licences for many registrations at once (a demo load, an import): first versions reserved
with plain inserts, their QR tokens signed up front. Nobody waits for these PDFs: by default
each is signed when someone first opens or downloads it (``jobs.request_signing``); given a
priority (``Priority.BULK``), they are queued behind every licence decided meanwhile."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from certificates.jobs import sign_job
from certificates.models import Licence
from certificates.pki import Pki
from certificates.tokens import issue_token
from certificates.values import LicenceData, LicenceRequest, LicenceStatus
from core.audit import SYSTEM, AuditActor, record
from core.bulk import among, insert_rows
from core.clock import clock_of
from core.jobs import defer

BATCH = 1_000


async def _numbers_taken(session: AsyncSession, numbers: list[str]) -> set[str]:
    taken: set[str] = set()
    for start in range(0, len(numbers), BATCH):
        chunk = numbers[start : start + BATCH]
        found = await session.scalars(
            select(Licence.number).where(among(session, Licence.number, chunk))
        )
        taken |= set(found.all())
    return taken


def _row(
    request: LicenceRequest, data: LicenceData, token: str | None, priority: int | None
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "number": data.number,
        "version": data.version,
        "kind": data.kind,
        "holder_name": data.holder_name,
        "holder_ref": request.holder_ref,
        "registration_version": request.registration_version,
        "authority_code": data.authority_code,
        "status": LicenceStatus.VALID,
        "issued_at": data.issued_at,
        "valid_from": data.valid_from,
        "valid_until": data.valid_until,
        "data": data.to_json(),
        "token": token,
        "signing_priority": priority,
        "announce_when_signed": False,
    }


async def reserve_many(
    session: AsyncSession,
    requests: Sequence[LicenceRequest],
    *,
    pki: Pki | None = None,
    actor: AuditActor = SYSTEM,
    priority: int | None = None,
) -> int:
    """Reserve version 1 for each request whose number has no licence yet; returns how many
    were reserved. With ``pki`` the QR tokens are signed now; without, at signing time.
    Without ``priority`` the PDFs wait until opened; with one, their jobs are queued now."""
    now = clock_of(session).now()
    taken = await _numbers_taken(session, [r.content.number for r in requests])
    rows = []
    for request in requests:
        if request.content.number in taken:
            continue
        taken.add(request.content.number)
        data = LicenceData.of(request.content, version=1, issued_at=now)
        token = issue_token(data, pki) if pki is not None else None
        rows.append(_row(request, data, token, priority))
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        await insert_rows(session, Licence.__table__, chunk)  # type: ignore[arg-type]
        if priority is not None:
            await defer(session, *(sign_job(row["id"], priority) for row in chunk))
    if rows:
        await record(
            session,
            actor,
            "licence.issue_bulk",
            target_type="licence",
            target_id=now.isoformat(),
            summary={"count": len(rows)},
        )
    return len(rows)


async def pending_count(session: AsyncSession) -> int:
    """Licences waiting for their signed PDF."""
    stmt = select(func.count()).select_from(Licence).where(Licence.signed_at.is_(None))
    return int(await session.scalar(stmt) or 0)

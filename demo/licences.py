"""Licences for the demo city: every active registration gets its licence row (and QR token)
at once. Nobody waits for these PDFs: each is signed when someone first opens or downloads it
(``certificates.bulk``), not in one backlog that would keep the machine busy for minutes."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from certificates.pki import Pki
from registry.licences.backfill import reserve_missing


async def reserve_demo_licences(session: AsyncSession, pki: Pki | None) -> int:
    """Reserve a licence for each active registration that has none; returns how many."""
    return await reserve_missing(session, pki=pki)

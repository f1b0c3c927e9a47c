"""Licences to verify in bulk: three nurses' licences in three states."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from certificates import service
from certificates.pki import Pki
from certificates.tokens import issue_token
from certificates.values import LicenceData
from core.audit import SYSTEM
from tests.factories.licences import request


async def three_licences(session: AsyncSession, pki: Pki) -> list[tuple[str, str, str]]:
    """Three nurses' licences (number, holder, token): valid, suspended, revoked."""
    made = []
    for n, name in enumerate(("王丽", "李娜", "张敏")):
        row = await service.reserve_licence(
            session, request(holder_ref=f"reg-bulk-{n}", holder_name=name)
        )
        made.append((row.number, name, issue_token(LicenceData.from_json(row.data), pki)))
    await service.suspend(session, SYSTEM, made[1][0], "under investigation")
    await service.revoke(session, made[2][0], "cancelled")
    await session.commit()
    return made

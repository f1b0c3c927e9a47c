"""Signing as a job: claim a few unsigned licences (a short transaction), render and sign them
outside any transaction, store each PDF (another short transaction).

No lock is held while the CPU works, so a signer never keeps the database (SQLite's write
lock) or rows (PostgreSQL) from other requests. The claim is a lease: ``FOR UPDATE SKIP
LOCKED`` on PostgreSQL, SQLite's write lock otherwise, and a ``signing_claimed_at`` that other
signers respect until it is ``SIGNING_LEASE`` old (a signer that died loses its claim).
Storing refuses to overwrite a stored PDF: one signed PDF per licence version.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from certificates.config import SigningConfig
from certificates.models import Licence
from certificates.pki import Pki
from certificates.render import render_licence
from certificates.signing import sign_licence
from certificates.tokens import issue_token
from certificates.values import LicenceData
from core.clock import clock_of
from core.db import dialect_name
from core.faults import crash_point

SIGNING_LEASE = timedelta(minutes=5)
"""How long a claim keeps other signers away; signing one licence takes well under a second."""


@dataclass(frozen=True)
class Claimed:
    """What signing needs of a claimed licence, read in the claiming transaction."""

    id: uuid.UUID
    data: LicenceData
    token: str | None


@dataclass(frozen=True)
class SignedLicence:
    token: str
    pdf: bytes
    sha256: str


async def claim_for_signing(
    session: AsyncSession, *, limit: int, lease: timedelta = SIGNING_LEASE
) -> list[Claimed]:
    """Claim up to ``limit`` unsigned licences, oldest first; the caller commits at once."""
    crash_point("licence-claim")
    now = clock_of(session).now()
    stmt = (
        select(Licence.id, Licence.data, Licence.token)
        .where(
            Licence.signed_at.is_(None),
            or_(Licence.signing_claimed_at.is_(None), Licence.signing_claimed_at < now - lease),
        )
        .order_by(Licence.issued_at)
        .limit(limit)
    )
    if dialect_name(session) == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    rows = (await session.execute(stmt)).all()
    if rows:
        await session.execute(
            update(Licence)
            .where(Licence.id.in_([row.id for row in rows]))
            .values(signing_claimed_at=now)
            .execution_options(synchronize_session=False)
        )
    return [Claimed(row.id, LicenceData.from_json(row.data), row.token) for row in rows]


async def prepare_signed(
    data: LicenceData, token: str | None, pki: Pki, config: SigningConfig
) -> SignedLicence:
    """Render and sign one licence (CPU only, no database)."""
    token = token or issue_token(data, pki)
    unsigned = render_licence(data, config.verify_url(token), config)
    pdf = await sign_licence(unsigned, data.authority_code, pki, config)
    crash_point("licence-signed")
    return SignedLicence(token, pdf, hashlib.sha256(pdf).hexdigest())


async def store_signed(
    session: AsyncSession, licence_id: uuid.UUID, signed: SignedLicence
) -> datetime | None:
    """Store the PDF unless one is stored already; the time stored, or ``None``."""
    now = clock_of(session).now()
    result = await session.execute(
        update(Licence)
        .where(Licence.id == licence_id, Licence.signed_at.is_(None))
        .values(token=signed.token, pdf=signed.pdf, pdf_sha256=signed.sha256, signed_at=now)
        .execution_options(synchronize_session=False)
    )
    crash_point("licence-stored")
    return now if int(getattr(result, "rowcount", 0) or 0) == 1 else None


async def sign_one(
    session: AsyncSession, licence: Licence, pki: Pki, config: SigningConfig
) -> bool:
    """Sign and store one loaded licence in the caller's transaction (the library's own
    ``sign_pending``); ``False`` when another signer stored its PDF first."""
    signed = await prepare_signed(licence.content, licence.token, pki, config)
    stored_at = await store_signed(session, licence.id, signed)
    if stored_at is None:
        await session.refresh(licence)
        return False
    for name, value in (
        ("token", signed.token),
        ("pdf", signed.pdf),
        ("pdf_sha256", signed.sha256),
        ("signed_at", stored_at),
    ):
        set_committed_value(licence, name, value)
    return True

"""Signing as a job: one ``licences.sign`` job per licence version, deferred in the
transaction that reserves the licence. The job claims its licence (a short transaction),
renders and signs it outside any transaction, and stores the PDF (another short transaction).

No lock is held while the CPU works, so a signer never keeps the database (SQLite's write
lock) or rows (PostgreSQL) from other requests. The claim is a lease: a conditional update of
``signing_claimed_at`` that other signers respect until it is ``SIGNING_LEASE`` old (a signer
that died loses its claim). Storing refuses to overwrite a stored PDF: one signed PDF per
licence version.

The licence row is the job's durable record: ``signed_at IS NULL`` with a
``signing_priority`` is work a runner's recovery sweep finds even if its queued job was lost.
A ``signing_priority`` of ``None`` (a bulk load) waits until someone opens the licence.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from certificates.config import SigningConfig
from certificates.models import Licence
from certificates.pki import Pki
from certificates.tokens import issue_token
from certificates.values import LicenceData
from core.clock import clock_of
from core.faults import crash_point
from core.jobs import Job, Priority, defer

SIGN_TASK = "licences.sign"
SIGNING_LEASE = timedelta(minutes=5)
"""How long a claim keeps other signers away; signing one licence takes well under a second."""


def sign_job(licence_id: uuid.UUID, priority: int) -> Job:
    """The job that signs one licence: one waiting job and one signer per licence."""
    key = f"licence:{licence_id}"
    return Job(SIGN_TASK, {"licence_id": str(licence_id)}, priority, lock=key, queueing_lock=key)


@dataclass(frozen=True)
class Claimed:
    """What signing needs of a claimed licence, read in the claiming transaction."""

    id: uuid.UUID
    data: LicenceData
    token: str | None
    announce: bool


@dataclass(frozen=True)
class SignedLicence:
    token: str
    pdf: bytes
    sha256: str


async def claim(
    session: AsyncSession, licence_id: uuid.UUID, *, lease: timedelta = SIGNING_LEASE
) -> Claimed | None:
    """Claim one unsigned licence; ``None`` when it is signed or another signer holds it.
    The caller commits at once."""
    crash_point("licence-claim")
    now = clock_of(session).now()
    taken = await session.execute(
        update(Licence)
        .where(
            Licence.id == licence_id,
            Licence.signed_at.is_(None),
            or_(Licence.signing_claimed_at.is_(None), Licence.signing_claimed_at < now - lease),
        )
        .values(signing_claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if int(getattr(taken, "rowcount", 0) or 0) != 1:
        return None
    row = (
        await session.execute(
            select(Licence.data, Licence.token, Licence.announce_when_signed).where(
                Licence.id == licence_id
            )
        )
    ).one()
    return Claimed(licence_id, LicenceData.from_json(row.data), row.token, row.announce_when_signed)


async def release(session: AsyncSession, licence_id: uuid.UUID) -> None:
    """Give a claim back after a failed signature, so the retry need not wait for the lease."""
    await session.execute(
        update(Licence)
        .where(Licence.id == licence_id, Licence.signed_at.is_(None))
        .values(signing_claimed_at=None)
        .execution_options(synchronize_session=False)
    )


async def waiting(session: AsyncSession, *, limit: int) -> list[tuple[uuid.UUID, int]]:
    """Unsigned licences that have a signing priority, most urgent and oldest first, with
    that priority: what a runner's recovery sweep queues again."""
    stmt = (
        select(Licence.id, Licence.signing_priority)
        .where(Licence.signed_at.is_(None), Licence.signing_priority.is_not(None))
        .order_by(Licence.signing_priority.desc(), Licence.issued_at)
        .limit(limit)
    )
    return [(row.id, int(row.signing_priority)) for row in (await session.execute(stmt)).all()]


async def request_signing(
    session: AsyncSession, licences: Iterable[Licence], *, priority: int = Priority.FRESH
) -> int:
    """Someone opened these licences: queue the unsigned ones that wait for that (bulk
    loads) at ``priority``. How many were queued."""
    lazy = [x.id for x in licences if x.signed_at is None and x.signing_priority is None]
    if not lazy:
        return 0
    result = await session.execute(
        update(Licence)
        .where(Licence.id.in_(lazy), Licence.signing_priority.is_(None))
        .values(signing_priority=priority)
        .execution_options(synchronize_session=False)
    )
    await defer(session, *(sign_job(licence_id, priority) for licence_id in lazy))
    return int(getattr(result, "rowcount", 0) or 0)


async def prepare_signed(
    data: LicenceData, token: str | None, pki: Pki, config: SigningConfig
) -> SignedLicence:
    """Render and sign one licence (CPU only, no database)."""
    # Imported on the first signing: the server's start-up and its requests do without the
    # PDF, font and pyHanko libraries (signing runs in the workers).
    from certificates.render import render_licence
    from certificates.signing import sign_licence

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

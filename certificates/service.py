"""Licence lifecycle: reserve (exactly once), sign, change status, expire, answer scans.

Services take the session first, ``flush()`` and never ``commit()``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from certificates import jobs
from certificates.config import SigningConfig
from certificates.errors import (
    CertificateProblem,
    LicenceNotFound,
    LicenceStateError,
)
from certificates.models import Licence
from certificates.pki import Pki
from certificates.values import (
    LicenceData,
    LicenceRequest,
    LicenceStatus,
)
from core import outbox
from core.audit import SYSTEM, AuditActor, record
from core.clock import clock_of
from core.db import dialect_name
from core.errors import Conflict
from core.jobs import Priority, defer

_LIVE = (LicenceStatus.VALID, LicenceStatus.SUSPENDED)


async def _by_request(session: AsyncSession, request: LicenceRequest) -> Licence | None:
    stmt = select(Licence).where(
        Licence.holder_ref == request.holder_ref,
        Licence.registration_version == request.registration_version,
    )
    return (await session.scalars(stmt)).first()


async def reserved_for(session: AsyncSession, request: LicenceRequest) -> Licence | None:
    """The licence already reserved for this registration version, if any."""
    return await _by_request(session, request)


async def _latest(session: AsyncSession, number: str) -> Licence | None:
    """The newest version, locked on PostgreSQL: only those who change it read it here (a
    public check reads its columns unlocked, ``certificates.scans``)."""
    stmt = select(Licence).where(Licence.number == number).order_by(Licence.version.desc()).limit(1)
    if dialect_name(session) == "postgresql":
        stmt = stmt.with_for_update()
    return (await session.scalars(stmt)).first()


async def reserve_licence(
    session: AsyncSession,
    request: LicenceRequest,
    *,
    actor: AuditActor = SYSTEM,
    priority: int = Priority.FRESH,
    announce: bool = False,
) -> Licence:
    """The licence row for this registration version, created on the first call only.

    A new version of an existing number supersedes the live earlier version. Its signing
    job is deferred in this transaction at ``priority``; with ``announce`` the holder is told
    when the PDF is stored. The number and status exist from this transaction on.
    """
    existing = await _by_request(session, request)
    if existing is not None:
        if existing.number != request.content.number:
            raise Conflict(
                f"registration {request.holder_ref} v{request.registration_version} already has "
                f"licence {existing.number}",
                reason=CertificateProblem.LICENCE_NUMBER_MISMATCH,
            )
        return existing
    now = clock_of(session).now()
    try:
        async with session.begin_nested():
            latest = await _latest(session, request.content.number)
            version = latest.version + 1 if latest is not None else 1
            data = LicenceData.of(request.content, version=version, issued_at=now)
            licence = _new_row(request, data)
            licence.signing_priority = priority
            licence.announce_when_signed = announce
            session.add(licence)
            if latest is not None:
                await _supersede(session, request.content.number, version, now)
            await session.flush()
    except IntegrityError:
        # Another transaction reserved the same request (or version) first.
        existing = await _by_request(session, request)
        if existing is None:
            raise Conflict(
                f"licence {request.content.number} changed concurrently",
                reason=CertificateProblem.LICENCE_CHANGED_CONCURRENTLY,
            ) from None
        return existing
    await record(
        session,
        actor,
        "licence.issue",
        target_type="licence",
        target_id=licence.id,
        summary={"number": licence.number, "version": version, "kind": licence.kind.value},
    )
    await defer(session, jobs.sign_job(licence.id, priority))
    return licence


def _new_row(request: LicenceRequest, data: LicenceData) -> Licence:
    return Licence(
        number=data.number,
        version=data.version,
        kind=data.kind,
        holder_name=data.holder_name,
        holder_ref=request.holder_ref,
        registration_version=request.registration_version,
        authority_code=data.authority_code,
        status=LicenceStatus.VALID,
        issued_at=data.issued_at,
        valid_from=data.valid_from,
        valid_until=data.valid_until,
        data=data.to_json(),
    )


async def _supersede(session: AsyncSession, number: str, new_version: int, now: datetime) -> None:
    await session.execute(
        update(Licence)
        .where(Licence.number == number, Licence.version < new_version, Licence.status.in_(_LIVE))
        .values(
            status=LicenceStatus.SUPERSEDED,
            status_reason=f"superseded by version {new_version}",
            status_changed_at=now,
        )
        .execution_options(synchronize_session="fetch")
    )


async def supersede_other_numbers(
    session: AsyncSession, holder_ref: str, number: str, *, actor: AuditActor = SYSTEM
) -> int:
    """The registration ``holder_ref``'s live licences printed with a number other than
    ``number``, its current one (an import renumbered it), superseded by the licence of that
    number, each announced and audited as any status change; how many."""
    stale = (
        await session.scalars(
            select(Licence).where(
                Licence.holder_ref == holder_ref,
                Licence.number != number,
                Licence.status.in_(_LIVE),
            )
        )
    ).all()
    for licence in stale:
        await _set_status(
            session,
            actor,
            licence,
            LicenceStatus.SUPERSEDED,
            "superseded: the licence number changed",
            "supersede",
            current_number=number,
        )
    return len(stale)


async def claim_unsigned(session: AsyncSession, *, limit: int = 20) -> list[Licence]:
    """Licences still without a PDF, oldest first. On PostgreSQL the rows stay locked until
    the caller's transaction ends and rows another worker holds are skipped, so two workers
    never sign the same licence."""
    stmt = (
        select(Licence).where(Licence.signed_at.is_(None)).order_by(Licence.issued_at).limit(limit)
    )
    if dialect_name(session) == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return list((await session.scalars(stmt)).all())


async def sign_pending(
    session: AsyncSession, pki: Pki, config: SigningConfig, *, limit: int = 20
) -> int:
    """Render and sign licences still without a PDF; returns how many were signed.

    Signing writes nothing but the row, so a crash before the commit simply leaves the row
    unsigned and the next run signs it again: never two PDFs for one licence version.
    """
    signed = 0
    for licence in await claim_unsigned(session, limit=limit):
        signed += await sign_one(session, licence, pki, config)
    return signed


async def sign_one(
    session: AsyncSession, licence: Licence, pki: Pki, config: SigningConfig
) -> bool:
    """Sign one licence and store the PDF, unless another transaction stored one first
    (then ``False``, and this signature is thrown away)."""
    return await jobs.sign_one(session, licence, pki, config)


async def signed_pdf(
    session: AsyncSession, number: str, version: int | None = None
) -> bytes | None:
    """The signed PDF of a licence version (the newest by default); ``None`` while unsigned."""
    stmt = select(Licence.pdf).where(Licence.number == number)
    if version is not None:
        stmt = stmt.where(Licence.version == version)
    else:
        stmt = stmt.order_by(Licence.version.desc())
    return (await session.execute(stmt.limit(1))).scalar_one_or_none()


async def current(session: AsyncSession, number: str) -> Licence:
    """The newest version of a licence."""
    latest = await _latest(session, number)
    if latest is None:
        raise LicenceNotFound(number)
    return latest


async def _change(
    session: AsyncSession,
    actor: AuditActor,
    number: str,
    *,
    allowed: tuple[LicenceStatus, ...],
    to: LicenceStatus,
    reason: str,
    action: str,
) -> Licence:
    licence = await current(session, number)
    if licence.status not in allowed:
        raise LicenceStateError(number, licence.status.value, action)
    await _set_status(session, actor, licence, to, reason, action)
    return licence


async def _set_status(
    session: AsyncSession,
    actor: AuditActor,
    licence: Licence,
    to: LicenceStatus,
    reason: str,
    action: str,
    **summary: str,
) -> None:
    """Change ``licence``'s status, announced to other systems and audited as
    ``licence.<action>`` (``summary`` adds to the entry's summary)."""
    before = licence.status
    licence.status = to
    licence.status_reason = reason
    licence.status_changed_at = clock_of(session).now()
    await session.flush()
    await _announce_status(session, licence, before)
    await record(
        session,
        actor,
        f"licence.{action}",
        target_type="licence",
        target_id=licence.id,
        summary={
            "number": licence.number,
            "version": licence.version,
            "from": before.value,
            "to": to.value,
            "reason": reason,
            **summary,
        },
    )


STATUS_TOPIC = "licence.status_changed"


async def _announce_status(session: AsyncSession, licence: Licence, before: LicenceStatus) -> None:
    """An outbox event for other systems (the national platform, employers' webhooks)."""
    await outbox.emit(
        session,
        STATUS_TOPIC,
        {
            "number": licence.number,
            "version": licence.version,
            "kind": licence.kind.value,
            "authority_code": licence.authority_code,
            "from": before.value,
            "to": licence.status.value,
            "reason": licence.status_reason,
            "at": (licence.status_changed_at or clock_of(session).now()).isoformat(),
        },
    )


async def revoke(
    session: AsyncSession, number: str, reason: str, *, actor: AuditActor = SYSTEM
) -> Licence:
    """Revoke the newest version (cancelled registration, fraud…); final."""
    return await _change(
        session,
        actor,
        number,
        allowed=(*_LIVE, LicenceStatus.EXPIRED),
        to=LicenceStatus.REVOKED,
        reason=reason,
        action="revoke",
    )


async def suspend(session: AsyncSession, actor: AuditActor, number: str, reason: str) -> Licence:
    return await _change(
        session,
        actor,
        number,
        allowed=(LicenceStatus.VALID,),
        to=LicenceStatus.SUSPENDED,
        reason=reason,
        action="suspend",
    )


async def reinstate(session: AsyncSession, actor: AuditActor, number: str, reason: str) -> Licence:
    """Lift a suspension; a licence that ran out meanwhile comes back EXPIRED, not VALID."""
    licence = await current(session, number)
    today = clock_of(session).today()
    lapsed = licence.valid_until is not None and licence.valid_until < today
    return await _change(
        session,
        actor,
        number,
        allowed=(LicenceStatus.SUSPENDED,),
        to=LicenceStatus.EXPIRED if lapsed else LicenceStatus.VALID,
        reason=reason,
        action="reinstate",
    )


async def expire_due(session: AsyncSession, today: date) -> int:
    """Daily sweep: VALID licences whose last valid day is before ``today`` become EXPIRED."""
    due = list(
        (
            await session.scalars(
                select(Licence).where(
                    Licence.status == LicenceStatus.VALID,
                    Licence.valid_until.is_not(None),
                    Licence.valid_until < today,
                )
            )
        ).all()
    )
    now = clock_of(session).now()
    for licence in due:
        licence.status = LicenceStatus.EXPIRED
        licence.status_reason = f"validity ended {licence.valid_until}"
        licence.status_changed_at = now
        await _announce_status(session, licence, LicenceStatus.VALID)
    await session.flush()
    if due:
        await record(
            session,
            SYSTEM,
            "licence.expire",
            target_type="licence",
            target_id=today.isoformat(),
            summary={"count": len(due), "numbers": sorted({x.number for x in due})[:200]},
        )
    return len(due)

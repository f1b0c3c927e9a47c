"""Licences as people use them: holders read and download theirs, institution staff and
officers read those in their scope, officers suspend and reinstate, anyone verifies.

Every read goes through ``registry.licence_policy``: outside the actor's scope a licence is
simply not found.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import dataclasses
import uuid
from dataclasses import dataclass

import structlog
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, undefer

from access.actor import Actor
from access.permissions import Permission, require
from certificates import jobs as licence_jobs
from certificates import scans
from certificates import service as licences
from certificates.config import MAX_PDF_BYTES
from certificates.errors import CertificateProblem
from certificates.models import Licence
from certificates.runtime import LicenceRuntime, PublicThrottle
from certificates.scans import VerificationResult
from certificates.values import LicenceKind, LicenceStatus
from certificates.verdict import PdfVerification
from core.crypto import mask_name
from core.errors import (
    DomainError,
    NotFound,
    PermissionDenied,
    Problem,
    StaleVersion,
    ValidationFailed,
)
from core.pagination import Page, keyset_page
from registry.errors import RegistryProblem
from registry.licences.issuance import REINSTATED, SUSPENDED, notify_holder
from registry.licences.policy import (
    is_licence_staff,
    managed_licences,
    own_licences,
    visible_licences,
)

P = Permission
MAX_REASON = 500
_MAX_LOOKUP_FIELD = 80
_BASE64_SLICE = 1 << 20  # a multiple of 4: each slice decodes on its own

log = structlog.get_logger("medreg.licensing")


@dataclass(frozen=True)
class LicenceFilter:
    number: str | None = None
    """A licence number, or its beginning."""
    holder_name: str | None = None
    """Part of the holder's name."""
    status: LicenceStatus | None = None
    kind: LicenceKind | None = None
    authority_code: str | None = None
    """The issuing authority."""
    current_only: bool = True
    """Only the newest version of each licence."""


def _newest_version() -> object:
    other = aliased(Licence)
    return select(func.max(other.version)).where(other.number == Licence.number).scalar_subquery()


async def my_licences(session: AsyncSession, actor: Actor) -> list[Licence]:
    """Every version of the licences the actor holds, newest first within each licence."""
    require(actor, P.CERTIFICATES_LICENCE_READ)
    stmt = own_licences(actor).order_by(Licence.number, Licence.version.desc())
    return list((await session.scalars(stmt)).all())


async def licences_page(
    session: AsyncSession, actor: Actor, flt: LicenceFilter, *, first: int, after: str | None
) -> Page[Licence]:
    require(actor, P.CERTIFICATES_LICENCE_READ)
    if not is_licence_staff(actor):
        raise PermissionDenied("licence lists are for officers and institution staff")
    stmt = visible_licences(actor)
    if flt.number:
        stmt = stmt.where(Licence.number.startswith(flt.number.strip().upper(), autoescape=True))
    if flt.holder_name:
        stmt = stmt.where(Licence.holder_name.contains(flt.holder_name.strip(), autoescape=True))
    if flt.status is not None:
        stmt = stmt.where(Licence.status == flt.status)
    if flt.kind is not None:
        stmt = stmt.where(Licence.kind == flt.kind)
    if flt.authority_code:
        stmt = stmt.where(Licence.authority_code == flt.authority_code)
    if flt.current_only:
        stmt = stmt.where(Licence.version == _newest_version())
    order = (Licence.number, Licence.version, Licence.id)
    return await keyset_page(session, stmt, order, first=first, after=after)


async def licence(
    session: AsyncSession, actor: Actor, number: str, version: int | None = None
) -> Licence | None:
    """A licence version in the actor's scope (the newest by default), else ``None``."""
    require(actor, P.CERTIFICATES_LICENCE_READ)
    stmt = visible_licences(actor).where(Licence.number == number.strip().upper())
    if version is not None:
        stmt = stmt.where(Licence.version == version)
    stmt = stmt.order_by(Licence.version.desc()).limit(1)
    return (await session.scalars(stmt)).first()


async def licence_by_id(
    session: AsyncSession, actor: Actor, licence_id: uuid.UUID
) -> Licence | None:
    """``node(id:)``: a licence version by id, if the actor may see it."""
    stmt = visible_licences(actor).where(Licence.id == licence_id)
    return (await session.scalars(stmt)).first()


async def pdf_for_download(
    session: AsyncSession, actor: Actor, number: str, version: int | None = None
) -> tuple[Licence, bytes | None]:
    """The licence and its signed PDF (``None`` while it is being signed); ``NotFound``
    outside the actor's scope."""
    if actor.is_anonymous:
        raise NotFound("licence", number, reason=CertificateProblem.LICENCE_NOT_FOUND)
    stmt = visible_licences(actor).where(Licence.number == number).options(undefer(Licence.pdf))
    if version is not None:
        stmt = stmt.where(Licence.version == version)
    found = (await session.scalars(stmt.order_by(Licence.version.desc()).limit(1))).first()
    if found is None:
        raise NotFound("licence", number, reason=CertificateProblem.LICENCE_NOT_FOUND)
    return found, found.pdf


async def sign_when_opened(session: AsyncSession, opened: list[Licence]) -> int:
    """Someone opened or downloaded these licences: the unsigned ones of a bulk load (which
    wait to be opened) are queued for signing at once. How many were queued; the caller
    commits."""
    return await licence_jobs.request_signing(session, opened)


def _reason(reason: str) -> str:
    cleaned = reason.strip()
    if not cleaned:
        raise ValidationFailed.on(
            "reason", "say why: the holder and the audit trail read this", Problem.REQUIRED
        )
    if len(cleaned) > MAX_REASON:
        raise ValidationFailed.on(
            "reason", f"at most {MAX_REASON} characters", Problem.TOO_LONG, maximum=MAX_REASON
        )
    return cleaned


async def _managed(
    session: AsyncSession, actor: Actor, number: str, expected_version: int | None
) -> Licence:
    stmt = managed_licences(actor).where(Licence.number == number.strip().upper())
    found = (await session.scalars(stmt.order_by(Licence.version.desc()).limit(1))).first()
    if found is None:
        raise NotFound("licence", number, reason=CertificateProblem.LICENCE_NOT_FOUND)
    latest = await licences.current(session, found.number)  # locked on PostgreSQL
    if expected_version is not None and latest.version != expected_version:
        raise StaleVersion(expected_version, latest.version)
    return latest


async def suspend(
    session: AsyncSession,
    actor: Actor,
    *,
    number: str,
    reason: str,
    expected_version: int | None = None,
) -> Licence:
    """Suspend the newest version (audited, the holder told); VALID ones only."""
    require(actor, P.CERTIFICATES_LICENCE_SUSPEND)
    reason = _reason(reason)
    latest = await _managed(session, actor, number, expected_version)
    changed = await licences.suspend(session, actor.audit(), latest.number, reason)
    await notify_holder(session, changed, SUSPENDED, reason=reason)
    return changed


async def reinstate(
    session: AsyncSession,
    actor: Actor,
    *,
    number: str,
    reason: str,
    expected_version: int | None = None,
) -> Licence:
    """Lift a suspension (audited, the holder told); one that ran out comes back EXPIRED."""
    require(actor, P.CERTIFICATES_LICENCE_SUSPEND)
    reason = _reason(reason)
    latest = await _managed(session, actor, number, expected_version)
    changed = await licences.reinstate(session, actor.audit(), latest.number, reason)
    await notify_holder(session, changed, REINSTATED, reason=reason)
    return changed


def _lookup_field(name: str, value: str) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise ValidationFailed.on(name, "required", Problem.REQUIRED)
    if len(cleaned) > _MAX_LOOKUP_FIELD:
        raise ValidationFailed.on(
            name,
            f"at most {_MAX_LOOKUP_FIELD} characters",
            Problem.TOO_LONG,
            maximum=_MAX_LOOKUP_FIELD,
        )
    return cleaned


async def lookup(
    session: AsyncSession,
    throttle: PublicThrottle,
    address: str | None,
    *,
    number: str,
    holder_name: str,
) -> VerificationResult | None:
    """Public check by licence number + holder name (no QR at hand). Every attempt counts
    against the client address; the answer masks the holder's name."""
    number = _lookup_field("number", number).upper()
    holder_name = _lookup_field("holderName", holder_name)
    await throttle.hit("lookup", address)
    found = await scans.status_by_number(session, number, holder_name)
    if found is None:
        return None
    masked = mask_name(found.holder_name) if found.holder_name else None
    return dataclasses.replace(found, holder_name=masked)


@dataclass(frozen=True)
class PdfCheck:
    verification: PdfVerification
    live: VerificationResult | None
    """The live status of the licence the PDF names, when its embedded token is genuine."""


def _pdf_too_large() -> ValidationFailed:
    return ValidationFailed.on(
        "pdfBase64",
        "the file is larger than 10 MB",
        RegistryProblem.FILE_TOO_LARGE,
        maxMb=MAX_PDF_BYTES // (1024 * 1024),
    )


async def decode_pdf(pdf_base64: str) -> bytes:
    """The uploaded PDF from base64, at most 10 MB decoded. Decoded a slice at a time, so
    that other requests are served in between."""
    if len(pdf_base64) > (MAX_PDF_BYTES // 3 + 1) * 4 + 4:
        raise _pdf_too_large()
    text = pdf_base64.strip()
    parts = []
    try:
        if "=" in text[:-2]:
            raise ValueError("padding before the end")
        for start in range(0, len(text), _BASE64_SLICE):
            parts.append(base64.b64decode(text[start : start + _BASE64_SLICE], validate=True))
            await asyncio.sleep(0)
    except (binascii.Error, ValueError):
        raise ValidationFailed.on(
            "pdfBase64", "not base64: send the file encoded", RegistryProblem.NOT_BASE64
        ) from None
    pdf = b"".join(parts)
    if len(pdf) > MAX_PDF_BYTES:
        raise _pdf_too_large()
    if not pdf.startswith(b"%PDF-"):
        raise ValidationFailed.on("pdfBase64", "not a PDF file", RegistryProblem.NOT_A_PDF)
    return pdf


async def check_pdf(
    session: AsyncSession,
    runtime: LicenceRuntime,
    address: str | None,
    *,
    pdf_base64: str,
) -> PdfCheck:
    """Validate an uploaded licence PDF's signature against the commission's root (in a
    worker process, ``certificates.isolation``), then report the live status of the licence
    it names. Counted per client address and for all clients together before anything is
    decoded; a refusal is one INFO line in the log."""
    try:
        await runtime.throttle.hit("pdf-check", address)
        await runtime.throttle.hit_everyone("pdf-check")
        pdf = await decode_pdf(pdf_base64)
        verification = await runtime.pdf_checks.verify(pdf, runtime.pki())
    except DomainError as exc:
        log.info("pdf check refused", reason=exc.reason.value, **exc.params)
        raise
    live = None
    if verification.claims is not None:
        live = await scans.live_status(session, verification.claims)
    return PdfCheck(verification, live)

"""Staff certification: a practitioner asks an institution to certify their identity; its
operators check a document in person and certify or decline; the institution can end the
affiliation later. The registry asks ``is_certified`` / ``certified_institutions``."""

from __future__ import annotations

import uuid

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from access.permissions import Permission, require
from core import audit
from core.clock import clock_of
from core.errors import (
    Conflict,
    InvalidState,
    NotFound,
    PermissionDenied,
    Problem,
    ValidationFailed,
)
from directory.errors import DirectoryProblem
from directory.models import Institution, InstitutionStatus, Profession
from identity.disputes import claim_under_review
from identity.errors import IdentityProblem
from identity.models import CertificationStatus, IdentityDocument, StaffCertification
from identity.notifications import notify_person
from identity.policy import decides_for, visible_certifications

OPEN = (CertificationStatus.REQUESTED, CertificationStatus.CERTIFIED)
_PROFESSION_ZH = {Profession.NURSE: "护士", Profession.DOCTOR: "医师"}
_PROFESSION_EN = {Profession.NURSE: "nurse", Profession.DOCTOR: "doctor"}


async def certified_institutions(
    session: AsyncSession, person_id: uuid.UUID, profession: Profession
) -> set[uuid.UUID]:
    rows = await session.scalars(
        select(StaffCertification.institution_id).where(
            StaffCertification.person_id == person_id,
            StaffCertification.profession == profession,
            StaffCertification.status == CertificationStatus.CERTIFIED,
        )
    )
    return set(rows.all())


async def is_certified(
    session: AsyncSession,
    person_id: uuid.UUID,
    institution_id: uuid.UUID,
    profession: Profession,
) -> bool:
    found = await session.scalar(
        select(StaffCertification.id).where(
            StaffCertification.person_id == person_id,
            StaffCertification.institution_id == institution_id,
            StaffCertification.profession == profession,
            StaffCertification.status == CertificationStatus.CERTIFIED,
        )
    )
    return found is not None


async def _institution_by_code(session: AsyncSession, code: str) -> Institution:
    cleaned = code.strip().upper()
    if not cleaned:
        raise ValidationFailed.on(
            "institutionCode", "give the institution's code", Problem.REQUIRED
        )
    institution = await session.scalar(
        select(Institution).where(
            or_(Institution.uscc == cleaned, Institution.licence_number == code.strip()),
            Institution.status != InstitutionStatus.CANCELLED,
        )
    )
    if institution is None:
        raise NotFound("institution", cleaned, reason=DirectoryProblem.INSTITUTION_NOT_FOUND)
    return institution


async def _under_review(session: AsyncSession, actor: Actor) -> bool:
    """Is this account's claim on a person waiting for review? Its requests are then kept
    until the review links it to the person, and answered as any other request."""
    if actor.account_id is None:
        return False
    return await claim_under_review(session, actor.account_id) is not None


async def request_certification(
    session: AsyncSession,
    actor: Actor,
    *,
    institution_code: str,
    profession: Profession,
) -> StaffCertification:
    require(actor, Permission.IDENTITY_CERTIFICATION_REQUEST)
    waiting = actor.person_id is None and await _under_review(session, actor)
    if actor.person_id is None and not waiting:
        raise InvalidState(
            "this account has no person record", reason=IdentityProblem.NO_PERSON_RECORD
        )
    institution = await _institution_by_code(session, institution_code)
    existing = await session.scalar(
        select(StaffCertification.id).where(
            StaffCertification.person_id == actor.person_id
            if not waiting
            else StaffCertification.account_id == actor.account_id,
            StaffCertification.institution_id == institution.id,
            StaffCertification.profession == profession,
            StaffCertification.status.in_(OPEN),
        )
    )
    if existing is not None:
        raise Conflict(
            "a request to this institution is already open or certified",
            reason=IdentityProblem.CERTIFICATION_OPEN,
        )
    certification = StaffCertification(
        id=uuid.uuid4(),
        person_id=actor.person_id,
        account_id=actor.account_id if waiting else None,
        institution_id=institution.id,
        profession=profession,
        status=CertificationStatus.REQUESTED,
        requested_at=clock_of(session).now(),
    )
    session.add(certification)
    await session.flush()
    await audit.record(
        session,
        actor.audit(),
        "identity.certification.request",
        target_type="staff_certification",
        target_id=certification.id,
        summary={"institution_id": str(institution.id), "profession": profession.value},
    )
    return certification


async def get_visible_certification(
    session: AsyncSession, actor: Actor, certification_id: uuid.UUID | None
) -> StaffCertification:
    found = (
        await session.scalar(
            visible_certifications(actor).where(StaffCertification.id == certification_id)
        )
        if certification_id
        else None
    )
    if found is None:
        raise NotFound(
            "staff certification",
            certification_id,
            reason=IdentityProblem.CERTIFICATION_NOT_FOUND,
        )
    return found


async def _decide(
    session: AsyncSession,
    actor: Actor,
    certification_id: uuid.UUID | None,
    *,
    expected: CertificationStatus,
    values: dict[str, object],
) -> StaffCertification:
    """Move one certification from ``expected`` with a conditional UPDATE, so two operators
    acting at once cannot both succeed."""
    require(actor, Permission.IDENTITY_CERTIFICATION_DECIDE)
    certification = await get_visible_certification(session, actor, certification_id)
    if not decides_for(actor, certification.institution_id):
        raise PermissionDenied("only the institution's staff decide its certifications")
    if certification.status is not expected:
        raise InvalidState(
            f"the certification is {certification.status.value}",
            reason=IdentityProblem.CERTIFICATION_DECIDED,
            params={"status": certification.status.value},
        )
    result = await session.execute(
        update(StaffCertification)
        .where(StaffCertification.id == certification.id, StaffCertification.status == expected)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 1):
        raise Conflict(
            "someone else decided this certification a moment ago",
            reason=IdentityProblem.CERTIFICATION_DECIDED_MEANWHILE,
        )
    await session.refresh(certification)
    return certification


async def _notify(
    session: AsyncSession, certification: StaffCertification, template: str, reason: str = ""
) -> None:
    if certification.person_id is None:  # staff never decide a request still under review
        return
    institution = await session.get(Institution, certification.institution_id)
    await notify_person(
        session,
        certification.person_id,
        template,
        {
            "institution": institution.name if institution else "",
            "profession": _PROFESSION_ZH[certification.profession],
            "profession_en": _PROFESSION_EN[certification.profession],
            "reason": reason,
        },
    )


async def certify_staff(
    session: AsyncSession,
    actor: Actor,
    *,
    certification_id: uuid.UUID | None,
    document: IdentityDocument,
    note: str | None = None,
) -> StaffCertification:
    certification = await _decide(
        session,
        actor,
        certification_id,
        expected=CertificationStatus.REQUESTED,
        values={
            "status": CertificationStatus.CERTIFIED,
            "decided_at": clock_of(session).now(),
            "decided_by": actor.account_id,
            "document_checked": document,
            "reason": (note or "").strip() or None,
        },
    )
    await _notify(session, certification, "certification_certified")
    await audit.record(
        session,
        actor.audit(),
        "identity.certification.certify",
        target_type="staff_certification",
        target_id=certification.id,
        summary={"document": document.value},
    )
    return certification


def _reason(reason: str) -> str:
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise ValidationFailed.on("reason", "give a reason", Problem.REQUIRED)
    if len(cleaned) > 500:
        raise ValidationFailed.on(
            "reason", "must be at most 500 characters", Problem.TOO_LONG, maximum=500
        )
    return cleaned


async def decline_staff(
    session: AsyncSession, actor: Actor, *, certification_id: uuid.UUID | None, reason: str
) -> StaffCertification:
    cleaned = _reason(reason)
    certification = await _decide(
        session,
        actor,
        certification_id,
        expected=CertificationStatus.REQUESTED,
        values={
            "status": CertificationStatus.DECLINED,
            "decided_at": clock_of(session).now(),
            "decided_by": actor.account_id,
            "reason": cleaned,
        },
    )
    await _notify(session, certification, "certification_declined", cleaned)
    await audit.record(
        session,
        actor.audit(),
        "identity.certification.decline",
        target_type="staff_certification",
        target_id=certification.id,
    )
    return certification


async def end_affiliation(
    session: AsyncSession, actor: Actor, *, certification_id: uuid.UUID | None, reason: str
) -> StaffCertification:
    cleaned = _reason(reason)
    certification = await _decide(
        session,
        actor,
        certification_id,
        expected=CertificationStatus.CERTIFIED,
        values={
            "status": CertificationStatus.ENDED,
            "ended_at": clock_of(session).now(),
            "ended_by": actor.account_id,
            "reason": cleaned,
        },
    )
    await _notify(session, certification, "affiliation_ended", cleaned)
    await audit.record(
        session,
        actor.audit(),
        "identity.certification.end",
        target_type="staff_certification",
        target_id=certification.id,
    )
    return certification

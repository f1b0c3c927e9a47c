"""The rules of each item and the routing they imply: which institution reviews, which
authority decides, which registration is concerned. Violations name the field at fault."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import ValidationFailed
from directory.errors import DirectoryProblem
from directory.models import Institution, InstitutionStatus, Person, Practitioner, Profession
from registry.catalogue.models import ApprovalItem, ItemCode
from registry.errors import RegistryProblem
from registry.ports import certification_of
from registry.registrations.models import (
    Filing,
    FilingStatus,
    Registration,
    RegistrationStatus,
    RegistrationSubject,
)
from registry.workflow.models import Application

RENEWAL_WINDOW = timedelta(days=30)
VALIDATION_WINDOW = timedelta(days=90)


@dataclass(frozen=True)
class Routing:
    institution_id: uuid.UUID
    authority_code: str
    district_code: str
    registration_id: uuid.UUID | None


@dataclass
class Case:
    """What the rules look at: the application, its item, and the subject's current records."""

    session: AsyncSession
    application: Application
    item: ApprovalItem
    today: date
    practitioner: Practitioner | None = None
    registration: Registration | None = None
    institution: Institution | None = None
    """The subject institution of an institution item."""

    @property
    def payload(self) -> dict[str, object]:
        return self.application.payload

    @property
    def profession(self) -> Profession:
        return Profession(self.application.subject.value)

    async def target(self, field: str = "payload.institutionId") -> Institution:
        """The institution named in the form; it must exist and be in practice."""
        raw = self.payload.get("institutionId")
        institution = await self.session.get(Institution, uuid.UUID(str(raw))) if raw else None
        if institution is None:
            raise ValidationFailed.on(
                field, "no such institution", DirectoryProblem.INSTITUTION_NOT_FOUND
            )
        if institution.status is not InstitutionStatus.ACTIVE:
            raise ValidationFailed.on(
                field, "this institution is not in practice", RegistryProblem.INSTITUTION_NOT_ACTIVE
            )
        return institution

    async def current_institution(self) -> Institution:
        reg = self.active_registration()
        institution = await self.session.get(Institution, reg.institution_id)
        assert institution is not None
        return institution

    def active_registration(self) -> Registration:
        reg = self.registration
        if reg is None or reg.status is not RegistrationStatus.ACTIVE:
            raise ValidationFailed.on(
                "registration",
                "needs an active registration",
                RegistryProblem.REGISTRATION_NOT_ACTIVE,
            )
        return reg

    async def require_certified(self, institution: Institution) -> None:
        person_id = self.application.subject_person_id
        assert person_id is not None
        port = certification_of(self.session)
        if not await port.is_certified(self.session, person_id, institution.id, self.profession):
            raise ValidationFailed.on(
                "payload.institutionId",
                f"{institution.name} has not certified you as its {self.profession.value.lower()}",
                RegistryProblem.NOT_CERTIFIED,
                institution=institution.name,
                profession=self.profession.value,
            )


def _routing(institution: Institution, reg: Registration | None) -> Routing:
    return Routing(
        institution_id=institution.id,
        authority_code=institution.authority_code,
        district_code=institution.district_code,
        registration_id=reg.id if reg else None,
    )


async def _first_registration(case: Case) -> Routing:
    if case.registration is not None:
        raise ValidationFailed.on(
            "registration",
            "already registered: apply for a change or a re-registration",
            RegistryProblem.ALREADY_REGISTERED,
        )
    institution = await case.target()
    await case.require_certified(institution)
    return _routing(institution, None)


async def _change(case: Case) -> Routing:
    reg = case.active_registration()
    payload = case.payload
    if case.profession is Profession.DOCTOR and not any(
        payload.get(k) for k in ("institutionId", "category", "scope")
    ):
        raise ValidationFailed.on(
            "payload",
            "name the new institution, category or scope",
            RegistryProblem.CHANGE_NOT_NAMED,
        )
    institution = await case.current_institution()
    changes = False
    if payload.get("institutionId"):
        new = await case.target()
        if new.id != reg.institution_id:
            await case.require_certified(new)
            institution, changes = new, True
        elif case.profession is Profession.NURSE:
            raise ValidationFailed.on(
                "payload.institutionId",
                "you are registered there already",
                RegistryProblem.REGISTERED_THERE,
            )
    for key, current in (("category", reg.category), ("scope", reg.scope)):
        if payload.get(key) and payload[key] != current:
            changes = True
    if not changes:
        raise ValidationFailed.on("payload", "nothing would change", RegistryProblem.NO_CHANGE)
    return _routing(institution, reg)


async def _renewal(case: Case) -> Routing:
    reg = case.active_registration()
    until = reg.valid_until
    if until is None:
        raise ValidationFailed.on(
            "registration", "this registration does not expire", RegistryProblem.NO_EXPIRY
        )
    opens = until - RENEWAL_WINDOW
    if case.today < opens:
        raise ValidationFailed.on(
            "registration",
            f"renewal opens on {opens.isoformat()}, 30 days before expiry",
            RegistryProblem.RENEWAL_NOT_OPEN,
            date=opens.isoformat(),
        )
    if case.today > until:
        raise ValidationFailed.on(
            "registration",
            f"expired on {until.isoformat()}: apply for re-registration",
            RegistryProblem.REGISTRATION_EXPIRED,
            date=until.isoformat(),
        )
    return _routing(await case.current_institution(), reg)


async def _reregistration(case: Case) -> Routing:
    reg = case.registration
    if reg is None:
        raise ValidationFailed.on(
            "registration",
            "never registered: apply for a first one",
            RegistryProblem.NEVER_REGISTERED,
        )
    lapsed = reg.valid_until is not None and reg.valid_until < case.today
    if reg.status is RegistrationStatus.ACTIVE and not lapsed:
        raise ValidationFailed.on(
            "registration", "the registration is still active", RegistryProblem.REGISTRATION_ACTIVE
        )
    if reg.status is RegistrationStatus.SUSPENDED:
        raise ValidationFailed.on(
            "registration",
            "a suspended registration cannot be renewed",
            RegistryProblem.REGISTRATION_SUSPENDED,
        )
    institution = await case.target()
    await case.require_certified(institution)
    return _routing(institution, reg)


async def _cancellation(case: Case) -> Routing:
    reg = case.registration
    if reg is None or reg.status is RegistrationStatus.CANCELLED:
        raise ValidationFailed.on(
            "registration", "there is no registration to cancel", RegistryProblem.NO_REGISTRATION
        )
    institution = await case.session.get(Institution, reg.institution_id)
    assert institution is not None
    return _routing(institution, reg)


async def _active_filing(case: Case, reg: Registration, institution_id: uuid.UUID) -> bool:
    found = await case.session.scalar(
        select(Filing.id).where(
            Filing.registration_id == reg.id,
            Filing.institution_id == institution_id,
            Filing.status == FilingStatus.ACTIVE,
        )
    )
    return found is not None


async def _filing(case: Case) -> Routing:
    reg = case.active_registration()
    institution = await case.target()
    if institution.id == reg.institution_id:
        raise ValidationFailed.on(
            "payload.institutionId",
            "this is your primary institution: file a different one",
            RegistryProblem.PRIMARY_INSTITUTION,
        )
    if await _active_filing(case, reg, institution.id):
        raise ValidationFailed.on(
            "payload.institutionId",
            "you have filed this institution",
            RegistryProblem.FILED_ALREADY,
        )
    return _routing(institution, reg)


async def _filing_cancellation(case: Case) -> Routing:
    reg = case.registration
    raw = case.payload.get("institutionId")
    institution = await case.session.get(Institution, uuid.UUID(str(raw))) if raw else None
    if reg is None or institution is None or not await _active_filing(case, reg, institution.id):
        raise ValidationFailed.on(
            "payload.institutionId",
            "no active filing at this institution",
            RegistryProblem.NO_ACTIVE_FILING,
        )
    return _routing(institution, reg)


async def _institution_registration(case: Case) -> Routing:
    inst = case.institution
    assert inst is not None
    if case.registration is not None or inst.status is not InstitutionStatus.PENDING:
        raise ValidationFailed.on(
            "institution",
            "this institution is registered already",
            RegistryProblem.INSTITUTION_REGISTERED,
        )
    return _routing(inst, None)


def _registered_institution(case: Case) -> tuple[Institution, Registration]:
    inst = case.institution
    assert inst is not None
    reg = case.registration
    if reg is None or reg.status is not RegistrationStatus.ACTIVE:
        raise ValidationFailed.on(
            "institution",
            "the institution has no active registration",
            RegistryProblem.INSTITUTION_NOT_REGISTERED,
        )
    return inst, reg


async def _institution_change(case: Case) -> Routing:
    inst, reg = _registered_institution(case)
    current = {
        "name": inst.name,
        "address": inst.address,
        "legalRepresentative": inst.legal_representative,
        "beds": inst.beds,
        "subjects": list(inst.subjects),
    }
    if not any(
        key in case.payload and case.payload[key] != value for key, value in current.items()
    ):
        raise ValidationFailed.on("payload", "nothing would change", RegistryProblem.NO_CHANGE)
    return _routing(inst, reg)


async def _institution_validation(case: Case) -> Routing:
    inst, reg = _registered_institution(case)
    opens = inst.validated_until and inst.validated_until - VALIDATION_WINDOW
    if opens is not None and case.today < opens:
        raise ValidationFailed.on(
            "institution",
            f"validation opens on {opens.isoformat()}",
            RegistryProblem.VALIDATION_NOT_OPEN,
            date=opens.isoformat(),
        )
    return _routing(inst, reg)


async def _institution_cancellation(case: Case) -> Routing:
    inst = case.institution
    assert inst is not None
    if inst.status is InstitutionStatus.CANCELLED:
        raise ValidationFailed.on(
            "institution",
            "the institution is cancelled already",
            RegistryProblem.INSTITUTION_CANCELLED,
        )
    return _routing(inst, case.registration)


RULES: dict[ItemCode, Callable[[Case], Awaitable[Routing]]] = {
    ItemCode.NURSE_FIRST_REGISTRATION: _first_registration,
    ItemCode.NURSE_CHANGE_REGISTRATION: _change,
    ItemCode.NURSE_RENEWAL: _renewal,
    ItemCode.NURSE_REREGISTRATION: _reregistration,
    ItemCode.NURSE_CANCELLATION: _cancellation,
    ItemCode.DOCTOR_FIRST_REGISTRATION: _first_registration,
    ItemCode.DOCTOR_CHANGE_REGISTRATION: _change,
    ItemCode.DOCTOR_MULTI_SITE_FILING: _filing,
    ItemCode.DOCTOR_MULTI_SITE_CANCELLATION: _filing_cancellation,
    ItemCode.DOCTOR_CANCELLATION_FILING: _cancellation,
    ItemCode.DOCTOR_REREGISTRATION: _reregistration,
    ItemCode.INSTITUTION_PRACTICE_REGISTRATION: _institution_registration,
    ItemCode.INSTITUTION_CHANGE_REGISTRATION: _institution_change,
    ItemCode.INSTITUTION_VALIDATION: _institution_validation,
    ItemCode.INSTITUTION_CANCELLATION: _institution_cancellation,
}


async def practitioner_records(
    session: AsyncSession, person_id: uuid.UUID, profession: Profession
) -> tuple[Practitioner | None, Registration | None]:
    practitioner = await session.scalar(
        select(Practitioner).where(
            Practitioner.person_id == person_id, Practitioner.profession == profession
        )
    )
    if practitioner is None:
        return None, None
    return practitioner, await session.scalar(
        select(Registration)
        .where(Registration.practitioner_id == practitioner.id)
        .order_by(Registration.created_at.desc(), Registration.id)
        .limit(1)
    )


async def institution_registration(
    session: AsyncSession, institution_id: uuid.UUID
) -> Registration | None:
    return await session.scalar(
        select(Registration)
        .where(
            Registration.institution_id == institution_id,
            Registration.subject == RegistrationSubject.INSTITUTION,
        )
        .order_by(Registration.created_at.desc(), Registration.id)
        .limit(1)
    )


async def subject_name(session: AsyncSession, application: Application) -> str:
    if application.subject_institution_id is not None:
        inst = await session.get(Institution, application.subject_institution_id)
        return inst.name if inst else ""
    person = await session.get(Person, application.subject_person_id)
    return person.name if person else ""


async def route(
    session: AsyncSession, application: Application, item: ApprovalItem, today: date
) -> Routing:
    """Check the item's rules for this application as it stands, and route it."""
    case = Case(session=session, application=application, item=item, today=today)
    if application.subject is RegistrationSubject.INSTITUTION:
        assert application.subject_institution_id is not None
        case.institution = await session.get(Institution, application.subject_institution_id)
        case.registration = await institution_registration(
            session, application.subject_institution_id
        )
    else:
        assert application.subject_person_id is not None
        case.practitioner, case.registration = await practitioner_records(
            session, application.subject_person_id, case.profession
        )
    return await RULES[item.code](case)

"""What completing an application does, in the transaction that completes it: the registry
change, its history row, an audit entry, and the ``registration.completed`` outbox event
from which the licence is issued, re-issued or revoked."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core import audit
from core.errors import InvalidState
from directory.models import (
    Institution,
    InstitutionStatus,
    PracticeCategory,
    Practitioner,
    Profession,
)
from registry.catalogue.models import ApprovalItem, Effect
from registry.errors import RegistryProblem
from registry.licences import events as licence_event
from registry.licences.events import LicenceAction
from registry.registrations.models import (
    Filing,
    FilingStatus,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    RegistrationSubject,
)
from registry.workflow.models import Application
from registry.workflow.numbering import registration_number

NURSE_VALIDITY_YEARS = 5


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def validation_period_years(beds: int) -> int:
    """Institutions below 100 beds are validated every year, the others every 3 years."""
    return 1 if beds < 100 else 3


@dataclass
class Completion:
    session: AsyncSession
    actor: audit.AuditActor
    application: Application
    item: ApprovalItem
    today: date
    now: datetime

    @property
    def payload(self) -> dict[str, Any]:
        return self.application.payload

    async def registration(self, *, active: bool = True) -> Registration:
        reg_id = self.application.registration_id
        reg = await self.session.get(Registration, reg_id) if reg_id else None
        if reg is None or (active and reg.status is not RegistrationStatus.ACTIVE):
            raise InvalidState(
                "the registration changed since the application was submitted",
                reason=RegistryProblem.REGISTRATION_CHANGED,
            )
        return reg

    async def institution(self, institution_id: uuid.UUID | None = None) -> Institution:
        inst = await self.session.get(
            Institution, institution_id or self.application.institution_id
        )
        assert inst is not None
        return inst

    def bump(self, reg: Registration) -> None:
        reg.version += 1
        reg.updated_at = self.now


Outcome = tuple[Registration, LicenceAction, dict[str, Any]]
"""The registration changed, what to do with its licence, and the change for the history."""
Handler = Callable[[Completion], Awaitable[Outcome]]


def _validity(subject: RegistrationSubject, start: date) -> date | None:
    if subject is RegistrationSubject.NURSE:
        return add_years(start, NURSE_VALIDITY_YEARS)
    return None


def _category(payload: dict[str, Any]) -> PracticeCategory | None:
    value = payload.get("category")
    return PracticeCategory(value) if value else None


async def _create(c: Completion) -> Outcome:
    app = c.application
    assert app.subject_person_id is not None
    profession = Profession(app.subject.value)
    practitioner = await c.session.scalar(
        select(Practitioner).where(
            Practitioner.person_id == app.subject_person_id,
            Practitioner.profession == profession,
        )
    )
    if practitioner is None:
        practitioner = Practitioner(
            id=uuid.uuid4(),
            person_id=app.subject_person_id,
            profession=profession,
            created_at=c.now,
        )
        c.session.add(practitioner)
    practitioner.qualification_number = c.payload.get("qualificationNumber")
    practitioner.education = c.payload.get("education") or practitioner.education
    practitioner.category = _category(c.payload)
    practitioner.scope = c.payload.get("scope")
    inst = await c.institution()
    reg = Registration(
        id=uuid.uuid4(),
        number=await registration_number(c.session, app.subject, inst.authority_code, c.today),
        subject=app.subject,
        practitioner_id=practitioner.id,
        institution_id=inst.id,
        authority_code=inst.authority_code,
        status=RegistrationStatus.ACTIVE,
        category=practitioner.category,
        scope=practitioner.scope,
        valid_from=c.today,
        valid_until=_validity(app.subject, c.today),
        version=1,
        created_at=c.now,
        updated_at=c.now,
    )
    c.session.add(reg)
    await c.session.flush()
    app.registration_id = reg.id
    return reg, LicenceAction.ISSUE, {"number": reg.number, "institution_id": str(inst.id)}


async def _change(c: Completion) -> Outcome:
    reg = await c.registration()
    changes: dict[str, Any] = {}
    if (
        c.payload.get("institutionId")
        and uuid.UUID(c.payload["institutionId"]) != reg.institution_id
    ):
        inst = await c.institution(uuid.UUID(c.payload["institutionId"]))
        changes["institution_id"] = [str(reg.institution_id), str(inst.id)]
        reg.institution_id, reg.authority_code = inst.id, inst.authority_code
    category = _category(c.payload)
    if category and category is not reg.category:
        changes["category"] = [reg.category, category]
        reg.category = category
    if c.payload.get("scope") and c.payload["scope"] != reg.scope:
        changes["scope"] = [reg.scope, c.payload["scope"]]
        reg.scope = c.payload["scope"]
    c.bump(reg)
    return reg, LicenceAction.REISSUE, changes


async def _extend(c: Completion) -> Outcome:
    reg = await c.registration()
    assert reg.valid_until is not None
    new_until = add_years(reg.valid_until, NURSE_VALIDITY_YEARS)
    changes = {"valid_until": [reg.valid_until.isoformat(), new_until.isoformat()]}
    reg.valid_until = new_until
    c.bump(reg)
    return reg, LicenceAction.RENEW, changes


async def _reactivate(c: Completion) -> Outcome:
    reg = await c.registration(active=False)
    if reg.status is RegistrationStatus.SUSPENDED:
        raise InvalidState(
            "the registration has been suspended meanwhile",
            reason=RegistryProblem.REGISTRATION_SUSPENDED,
        )
    inst = await c.institution()
    changes = {"status": [reg.status.value, "ACTIVE"], "institution_id": str(inst.id)}
    reg.status = RegistrationStatus.ACTIVE
    reg.institution_id, reg.authority_code = inst.id, inst.authority_code
    reg.valid_from, reg.valid_until = c.today, _validity(reg.subject, c.today)
    if reg.subject is RegistrationSubject.DOCTOR:
        reg.category, reg.scope = _category(c.payload), c.payload.get("scope")
    c.bump(reg)
    return reg, LicenceAction.ISSUE, changes


async def _cancel_filings(
    c: Completion, reg: Registration, institution_id: uuid.UUID | None
) -> int:
    stmt = select(Filing).where(
        Filing.registration_id == reg.id, Filing.status == FilingStatus.ACTIVE
    )
    if institution_id is not None:
        stmt = stmt.where(Filing.institution_id == institution_id)
    filings = list((await c.session.scalars(stmt)).all())
    for filing in filings:
        filing.status, filing.cancelled_at = FilingStatus.CANCELLED, c.now
    return len(filings)


async def _cancel(c: Completion) -> Outcome:
    reg = await c.registration(active=False)
    if reg.status is RegistrationStatus.CANCELLED:
        raise InvalidState(
            "the registration is cancelled already", reason=RegistryProblem.REGISTRATION_CANCELLED
        )
    changes = {"status": [reg.status.value, "CANCELLED"], "reason": c.payload.get("reason")}
    reg.status = RegistrationStatus.CANCELLED
    changes["filings_cancelled"] = await _cancel_filings(c, reg, None)
    c.bump(reg)
    return reg, LicenceAction.REVOKE, changes


async def _add_filing(c: Completion) -> Outcome:
    reg = await c.registration()
    inst = await c.institution()
    filing = Filing(
        id=uuid.uuid4(),
        registration_id=reg.id,
        institution_id=inst.id,
        status=FilingStatus.ACTIVE,
        filed_at=c.now,
    )
    c.session.add(filing)
    return reg, LicenceAction.NONE, {"filing_added": str(inst.id)}


async def _remove_filing(c: Completion) -> Outcome:
    reg = await c.registration(active=False)
    if not await _cancel_filings(c, reg, c.application.institution_id):
        raise InvalidState(
            "the filing was cancelled meanwhile", reason=RegistryProblem.FILING_CANCELLED
        )
    return reg, LicenceAction.NONE, {"filing_removed": str(c.application.institution_id)}


def _apply_institution_fields(inst: Institution, payload: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key, attr in (
        ("name", "name"),
        ("address", "address"),
        ("legalRepresentative", "legal_representative"),
        ("beds", "beds"),
        ("subjects", "subjects"),
    ):
        if key in payload and payload[key] != getattr(inst, attr):
            old = getattr(inst, attr)
            changes[attr] = [list(old) if isinstance(old, list) else old, payload[key]]
            setattr(inst, attr, list(payload[key]) if key == "subjects" else payload[key])
    return changes


async def _register_institution(
    c: Completion,
) -> Outcome:
    inst = await c.institution(c.application.subject_institution_id)
    if inst.status is not InstitutionStatus.PENDING:
        raise InvalidState(
            "the institution is registered already", reason=RegistryProblem.INSTITUTION_REGISTERED
        )
    changes = _apply_institution_fields(inst, c.payload)
    until = add_years(c.today, validation_period_years(inst.beds))
    number = await registration_number(
        c.session, RegistrationSubject.INSTITUTION, inst.authority_code, c.today
    )
    inst.status, inst.validated_until, inst.licence_number = InstitutionStatus.ACTIVE, until, number
    reg = Registration(
        id=uuid.uuid4(),
        number=number,
        subject=RegistrationSubject.INSTITUTION,
        institution_id=inst.id,
        authority_code=inst.authority_code,
        status=RegistrationStatus.ACTIVE,
        valid_from=c.today,
        valid_until=until,
        version=1,
        created_at=c.now,
        updated_at=c.now,
    )
    c.session.add(reg)
    await c.session.flush()
    c.application.registration_id = reg.id
    return reg, LicenceAction.ISSUE, {"number": number, **changes}


async def _change_institution(c: Completion) -> Outcome:
    reg = await c.registration()
    inst = await c.institution(c.application.subject_institution_id)
    changes = _apply_institution_fields(inst, c.payload)
    c.bump(reg)
    return reg, LicenceAction.REISSUE, changes


async def _validate_institution(
    c: Completion,
) -> Outcome:
    reg = await c.registration()
    inst = await c.institution(c.application.subject_institution_id)
    base = max(inst.validated_until or c.today, c.today)
    until = add_years(base, validation_period_years(inst.beds))
    changes = {
        "validated_until": [str(inst.validated_until), until.isoformat()],
        "valid_from": [reg.valid_from.isoformat(), c.today.isoformat()],
    }
    # The re-issued licence runs from this validation, not from the first registration.
    inst.validated_until, reg.valid_from, reg.valid_until = until, c.today, until
    c.bump(reg)
    return reg, LicenceAction.RENEW, changes


async def _cancel_institution(c: Completion) -> Outcome:
    reg = await c.registration(active=False)
    inst = await c.institution(c.application.subject_institution_id)
    inst.status = InstitutionStatus.CANCELLED
    changes = {"status": [reg.status.value, "CANCELLED"], "reason": c.payload.get("reason")}
    reg.status = RegistrationStatus.CANCELLED
    c.bump(reg)
    return reg, LicenceAction.REVOKE, changes


EFFECTS: dict[Effect, Handler] = {
    Effect.CREATE_REGISTRATION: _create,
    Effect.CHANGE_REGISTRATION: _change,
    Effect.EXTEND_REGISTRATION: _extend,
    Effect.REACTIVATE_REGISTRATION: _reactivate,
    Effect.CANCEL_REGISTRATION: _cancel,
    Effect.ADD_FILING: _add_filing,
    Effect.REMOVE_FILING: _remove_filing,
    Effect.REGISTER_INSTITUTION: _register_institution,
    Effect.CHANGE_INSTITUTION: _change_institution,
    Effect.VALIDATE_INSTITUTION: _validate_institution,
    Effect.CANCEL_INSTITUTION: _cancel_institution,
}


async def complete(
    session: AsyncSession,
    actor: audit.AuditActor,
    application: Application,
    item: ApprovalItem,
    *,
    today: date,
    now: datetime,
) -> Registration:
    """Apply the item's effect and leave the licence job (the outbox event) behind."""
    c = Completion(session, actor, application, item, today, now)
    reg, action, changes = await EFFECTS[item.effect](c)
    await session.flush()
    session.add(
        RegistrationEvent(
            id=uuid.uuid4(),
            registration_id=reg.id,
            version=reg.version,
            at=now,
            action=item.effect.value,
            changes=_jsonable(changes),
            application_id=application.id,
        )
    )
    application.completed_at = now
    application.notice_until = today + timedelta(days=item.notice_days)
    await audit.record(
        session,
        actor,
        f"registry.registration.{item.effect.value.lower()}",
        target_type="registration",
        target_id=reg.id,
        summary={"number": reg.number, "version": reg.version, "application": application.number},
    )
    decision = licence_event.Decision(
        application.id, application.number, application.item_code.value
    )
    await licence_event.emit_completed(session, decision, reg, action)
    return reg


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | uuid.UUID):
        return str(value)
    return value

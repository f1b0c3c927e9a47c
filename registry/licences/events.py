"""The ``registration.completed`` event: everything a licence needs, as plain data.

The licence consumer identifies a request by ``(registration_id, registration_version)``;
``content`` has the fields of ``certificates.values.LicenceContent``. ``action`` says what to do
with the licence: ISSUE (first registration, re-registration, institution registration),
REISSUE (a change: the old version becomes SUPERSEDED), RENEW (new validity), REVOKE
(cancellation) or NONE (a multi-institution filing changed; the printed licence does not)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import outbox
from core.crypto import keyring_of
from directory.models import Authority, Institution, Person, Practitioner
from registry.licences.content import person_fields, place_fields
from registry.licences.issuance import apply_completion
from registry.registrations.models import Registration, RegistrationSubject

TOPIC = "registration.completed"


class LicenceAction(StrEnum):
    ISSUE = "ISSUE"
    REISSUE = "REISSUE"
    RENEW = "RENEW"
    REVOKE = "REVOKE"
    NONE = "NONE"


LICENCE_KIND = {
    RegistrationSubject.NURSE: "NURSE_PRACTICE",
    RegistrationSubject.DOCTOR: "PHYSICIAN_PRACTICE",
    RegistrationSubject.INSTITUTION: "INSTITUTION_PRACTICE",
}


async def licence_content(session: AsyncSession, reg: Registration) -> dict[str, Any]:
    institution = await session.get(Institution, reg.institution_id)
    authority = await session.get(Authority, reg.authority_code)
    assert institution is not None
    assert authority is not None
    content: dict[str, Any] = {
        "number": reg.number,
        "kind": LICENCE_KIND[reg.subject],
        "holder_name": institution.name,
        "holder_name_en": institution.name_en,
        "valid_from": reg.valid_from.isoformat(),
        "valid_until": reg.valid_until.isoformat() if reg.valid_until else None,
        "authority_code": authority.code,
        "authority_name_zh": authority.name_zh,
        "authority_name_en": authority.name_en,
        "institution_type": institution.type.value,
        "subjects": list(institution.subjects),
        "address": institution.address or None,
        "legal_representative": institution.legal_representative or None,
    }
    if reg.subject is RegistrationSubject.INSTITUTION:
        return content
    practitioner = await session.get(Practitioner, reg.practitioner_id)
    assert practitioner is not None
    person = await session.get(Person, practitioner.person_id)
    assert person is not None
    id_number = keyring_of(session).decrypt(
        person.id_number_enc, table="person", column="id_number", row_id=person.id
    )
    content.update(
        subjects=[],
        address=None,
        legal_representative=None,
        category=reg.category.value if reg.category else None,
        scope=reg.scope,
        **person_fields(
            name=person.name, sex=person.sex, birth_date=person.birth_date, id_number=id_number
        ),
        **place_fields(
            name=institution.name,
            name_en=institution.name_en,
            district_code=institution.district_code,
        ),
    )
    if reg.subject is RegistrationSubject.DOCTOR:
        content["qualification_number"] = practitioner.qualification_number
    return content


@dataclass(frozen=True)
class Decision:
    """The application whose completion changes a licence, as the licence event records it."""

    application_id: uuid.UUID
    number: str | None
    item: str


async def emit_completed(
    session: AsyncSession, decision: Decision, reg: Registration, action: LicenceAction
) -> None:
    """Written in the completing transaction, with the licence row it asks for."""
    content = await licence_content(session, reg)
    event = await outbox.emit(
        session,
        TOPIC,
        {
            "registration_id": str(reg.id),
            "registration_version": reg.version,
            "registration_status": reg.status.value,
            "number": reg.number,
            "kind": content["kind"],
            "action": action.value,
            "application_id": str(decision.application_id),
            "application_number": decision.number,
            "item": decision.item,
            "content": content,
        },
    )
    await apply_completion(session, event.payload)

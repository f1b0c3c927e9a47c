"""Licences for the demo city: every active registration gets its licence row (and QR token)
at once. Nobody waits for these PDFs: each is signed when someone first opens or downloads it
(``certificates.bulk``), not in one backlog that would keep the machine busy for minutes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from certificates.bulk import reserve_many
from certificates.pki import Pki
from certificates.values import LicenceKind, LicenceRequest
from core.crypto import Keyring, keyring_of
from directory.models import Authority, Institution, Person, Practitioner
from registry.licences.content import person_fields, place_fields
from registry.licences.events import LICENCE_KIND
from registry.licences.issuance import content_of
from registry.registrations.models import Registration, RegistrationStatus, RegistrationSubject

CHUNK = 5_000


def _content(row: Any, keyring: Keyring) -> dict[str, Any]:
    content = {
        "number": row.number,
        "kind": LicenceKind(LICENCE_KIND[row.subject]),
        "holder_name": row.institution_name,
        "holder_name_en": row.institution_name_en,
        "valid_from": row.valid_from,
        "valid_until": row.valid_until,
        "authority_code": row.authority_code,
        "authority_name_zh": row.authority_name_zh,
        "authority_name_en": row.authority_name_en,
        "institution_type": row.institution_type.value,
        "subjects": list(row.subjects or ()),
        "address": row.address or None,
        "legal_representative": row.legal_representative or None,
    }
    if row.subject is RegistrationSubject.INSTITUTION:
        return content
    id_number = keyring.decrypt(
        row.id_number_enc, table="person", column="id_number", row_id=row.person_id
    )
    content.update(
        subjects=[],
        address=None,
        legal_representative=None,
        category=row.category.value if row.category else None,
        scope=row.scope,
        **person_fields(
            name=row.person_name, sex=row.sex, birth_date=row.birth_date, id_number=id_number
        ),
        **place_fields(
            name=row.institution_name,
            name_en=row.institution_name_en,
            district_code=row.district_code,
        ),
    )
    if row.subject is RegistrationSubject.DOCTOR:
        content["qualification_number"] = row.qualification_number
    return content


async def reserve_demo_licences(session: AsyncSession, pki: Pki | None) -> int:
    """Reserve a licence for each active registration that has none; returns how many."""
    stmt = (
        select(
            Registration.id,
            Registration.version,
            Registration.number,
            Registration.subject,
            Registration.valid_from,
            Registration.valid_until,
            Registration.category,
            Registration.scope,
            Registration.authority_code,
            Authority.name_zh.label("authority_name_zh"),
            Authority.name_en.label("authority_name_en"),
            Institution.name.label("institution_name"),
            Institution.name_en.label("institution_name_en"),
            Institution.type.label("institution_type"),
            Institution.subjects,
            Institution.address,
            Institution.legal_representative,
            Institution.district_code,
            Practitioner.qualification_number,
            Person.id.label("person_id"),
            Person.name.label("person_name"),
            Person.sex,
            Person.birth_date,
            Person.id_number_enc,
        )
        .join(Institution, Registration.institution_id == Institution.id)
        .join(Authority, Registration.authority_code == Authority.code)
        .outerjoin(Practitioner, Registration.practitioner_id == Practitioner.id)
        .outerjoin(Person, Practitioner.person_id == Person.id)
        .where(Registration.status == RegistrationStatus.ACTIVE)
        .order_by(Registration.number)
    )
    rows = (await session.execute(stmt)).all()
    keyring = keyring_of(session)
    reserved = 0
    for start in range(0, len(rows), CHUNK):
        requests = [
            LicenceRequest(str(row.id), row.version, content_of(_content(row, keyring)))
            for row in rows[start : start + CHUNK]
        ]
        reserved += await reserve_many(session, requests, pki=pki)
    return reserved

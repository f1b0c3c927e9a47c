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
from directory.models import Authority, Institution, Person, Practitioner
from registry.licences.events import LICENCE_KIND
from registry.licences.issuance import content_of
from registry.registrations.models import Registration, RegistrationStatus, RegistrationSubject

CHUNK = 5_000


def _content(row: Any) -> dict[str, Any]:
    practitioner = row.subject is not RegistrationSubject.INSTITUTION
    return {
        "number": row.number,
        "kind": LicenceKind(LICENCE_KIND[row.subject]),
        "holder_name": row.person_name if practitioner else row.institution_name,
        "holder_name_en": None if practitioner else row.institution_name_en,
        "valid_from": row.valid_from,
        "valid_until": row.valid_until,
        "authority_code": row.authority_code,
        "authority_name_zh": row.authority_name_zh,
        "authority_name_en": row.authority_name_en,
        "category": row.category.value if row.category else None,
        "scope": row.scope,
        "institution_name": row.institution_name,
        "institution_type": row.institution_type.value,
        "subjects": [] if practitioner else list(row.subjects or ()),
        "address": None if practitioner else (row.address or None),
        "legal_representative": None if practitioner else (row.legal_representative or None),
    }


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
            Person.name.label("person_name"),
        )
        .join(Institution, Registration.institution_id == Institution.id)
        .join(Authority, Registration.authority_code == Authority.code)
        .outerjoin(Practitioner, Registration.practitioner_id == Practitioner.id)
        .outerjoin(Person, Practitioner.person_id == Person.id)
        .where(Registration.status == RegistrationStatus.ACTIVE)
        .order_by(Registration.number)
    )
    rows = (await session.execute(stmt)).all()
    reserved = 0
    for start in range(0, len(rows), CHUNK):
        requests = [
            LicenceRequest(str(row.id), row.version, content_of(_content(row)))
            for row in rows[start : start + CHUNK]
        ]
        reserved += await reserve_many(session, requests, pki=pki)
    return reserved

"""Licences for registrations made outside an application: a whole registry at once (the demo
city, an import) and new versions for registrations an import changed. Nobody waits for these
PDFs: without a priority each is signed when first opened (``certificates.bulk``), with one
its job waits behind everything interactive."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from certificates.bulk import reserve_many
from certificates.models import Licence
from certificates.pki import Pki
from certificates.service import reserve_licence
from certificates.values import LicenceKind, LicenceRequest
from core.crypto import Keyring, keyring_of
from directory.models import Authority, Institution, Person, Practitioner
from registry.licences.content import person_fields, place_fields
from registry.licences.events import LICENCE_KIND, licence_content
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


async def reserve_missing(
    session: AsyncSession, *, pki: Pki | None = None, priority: int | None = None
) -> int:
    """Reserve version 1 of a licence for each active registration whose number has none;
    returns how many. Without ``priority`` each PDF is signed when first opened; with one,
    its signing job is queued now (an import: ``Priority.BULK``)."""
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
        .where(
            Registration.status == RegistrationStatus.ACTIVE,
            ~exists().where(Licence.number == Registration.number),
        )
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
        reserved += await reserve_many(session, requests, pki=pki, priority=priority)
    return reserved


async def reissue(
    session: AsyncSession, registration_ids: Iterable[uuid.UUID], *, priority: int
) -> int:
    """A new licence version for each registration changed outside an application (an
    import): it supersedes the live one. Registrations without a licence yet, or no longer
    active, are left to ``reserve_missing`` and the expiry sweep."""
    issued = 0
    for registration_id in registration_ids:
        reg = await session.get(Registration, registration_id)
        if reg is None or reg.status is not RegistrationStatus.ACTIVE:
            continue
        if not await session.scalar(select(exists().where(Licence.number == reg.number))):
            continue
        request = LicenceRequest(
            str(reg.id), reg.version, content_of(await licence_content(session, reg))
        )
        await reserve_licence(session, request, priority=priority)
        issued += 1
    return issued

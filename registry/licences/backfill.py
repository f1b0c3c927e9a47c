"""Licences for registrations made outside an application: a whole registry at once (the demo
city, an import) and new versions for registrations an import changed. Nobody waits for these
PDFs: without a priority each is signed when first opened (``certificates.bulk``), with one
its job waits behind everything interactive.

An import reserves the licences of the registrations it creates from the values it holds
(``licence_request``): the plain ID number is known while the row is cleaned, so nothing is
decrypted back. ``reserve_missing`` covers whatever is left, streamed in keyset chunks."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from certificates.bulk import reserve_many
from certificates.models import Licence
from certificates.pki import Pki
from certificates.service import reserve_licence, supersede_other_numbers
from certificates.values import LicenceKind, LicenceRequest
from core.crypto import keyring_of
from core.jobs import Priority
from directory.models import Authority, Institution, InstitutionType, Person, Practitioner, Sex
from registry.licences.content import person_fields, place_fields
from registry.licences.events import LICENCE_KIND, licence_content
from registry.licences.issuance import content_of
from registry.registrations.models import Registration, RegistrationStatus, RegistrationSubject

CHUNK = 5_000


@dataclass(frozen=True)
class Place:
    """The institution a licence names (the holder itself, or a practitioner's primary
    institution) and its registering authority."""

    institution_name: str
    institution_name_en: str | None
    institution_type: InstitutionType
    subjects: tuple[str, ...]
    address: str | None
    legal_representative: str | None
    district_code: str
    authority_code: str
    authority_name_zh: str
    authority_name_en: str


@dataclass(frozen=True)
class Holder:
    """A practitioner holder, with the plain ID number (printed masked)."""

    name: str
    sex: Sex
    birth_date: date
    id_number: str


@dataclass(frozen=True)
class Registered:
    """The registration a licence is for, as plain values."""

    id: uuid.UUID
    version: int
    number: str
    subject: RegistrationSubject
    valid_from: date
    valid_until: date | None
    category: str | None = None
    scope: str | None = None
    qualification_number: str | None = None


def licence_request(
    registration: Registered, place: Place, holder: Holder | None = None
) -> LicenceRequest:
    """Version 1 of the licence of ``registration``: what ``licence_content`` would print
    for it, built without reading anything back."""
    content: dict[str, Any] = {
        "number": registration.number,
        "kind": LicenceKind(LICENCE_KIND[registration.subject]),
        "holder_name": place.institution_name,
        "holder_name_en": place.institution_name_en,
        "valid_from": registration.valid_from,
        "valid_until": registration.valid_until,
        "authority_code": place.authority_code,
        "authority_name_zh": place.authority_name_zh,
        "authority_name_en": place.authority_name_en,
        "institution_type": place.institution_type.value,
        "subjects": list(place.subjects),
        "address": place.address or None,
        "legal_representative": place.legal_representative or None,
    }
    if holder is not None:
        content.update(
            subjects=[],
            address=None,
            legal_representative=None,
            category=registration.category,
            scope=registration.scope,
            **person_fields(
                name=holder.name,
                sex=holder.sex,
                birth_date=holder.birth_date,
                id_number=holder.id_number,
            ),
            **place_fields(
                name=place.institution_name,
                name_en=place.institution_name_en,
                district_code=place.district_code,
            ),
        )
        if registration.subject is RegistrationSubject.DOCTOR:
            content["qualification_number"] = registration.qualification_number
    return LicenceRequest(str(registration.id), registration.version, content_of(content))


async def reserve(session: AsyncSession, requests: list[LicenceRequest]) -> int:
    """Reserve ``licence_request``s made by an import, their signing queued at low priority
    (nobody waits for an imported licence's PDF); returns how many were reserved."""
    return await reserve_many(session, requests, priority=Priority.BULK) if requests else 0


_MISSING = (
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
    .limit(CHUNK)
)


async def reserve_missing(
    session: AsyncSession, *, pki: Pki | None = None, priority: int | None = None
) -> int:
    """Reserve version 1 of a licence for each active registration whose number has none;
    returns how many. Without ``priority`` each PDF is signed when first opened; with one,
    its signing job is queued now (an import: ``Priority.BULK``). Read in keyset chunks, so
    memory stays that of one chunk whatever the registry's size."""
    keyring = keyring_of(session)
    reserved, after = 0, ""
    while True:
        rows = (await session.execute(_MISSING.where(Registration.number > after))).all()
        if not rows:
            return reserved
        after = rows[-1].number
        requests = []
        for row in rows:
            place = Place(
                institution_name=row.institution_name,
                institution_name_en=row.institution_name_en,
                institution_type=row.institution_type,
                subjects=tuple(row.subjects or ()),
                address=row.address,
                legal_representative=row.legal_representative,
                district_code=row.district_code,
                authority_code=row.authority_code,
                authority_name_zh=row.authority_name_zh,
                authority_name_en=row.authority_name_en,
            )
            holder = None
            if row.subject is not RegistrationSubject.INSTITUTION:
                id_number = keyring.decrypt(
                    row.id_number_enc, table="person", column="id_number", row_id=row.person_id
                )
                holder = Holder(row.person_name, row.sex, row.birth_date, id_number)
            registered = Registered(
                id=row.id,
                version=row.version,
                number=row.number,
                subject=row.subject,
                valid_from=row.valid_from,
                valid_until=row.valid_until,
                category=row.category.value if row.category else None,
                scope=row.scope,
                qualification_number=row.qualification_number,
            )
            requests.append(licence_request(registered, place, holder))
        reserved += await reserve_many(session, requests, pki=pki, priority=priority)


async def reissue(
    session: AsyncSession, registration_ids: Iterable[uuid.UUID], *, priority: int
) -> int:
    """A new licence version for each registration changed outside an application (an
    import): it supersedes the live one, and when the import gave the registration a new
    number, the licences of its old number too. Registrations without a licence of their
    number yet, or no longer active, are left to ``reserve_missing`` (which runs first) and
    the expiry sweep."""
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
        await supersede_other_numbers(session, str(reg.id), reg.number)
        issued += 1
    return issued

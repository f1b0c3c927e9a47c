"""Creating registry records with validation, encryption and an audit entry."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core import audit
from core.clock import clock_of
from core.crypto import keyring_of, mask_id_number, mask_mobile
from core.errors import Conflict, FieldProblem, NotFound, Problem, ValidationFailed
from directory import validation
from directory.errors import DirectoryProblem
from directory.models import (
    Authority,
    Institution,
    InstitutionLevel,
    InstitutionStatus,
    InstitutionType,
    Person,
)

ID_NUMBER_PURPOSE = "person.id_number"
MOBILE_PURPOSE = "person.mobile"


@dataclass(frozen=True)
class InstitutionInput:
    uscc: str
    licence_number: str
    name: str
    type: InstitutionType
    level: InstitutionLevel
    beds: int
    district_code: str
    authority_code: str
    address: str = ""
    legal_representative: str = ""
    subjects: list[str] = field(default_factory=list)
    contact_name: str | None = None
    contact_mobile: str | None = None
    name_en: str | None = None
    validated_until: date | None = None


def id_number_index(session: AsyncSession, number: str) -> str:
    return keyring_of(session).blind_index(number, purpose=ID_NUMBER_PURPOSE)


def mobile_index(session: AsyncSession, number: str) -> str:
    return keyring_of(session).blind_index(number, purpose=MOBILE_PURPOSE)


async def _authority(session: AsyncSession, code: str, field_name: str) -> Authority:
    authority = await session.get(Authority, code)
    if authority is None:
        raise ValidationFailed.on(
            field_name,
            f"no authority with code {code}",
            DirectoryProblem.AUTHORITY_NOT_FOUND,
            authority=code,
        )
    return authority


def _text(value: str, field: str, max_length: int) -> str:
    return validation.text(value, field=field, max_length=max_length)


async def create_institution(
    session: AsyncSession, actor: audit.AuditActor, data: InstitutionInput
) -> Institution:
    problems: list[FieldProblem] = []
    checks = (
        ("uscc", lambda: validation.social_credit_code(data.uscc)),
        ("name", lambda: validation.name(data.name, max_length=120)),
        (
            "contactMobile",
            lambda: (
                data.contact_mobile
                and validation.mobile(data.contact_mobile, field="contactMobile")
            ),
        ),
        ("licenceNumber", lambda: _text(data.licence_number, "licenceNumber", 40)),
        ("nameEn", lambda: data.name_en and _text(data.name_en, "nameEn", 200)),
        ("address", lambda: _text(data.address, "address", 200)),
        (
            "legalRepresentative",
            lambda: _text(data.legal_representative, "legalRepresentative", 64),
        ),
        ("contactName", lambda: data.contact_name and _text(data.contact_name, "contactName", 64)),
    )
    cleaned: dict[str, object] = {}
    for key, check in checks:
        try:
            cleaned[key] = check()
        except ValidationFailed as exc:
            problems.extend(exc.problems)
    if data.beds < 0:
        problems.append(FieldProblem("beds", "must not be negative", DirectoryProblem.NEGATIVE))
    if cleaned.get("licenceNumber") == "":
        problems.append(FieldProblem("licenceNumber", "must not be empty", Problem.REQUIRED))
    if problems:
        raise ValidationFailed(problems)
    await _authority(session, data.district_code, "district")
    await _authority(session, data.authority_code, "authority")
    uscc = str(cleaned["uscc"])
    if await session.scalar(select(Institution.id).where(Institution.uscc == uscc)):
        raise Conflict(
            f"an institution with USCC {uscc} is already registered",
            reason=DirectoryProblem.USCC_TAKEN,
            params={"uscc": uscc},
        )
    licence_number = str(cleaned["licenceNumber"])
    if await session.scalar(
        select(Institution.id).where(Institution.licence_number == licence_number)
    ):
        raise Conflict(
            f"an institution with practice licence {licence_number} is already registered",
            reason=DirectoryProblem.PRACTICE_LICENCE_TAKEN,
            params={"licenceNumber": licence_number},
        )
    institution = Institution(
        id=uuid.uuid4(),
        uscc=uscc,
        licence_number=licence_number,
        name=str(cleaned["name"]),
        name_en=cleaned["nameEn"] or None,
        type=data.type,
        level=data.level,
        beds=data.beds,
        address=str(cleaned["address"]),
        legal_representative=str(cleaned["legalRepresentative"]),
        district_code=data.district_code,
        authority_code=data.authority_code,
        status=InstitutionStatus.ACTIVE,
        subjects=list(data.subjects),
        contact_name=cleaned["contactName"] or None,
        validated_until=data.validated_until,
        created_at=clock_of(session).now(),
    )
    contact = cleaned.get("contactMobile")
    if isinstance(contact, str) and contact:
        institution.contact_mobile_enc = keyring_of(session).encrypt(
            contact, table="institution", column="contact_mobile", row_id=institution.id
        )
        institution.contact_mobile_masked = mask_mobile(contact)
    session.add(institution)
    await session.flush()
    await audit.record(
        session,
        actor,
        "registry.institution.create",
        target_type="institution",
        target_id=institution.id,
        summary={"uscc": uscc},
    )
    return institution


async def find_person_by_id_number(session: AsyncSession, number: str) -> Person | None:
    return await session.scalar(
        select(Person).where(Person.id_number_index == id_number_index(session, number))
    )


async def create_person(
    session: AsyncSession, actor: audit.AuditActor, *, name: str, id_number: str, mobile: str | None
) -> Person:
    """Validate, encrypt and store a person; an ID number already on file is a Conflict."""
    problems: list[FieldProblem] = []
    rid = clean_mobile = clean_name = None
    try:
        clean_name = validation.name(name)
    except ValidationFailed as exc:
        problems.extend(exc.problems)
    try:
        rid = validation.resident_id(id_number)
    except ValidationFailed as exc:
        problems.extend(exc.problems)
    if mobile is not None:
        try:
            clean_mobile = validation.mobile(mobile)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
    if problems or rid is None or clean_name is None:
        raise ValidationFailed(problems)
    if await find_person_by_id_number(session, rid.number):
        raise Conflict(
            "a person with this ID number is already on file",
            reason=DirectoryProblem.PERSON_ON_FILE,
        )
    keyring = keyring_of(session)
    person = Person(
        id=uuid.uuid4(),
        name=clean_name,
        sex=rid.sex,
        birth_date=rid.birth_date,
        id_number_index=id_number_index(session, rid.number),
        id_number_masked=mask_id_number(rid.number),
        created_at=clock_of(session).now(),
    )
    person.id_number_enc = keyring.encrypt(
        rid.number, table="person", column="id_number", row_id=person.id
    )
    if clean_mobile:
        set_mobile(session, person, clean_mobile)
    session.add(person)
    await session.flush()
    await audit.record(
        session, actor, "registry.person.create", target_type="person", target_id=person.id
    )
    return person


def set_mobile(session: AsyncSession, person: Person, mobile: str) -> None:
    person.mobile_enc = keyring_of(session).encrypt(
        mobile, table="person", column="mobile", row_id=person.id
    )
    person.mobile_index = mobile_index(session, mobile)
    person.mobile_masked = mask_mobile(mobile)


def reveal_id_number(session: AsyncSession, person: Person) -> str:
    """The plain ID number: only for its owner's own view."""
    return keyring_of(session).decrypt(
        person.id_number_enc, table="person", column="id_number", row_id=person.id
    )


def reveal_mobile(session: AsyncSession, person: Person) -> str | None:
    if person.mobile_enc is None:
        return None
    return keyring_of(session).decrypt(
        person.mobile_enc, table="person", column="mobile", row_id=person.id
    )


async def get_institution(session: AsyncSession, institution_id: uuid.UUID) -> Institution:
    institution = await session.get(Institution, institution_id)
    if institution is None:
        raise NotFound("institution", institution_id, reason=DirectoryProblem.INSTITUTION_NOT_FOUND)
    return institution

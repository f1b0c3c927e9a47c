"""Demo sign-ins (development only): the municipal and a Pudong officer, the admin and an
operator of a Pudong hospital from the demo data, and nurses and doctors of that hospital
who have activated their accounts. Passwords are fixed; TOTP secrets follow the seed."""

from __future__ import annotations

import base64
import hashlib
import random
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Role
from access.scope import MUNICIPAL
from core import audit
from core.clock import clock_of
from directory import service as directory
from directory.models import (
    Institution,
    InstitutionStatus,
    InstitutionType,
    Person,
    Practitioner,
    Profession,
)
from identity import totp
from identity.accounts import (
    create_personal_account,
    create_staff_account,
    find_by_login_key,
    staff_login_key,
)
from identity.config import PasswordPolicy
from identity.models import (
    Account,
    AccountKind,
    AccountStatus,
    CertificationStatus,
    IdentityDocument,
    StaffCertification,
)
from identity.passwords import hash_password
from registry.registrations.models import Registration, RegistrationStatus

STAFF_PASSWORD = "medreg-demo-2026"  # noqa: S105 - published development sign-in
PRACTITIONER_PASSWORD = "medreg demo practitioner"  # noqa: S105 - published, 15+ characters
PUDONG = "310115"


DEMO_ACTOR = audit.AuditActor("demo", "SYSTEM")


class IdentityDemoError(RuntimeError):
    """The registry demo data is missing what the identity demo builds on."""


@dataclass(frozen=True)
class DemoSignIn:
    role: Role
    identifier: str
    """Username (staff) or mobile (practitioners)."""
    password: str
    totp_secret: str | None
    name: str
    scope: str


def demo_totp_secret(seed: int, username: str) -> str:
    digest = hashlib.sha256(f"medreg-demo-totp:{seed}:{username}".encode()).digest()
    return base64.b32encode(digest[:20]).decode()


HOSPITALS = (
    InstitutionType.GENERAL_HOSPITAL,
    InstitutionType.SPECIALIST_HOSPITAL,
    InstitutionType.TCM_HOSPITAL,
)


async def _pick_hospital(session: AsyncSession, seed: int) -> Institution:
    """A Pudong hospital, preferably one Pudong registered (so the Pudong officer sees its
    queue); among the best-ranked, the seed picks."""
    candidates = list(
        (
            await session.scalars(
                select(Institution)
                .where(
                    Institution.district_code == PUDONG,
                    Institution.status == InstitutionStatus.ACTIVE,
                )
                .order_by(Institution.uscc)
            )
        ).all()
    )
    if not candidates:
        raise IdentityDemoError("no active Pudong institution: load the registry demo first")

    def rank(institution: Institution) -> tuple[bool, bool]:
        return institution.type not in HOSPITALS, institution.authority_code != PUDONG

    best = min(rank(i) for i in candidates)
    top = [i for i in candidates if rank(i) == best][:10]
    return random.Random(f"medreg-identity-demo:{seed}").choice(top)


async def _staff(
    session: AsyncSession,
    *,
    seed: int,
    role: Role,
    username: str,
    name: str,
    mobile: str,
    scope: str,
    passwords: PasswordPolicy,
    institution_id: uuid.UUID | None = None,
    authority_code: str | None = None,
) -> DemoSignIn:
    secret = demo_totp_secret(seed, username)
    existing = await find_by_login_key(session, staff_login_key(username))
    if existing is None:
        kind = AccountKind.INSTITUTION if institution_id else AccountKind.AUTHORITY
        account = await create_staff_account(
            session,
            kind=kind,
            role=role,
            username=username,
            display_name=name,
            mobile=mobile,
            institution_id=institution_id,
            authority_code=authority_code,
        )
        now = clock_of(session).now()
        account.password_hash = hash_password(STAFF_PASSWORD, passwords)
        totp.store_secret(session, account, secret)
        account.totp_enabled_at = now
        account.status = AccountStatus.ACTIVE
        account.activated_at = account.password_changed_at = now
        await session.flush()
    return DemoSignIn(role, username, STAFF_PASSWORD, secret, name, scope)


async def _practitioners(
    session: AsyncSession, hospital: Institution, profession: Profession, count: int
) -> list[Person]:
    rows = await session.scalars(
        select(Person)
        .join(Practitioner, Practitioner.person_id == Person.id)
        .join(Registration, Registration.practitioner_id == Practitioner.id)
        .where(
            Registration.institution_id == hospital.id,
            Registration.status == RegistrationStatus.ACTIVE,
            Practitioner.profession == profession,
        )
        .order_by(Person.id)
        .limit(count)
    )
    return list(rows.all())


async def _activated(
    session: AsyncSession,
    person: Person,
    *,
    mobile: str,
    hospital: Institution,
    profession: Profession,
    operator: Account | None,
    passwords: PasswordPolicy,
) -> DemoSignIn:
    now = clock_of(session).now()
    if await session.scalar(select(Account.id).where(Account.person_id == person.id)) is None:
        directory.set_mobile(session, person, mobile)
        await create_personal_account(
            session,
            person=person,
            mobile=mobile,
            password_hash=hash_password(PRACTITIONER_PASSWORD, passwords),
        )
        session.add(
            StaffCertification(
                id=uuid.uuid4(),
                person_id=person.id,
                institution_id=hospital.id,
                profession=profession,
                status=CertificationStatus.CERTIFIED,
                requested_at=now,
                decided_at=now,
                decided_by=operator.id if operator else None,
                document_checked=IdentityDocument.RESIDENT_ID_CARD,
            )
        )
        await session.flush()
    return DemoSignIn(
        Role.PRACTITIONER,
        mobile,
        PRACTITIONER_PASSWORD,
        None,
        person.name,
        f"{profession.value.lower()} at {hospital.name}",
    )


async def load_identity_demo(
    session: AsyncSession, *, seed: int, passwords: PasswordPolicy | None = None
) -> list[DemoSignIn]:
    """Create the demo sign-ins (once; a second run returns the same list)."""
    policy = passwords or PasswordPolicy()
    hospital = await _pick_hospital(session, seed)
    sign_ins = [
        await _staff(
            session,
            role=Role.AUTHORITY_OFFICER,
            username="sh.officer",
            name="市卫健委审批员",
            mobile="13900000001",
            scope="Shanghai Municipal Health Commission (310000)",
            authority_code=MUNICIPAL,
            seed=seed,
            passwords=policy,
        ),
        await _staff(
            session,
            role=Role.AUTHORITY_OFFICER,
            username="pudong.officer",
            name="浦东新区卫健委审批员",
            mobile="13900000002",
            scope="Pudong New Area Health Commission (310115)",
            authority_code=PUDONG,
            seed=seed,
            passwords=policy,
        ),
        await _staff(
            session,
            role=Role.INSTITUTION_ADMIN,
            username="hospital.admin",
            name="医院管理员",
            mobile="13900000003",
            scope=hospital.name,
            institution_id=hospital.id,
            seed=seed,
            passwords=policy,
        ),
        await _staff(
            session,
            role=Role.INSTITUTION_OPERATOR,
            username="hospital.operator",
            name="医院经办人",
            mobile="13900000004",
            scope=hospital.name,
            institution_id=hospital.id,
            seed=seed,
            passwords=policy,
        ),
    ]
    operator = await find_by_login_key(session, staff_login_key("hospital.operator"))
    serial = 1001
    for profession in (Profession.NURSE, Profession.DOCTOR):
        for person in await _practitioners(session, hospital, profession, 2):
            sign_ins.append(
                await _activated(
                    session,
                    person,
                    mobile=f"139000{serial:05d}",
                    hospital=hospital,
                    profession=profession,
                    operator=operator,
                    passwords=policy,
                )
            )
            serial += 1
    await audit.record(
        session,
        DEMO_ACTOR,
        "identity.demo.load",
        target_type="institution",
        target_id=hospital.id,
        summary={"sign_ins": len(sign_ins)},
    )
    return sign_ins

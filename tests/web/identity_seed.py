"""Accounts the browser tests sign in with, built with identity's own functions, and the SMS
codes the development channel "sent" (read back as ``medreg notifications`` reads them)."""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass

import pyotp
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from access.actor import Actor, Grant, Role
from core.audit import SYSTEM
from core.clock import clock_of
from core.uow import unit_of_work
from directory import service as directory
from directory.models import Institution, Person, Profession
from identity import certification, totp
from identity.accounts import (
    create_personal_account,
    create_staff_account,
    personal_login_key,
    staff_login_key,
)
from identity.config import PasswordPolicy
from identity.disputes import open_dispute
from identity.models import Account, AccountKind, AccountStatus, DisputeKind, IdentityDocument
from identity.passwords import hash_password
from identity.sessions import revoke_all
from notifications.messages import recent_notifications

STAFF_PASSWORD = "portal staff 2026"
PRACTITIONER_PASSWORD = "a calm spring morning by the river"
# Hashing cost of the accounts seeded here; sign-in verifies any argon2id parameters.
CHEAP = PasswordPolicy(argon2_time_cost=1, argon2_memory_kib=8, argon2_parallelism=1)
_CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
_serial = itertools.count(1)

_KIND = {
    Role.INSTITUTION_ADMIN: AccountKind.INSTITUTION,
    Role.INSTITUTION_OPERATOR: AccountKind.INSTITUTION,
    Role.AUTHORITY_ADMIN: AccountKind.AUTHORITY,
    Role.AUTHORITY_OFFICER: AccountKind.AUTHORITY,
    Role.SYSTEM_ADMIN: AccountKind.SYSTEM,
}


def unique(prefix: str) -> str:
    """A username no other test of this run uses."""
    return f"{prefix}{next(_serial):03d}"


@dataclass(frozen=True)
class StaffSignIn:
    username: str
    password: str
    secret: str
    display_name: str

    def code(self) -> str:
        """The code an authenticator shows now. A code is accepted once: each test signs in
        with an account of its own."""
        return pyotp.TOTP(self.secret).now()

    def next_code(self) -> str:
        """The code of the next 30-second step (the server allows one step of drift), for a
        second sign-in of the same account within one step."""
        return pyotp.TOTP(self.secret).at(time.time() + 30)


async def institution_id(factory: async_sessionmaker[AsyncSession], uscc: str) -> str:
    async with factory() as session:
        found = await session.scalar(select(Institution.id).where(Institution.uscc == uscc))
    assert found is not None, f"no institution {uscc}"
    return str(found)


async def seed_staff(
    factory: async_sessionmaker[AsyncSession],
    *,
    role: Role,
    username: str,
    display_name: str,
    mobile: str,
    institution_uscc: str | None = None,
    authority_code: str | None = None,
) -> StaffSignIn:
    """An active staff account with its authenticator enrolled."""
    secret = totp.new_secret()
    async with unit_of_work(factory) as session:
        institution = None
        if institution_uscc is not None:
            institution = await session.scalar(
                select(Institution.id).where(Institution.uscc == institution_uscc)
            )
            assert institution is not None, f"no institution {institution_uscc}"
        account = await create_staff_account(
            session,
            kind=_KIND[role],
            role=role,
            username=username,
            display_name=display_name,
            mobile=mobile,
            institution_id=institution,
            authority_code=authority_code,
        )
        now = clock_of(session).now()
        totp.store_secret(session, account, secret)
        account.totp_enabled_at = now
        account.password_hash = hash_password(STAFF_PASSWORD, CHEAP)
        account.status = AccountStatus.ACTIVE
        account.activated_at = account.password_changed_at = now
        await session.flush()
    return StaffSignIn(username, STAFF_PASSWORD, secret, display_name)


async def seed_practitioner(
    factory: async_sessionmaker[AsyncSession], *, name: str, id_number: str, mobile: str
) -> None:
    """A person record with an activated personal account (signs in with mobile + password)."""
    async with unit_of_work(factory) as session:
        person = await directory.create_person(
            session, SYSTEM, name=name, id_number=id_number, mobile=mobile
        )
        await create_personal_account(
            session,
            person=person,
            mobile=mobile,
            password_hash=hash_password(PRACTITIONER_PASSWORD, CHEAP),
        )


async def last_sms_code(factory: async_sessionmaker[AsyncSession], mobile: str) -> str:
    """The newest six-digit code the development channel sent to ``mobile``."""
    async with factory() as session:
        messages = await recent_notifications(session, to=mobile, limit=5)
    for message in messages:
        found = _CODE.search(message.text)
        if found:
            return found.group(1)
    raise AssertionError(f"no code was sent to {mobile}")


async def sms_texts(factory: async_sessionmaker[AsyncSession], mobile: str) -> list[str]:
    async with factory() as session:
        return [m.text for m in await recent_notifications(session, to=mobile, limit=20)]


async def seed_certification_request(
    factory: async_sessionmaker[AsyncSession],
    *,
    name: str,
    id_number: str,
    mobile: str,
    institution_uscc: str,
    profession: Profession = Profession.NURSE,
    certify_by: str | None = None,
) -> None:
    """An activated practitioner who asked ``institution_uscc`` for certification (and, with
    ``certify_by`` = an operator's username, was certified by that operator)."""
    await seed_practitioner(factory, name=name, id_number=id_number, mobile=mobile)
    async with unit_of_work(factory) as session:
        account = await session.scalar(
            select(Account).where(Account.login_key == personal_login_key(session, mobile))
        )
        assert account is not None
        applicant = Actor(
            account_id=account.id,
            person_id=account.person_id,
            grants=(Grant(Role.PRACTITIONER),),
        )
        row = await certification.request_certification(
            session, applicant, institution_code=institution_uscc, profession=profession
        )
        if certify_by is not None:
            operator = await session.scalar(
                select(Account).where(Account.login_key == staff_login_key(certify_by))
            )
            assert operator is not None
            deciding = Actor(
                account_id=operator.id,
                grants=(Grant(Role.INSTITUTION_OPERATOR, institution_id=row.institution_id),),
            )
            await certification.certify_staff(
                session,
                deciding,
                certification_id=row.id,
                document=IdentityDocument.RESIDENT_ID_CARD,
            )


async def end_sessions(factory: async_sessionmaker[AsyncSession], username: str) -> int:
    """The server forgets every session of a staff account (as when they time out)."""
    async with unit_of_work(factory) as session:
        account = await session.scalar(
            select(Account).where(Account.login_key == staff_login_key(username))
        )
        assert account is not None
        return await revoke_all(session, account.id)


async def seed_dispute(
    factory: async_sessionmaker[AsyncSession],
    *,
    name: str,
    id_number: str,
    holder_mobile: str,
    claimant_mobile: str,
) -> None:
    """A practitioner's account, and a second person who claimed the same ID number."""
    await seed_practitioner(factory, name=name, id_number=id_number, mobile=holder_mobile)
    async with unit_of_work(factory) as session:
        holder = await session.scalar(
            select(Account).where(Account.login_key == personal_login_key(session, holder_mobile))
        )
        assert holder is not None
        assert holder.person_id is not None
        person = await session.get(Person, holder.person_id)
        assert person is not None
        claimant = await create_personal_account(
            session,
            person=None,
            mobile=claimant_mobile,
            password_hash=hash_password(PRACTITIONER_PASSWORD, CHEAP),
            display_name=name,
        )
        await open_dispute(
            session,
            Actor(),
            kind=DisputeKind.HOLDER,
            person=person,
            holder=holder,
            claimant=claimant,
            claimant_name=name,
            claimant_mobile=claimant_mobile,
        )

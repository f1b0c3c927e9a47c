"""Account primitives: sign-in keys, mobiles, grants, and creating accounts."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Role
from core.clock import clock_of
from core.crypto import keyring_of, mask_mobile
from core.errors import Conflict, NotFound, ValidationFailed
from directory import validation
from directory.models import Institution, Person
from directory.service import mobile_index
from identity.errors import IdentityProblem, UsernameTaken
from identity.models import Account, AccountKind, AccountStatus, RoleGrant

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")


def staff_login_key(username: str) -> str:
    return f"u:{username.strip().lower()}"


def personal_login_key(session: AsyncSession, mobile: str) -> str:
    return f"m:{mobile_index(session, mobile)}"


def login_key_for(session: AsyncSession, identifier: str) -> str:
    """A mainland mobile signs in a practitioner; anything else is a staff username."""
    try:
        return personal_login_key(session, validation.mobile(identifier))
    except ValidationFailed:
        return staff_login_key(identifier)


async def find_by_login_key(session: AsyncSession, login_key: str) -> Account | None:
    return await session.scalar(select(Account).where(Account.login_key == login_key))


def clean_username(value: str, *, field: str = "username") -> str:
    username = value.strip().lower()
    if not _USERNAME.match(username) or username.isdigit():
        raise ValidationFailed.on(
            field,
            "3–32 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit, and not only digits",
            IdentityProblem.USERNAME_FORMAT,
        )
    return username


def set_account_mobile(session: AsyncSession, account: Account, mobile: str) -> None:
    account.mobile_enc = keyring_of(session).encrypt(
        mobile, table="account", column="mobile", row_id=account.id
    )
    account.mobile_index = mobile_index(session, mobile)
    account.mobile_masked = mask_mobile(mobile)
    if account.kind is AccountKind.PERSONAL:
        account.login_key = personal_login_key(session, mobile)


async def grants_of(session: AsyncSession, account_id: uuid.UUID) -> list[RoleGrant]:
    rows = await session.scalars(_GRANTS_OF, {"account_id": account_id})
    return list(rows.all())


_GRANTS_OF = (
    select(RoleGrant)
    .where(RoleGrant.account_id == bindparam("account_id"))
    .order_by(RoleGrant.created_at)
)
"""Built once: every signed-in request reads its grants, and building the statement cost
more than running it."""


async def grants_by_account(
    session: AsyncSession, account_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[RoleGrant]]:
    rows = await session.scalars(
        select(RoleGrant)
        .where(RoleGrant.account_id.in_(account_ids))
        .order_by(RoleGrant.created_at, RoleGrant.id)
    )
    found: dict[uuid.UUID, list[RoleGrant]] = {key: [] for key in account_ids}
    for grant in rows:
        found[grant.account_id].append(grant)
    return found


async def institution_authorities(
    session: AsyncSession, grants: list[RoleGrant]
) -> dict[uuid.UUID, str]:
    ids = {g.institution_id for g in grants if g.institution_id is not None}
    if not ids:
        return {}
    rows = await session.execute(
        select(Institution.id, Institution.authority_code).where(Institution.id.in_(ids))
    )
    return {row[0]: row[1] for row in rows}


async def get_account(session: AsyncSession, account_id: uuid.UUID) -> Account:
    account = await session.get(Account, account_id)
    if account is None:
        raise NotFound("account", account_id, reason=IdentityProblem.ACCOUNT_NOT_FOUND)
    return account


async def create_personal_account(
    session: AsyncSession,
    *,
    person: Person | None,
    mobile: str,
    password_hash: str | None,
    display_name: str | None = None,
) -> Account:
    """An active personal account; without ``person`` while a claim on one is reviewed;
    without a password when activated through government single sign-on."""
    now = clock_of(session).now()
    login_key = personal_login_key(session, mobile)
    if await find_by_login_key(session, login_key):
        raise Conflict(
            "This mobile already signs in to an account: sign in, or reset its password.",
            reason=IdentityProblem.MOBILE_TAKEN,
        )
    account = Account(
        id=uuid.uuid4(),
        kind=AccountKind.PERSONAL,
        status=AccountStatus.ACTIVE,
        login_key=login_key,
        display_name=person.name if person is not None else (display_name or ""),
        person_id=person.id if person is not None else None,
        password_hash=password_hash,
        failed_sign_ins=0,
        created_at=now,
        activated_at=now,
        password_changed_at=now if password_hash else None,
    )
    set_account_mobile(session, account, mobile)
    session.add(account)
    session.add(
        RoleGrant(id=uuid.uuid4(), account_id=account.id, role=Role.PRACTITIONER, created_at=now)
    )
    await session.flush()
    return account


async def create_staff_account(
    session: AsyncSession,
    *,
    kind: AccountKind,
    role: Role,
    username: str,
    display_name: str,
    mobile: str | None,
    institution_id: uuid.UUID | None = None,
    authority_code: str | None = None,
    created_by: uuid.UUID | None = None,
) -> Account:
    """A staff account waiting for activation (no password yet)."""
    now = clock_of(session).now()
    username = clean_username(username)
    name = validation.name(display_name, field="displayName")
    if await find_by_login_key(session, staff_login_key(username)):
        raise UsernameTaken(username)
    account = Account(
        id=uuid.uuid4(),
        kind=kind,
        status=AccountStatus.PENDING,
        login_key=staff_login_key(username),
        username=username,
        display_name=name,
        failed_sign_ins=0,
        created_at=now,
        created_by=created_by,
    )
    if mobile is not None:
        set_account_mobile(session, account, mobile)
    session.add(account)
    session.add(
        RoleGrant(
            id=uuid.uuid4(),
            account_id=account.id,
            role=role,
            institution_id=institution_id,
            authority_code=authority_code,
            created_at=now,
        )
    )
    await session.flush()
    return account

"""Identity builders: accounts in a given role and scope, signed-in browsers, the codes the
development channel "sent", and cheap password hashing (``cheap_settings``)."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from access.actor import Role
from api.settings import Settings
from core.clock import clock_of
from directory.models import Person
from identity import totp
from identity.accounts import create_personal_account, create_staff_account
from identity.config import PasswordPolicy, SessionPolicy
from identity.models import Account, AccountKind, AccountStatus
from identity.notifications import account_mobile
from identity.passwords import hash_password
from identity.sessions import start_session
from notifications.messages import recent_notifications
from tests import factories
from tests.factories.database import database_url

PASSWORD = "correct horse battery staple"  # long enough without a second factor
STAFF_PASSWORD = "staff pass 2026!"
CHEAP = PasswordPolicy(argon2_time_cost=1, argon2_memory_kib=8, argon2_parallelism=1)
POLICY = SessionPolicy()
_CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")

# Every browser the identity tests open reports its responses here (see the leak check).
RECORDERS: list[list[tuple[httpx.Request, httpx.Response]]] = []


def cheap_settings(tmp_path: Path) -> Settings:
    return Settings(
        environment="development",
        database_url=database_url(),
        data_dir=tmp_path,
        master_key=None,
        web_dist=tmp_path / "no-web",
        password_hash_time_cost=CHEAP.argon2_time_cost,
        password_hash_memory_kib=CHEAP.argon2_memory_kib,
        password_hash_parallelism=CHEAP.argon2_parallelism,
    )


async def _record(response: httpx.Response) -> None:
    await response.aread()
    for recorder in RECORDERS:
        recorder.append((response.request, response))


def browser(app: Starlette, token: str | None = None, address: str = "203.0.113.7") -> Any:
    """An HTTP client as one browser: its own cookie jar (or a given session cookie)."""
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    headers = {"cookie": f"{POLICY.cookie_name}={token}"} if token else {}
    return httpx.AsyncClient(
        transport=transport,
        base_url="https://testserver",
        headers=headers,
        event_hooks={"response": [_record]},
    )


async def staff(
    session: AsyncSession,
    role: Role,
    *,
    username: str | None = None,
    institution_id: uuid.UUID | None = None,
    authority_code: str | None = None,
    password: str = STAFF_PASSWORD,
    mobile: str | None = None,
) -> tuple[Account, str]:
    """An active staff account with TOTP enrolled; returns it and its TOTP secret."""
    kind = {
        Role.INSTITUTION_ADMIN: AccountKind.INSTITUTION,
        Role.INSTITUTION_OPERATOR: AccountKind.INSTITUTION,
        Role.AUTHORITY_ADMIN: AccountKind.AUTHORITY,
        Role.AUTHORITY_OFFICER: AccountKind.AUTHORITY,
        Role.SYSTEM_ADMIN: AccountKind.SYSTEM,
    }[role]
    account = await create_staff_account(
        session,
        kind=kind,
        role=role,
        username=username or f"staff-{uuid.uuid4().hex[:10]}",
        display_name=f"{role.value.title()} 测试",
        mobile=mobile or factories.mobile(),
        institution_id=institution_id,
        authority_code=authority_code,
    )
    now = clock_of(session).now()
    secret = totp.new_secret()
    totp.store_secret(session, account, secret)
    account.totp_enabled_at = now
    account.password_hash = hash_password(password, CHEAP)
    account.status = AccountStatus.ACTIVE
    account.activated_at = now
    await session.flush()
    return account, secret


async def practitioner(
    session: AsyncSession,
    *,
    name: str = "张晓华",
    id_number: str | None = None,
    mobile: str | None = None,
    password: str = PASSWORD,
) -> tuple[Account, Person]:
    mobile = mobile or factories.mobile()
    person = await factories.person(session, name=name, id_number=id_number, mobile_number=mobile)
    account = await create_personal_account(
        session, person=person, mobile=mobile, password_hash=hash_password(password, CHEAP)
    )
    return account, person


async def session_token(session: AsyncSession, account: Account) -> str:
    new = await start_session(session, account, POLICY, client_address="203.0.113.7")
    await session.flush()
    return new.token


async def last_code(session: AsyncSession, mobile: str) -> str:
    """The newest six-digit code the development channel sent to ``mobile``."""
    for message in await recent_notifications(session, to=mobile, limit=5):
        found = _CODE.search(message.text)
        if found:
            return found.group(1)
    raise AssertionError("no code was sent to this mobile")


async def texts_to(session: AsyncSession, mobile: str) -> list[str]:
    return [m.text for m in await recent_notifications(session, to=mobile, limit=50)]


def account_mobile_of(session: AsyncSession, account: Account) -> str:
    mobile = account_mobile(session, account)
    assert mobile is not None
    return mobile


def totp_now(session: AsyncSession, secret: str) -> str:
    return totp.current_code(secret, clock_of(session).now())

"""Sessions: the cookie's attributes, idle and absolute timeouts per role, server-side
logout, and no replay of a cookie after logout."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from access.actor import Role
from core.clock import FixedClock
from identity.models import AccountSession
from tests import factories
from tests.factories import accounts
from tests.factories.clients import gql
from tests.factories.database import StatementCounter
from tests.schema.identity.documents import LOGOUT, LOGOUT_EVERYWHERE, ME, SIGN_IN

COOKIE = accounts.POLICY.cookie_name


async def _signed_in_practitioner(app: Starlette, session: AsyncSession) -> tuple[str, str]:
    mobile = factories.mobile()
    await accounts.practitioner(session, mobile=mobile)
    await session.commit()
    async with accounts.browser(app) as phone:
        body = await gql(
            phone, SIGN_IN, {"input": {"identifier": mobile, "password": accounts.PASSWORD}}
        )
        assert body["data"]["signIn"]["__typename"] == "SignedIn"
        token = phone.cookies.get(COOKIE)
    assert token
    return mobile, token


async def _staff_token(app: Starlette, session: AsyncSession) -> str:
    _, secret = await accounts.staff(
        session, Role.AUTHORITY_OFFICER, username="officer.timeout", authority_code="310115"
    )
    await session.commit()
    async with accounts.browser(app) as desk:
        body = await gql(
            desk,
            SIGN_IN,
            {
                "input": {
                    "identifier": "officer.timeout",
                    "password": accounts.STAFF_PASSWORD,
                    "totpCode": accounts.totp_now(session, secret),
                }
            },
        )
        assert body["data"]["signIn"]["__typename"] == "SignedIn", body
        token = desk.cookies.get(COOKIE)
    assert token
    return token


async def _me(app: Starlette, token: str) -> object:
    async with accounts.browser(app, token) as b:
        return (await gql(b, ME))["data"]["me"]


async def test_cookie_is_httponly_secure_strict(app: Starlette, session: AsyncSession) -> None:
    mobile = factories.mobile()
    await accounts.practitioner(session, mobile=mobile)
    await session.commit()
    async with accounts.browser(app) as phone:
        response = await phone.post(
            "/graphql",
            json={
                "query": SIGN_IN,
                "variables": {"input": {"identifier": mobile, "password": accounts.PASSWORD}},
            },
        )
    header = response.headers["set-cookie"]
    assert header.startswith(f"{COOKIE}=")
    for attribute in ("HttpOnly", "Secure", "SameSite=strict", "Path=/", "Max-Age=86400"):
        assert attribute in header
    token = header.split(";")[0].split("=", 1)[1]
    stored = (await session.scalars(select(AccountSession.token_hash))).all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]  # hashed, never the id


@pytest.mark.parametrize(
    ("kind", "idle", "absolute"),
    [
        ("practitioner", timedelta(hours=1), timedelta(hours=24)),
        ("staff", timedelta(minutes=15), timedelta(hours=12)),
    ],
)
async def test_idle_timeout(
    app: Starlette,
    session: AsyncSession,
    clock: FixedClock,
    kind: str,
    idle: timedelta,
    absolute: timedelta,
) -> None:
    if kind == "practitioner":
        _, token = await _signed_in_practitioner(app, session)
    else:
        token = await _staff_token(app, session)
    almost = idle - timedelta(minutes=1)
    clock.advance(almost)
    assert await _me(app, token) is not None  # activity moves the idle deadline
    clock.advance(almost)
    assert await _me(app, token) is not None
    clock.advance(idle + timedelta(seconds=1))
    assert await _me(app, token) is None
    assert absolute > idle


@pytest.mark.parametrize(
    ("kind", "idle", "absolute"),
    [
        ("practitioner", timedelta(hours=1), timedelta(hours=24)),
        ("staff", timedelta(minutes=15), timedelta(hours=12)),
    ],
)
async def test_absolute_timeout(
    app: Starlette,
    session: AsyncSession,
    clock: FixedClock,
    kind: str,
    idle: timedelta,
    absolute: timedelta,
) -> None:
    if kind == "practitioner":
        _, token = await _signed_in_practitioner(app, session)
    else:
        token = await _staff_token(app, session)
    elapsed = timedelta(0)
    step = idle - timedelta(minutes=2)
    while elapsed + step < absolute:
        clock.advance(step)
        elapsed += step
        assert await _me(app, token) is not None
    clock.advance(absolute - elapsed + timedelta(seconds=1))
    assert await _me(app, token) is None


async def test_logout_revokes_server_side_and_the_cookie_cannot_be_replayed(
    app: Starlette, session: AsyncSession
) -> None:
    _, token = await _signed_in_practitioner(app, session)
    # Another browser holding a copy of the cookie works only while the session lives.
    assert await _me(app, token) is not None
    async with accounts.browser(app, token) as owner:
        out = await gql(owner, LOGOUT)
        assert out["data"]["logout"]["revokedSessions"] == 1
    assert await _me(app, token) is None
    revoked = await session.scalar(select(AccountSession.revoked_at))
    assert revoked is not None


async def test_logout_clears_the_cookie(app: Starlette, session: AsyncSession) -> None:
    _, token = await _signed_in_practitioner(app, session)
    async with accounts.browser(app, token) as owner:
        response = await owner.post("/graphql", json={"query": LOGOUT})
    assert f'{COOKIE}=""' in response.headers["set-cookie"]
    assert "Max-Age=0" in response.headers["set-cookie"]


async def test_logout_everywhere_ends_every_session(app: Starlette, session: AsyncSession) -> None:
    mobile, phone_token = await _signed_in_practitioner(app, session)
    async with accounts.browser(app) as laptop:
        await gql(laptop, SIGN_IN, {"input": {"identifier": mobile, "password": accounts.PASSWORD}})
        laptop_token = laptop.cookies.get(COOKIE)
        assert laptop_token
        out = await gql(laptop, LOGOUT_EVERYWHERE)
        assert out["data"]["logoutEverywhere"]["revokedSessions"] == 2
    assert await _me(app, phone_token) is None
    assert await _me(app, laptop_token) is None


async def test_logout_everywhere_needs_a_session(client: httpx.AsyncClient) -> None:
    body = await gql(client, LOGOUT_EVERYWHERE)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_forged_cookie_is_anonymous(app: Starlette) -> None:
    assert await _me(app, "forged-" + "x" * 40) is None


async def test_anonymous_requests_run_no_sql_before_validation(
    client: httpx.AsyncClient, statements: StatementCounter
) -> None:
    body = (await client.post("/graphql", json={"query": "{ me { nope } }"})).json()
    assert body["errors"]
    assert statements.count == 0

"""The authenticator step after government sign-on, against the real local provider: an account
with a second factor is never signed in by the provider alone; the pending sign-on is sealed,
short-lived and single-use; wrong codes answer and count like the password sign-in's TOTP
step; the ``next`` page survives the trip and never leads off the site."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from core.audit import AuditEntry
from core.clock import FixedClock, clock_of
from identity import totp
from identity.models import Account
from tests.factories import accounts
from tests.factories.clients import gql
from tests.factories.oidc_provider import LI, ZHANG, callback_after_sign_in
from tests.identity.oidc_fixtures import CALLBACK, provider, settings
from tests.identity.oidc_flow import CODE_STEP, PENDING_COOKIE, complete, me, sign_on
from tests.schema.identity.documents import SIGN_IN

__all__ = ["provider", "settings"]  # fixtures


async def _with_authenticator(session: AsyncSession, account: Account) -> str:
    secret = totp.new_secret()
    totp.store_secret(session, account, secret)
    account.totp_enabled_at = clock_of(session).now()
    await session.commit()
    return secret


async def _practitioner_with_authenticator(session: AsyncSession) -> tuple[Account, str]:
    account, _ = await accounts.practitioner(session, name=ZHANG.name, id_number=ZHANG.id_number)
    return account, await _with_authenticator(session, account)


async def test_sign_on_alone_never_yields_a_session_the_code_completes_it(
    app: Starlette, session: AsyncSession
) -> None:
    _, secret = await _practitioner_with_authenticator(session)
    location, browser = await sign_on(app, ZHANG)
    assert location == CODE_STEP
    assert await me(browser) is None
    cookie = browser.cookies.get(PENDING_COOKIE)
    assert cookie
    assert ZHANG.id_number not in cookie
    signed = await complete(browser, accounts.totp_now(session, secret))
    assert signed == {
        "__typename": "SignedIn",
        "me": {"account": {"displayName": ZHANG.name, "kind": "PERSONAL"}},
    }
    assert await me(browser) == {
        "account": {"displayName": ZHANG.name, "kind": "PERSONAL"},
        "person": {"name": ZHANG.name},
    }
    assert browser.cookies.get(PENDING_COOKIE) is None
    starts = await session.scalars(
        select(AuditEntry).where(AuditEntry.action == "identity.session.start")
    )
    assert [row.summary["method"] for row in starts] == ["oidc"]


async def test_the_pending_cookie_is_httponly_strict_and_only_for_graphql(
    app: Starlette, session: AsyncSession
) -> None:
    await _practitioner_with_authenticator(session)
    browser = accounts.browser(app)
    answer = await browser.get(await callback_after_sign_in(browser, ZHANG.login, CALLBACK))
    header = next(
        value
        for name, value in answer.headers.multi_items()
        if name == "set-cookie" and value.startswith(PENDING_COOKIE)
    )
    for part in ("HttpOnly", "Path=/graphql", "SameSite=strict", "Max-Age=300"):
        assert part in header


async def test_a_wrong_code_answers_like_the_password_sign_in_and_counts(
    app: Starlette, session: AsyncSession
) -> None:
    account, secret = await _practitioner_with_authenticator(session)
    _, browser = await sign_on(app, ZHANG)
    wrong = await complete(browser, "000000")
    mobile = accounts.account_mobile_of(session, account)
    by_password = await gql(
        accounts.browser(app, address="192.0.2.50"),
        SIGN_IN,
        {"input": {"identifier": mobile, "password": accounts.PASSWORD, "totpCode": "000000"}},
    )
    assert wrong == by_password["data"]["signIn"]
    assert wrong["reason"] == "SIGN_IN_FAILED"
    assert await me(browser) is None
    await session.refresh(account)
    assert account.failed_sign_ins == 2
    # The pending sign-on survives a wrong code: the holder may type it again.
    assert (await complete(browser, accounts.totp_now(session, secret)))["__typename"] == "SignedIn"


async def test_wrong_codes_are_throttled_like_sign_ins(
    app: Starlette, session: AsyncSession
) -> None:
    _, secret = await _practitioner_with_authenticator(session)
    _, browser = await sign_on(app, ZHANG)
    for _ in range(5):
        assert (await complete(browser, "000000"))["reason"] == "SIGN_IN_FAILED"
    blocked = await complete(browser, accounts.totp_now(session, secret))
    assert blocked["__typename"] == "RateLimited"
    assert blocked["reason"] == "SIGN_IN_THROTTLED"
    assert await me(browser) is None


async def test_the_pending_sign_on_is_single_use(
    app: Starlette, session: AsyncSession, clock: FixedClock
) -> None:
    _, secret = await _practitioner_with_authenticator(session)
    _, browser = await sign_on(app, ZHANG)
    pending = browser.cookies.get(PENDING_COOKIE)
    assert (await complete(browser, accounts.totp_now(session, secret)))["__typename"] == "SignedIn"
    clock.advance(timedelta(seconds=31))  # a fresh code, the pending sign-on replayed
    replay = accounts.browser(app)
    replay.cookies.set(PENDING_COOKIE, pending, domain="testserver", path="/graphql")
    again = await complete(replay, accounts.totp_now(session, secret))
    assert again["reason"] == "SIGN_ON_EXPIRED"
    assert await me(replay) is None


async def test_the_pending_sign_on_expires_and_cannot_be_forged(
    app: Starlette, session: AsyncSession, clock: FixedClock
) -> None:
    _, secret = await _practitioner_with_authenticator(session)
    _, browser = await sign_on(app, ZHANG)
    pending = browser.cookies.get(PENDING_COOKIE)
    handle, sealed = pending.split(".", 1)
    forged = accounts.browser(app)
    flipped = "A" if sealed[20] != "A" else "B"
    forged.cookies.set(
        PENDING_COOKIE, f"{handle}.{sealed[:20]}{flipped}{sealed[21:]}", domain="testserver"
    )
    assert (await complete(forged, accounts.totp_now(session, secret)))[
        "reason"
    ] == "SIGN_ON_EXPIRED"
    assert (await complete(accounts.browser(app), "123456"))["reason"] == "SIGN_ON_EXPIRED"
    clock.advance(timedelta(minutes=5, seconds=1))
    late = await complete(browser, accounts.totp_now(session, secret))
    assert late["reason"] == "SIGN_ON_EXPIRED"
    assert await me(browser) is None


async def test_without_an_authenticator_the_practitioner_signs_in_at_once(
    app: Starlette, session: AsyncSession
) -> None:
    await accounts.practitioner(session, name=LI.name, id_number=LI.id_number)
    await session.commit()
    location, browser = await sign_on(app, LI)
    assert location == "/"
    assert browser.cookies.get(PENDING_COOKIE) is None


async def test_the_next_page_survives_the_trip(app: Starlette, session: AsyncSession) -> None:
    await accounts.practitioner(session, name=LI.name, id_number=LI.id_number)
    await _practitioner_with_authenticator(session)
    location, _ = await sign_on(app, LI, "/auth/oidc/start?next=/licences?tab=all")
    assert location == "/licences?tab=all"
    location, _ = await sign_on(app, ZHANG, "/auth/oidc/start?next=/applications")
    parts = urlsplit(location)
    assert parts.path == "/sign-in"
    assert parse_qs(parts.query) == {"step": ["code"], "next": ["/applications"]}


@pytest.mark.parametrize(
    "target",
    ["//evil.example/x", "https://evil.example/", "/\\evil.example", "/\r\nx", "javascript:x"],
)
async def test_the_next_page_never_leads_off_the_site(
    app: Starlette, session: AsyncSession, target: str
) -> None:
    await accounts.practitioner(session, name=LI.name, id_number=LI.id_number)
    await session.commit()
    location, _ = await sign_on(app, LI, f"/auth/oidc/start?next={quote(target, safe='')}")
    assert location == "/"

"""Government single sign-on end to end over HTTP: our app against a real OpenID provider
(``oidc-provider``) whose login and consent forms are filled in as a browser would. A matched
practitioner signs in without a password or activates in one step; everyone else gets the
same coded answer, and a replayed or forged ``state`` is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from structlog.testing import capture_logs

from api.app import create_app
from core.audit import AuditEntry
from core.clock import FixedClock
from core.ratelimit import parse_limits
from identity.config import ThrottlePolicy
from identity.models import Account, AccountStatus
from tests import factories
from tests.factories import accounts
from tests.factories.oidc_provider import (
    LI,
    WANG,
    ZHANG,
    ZHAO,
    Citizen,
    Provider,
    callback_after_sign_in,
)
from tests.identity.oidc_fixtures import CALLBACK, oidc_settings, provider, settings

__all__ = ["provider", "settings"]  # fixtures

ME = "{ me { account { displayName } person { name } } }"
NOT_MATCHED = "/sign-in?problem=OIDC_NOT_MATCHED"
FAILED = "/sign-in?problem=OIDC_FAILED"


async def _callback_for(client: Any, citizen: Citizen) -> str:
    return await callback_after_sign_in(client, citizen.login, CALLBACK)


async def _flow(app: Starlette, citizen: Citizen) -> tuple[str, Any]:
    """Start, sign in at the provider, come back; the callback's redirect and the browser."""
    browser = accounts.browser(app)
    callback = await _callback_for(browser, citizen)
    answer = await browser.get(callback)
    assert answer.status_code == 303
    return answer.headers["location"], browser


async def _me(browser: Any) -> dict[str, object] | None:
    response = await browser.post("/graphql", json={"query": ME})
    return response.json()["data"]["me"]


async def _actions(session: AsyncSession) -> list[tuple[str, dict[str, object]]]:
    rows = await session.scalars(select(AuditEntry).order_by(AuditEntry.seq))
    return [(row.action, row.summary) for row in rows]


async def test_a_practitioner_with_an_account_signs_in_without_a_password(
    app: Starlette, session: AsyncSession
) -> None:
    await accounts.practitioner(session, name=ZHANG.name, id_number=ZHANG.id_number)
    await session.commit()
    location, browser = await _flow(app, ZHANG)
    assert location == "/"
    me = await _me(browser)
    assert me == {"account": {"displayName": ZHANG.name}, "person": {"name": ZHANG.name}}
    assert ("identity.session.start", {"method": "oidc"}) in [
        (action, {"method": summary.get("method")}) for action, summary in await _actions(session)
    ]


async def test_a_person_on_record_without_an_account_is_activated_in_one_step(
    app: Starlette, session: AsyncSession
) -> None:
    person = await factories.person(session, name=LI.name, id_number=LI.id_number)
    await session.commit()
    location, browser = await _flow(app, LI)
    assert location == "/"
    account = await session.scalar(select(Account).where(Account.person_id == person.id))
    assert account is not None
    assert account.password_hash is None
    assert (await _me(browser)) == {
        "account": {"displayName": LI.name},
        "person": {"name": LI.name},
    }
    actions = [action for action, _ in await _actions(session)]
    assert actions[-2:] == ["identity.account.activate_oidc", "identity.session.start"]


@pytest.mark.parametrize("citizen", [WANG, ZHAO], ids=["nobody-on-record", "name-mismatch"])
async def test_who_does_not_match_gets_one_coded_answer_and_one_info_line(
    app: Starlette, session: AsyncSession, citizen: Citizen
) -> None:
    # ZHAO's ID number is on record under another name; WANG's is not on record at all.
    await factories.person(session, name="赵小强", id_number=ZHAO.id_number)
    await session.commit()
    with capture_logs() as logs:
        location, browser = await _flow(app, citizen)
    assert location == NOT_MATCHED
    assert (await _me(browser)) is None
    lines = [entry for entry in logs if entry["event"].startswith("oidc")]
    assert len(lines) == 1
    assert lines[0]["log_level"] == "info"
    assert citizen.id_number not in repr(logs)
    assert await session.scalar(select(Account).where(Account.display_name == citizen.name)) is None


async def test_a_disabled_account_gets_the_same_answer(
    app: Starlette, session: AsyncSession
) -> None:
    account, _ = await accounts.practitioner(session, name=ZHANG.name, id_number=ZHANG.id_number)
    account.status = AccountStatus.DISABLED
    await session.commit()
    location, browser = await _flow(app, ZHANG)
    assert location == NOT_MATCHED
    assert (await _me(browser)) is None


async def test_a_replayed_callback_is_refused(app: Starlette, session: AsyncSession) -> None:
    await accounts.practitioner(session, name=ZHANG.name, id_number=ZHANG.id_number)
    await session.commit()
    browser = accounts.browser(app)
    callback = await _callback_for(browser, ZHANG)
    login_cookie = browser.cookies.get("medreg_oidc")
    assert (await browser.get(callback)).headers["location"] == "/"
    assert browser.cookies.get("medreg_oidc") is None  # the callback cleared it
    attacker = accounts.browser(app)
    with capture_logs() as logs:
        replay = await attacker.get(callback, headers={"cookie": f"medreg_oidc={login_cookie}"})
    assert replay.status_code == 303
    assert replay.headers["location"] == FAILED
    assert [entry["reason"] for entry in logs if "reason" in entry] == ["code_refused"]
    assert (await _me(attacker)) is None


@pytest.mark.parametrize("cookie", ["none", "other-login", "tampered"])
async def test_an_unknown_or_forged_state_is_refused(app: Starlette, cookie: str) -> None:
    browser = accounts.browser(app)
    callback = await _callback_for(browser, ZHANG)
    own = browser.cookies.get("medreg_oidc")
    browser.cookies.clear()
    sent = ""
    if cookie == "other-login":
        other = accounts.browser(app)
        await other.get("/auth/oidc/start")
        sent = other.cookies.get("medreg_oidc")
    elif cookie == "tampered":
        state, sealed = own.split(".", 1)
        sent = f"{state}.{sealed[:10]}{'A' if sealed[10] != 'A' else 'B'}{sealed[11:]}"
    with capture_logs() as logs:
        answer = await browser.get(callback, headers={"cookie": f"medreg_oidc={sent}"})
    assert answer.status_code == 303
    assert answer.headers["location"] == FAILED
    assert len([entry for entry in logs if entry["event"].startswith("oidc")]) == 1
    assert (await _me(browser)) is None


async def test_the_provider_refusing_is_a_coded_answer(app: Starlette) -> None:
    browser = accounts.browser(app)
    await browser.get("/auth/oidc/start")
    answer = await browser.get("/auth/oidc/callback?error=access_denied&state=x")
    assert answer.headers["location"] == FAILED


async def test_start_sends_pkce_s256_state_and_nonce(app: Starlette, provider: Provider) -> None:
    browser = accounts.browser(app)
    assert (await browser.get("/auth/oidc")).status_code == 204
    start = await browser.get("/auth/oidc/start")
    url = start.headers["location"]
    assert url.startswith(f"{provider.issuer}/auth?")
    for part in ("code_challenge_method=S256", "code_challenge=", "state=", "nonce="):
        assert part in url
    cookie = start.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "Path=/auth/oidc" in cookie


async def test_sign_on_is_off_without_an_issuer(
    tmp_path: Path, sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> None:
    plain = oidc_settings(tmp_path, "").model_copy(update={"oidc_issuer": None})
    browser = accounts.browser(create_app(plain, sessions=sessions, clock=clock))
    for path in ("/auth/oidc", "/auth/oidc/start", "/auth/oidc/callback?code=x&state=y"):
        assert (await browser.get(path)).status_code == 404


async def test_an_address_that_signs_on_too_often_is_held_back(app: Starlette) -> None:
    """Each return makes requests to the provider: starts and returns are counted per client
    address, and past the limit the sign-in page says so (one INFO line each)."""
    per_minute = parse_limits(ThrottlePolicy().sign_on_limits[0])[0].amount
    browser = accounts.browser(app)
    answers = [await browser.get("/auth/oidc/callback?code=x&state=y") for _ in range(per_minute)]
    assert {a.headers["location"] for a in answers} == {FAILED}
    with capture_logs() as logs:
        held = await browser.get("/auth/oidc/start")
    assert held.status_code == 303
    assert held.headers["location"] == "/sign-in?problem=OIDC_THROTTLED"
    assert [entry["reason"] for entry in logs if entry["event"].startswith("oidc")] == ["throttled"]
    other = accounts.browser(app, address="198.51.100.4")
    assert (await other.get("/auth/oidc/start")).headers["location"].startswith("http")

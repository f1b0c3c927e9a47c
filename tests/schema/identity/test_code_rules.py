"""One-time code rules over HTTP: 10-minute expiry, single use, five tries, a pause
before a resend and a daily cap per mobile."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import time_machine
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import FixedClock
from identity.models import Account
from tests import factories
from tests.factories import accounts
from tests.factories.clients import gql
from tests.schema.identity.documents import COMPLETE_ACTIVATION, RESEND_ACTIVATION, START_ACTIVATION


async def _start(client: httpx.AsyncClient, mobile: str) -> dict[str, Any]:
    body = await gql(
        client,
        START_ACTIVATION,
        {"input": {"name": "周婷", "idNumber": factories.resident_id(), "mobile": mobile}},
    )
    result: dict[str, Any] = body["data"]["startActivation"]
    return result


async def _complete(client: httpx.AsyncClient, activation_id: str, code: str) -> dict[str, Any]:
    body = await gql(
        client,
        COMPLETE_ACTIVATION,
        {"input": {"activationId": activation_id, "code": code, "password": accounts.PASSWORD}},
    )
    result: dict[str, Any] = body["data"]["completeActivation"]
    return result


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def _accounts(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Account)) or 0)


async def test_a_code_expires_after_ten_minutes(
    client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    mobile = factories.mobile()
    started = await _start(client, mobile)
    code = await accounts.last_code(session, mobile)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        clock.advance(timedelta(minutes=10, seconds=1))
        traveller.shift(timedelta(minutes=10, seconds=1))
        result = await _complete(client, started["codeId"], code)
    assert result["__typename"] == "InvalidState"
    assert await _accounts(session) == 0


async def test_a_code_just_inside_ten_minutes_works(
    client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    mobile = factories.mobile()
    started = await _start(client, mobile)
    code = await accounts.last_code(session, mobile)
    clock.advance(timedelta(minutes=9, seconds=59))
    assert (await _complete(client, started["codeId"], code))["__typename"] == "SignedIn"


async def test_a_code_is_single_use(client: httpx.AsyncClient, session: AsyncSession) -> None:
    mobile = factories.mobile()
    started = await _start(client, mobile)
    code = await accounts.last_code(session, mobile)
    assert (await _complete(client, started["codeId"], code))["__typename"] == "SignedIn"
    again = await _complete(client, started["codeId"], code)
    assert again["__typename"] == "InvalidState"
    assert await _accounts(session) == 1


async def test_five_wrong_tries_burn_the_code(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    mobile = factories.mobile()
    started = await _start(client, mobile)
    code = await accounts.last_code(session, mobile)
    for left in (4, 3, 2, 1, 0):
        result = await _complete(client, started["codeId"], _wrong(code))
        assert result["__typename"] == "ValidationError"
        assert result["fields"][0]["field"] == "code"
        assert f"({left} " in result["fields"][0]["message"]
        assert result["reason"] == result["fields"][0]["code"] == "CODE_WRONG"
        assert result["fields"][0]["params"] == [{"name": "attemptsLeft", "value": str(left)}]
    # The right code no longer helps: the tries were committed despite the errors.
    assert (await _complete(client, started["codeId"], code))["__typename"] == "InvalidState"
    assert await _accounts(session) == 0


async def test_resend_waits_sixty_seconds_and_caps_at_ten_a_day(
    client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    mobile = factories.mobile()
    started = await _start(client, mobile)
    first = await accounts.last_code(session, mobile)
    too_soon = await gql(client, RESEND_ACTIVATION, {"id": started["codeId"]})
    limited = too_soon["data"]["resendActivationCode"]
    assert limited["__typename"] == "RateLimited"
    assert 0 < limited["retryAfterSeconds"] <= 60
    # A new start for the same mobile is a resend too.
    assert (await _start(client, mobile))["__typename"] == "RateLimited"

    clock.advance(timedelta(seconds=61))
    resent = await gql(client, RESEND_ACTIVATION, {"id": started["codeId"]})
    assert resent["data"]["resendActivationCode"]["__typename"] == "CodeSent"
    second = await accounts.last_code(session, mobile)
    assert len(await accounts.texts_to(session, mobile)) == 2
    if second != first:  # the first code was replaced
        assert (await _complete(client, started["codeId"], first))["__typename"] != "SignedIn"

    sent = 2
    while sent < 10:
        clock.advance(timedelta(seconds=61))
        assert (await _start(client, mobile))["__typename"] == "CodeSent"
        sent += 1
    clock.advance(timedelta(seconds=61))
    capped = await _start(client, mobile)
    assert capped["__typename"] == "RateLimited"
    assert capped["retryAfterSeconds"] > 3600
    assert len(await accounts.texts_to(session, mobile)) == 10
    clock.advance(timedelta(days=1))
    assert (await _start(client, mobile))["__typename"] == "CodeSent"


async def test_codes_are_six_random_digits(
    client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    seen = set()
    for _ in range(8):
        mobile = factories.mobile()
        await _start(client, mobile)
        code = await accounts.last_code(session, mobile)
        assert len(code) == 6
        assert code.isdigit()
        seen.add(code)
    assert len(seen) > 1

"""Sign-in throttling: a delay that grows with failures, per account and per address,
that wears off so the rightful holder gets in; 100 failures in a row need recovery."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import time_machine
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from access.actor import Role
from core.audit import AuditEntry
from core.clock import FixedClock
from tests import factories
from tests.factories import accounts
from tests.factories.clients import gql
from tests.schema.identity.documents import SIGN_IN


async def _sign_in(
    client: httpx.AsyncClient, identifier: str, password: str, totp_code: str | None = None
) -> dict[str, Any]:
    body = await gql(
        client,
        SIGN_IN,
        {"input": {"identifier": identifier, "password": password, "totpCode": totp_code}},
    )
    result: dict[str, Any] = body["data"]["signIn"]
    return result


def _advance(clock: FixedClock, traveller: Any, delta: timedelta) -> None:
    clock.advance(delta)
    traveller.shift(delta)


async def test_throttling_kicks_in_and_wears_off(
    app: Starlette, session: AsyncSession, clock: FixedClock
) -> None:
    mobile = factories.mobile()
    account, _ = await accounts.practitioner(session, mobile=mobile)
    await session.commit()
    with time_machine.travel(clock.now(), tick=False) as traveller:
        async with accounts.browser(app, address="198.51.100.1") as attacker:
            for _ in range(5):
                failed = await _sign_in(attacker, mobile, "wrong password, again")
                assert failed["__typename"] == "ValidationError"
            blocked = await _sign_in(attacker, mobile, accounts.PASSWORD)
            assert blocked["__typename"] == "RateLimited"
            assert 0 < blocked["retryAfterSeconds"] <= 60
        async with accounts.browser(app, address="192.0.2.9") as holder:
            # The account is throttled wherever the attempt comes from...
            assert (await _sign_in(holder, mobile, accounts.PASSWORD))[
                "__typename"
            ] == "RateLimited"
            _advance(clock, traveller, timedelta(seconds=61))
            # ...and not for long: after the pause the holder signs in.
            assert (await _sign_in(holder, mobile, accounts.PASSWORD))["__typename"] == "SignedIn"
    await session.refresh(account)
    assert account.failed_sign_ins == 0
    failures = await session.scalars(
        select(AuditEntry).where(AuditEntry.action == "identity.session.sign_in_failed")
    )
    assert len(failures.all()) == 5


async def test_the_delay_grows_with_consecutive_failures(
    client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    mobile = factories.mobile()
    await accounts.practitioner(session, mobile=mobile)
    await session.commit()
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for _ in range(5):
            await _sign_in(client, mobile, "not the password at all")
        first = await _sign_in(client, mobile, "not the password at all")
        _advance(clock, traveller, timedelta(seconds=61))
        for _ in range(5):
            await _sign_in(client, mobile, "not the password at all")
        second = await _sign_in(client, mobile, "not the password at all")
    assert first["__typename"] == second["__typename"] == "RateLimited"
    assert second["retryAfterSeconds"] > first["retryAfterSeconds"]
    assert second["retryAfterSeconds"] > 60


async def test_one_address_guessing_many_accounts_is_throttled(
    app: Starlette, session: AsyncSession, clock: FixedClock
) -> None:
    mobile = factories.mobile()
    await accounts.practitioner(session, mobile=mobile)
    await session.commit()
    with time_machine.travel(clock.now(), tick=False):
        async with accounts.browser(app, address="198.51.100.2") as attacker:
            for i in range(30):
                result = await _sign_in(attacker, f"guess-{i:02d}", "password guess 123")
                assert result["__typename"] == "ValidationError"
            blocked = await _sign_in(attacker, mobile, accounts.PASSWORD)
            assert blocked["__typename"] == "RateLimited"
        async with accounts.browser(app, address="192.0.2.10") as holder:
            assert (await _sign_in(holder, mobile, accounts.PASSWORD))["__typename"] == "SignedIn"


async def test_unknown_and_known_identifiers_fail_alike(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    mobile = factories.mobile()
    await accounts.practitioner(session, mobile=mobile)
    await session.commit()
    known = await _sign_in(client, mobile, "a wrong password here")
    unknown = await _sign_in(client, factories.mobile(), "a wrong password here")
    assert known == unknown


async def test_a_hundred_failures_in_a_row_need_recovery(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    mobile = factories.mobile()
    account, _ = await accounts.practitioner(session, mobile=mobile)
    account.failed_sign_ins = 99  # as if spread over days, within the throttle
    await session.commit()
    assert (await _sign_in(client, mobile, "one more wrong one"))["__typename"] == (
        "ValidationError"
    )
    locked = await _sign_in(client, mobile, accounts.PASSWORD)
    assert locked["__typename"] == "InvalidState"
    assert "recover" in locked["message"]


async def test_staff_need_the_totp_code_and_it_cannot_be_replayed(
    app: Starlette, session: AsyncSession
) -> None:
    inst = await factories.institution(session)
    account, secret = await accounts.staff(
        session, Role.INSTITUTION_OPERATOR, username="op.replay", institution_id=inst.id
    )
    await session.commit()
    code = accounts.totp_now(session, secret)
    async with accounts.browser(app) as first, accounts.browser(app) as second:
        no_code = await _sign_in(first, "op.replay", accounts.STAFF_PASSWORD)
        assert no_code["__typename"] == "ValidationError"
        ok = await _sign_in(first, "OP.replay", accounts.STAFF_PASSWORD, code)
        assert ok["__typename"] == "SignedIn", ok
        replay = await _sign_in(second, "op.replay", accounts.STAFF_PASSWORD, code)
        assert replay["__typename"] == "ValidationError"
    await session.refresh(account)
    assert account.failed_sign_ins == 1  # the replay; the earlier failure was reset

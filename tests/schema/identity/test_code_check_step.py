"""The SMS code checked in a step of its own, before the password: a wrong code costs one of
the same five tries, and unknown, used and expired codes answer as the last step does."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import FixedClock
from schema.node import to_global_id
from tests import factories
from tests.factories import accounts
from tests.factories.clients import gql
from tests.schema.identity.documents import (
    CHECK_ACTIVATION_CODE,
    COMPLETE_ACTIVATION,
    START_ACTIVATION,
)


async def _start(client: httpx.AsyncClient, mobile: str) -> str:
    body = await gql(
        client,
        START_ACTIVATION,
        {"input": {"name": "周婷", "idNumber": factories.resident_id(), "mobile": mobile}},
    )
    code_id: str = body["data"]["startActivation"]["codeId"]
    return code_id


async def _check(client: httpx.AsyncClient, code_id: str, code: str) -> dict[str, Any]:
    body = await gql(
        client, CHECK_ACTIVATION_CODE, {"input": {"activationId": code_id, "code": code}}
    )
    result: dict[str, Any] = body["data"]["checkActivationCode"]
    return result


async def _complete(client: httpx.AsyncClient, code_id: str, code: str) -> dict[str, Any]:
    body = await gql(
        client,
        COMPLETE_ACTIVATION,
        {"input": {"activationId": code_id, "code": code, "password": accounts.PASSWORD}},
    )
    result: dict[str, Any] = body["data"]["completeActivation"]
    return result


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def test_a_right_code_is_checked_and_stays_usable(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    mobile = factories.mobile()
    code_id = await _start(client, mobile)
    code = await accounts.last_code(session, mobile)
    checked = await _check(client, code_id, code)
    assert checked["__typename"] == "CodeChecked"
    assert checked["codeId"] == code_id
    assert (await _check(client, code_id, code))["__typename"] == "CodeChecked"
    assert (await _complete(client, code_id, code))["__typename"] == "SignedIn"


async def test_wrong_checks_use_up_the_same_five_tries(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    mobile = factories.mobile()
    code_id = await _start(client, mobile)
    code = await accounts.last_code(session, mobile)
    for left in (4, 3):
        wrong = await _check(client, code_id, _wrong(code))
        assert wrong["__typename"] == "ValidationError"
        assert wrong["fields"][0]["field"] == "code"
        assert wrong["fields"][0]["code"] == "CODE_WRONG"
        assert wrong["fields"][0]["params"] == [{"name": "attemptsLeft", "value": str(left)}]
    for _ in range(3):
        assert (await _complete(client, code_id, _wrong(code)))["__typename"] == "ValidationError"
    # Two wrong checks and three wrong completions: the code is spent for both steps.
    assert (await _check(client, code_id, code))["__typename"] == "InvalidState"
    assert (await _complete(client, code_id, code))["__typename"] == "InvalidState"


async def test_unknown_used_and_expired_codes_answer_alike(
    client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    mobile = factories.mobile()
    used_id = await _start(client, mobile)
    used_code = await accounts.last_code(session, mobile)
    assert (await _complete(client, used_id, used_code))["__typename"] == "SignedIn"
    used = await _check(client, used_id, used_code)

    other = factories.mobile()
    expired_id = await _start(client, other)
    expired_code = await accounts.last_code(session, other)
    clock.advance(timedelta(minutes=10, seconds=1))
    expired = await _check(client, expired_id, expired_code)

    unknown = await _check(client, to_global_id("Activation", uuid.uuid4()), used_code)

    assert used["__typename"] == "InvalidState"
    assert used == expired == unknown

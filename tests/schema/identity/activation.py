"""Activation over HTTP, as a phone or a desk does it: a person's (details, SMS code,
password) and an issued staff account's (code, password, TOTP enrolment)."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from core.clock import clock_of
from identity import totp
from tests.factories import accounts
from tests.factories.clients import gql
from tests.schema.identity.documents import (
    ACTIVATE_STAFF,
    COMPLETE_ACTIVATION,
    CONFIRM_TOTP,
    START_ACTIVATION,
)


async def activate(
    phone: httpx.AsyncClient,
    session: AsyncSession,
    *,
    name: str,
    id_number: str,
    mobile: str,
    password: str = accounts.PASSWORD,
) -> dict[str, Any]:
    started = await gql(
        phone,
        START_ACTIVATION,
        {"input": {"name": name, "idNumber": id_number, "mobile": mobile}},
    )
    sent = started["data"]["startActivation"]
    assert sent["__typename"] == "CodeSent", sent
    code = await accounts.last_code(session, mobile)
    body = await gql(
        phone,
        COMPLETE_ACTIVATION,
        {"input": {"activationId": sent["codeId"], "code": code, "password": password}},
    )
    result: dict[str, Any] = body["data"]["completeActivation"]
    return result


async def activate_staff(
    app: Starlette, session: AsyncSession, *, username: str, mobile: str
) -> tuple[Any, str, dict[str, Any]]:
    """Return a signed-in browser, the TOTP secret and the enrolment shown."""
    code = await accounts.last_code(session, mobile)
    browser = accounts.browser(app)
    await browser.__aenter__()
    body = await gql(
        browser,
        ACTIVATE_STAFF,
        {"input": {"username": username, "code": code, "password": accounts.STAFF_PASSWORD}},
    )
    enrolment = body["data"]["activateStaffAccount"]
    assert enrolment["__typename"] == "TotpEnrolment", enrolment
    secret = enrolment["secret"]
    confirmed = await gql(
        browser,
        CONFIRM_TOTP,
        {
            "input": {
                "enrolmentToken": enrolment["enrolmentToken"],
                "code": totp.current_code(secret, clock_of(session).now()),
            }
        },
    )
    assert confirmed["data"]["confirmTotpEnrolment"]["__typename"] == "TotpEnabled", confirmed
    return browser, secret, enrolment

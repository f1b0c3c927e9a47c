"""Helpers for staff flows over HTTP: activate an issued account with password + TOTP."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from identity import totp
from tests.conftest import gql
from tests.identity import support
from tests.schema.identity.documents import ACTIVATE_STAFF, CONFIRM_TOTP


async def activate_staff(
    app: Starlette, session: AsyncSession, *, username: str, mobile: str
) -> tuple[Any, str, dict[str, Any]]:
    """Return a signed-in browser, the TOTP secret and the enrolment shown."""
    code = await support.last_code(session, mobile)
    browser = support.browser(app)
    await browser.__aenter__()
    body = await gql(
        browser,
        ACTIVATE_STAFF,
        {"input": {"username": username, "code": code, "password": support.STAFF_PASSWORD}},
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
                "code": totp.current_code(secret, support_now(session)),
            }
        },
    )
    assert confirmed["data"]["confirmTotpEnrolment"]["__typename"] == "TotpEnabled", confirmed
    return browser, secret, enrolment


def support_now(session: AsyncSession) -> Any:
    from core.clock import clock_of

    return clock_of(session).now()

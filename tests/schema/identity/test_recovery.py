"""Password reset by SMS, password change, mobile change (code to the new number, notice
to the old one), and a practitioner adding TOTP."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from core.clock import FixedClock
from identity import totp
from tests import factories
from tests.factories import accounts
from tests.factories.clients import gql
from tests.schema.identity.documents import CONFIRM_TOTP, ME, SIGN_IN

START_RESET = """
mutation R($mobile: String!) { startPasswordReset(input: {mobile: $mobile}) {
  __typename ... on CodeSent { codeId } ... on Error { code message } } }
"""
COMPLETE_RESET = """
mutation C($input: CompletePasswordResetInput!) { completePasswordReset(input: $input) {
  __typename ... on Error { code message } ... on ValidationError { fields { field } } } }
"""
CHANGE_PASSWORD = """
mutation P($input: ChangePasswordInput!) { changePassword(input: $input) {
  __typename ... on ValidationError { fields { field message } } } }
"""
START_MOBILE = """
mutation M($input: StartMobileChangeInput!) { startMobileChange(input: $input) {
  __typename ... on CodeSent { codeId mobileMasked } ... on Error { code message } } }
"""
COMPLETE_MOBILE = """
mutation N($input: CompleteMobileChangeInput!) { completeMobileChange(input: $input) {
  __typename ... on MobileChanged { me { account { mobileMasked } person { mobile } } }
  ... on Error { code message } } }
"""
BEGIN_TOTP = """
mutation { beginTotpEnrolment { __typename ... on TotpEnrolment { enrolmentToken secret } } }
"""
NEW_PASSWORD = "a brand new passphrase 2026"


async def _sign_in(app: Starlette, identifier: str, password: str, code: str | None = None) -> str:
    async with accounts.browser(app) as b:
        body = await gql(
            b,
            SIGN_IN,
            {"input": {"identifier": identifier, "password": password, "totpCode": code}},
        )
        return str(body["data"]["signIn"]["__typename"])


async def test_password_reset_by_sms(app: Starlette, session: AsyncSession) -> None:
    mobile = factories.mobile()
    account, _ = await accounts.practitioner(session, mobile=mobile)
    old_token = await accounts.session_token(session, account)
    await session.commit()
    async with accounts.browser(app) as phone:
        started = await gql(phone, START_RESET, {"mobile": mobile})
        reset_id = started["data"]["startPasswordReset"]["codeId"]
        code = await accounts.last_code(session, mobile)
        short = await gql(
            phone,
            COMPLETE_RESET,
            {"input": {"resetId": reset_id, "code": code, "newPassword": "too short"}},
        )
        assert short["data"]["completePasswordReset"]["fields"] == [{"field": "newPassword"}]
        done = await gql(
            phone,
            COMPLETE_RESET,
            {"input": {"resetId": reset_id, "code": code, "newPassword": NEW_PASSWORD}},
        )
        assert done["data"]["completePasswordReset"]["__typename"] == "PasswordResetDone"
    async with accounts.browser(app, old_token) as old:
        assert (await gql(old, ME))["data"]["me"] is None  # every session ended
    assert await _sign_in(app, mobile, accounts.PASSWORD) == "ValidationError"
    assert await _sign_in(app, mobile, NEW_PASSWORD) == "SignedIn"


async def test_change_password_keeps_this_session_only(
    app: Starlette, session: AsyncSession
) -> None:
    mobile = factories.mobile()
    account, _ = await accounts.practitioner(session, mobile=mobile)
    this = await accounts.session_token(session, account)
    other = await accounts.session_token(session, account)
    await session.commit()
    async with accounts.browser(app, this) as phone:
        wrong = await gql(
            phone,
            CHANGE_PASSWORD,
            {"input": {"currentPassword": "nope nope nope", "newPassword": NEW_PASSWORD}},
        )
        assert wrong["data"]["changePassword"]["fields"][0]["field"] == "currentPassword"
        common = await gql(
            phone,
            CHANGE_PASSWORD,
            {"input": {"currentPassword": accounts.PASSWORD, "newPassword": "passwordpassword"}},
        )
        assert common["data"]["changePassword"]["fields"][0]["field"] == "newPassword"
        ok = await gql(
            phone,
            CHANGE_PASSWORD,
            {"input": {"currentPassword": accounts.PASSWORD, "newPassword": NEW_PASSWORD}},
        )
        assert ok["data"]["changePassword"]["__typename"] == "PasswordChanged"
        assert (await gql(phone, ME))["data"]["me"] is not None
    async with accounts.browser(app, other) as laptop:
        assert (await gql(laptop, ME))["data"]["me"] is None
    assert any("密码已修改" in t for t in await accounts.texts_to(session, mobile))


async def test_mobile_change_needs_the_new_number_and_tells_the_old(
    app: Starlette, session: AsyncSession
) -> None:
    old_mobile, new_mobile = factories.mobile(), factories.mobile()
    account, _ = await accounts.practitioner(session, mobile=old_mobile)
    token = await accounts.session_token(session, account)
    await session.commit()
    async with accounts.browser(app, token) as phone:
        wrong = await gql(
            phone,
            START_MOBILE,
            {"input": {"newMobile": new_mobile, "password": "not my password"}},
        )
        assert wrong["data"]["startMobileChange"]["__typename"] == "ValidationError"
        started = await gql(
            phone,
            START_MOBILE,
            {"input": {"newMobile": new_mobile, "password": accounts.PASSWORD}},
        )
        change_id = started["data"]["startMobileChange"]["codeId"]
        code = await accounts.last_code(session, new_mobile)
        changed = await gql(
            phone, COMPLETE_MOBILE, {"input": {"changeId": change_id, "code": code}}
        )
        me = changed["data"]["completeMobileChange"]["me"]
        assert me["person"]["mobile"] == new_mobile
    notices = await accounts.texts_to(session, old_mobile)
    assert any(new_mobile[:3] + "****" + new_mobile[-4:] in t for t in notices)
    assert await _sign_in(app, new_mobile, accounts.PASSWORD) == "SignedIn"
    assert await _sign_in(app, old_mobile, accounts.PASSWORD) == "ValidationError"


async def test_someone_elses_change_code_is_useless(app: Starlette, session: AsyncSession) -> None:
    a, _ = await accounts.practitioner(session)
    b, _ = await accounts.practitioner(session)
    a_token, b_token = (
        await accounts.session_token(session, a),
        await accounts.session_token(session, b),
    )
    await session.commit()
    new_mobile = factories.mobile()
    async with accounts.browser(app, a_token) as phone:
        started = await gql(
            phone, START_MOBILE, {"input": {"newMobile": new_mobile, "password": accounts.PASSWORD}}
        )
    change_id = started["data"]["startMobileChange"]["codeId"]
    code = await accounts.last_code(session, new_mobile)
    async with accounts.browser(app, b_token) as other:
        stolen = await gql(other, COMPLETE_MOBILE, {"input": {"changeId": change_id, "code": code}})
    assert stolen["data"]["completeMobileChange"]["__typename"] == "InvalidState"


async def test_a_practitioner_can_add_totp(
    app: Starlette, session: AsyncSession, clock: FixedClock
) -> None:
    mobile = factories.mobile()
    account, _ = await accounts.practitioner(session, mobile=mobile)
    token = await accounts.session_token(session, account)
    await session.commit()
    async with accounts.browser(app, token) as phone:
        begun = (await gql(phone, BEGIN_TOTP))["data"]["beginTotpEnrolment"]
        code = accounts.totp_now(session, begun["secret"])
        confirmed = await gql(
            phone,
            CONFIRM_TOTP,
            {"input": {"enrolmentToken": begun["enrolmentToken"], "code": code}},
        )
        assert confirmed["data"]["confirmTotpEnrolment"]["__typename"] == "TotpEnabled"
    assert await _sign_in(app, mobile, accounts.PASSWORD) == "ValidationError"
    # The code used to confirm cannot sign in; the next one can.
    assert await _sign_in(app, mobile, accounts.PASSWORD, code) == "ValidationError"
    clock.advance(timedelta(seconds=30))
    next_code = totp.current_code(begun["secret"], clock.now())
    assert await _sign_in(app, mobile, accounts.PASSWORD, next_code) == "SignedIn"

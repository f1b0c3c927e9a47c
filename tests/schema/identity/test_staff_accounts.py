"""Staff accounts end to end: the system admin creates an authority admin, who creates an
officer, who issues a hospital's account; the hospital admin activates with password + TOTP
(QR checked by a decoder) and creates an operator; disabling and resetting."""

from __future__ import annotations

import base64
import io
from typing import Any

import zxingcpp
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from access.actor import Role
from core.audit import AuditEntry
from identity.models import Account, AccountStatus
from schema.node import to_global_id
from tests import factories
from tests.factories import accounts
from tests.factories.clients import gql
from tests.schema.identity.activation import activate_staff
from tests.schema.identity.documents import (
    CONFIRM_TOTP,
    CREATE_STAFF,
    DISABLE_ACCOUNT,
    ISSUE_INSTITUTION_ACCOUNT,
    ME,
    RESET_STAFF,
    SIGN_IN,
)


def _decode_qr(data_uri: str) -> str:
    assert data_uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(data_uri.split(",", 1)[1])))
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1
    return str(results[0].text)


async def test_the_chain_of_staff_accounts(app: Starlette, session: AsyncSession) -> None:
    hospital = await factories.institution(session, name="浦东测试人民医院", district="310115")
    root, _ = await accounts.staff(session, Role.SYSTEM_ADMIN, username="root")
    root_token = await accounts.session_token(session, root)
    await session.commit()

    # The system admin creates Pudong's authority admin.
    admin_mobile = factories.mobile()
    async with accounts.browser(app, root_token) as desk:
        made = await gql(
            desk,
            CREATE_STAFF,
            {
                "input": {
                    "role": "AUTHORITY_ADMIN",
                    "username": "pd.admin",
                    "displayName": "浦东管理员",
                    "mobile": admin_mobile,
                    "authorityCode": "310115",
                }
            },
        )
    issued = made["data"]["createStaffAccount"]
    assert issued["__typename"] == "StaffAccountIssued", issued
    assert issued["account"]["status"] == "PENDING"
    assert issued["codeSentTo"] == admin_mobile[:3] + "****" + admin_mobile[-4:]

    pd_admin, _, enrolment = await activate_staff(
        app, session, username="pd.admin", mobile=admin_mobile
    )
    assert enrolment["otpauthUri"].startswith("otpauth://totp/medreg:pd.admin?secret=")
    assert _decode_qr(enrolment["qrCodeDataUri"]) == enrolment["otpauthUri"]

    # The authority admin creates an officer; the officer issues the hospital's account.
    officer_mobile = factories.mobile()
    made = await gql(
        pd_admin,
        CREATE_STAFF,
        {
            "input": {
                "role": "AUTHORITY_OFFICER",
                "username": "pd.officer",
                "displayName": "浦东审批员",
                "mobile": officer_mobile,
                "authorityCode": "310115",
            }
        },
    )
    assert made["data"]["createStaffAccount"]["__typename"] == "StaffAccountIssued"
    # ...but not an officer of another district.
    other = await gql(
        pd_admin,
        CREATE_STAFF,
        {
            "input": {
                "role": "AUTHORITY_OFFICER",
                "username": "xh.officer",
                "displayName": "徐汇审批员",
                "mobile": factories.mobile(),
                "authorityCode": "310104",
            }
        },
    )
    assert other["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    officer, _, _ = await activate_staff(app, session, username="pd.officer", mobile=officer_mobile)
    issued_hospital = await gql(
        officer,
        ISSUE_INSTITUTION_ACCOUNT,
        {
            "input": {
                "institutionId": to_global_id("Institution", hospital.id),
                "username": "pdh.admin",
            }
        },
    )
    result = issued_hospital["data"]["issueInstitutionAccount"]
    assert result["__typename"] == "StaffAccountIssued", result
    assert result["account"]["kind"] == "INSTITUTION"
    # The code went to the institution's designated contact.
    assert result["codeSentTo"] == hospital.contact_mobile_masked

    contact_mobile = await _contact_mobile(session, hospital.id)
    hospital_admin, _, _ = await activate_staff(
        app, session, username="pdh.admin", mobile=contact_mobile
    )
    me = await gql(hospital_admin, ME)
    grants = me["data"]["me"]["account"]["grants"]
    assert grants == [
        {
            "role": "INSTITUTION_ADMIN",
            "authorityCode": None,
            "institution": {"id": to_global_id("Institution", hospital.id), "name": hospital.name},
        }
    ]

    # The hospital admin creates an operator, then disables the account.
    operator_mobile = factories.mobile()
    made = await gql(
        hospital_admin,
        CREATE_STAFF,
        {
            "input": {
                "role": "INSTITUTION_OPERATOR",
                "username": "pdh.op1",
                "displayName": "经办人一",
                "mobile": operator_mobile,
                "institutionId": to_global_id("Institution", hospital.id),
            }
        },
    )
    operator_id = made["data"]["createStaffAccount"]["account"]["id"]
    operator, operator_secret, _ = await activate_staff(
        app, session, username="pdh.op1", mobile=operator_mobile
    )
    assert (await gql(operator, ME))["data"]["me"]["account"]["username"] == "pdh.op1"
    disabled = await gql(
        hospital_admin, DISABLE_ACCOUNT, {"input": {"accountId": operator_id, "reason": "离职"}}
    )
    assert disabled["data"]["disableAccount"]["account"]["status"] == "DISABLED"
    assert (await gql(operator, ME))["data"]["me"] is None  # its sessions ended
    denied = await gql(
        operator,
        SIGN_IN,
        {
            "input": {
                "identifier": "pdh.op1",
                "password": accounts.STAFF_PASSWORD,
                "totpCode": accounts.totp_now(session, operator_secret),
            }
        },
    )
    assert denied["data"]["signIn"]["__typename"] == "ValidationError"

    for browser in (pd_admin, officer, hospital_admin, operator):
        await browser.aclose()
    actions = set((await session.scalars(select(AuditEntry.action))).all())
    assert {
        "identity.account.create",
        "identity.institution_account.issue",
        "identity.account.password_set",
        "identity.totp.enable",
        "identity.account.disable",
    } <= actions


async def _contact_mobile(session: AsyncSession, institution_id: object) -> str:
    from core.crypto import keyring_of
    from directory.models import Institution

    institution = await session.get(Institution, institution_id)
    assert institution is not None
    assert institution.contact_mobile_enc is not None
    return keyring_of(session).decrypt(
        institution.contact_mobile_enc,
        table="institution",
        column="contact_mobile",
        row_id=institution.id,
    )


async def test_staff_activation_needs_a_confirmed_totp_code(
    app: Starlette, session: AsyncSession
) -> None:
    hospital = await factories.institution(session)
    admin, _ = await accounts.staff(
        session, Role.INSTITUTION_ADMIN, username="h.admin", institution_id=hospital.id
    )
    token = await accounts.session_token(session, admin)
    await session.commit()
    mobile = factories.mobile()
    async with accounts.browser(app, token) as desk:
        operator = {
            "role": "INSTITUTION_OPERATOR",
            "username": "h.op",
            "displayName": "经办人",
            "mobile": mobile,
            "institutionId": to_global_id("Institution", hospital.id),
        }
        await gql(desk, CREATE_STAFF, {"input": operator})
        again = await gql(desk, CREATE_STAFF, {"input": {**operator, "mobile": factories.mobile()}})
        taken = again["data"]["createStaffAccount"]
        assert (taken["code"], taken["reason"]) == ("CONFLICT", "USERNAME_TAKEN")
        assert taken["params"] == [{"name": "username", "value": "h.op"}]
    code = await accounts.last_code(session, mobile)
    async with accounts.browser(app) as phone:
        from tests.schema.identity.documents import ACTIVATE_STAFF

        short = await gql(
            phone,
            ACTIVATE_STAFF,
            {"input": {"username": "h.op", "code": code, "password": "short"}},
        )
        assert short["data"]["activateStaffAccount"]["__typename"] == "ValidationError"
        [field] = short["data"]["activateStaffAccount"]["fields"]
        assert (field["field"], field["code"]) == ("password", "TOO_SHORT")
        assert field["params"] == [{"name": "minimum", "value": "8"}]
        step1 = await gql(
            phone,
            ACTIVATE_STAFF,
            {"input": {"username": "h.op", "code": code, "password": "eight chars ok"}},
        )
        token_ = step1["data"]["activateStaffAccount"]["enrolmentToken"]
        wrong = await gql(
            phone, CONFIRM_TOTP, {"input": {"enrolmentToken": token_, "code": "000000"}}
        )
        assert wrong["data"]["confirmTotpEnrolment"]["__typename"] == "ValidationError"
        # Not yet active: a password alone does not sign in.
        no = await gql(
            phone, SIGN_IN, {"input": {"identifier": "h.op", "password": "eight chars ok"}}
        )
        assert no["data"]["signIn"]["__typename"] == "ValidationError"
    account = await session.scalar(select(Account).where(Account.username == "h.op"))
    assert account is not None
    assert account.status is AccountStatus.PENDING


async def test_an_admin_resets_a_staff_member(app: Starlette, session: AsyncSession) -> None:
    hospital = await factories.institution(session)
    admin, _ = await accounts.staff(
        session, Role.INSTITUTION_ADMIN, username="r.admin", institution_id=hospital.id
    )
    op_mobile = factories.mobile()
    operator, _ = await accounts.staff(
        session,
        Role.INSTITUTION_OPERATOR,
        username="r.op",
        institution_id=hospital.id,
        mobile=op_mobile,
    )
    admin_token = await accounts.session_token(session, admin)
    op_token = await accounts.session_token(session, operator)
    await session.commit()
    async with accounts.browser(app, admin_token) as desk:
        reset = await gql(desk, RESET_STAFF, {"id": to_global_id("Account", operator.id)})
    assert reset["data"]["resetStaffCredentials"]["account"]["status"] == "PENDING"
    async with accounts.browser(app, op_token) as old:
        assert (await gql(old, ME))["data"]["me"] is None
    browser, _, _ = await activate_staff(app, session, username="r.op", mobile=op_mobile)
    assert (await gql(browser, ME))["data"]["me"]["account"]["username"] == "r.op"
    await browser.aclose()


async def test_staff_activation_tells_nobody_which_usernames_exist(
    app: Starlette, session: AsyncSession
) -> None:
    """The code is checked before anything else: an existing username with a wrong code and
    an unknown one get the same answer (no name-based password hint, no tries left), and
    guessing is throttled per username and per client."""
    from tests.schema.identity.documents import ACTIVATE_STAFF

    hospital = await factories.institution(session)
    admin, _ = await accounts.staff(
        session, Role.INSTITUTION_ADMIN, username="h.admin", institution_id=hospital.id
    )
    token = await accounts.session_token(session, admin)
    await session.commit()
    async with accounts.browser(app, token) as desk:
        operator = {
            "role": "INSTITUTION_OPERATOR",
            "username": "zhang.wei",
            "displayName": "张伟",
            "mobile": factories.mobile(),
            "institutionId": to_global_id("Institution", hospital.id),
        }
        issued = await gql(desk, CREATE_STAFF, {"input": operator})
        assert "errors" not in issued, issued

    def strip(body: dict[str, Any]) -> Any:
        return body["data"]["activateStaffAccount"]

    async with accounts.browser(app) as phone:
        answers = [
            strip(
                await gql(
                    phone,
                    ACTIVATE_STAFF,
                    {"input": {"username": name, "code": "000000", "password": "zhang.wei 2026"}},
                )
            )
            for name in ("zhang.wei", "li.na")
        ]
        assert answers[0] == answers[1]
        assert answers[0]["__typename"] == "ValidationError"
        assert answers[0]["reason"] == "STAFF_CODE_REJECTED"
        for _ in range(10):
            last = strip(
                await gql(
                    phone,
                    ACTIVATE_STAFF,
                    {"input": {"username": "li.na", "code": "123456", "password": "x" * 20}},
                )
            )
        assert last["__typename"] == "RateLimited"
        assert last["reason"] == "CODE_ATTEMPTS_THROTTLED"

"""Personal activation over HTTP, as a phone does it: details, SMS code, password; then
the cookie signs the phone in."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from core.audit import AuditEntry
from directory.models import Person
from directory.service import reveal_id_number
from identity.models import Account, Dispute, DisputeStatus
from tests import factories
from tests.factories import accounts
from tests.factories.clients import gql
from tests.schema.identity.activation import activate
from tests.schema.identity.documents import (
    COMPLETE_ACTIVATION,
    LOGOUT,
    ME,
    SIGN_IN,
    START_ACTIVATION,
)


async def test_new_person_activates_on_a_phone(app: Starlette, session: AsyncSession) -> None:
    id_number, mobile = factories.resident_id(), factories.mobile()
    async with accounts.browser(app) as phone:
        started = await gql(
            phone,
            START_ACTIVATION,
            {"input": {"name": "李 明", "idNumber": id_number, "mobile": mobile}},
        )
        sent = started["data"]["startActivation"]
        assert sent["mobileMasked"] == mobile[:3] + "****" + mobile[-4:]
        texts = await accounts.texts_to(session, mobile)
        assert len(texts) == 1
        assert "激活验证码" in texts[0]
        code = await accounts.last_code(session, mobile)
        body = await gql(
            phone,
            COMPLETE_ACTIVATION,
            {
                "input": {
                    "activationId": sent["codeId"],
                    "code": code,
                    "password": accounts.PASSWORD,
                }
            },
        )
        signed = body["data"]["completeActivation"]
        assert signed["__typename"] == "SignedIn", signed
        assert signed["me"]["person"]["idNumber"] == id_number
        assert signed["me"]["person"]["mobile"] == mobile
        assert signed["me"]["account"]["grants"] == [{"role": "PRACTITIONER"}]
        cookie = phone.cookies.get(accounts.POLICY.cookie_name)
        assert cookie

        me = await gql(phone, ME)
        assert me["data"]["me"]["person"]["name"] == "李 明"
        assert me["data"]["me"]["account"]["kind"] == "PERSONAL"

        # The phone signs out; the same phone then signs in with mobile + password.
        assert (await gql(phone, LOGOUT))["data"]["logout"]["revokedSessions"] == 1
        assert (await gql(phone, ME))["data"]["me"] is None
        again = await gql(
            phone, SIGN_IN, {"input": {"identifier": mobile, "password": accounts.PASSWORD}}
        )
        assert again["data"]["signIn"]["__typename"] == "SignedIn"
        assert (await gql(phone, ME))["data"]["me"]["person"]["idNumber"] == id_number

    actions = set((await session.scalars(select(AuditEntry.action))).all())
    assert {
        "identity.activation.start",
        "registry.person.create",
        "identity.account.activate",
        "identity.session.end",
        "identity.session.start",
    } <= actions
    entry = await session.scalar(
        select(AuditEntry).where(AuditEntry.action == "identity.account.activate")
    )
    assert entry is not None
    assert entry.client_address == "203.0.113.7"


async def test_activation_claims_the_record_loaded_earlier(
    app: Starlette, session: AsyncSession
) -> None:
    loaded = await factories.person(session, name="王芳", mobile_number=factories.mobile())
    id_number = factories.resident_id()
    loaded = await factories.person(session, name="陈静", id_number=id_number)
    await session.commit()
    persons_before = await session.scalar(select(func.count()).select_from(Person))
    mobile = factories.mobile()
    async with accounts.browser(app) as phone:
        result = await activate(phone, session, name="陈静", id_number=id_number, mobile=mobile)
    assert result["__typename"] == "SignedIn", result
    assert await session.scalar(select(func.count()).select_from(Person)) == persons_before
    account = await session.scalar(select(Account).where(Account.person_id == loaded.id))
    assert account is not None
    await session.refresh(loaded)
    assert loaded.mobile_masked == mobile[:3] + "****" + mobile[-4:]


async def test_a_mismatched_name_does_not_claim(app: Starlette, session: AsyncSession) -> None:
    id_number = factories.resident_id()
    await factories.person(session, name="陈静", id_number=id_number)
    await session.commit()
    async with accounts.browser(app) as phone:
        result = await activate(
            phone, session, name="陈晶", id_number=id_number, mobile=factories.mobile()
        )
    assert result["__typename"] == "ValidationError"
    assert result["fields"][0]["field"] == "name"
    assert result["fields"][0]["code"] == "NAME_MISMATCH"
    assert await session.scalar(select(func.count()).select_from(Account)) == 0


async def test_a_squatted_id_number_opens_a_dispute_not_a_takeover(
    app: Starlette, session: AsyncSession
) -> None:
    squatter, person = await accounts.practitioner(session, name="赵磊")
    await session.commit()
    id_number = reveal_id_number(session, person)
    real_mobile = factories.mobile()
    async with accounts.browser(app) as phone:
        result = await activate(
            phone, session, name="赵磊", id_number=id_number, mobile=real_mobile
        )
    assert result["__typename"] == "DisputeOpenedError", result
    assert (result["code"], result["reason"]) == ("CONFLICT", "DISPUTE_OPENED")
    assert phone.cookies.get(accounts.POLICY.cookie_name) is None
    # Nothing was taken over: the squatter's account still holds the person record.
    await session.refresh(squatter)
    assert squatter.person_id == person.id
    dispute = await session.scalar(select(Dispute))
    assert dispute is not None
    assert dispute.status is DisputeStatus.OPEN
    assert dispute.authority_code == "310000"  # no registration or certification: the city
    assert any("已被其他账号使用" in t for t in await accounts.texts_to(session, real_mobile))
    # The holder is told as well.
    holder_texts = await accounts.texts_to(session, accounts.account_mobile_of(session, squatter))
    assert any("有人以您的身份证号" in t for t in holder_texts)

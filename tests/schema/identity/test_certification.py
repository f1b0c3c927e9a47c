"""Staff certification: request by institution code, the operators' queue, certify with
the document checked, decline with a reason, end the affiliation; what the registry asks."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from access.actor import Role
from directory.models import Profession
from identity.certification import certified_institutions, is_certified
from tests import factories
from tests.factories import accounts
from tests.factories.clients import gql
from tests.schema.identity.documents import (
    CERTIFY,
    DECLINE,
    END_AFFILIATION,
    ME,
    QUEUE,
    REQUEST_CERTIFICATION,
)


async def test_request_certify_and_end(app: Starlette, session: AsyncSession) -> None:
    hospital = await factories.institution(session, name="浦东认证医院")
    mobile = factories.mobile()
    nurse, person = await accounts.practitioner(session, name="林小红", mobile=mobile)
    operator, _ = await accounts.staff(
        session, Role.INSTITUTION_OPERATOR, institution_id=hospital.id
    )
    nurse_token = await accounts.session_token(session, nurse)
    op_token = await accounts.session_token(session, operator)
    await session.commit()

    async with accounts.browser(app, nurse_token) as phone, accounts.browser(app, op_token) as desk:
        asked = await gql(
            phone,
            REQUEST_CERTIFICATION,
            {"input": {"institutionCode": hospital.uscc.lower(), "profession": "NURSE"}},
        )
        requested = asked["data"]["requestCertification"]
        assert requested["certification"]["status"] == "REQUESTED"
        twice = await gql(
            phone,
            REQUEST_CERTIFICATION,
            {"input": {"institutionCode": hospital.uscc, "profession": "NURSE"}},
        )
        assert twice["data"]["requestCertification"]["__typename"] == "Conflict"
        unknown = await gql(
            phone,
            REQUEST_CERTIFICATION,
            {"input": {"institutionCode": "NOSUCHCODE", "profession": "NURSE"}},
        )
        assert unknown["data"]["requestCertification"]["__typename"] == "NotFound"

        queue = (await gql(desk, QUEUE))["data"]["certificationQueue"]["nodes"]
        assert len(queue) == 1
        assert queue[0]["person"]["name"] == "林小红"
        assert "*" in queue[0]["person"]["idNumberMasked"]
        certification_id = queue[0]["id"]

        certified = await gql(
            desk,
            CERTIFY,
            {
                "input": {
                    "certificationId": certification_id,
                    "documentChecked": "RESIDENT_ID_CARD",
                }
            },
        )
        result = certified["data"]["certifyStaff"]["certification"]
        assert result["status"] == "CERTIFIED"
        assert result["documentChecked"] == "RESIDENT_ID_CARD"
        assert result["decidedBy"] == operator.display_name
        again = await gql(
            desk,
            CERTIFY,
            {
                "input": {
                    "certificationId": certification_id,
                    "documentChecked": "RESIDENT_ID_CARD",
                }
            },
        )
        assert again["data"]["certifyStaff"]["__typename"] == "InvalidState"
        assert (await gql(desk, QUEUE))["data"]["certificationQueue"]["nodes"] == []

        mine = (await gql(phone, ME))["data"]["me"]["certifications"]
        assert mine == [{"id": certification_id, "status": "CERTIFIED", "profession": "NURSE"}]
        assert await is_certified(session, person.id, hospital.id, Profession.NURSE)
        assert not await is_certified(session, person.id, hospital.id, Profession.DOCTOR)
        assert await certified_institutions(session, person.id, Profession.NURSE) == {hospital.id}

        ended = await gql(
            desk,
            END_AFFILIATION,
            {"input": {"certificationId": certification_id, "reason": "调往其他医院"}},
        )
        assert ended["data"]["endAffiliation"]["certification"]["status"] == "ENDED"
        assert not await is_certified(session, person.id, hospital.id, Profession.NURSE)
    texts = await accounts.texts_to(session, mobile)
    assert any("已认证" in t for t in texts)
    assert any("调往其他医院" in t for t in texts)


async def test_decline_needs_a_reason(app: Starlette, session: AsyncSession) -> None:
    hospital = await factories.institution(session)
    doctor, _ = await accounts.practitioner(session)
    admin, _ = await accounts.staff(session, Role.INSTITUTION_ADMIN, institution_id=hospital.id)
    doctor_token = await accounts.session_token(session, doctor)
    admin_token = await accounts.session_token(session, admin)
    await session.commit()
    async with (
        accounts.browser(app, doctor_token) as phone,
        accounts.browser(app, admin_token) as desk,
    ):
        asked = await gql(
            phone,
            REQUEST_CERTIFICATION,
            {"input": {"institutionCode": hospital.licence_number, "profession": "DOCTOR"}},
        )
        cid = asked["data"]["requestCertification"]["certification"]["id"]
        blank = await gql(desk, DECLINE, {"input": {"certificationId": cid, "reason": "  "}})
        assert blank["data"]["declineStaff"]["__typename"] == "ValidationError"
        declined = await gql(
            desk, DECLINE, {"input": {"certificationId": cid, "reason": "证件与本人不符"}}
        )
        assert declined["data"]["declineStaff"]["certification"] == {
            "id": cid,
            "status": "DECLINED",
            "reason": "证件与本人不符",
        }
        # A declined request can be made again.
        again = await gql(
            phone,
            REQUEST_CERTIFICATION,
            {"input": {"institutionCode": hospital.uscc, "profession": "DOCTOR"}},
        )
        assert again["data"]["requestCertification"]["__typename"] == "CertificationUpdated"

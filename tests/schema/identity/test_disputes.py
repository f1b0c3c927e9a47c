"""A squatted ID number: the dispute goes to the practitioner's authority, which keeps the
existing account or transfers the record to the claimant (audited)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from access.actor import Role
from core.audit import AuditEntry
from directory.service import reveal_id_number
from identity.models import Account, AccountStatus, Dispute, StaffCertification
from schema.node import to_global_id
from tests import factories
from tests.factories import accounts
from tests.factories.clients import gql
from tests.schema.identity.activation import activate
from tests.schema.identity.documents import DISPUTES, RESOLVE_DISPUTE, SIGN_IN


async def _dispute(app: Starlette, session: AsyncSession) -> tuple[Account, str, str]:
    """A squatter holds 赵磊's record, certified at a Pudong hospital; the real 赵磊 claims."""
    hospital = await factories.institution(session, district="310115")
    squatter, person = await accounts.practitioner(session, name="赵磊")
    from directory.models import Profession
    from identity.models import CertificationStatus

    session.add(
        StaffCertification(
            person_id=person.id,
            institution_id=hospital.id,
            profession=Profession.DOCTOR,
            status=CertificationStatus.CERTIFIED,
            requested_at=factories_now(session),
            decided_at=factories_now(session),
        )
    )
    await session.commit()
    claimant_mobile = factories.mobile()
    async with accounts.browser(app) as phone:
        result = await activate(
            phone,
            session,
            name="赵磊",
            id_number=reveal_id_number(session, person),
            mobile=claimant_mobile,
        )
    assert result["__typename"] == "SignedIn"  # answered as any activation
    dispute = await session.scalar(select(Dispute))
    assert dispute is not None
    return squatter, claimant_mobile, to_global_id("Dispute", dispute.id)


def factories_now(session: AsyncSession) -> object:
    from core.clock import clock_of

    return clock_of(session).now()


async def test_the_authority_transfers_the_record(app: Starlette, session: AsyncSession) -> None:
    squatter, claimant_mobile, dispute_id = await _dispute(app, session)
    pudong, _ = await accounts.staff(session, Role.AUTHORITY_OFFICER, authority_code="310115")
    xuhui, _ = await accounts.staff(session, Role.AUTHORITY_OFFICER, authority_code="310104")
    pudong_token = await accounts.session_token(session, pudong)
    xuhui_token = await accounts.session_token(session, xuhui)
    await session.commit()
    async with accounts.browser(app, xuhui_token) as elsewhere:
        assert (await gql(elsewhere, DISPUTES))["data"]["disputes"]["nodes"] == []
        not_theirs = await gql(
            elsewhere,
            RESOLVE_DISPUTE,
            {"input": {"disputeId": dispute_id, "outcome": "KEEP_EXISTING", "note": "x"}},
        )
        assert not_theirs["data"]["resolveDispute"]["__typename"] == "NotFound"
    async with accounts.browser(app, pudong_token) as desk:
        listed = (await gql(desk, DISPUTES))["data"]["disputes"]["nodes"]
        assert [d["id"] for d in listed] == [dispute_id]
        assert (
            listed[0]["claimantMobileMasked"]
            == claimant_mobile[:3] + "****" + (claimant_mobile[-4:])
        )
        resolved = await gql(
            desk,
            RESOLVE_DISPUTE,
            {
                "input": {
                    "disputeId": dispute_id,
                    "outcome": "TRANSFER_TO_CLAIMANT",
                    "note": "核验身份证原件，申诉人为本人",
                }
            },
        )
        assert resolved["data"]["resolveDispute"]["dispute"]["status"] == "TRANSFERRED"
        twice = await gql(
            desk,
            RESOLVE_DISPUTE,
            {"input": {"disputeId": dispute_id, "outcome": "KEEP_EXISTING", "note": "again"}},
        )
        assert twice["data"]["resolveDispute"]["__typename"] == "InvalidState"
    await session.refresh(squatter)
    assert squatter.person_id is None
    assert squatter.status is AccountStatus.DISABLED
    async with accounts.browser(app) as phone:
        signed = await gql(
            phone,
            SIGN_IN,
            {"input": {"identifier": claimant_mobile, "password": accounts.PASSWORD}},
        )
        assert signed["data"]["signIn"]["__typename"] == "SignedIn"
    entry = await session.scalar(
        select(AuditEntry).where(AuditEntry.action == "identity.dispute.resolve")
    )
    assert entry is not None
    assert entry.actor_id == str(pudong.id)
    assert entry.summary == {"outcome": "TRANSFER_TO_CLAIMANT"}


async def test_the_institution_keeps_the_existing_account(
    app: Starlette, session: AsyncSession
) -> None:
    squatter, claimant_mobile, dispute_id = await _dispute(app, session)
    hospital_id = await session.scalar(select(StaffCertification.institution_id))
    operator, _ = await accounts.staff(
        session, Role.INSTITUTION_OPERATOR, institution_id=hospital_id
    )
    token = await accounts.session_token(session, operator)
    await session.commit()
    async with accounts.browser(app, token) as desk:
        kept = await gql(
            desk,
            RESOLVE_DISPUTE,
            {"input": {"disputeId": dispute_id, "outcome": "KEEP_EXISTING", "note": "本院核实"}},
        )
    assert kept["data"]["resolveDispute"]["dispute"]["status"] == "KEPT"
    await session.refresh(squatter)
    assert squatter.status is AccountStatus.ACTIVE
    assert squatter.person_id is not None
    assert any("原账号保留" in t for t in await accounts.texts_to(session, claimant_mobile))

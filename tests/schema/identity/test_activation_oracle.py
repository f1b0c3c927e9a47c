"""Activation never tells whether an ID number is on record: an unknown number, a number on
record under another name and a number another account holds are answered alike, at
activation and at the claimant's next steps; the review that settles the claim is silent to
the claimant and reaches the institution only once it links the account to the person."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from access.actor import Role
from directory.models import Institution
from directory.service import reveal_id_number
from identity.models import Account, CertificationStatus, Dispute, DisputeKind, StaffCertification
from schema.node import to_global_id
from tests import factories
from tests.factories import accounts
from tests.factories.clients import gql
from tests.schema.identity.activation import activate
from tests.schema.identity.documents import QUEUE, REQUEST_CERTIFICATION, RESOLVE_DISPUTE

ME = """
query { me { account { kind status displayName mobileMasked grants { role } }
  person { name idNumber idNumberMasked mobile mobileMasked sex birthDate }
  certifications { status profession person { name idNumberMasked sex birthYear }
    institution { name } } } }
"""


PER_NUMBER = {"id", "codeId", "idNumber", "idNumberMasked", "mobile", "mobileMasked"}
"""Fields that differ with the number and mobile typed, or are generated: blanked."""


def _shape(value: Any) -> Any:
    """The answer without its per-number and generated fields: what remains must not differ."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items() if k not in PER_NUMBER}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return value


async def _claimant_journey(
    app: Starlette,
    session: AsyncSession,
    *,
    name: str,
    id_number: str,
    hospital: Institution,
    address: str,
) -> dict[str, Any]:
    """Everything a claimant sees: activation, their record, a certification request."""
    mobile = factories.mobile()
    async with accounts.browser(app, address=address) as phone:
        activated = await activate(phone, session, name=name, id_number=id_number, mobile=mobile)
        me = (await gql(phone, ME))["data"]["me"]
        requested = (
            await gql(
                phone,
                REQUEST_CERTIFICATION,
                {"input": {"institutionCode": hospital.uscc, "profession": "NURSE"}},
            )
        )["data"]["requestCertification"]
        after = (await gql(phone, ME))["data"]["me"]
    texts = await accounts.texts_to(session, mobile)
    seen = {"activated": activated, "me": me, "requested": requested, "after": after}
    # What the claimant typed comes back, and nothing from any record on file.
    assert me["person"]["name"] == name
    assert me["person"]["idNumber"] == id_number
    assert me["person"]["mobile"] == mobile
    return {"seen": _shape(seen), "texts": len(texts)}


async def test_unknown_mismatched_and_held_numbers_answer_alike(
    app: Starlette, session: AsyncSession
) -> None:
    hospital = await factories.institution(session, district="310104")
    on_record = factories.resident_id()
    await factories.person(
        session, name="陈静", id_number=on_record, mobile_number=factories.mobile()
    )
    holder, held = await accounts.practitioner(session, name="王丽")
    await session.commit()
    # The same name typed with three numbers (same area, birth date and sex): one unknown,
    # one on record under another name, one held by another account.
    numbers = (factories.resident_id(), on_record, reveal_id_number(session, held))
    journeys = [
        await _claimant_journey(
            app, session, name="王丽", id_number=n, hospital=hospital, address=f"203.0.113.{i}"
        )
        for i, n in enumerate(numbers, start=21)
    ]
    unknown, mismatched, held_by_other = journeys
    assert unknown == mismatched == held_by_other
    assert unknown["texts"] == 1  # the code, nothing else
    assert unknown["seen"]["activated"]["__typename"] == "SignedIn"
    assert unknown["seen"]["requested"]["certification"]["status"] == "REQUESTED"
    kinds = {d.kind for d in await session.scalars(select(Dispute))}
    assert kinds == {DisputeKind.NAME_MISMATCH, DisputeKind.HOLDER}
    # The holder of the record is told; the one on file for the mismatch too.
    holder_texts = await accounts.texts_to(session, accounts.account_mobile_of(session, holder))
    assert any("有人以您的身份证号" in t for t in holder_texts)


async def _staff_queue(app: Starlette, session: AsyncSession, hospital: Institution) -> list[Any]:
    operator, _ = await accounts.staff(
        session, Role.INSTITUTION_OPERATOR, institution_id=hospital.id
    )
    token = await accounts.session_token(session, operator)
    await session.commit()
    async with accounts.browser(app, token) as desk:
        nodes: list[Any] = (await gql(desk, QUEUE))["data"]["certificationQueue"]["nodes"]
    return nodes


async def _officer(app: Starlette, session: AsyncSession) -> httpx.AsyncClient:
    officer, _ = await accounts.staff(session, Role.AUTHORITY_OFFICER, authority_code="310000")
    token = await accounts.session_token(session, officer)
    await session.commit()
    client: httpx.AsyncClient = accounts.browser(app, token)
    return client


async def _mismatched_claim(
    app: Starlette, session: AsyncSession
) -> tuple[Institution, str, str, str]:
    hospital = await factories.institution(session, district="310104")
    id_number = factories.resident_id()
    await factories.person(session, name="陈静", id_number=id_number)
    await session.commit()
    claimant = await _claimant_journey(
        app, session, name="陈晶", id_number=id_number, hospital=hospital, address="203.0.113.31"
    )
    assert claimant["seen"]["requested"]["certification"]["status"] == "REQUESTED"
    dispute = await session.scalar(select(Dispute))
    assert dispute is not None
    global_id = to_global_id("Dispute", dispute.id)
    return hospital, id_number, global_id, str(dispute.claimant_account_id)


async def test_a_waiting_request_reaches_the_institution_after_a_transfer(
    app: Starlette, session: AsyncSession
) -> None:
    hospital, _, dispute_id, _ = await _mismatched_claim(app, session)
    assert await _staff_queue(app, session, hospital) == []  # it waits for the review
    async with await _officer(app, session) as desk:
        resolved = await gql(
            desk,
            RESOLVE_DISPUTE,
            {
                "input": {
                    "disputeId": dispute_id,
                    "outcome": "TRANSFER_TO_CLAIMANT",
                    "note": "核验身份证原件，登记姓名有误",
                }
            },
        )
    assert resolved["data"]["resolveDispute"]["dispute"]["status"] == "TRANSFERRED"
    queue = await _staff_queue(app, session, hospital)
    assert [(n["status"], n["person"]["name"]) for n in queue] == [("REQUESTED", "陈静")]


async def test_a_waiting_request_is_declined_when_the_record_stays(
    app: Starlette, session: AsyncSession
) -> None:
    hospital, _, dispute_id, claimant_id = await _mismatched_claim(app, session)
    async with await _officer(app, session) as desk:
        kept = await gql(
            desk,
            RESOLVE_DISPUTE,
            {"input": {"disputeId": dispute_id, "outcome": "KEEP_EXISTING", "note": "不是本人"}},
        )
    assert kept["data"]["resolveDispute"]["dispute"]["status"] == "KEPT"
    assert await _staff_queue(app, session, hospital) == []
    claimant = await session.get(Account, uuid.UUID(claimant_id))
    assert claimant is not None
    assert claimant.person_id is None
    statuses = list(
        await session.scalars(
            select(StaffCertification.status).where(StaffCertification.account_id == claimant.id)
        )
    )
    assert statuses == [CertificationStatus.DECLINED]

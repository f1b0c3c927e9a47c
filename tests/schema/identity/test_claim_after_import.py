"""Claiming an imported record: the mobile the import brought is the trusted channel. Activated
from that mobile, the record is claimed; from another, the account is activated as any other
but linked to no record, and a silent review asks the institution or authority who claims (the
record's mobile is told)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from access.actor import Role
from core.audit import SYSTEM
from directory import service as directory
from directory.models import Institution, Person
from identity.models import Account, Dispute, DisputeKind
from registry.imports.columns import ImportKind
from registry.imports.service import import_file
from registry.registrations.models import Registration
from schema.node import to_global_id
from tests import factories
from tests.factories import accounts
from tests.factories.clients import gql
from tests.factories.imports import institution_row, practitioner_row, write_csv
from tests.schema.identity.activation import activate
from tests.schema.identity.documents import ISSUE_INSTITUTION_ACCOUNT


async def _imported_nurse(session: AsyncSession, tmp_path: Path, **row: str) -> dict[str, str]:
    path = write_csv(tmp_path / "i.csv", ImportKind.INSTITUTIONS, [institution_row(61)])
    await import_file(session, SYSTEM, ImportKind.INSTITUTIONS, path)
    nurse = practitioner_row(601, 61, **row)
    path = write_csv(tmp_path / "n.csv", ImportKind.NURSES, [nurse])
    summary = await import_file(session, SYSTEM, ImportKind.NURSES, path)
    assert summary.created == 1
    await session.commit()
    return nurse


async def test_the_imported_mobile_claims_the_imported_record(
    app: Starlette, session: AsyncSession, tmp_path: Path
) -> None:
    nurse = await _imported_nurse(session, tmp_path)
    persons = await session.scalar(select(func.count()).select_from(Person))
    async with accounts.browser(app) as phone:
        result = await activate(
            phone, session, name=nurse["name"], id_number=nurse["id_number"], mobile=nurse["mobile"]
        )
    assert result["__typename"] == "SignedIn", result
    assert await session.scalar(select(func.count()).select_from(Person)) == persons
    person = await directory.find_person_by_id_number(session, nurse["id_number"])
    assert person is not None
    account = await session.scalar(select(Account).where(Account.person_id == person.id))
    assert account is not None
    # The claimed record keeps its imported registration.
    registration = await session.scalar(
        select(Registration).where(Registration.number == nurse["licence_number"])
    )
    assert registration is not None


async def test_another_mobile_activates_but_the_claim_is_reviewed(
    app: Starlette, session: AsyncSession, tmp_path: Path
) -> None:
    nurse = await _imported_nurse(session, tmp_path)
    typed = factories.mobile()
    async with accounts.browser(app) as phone:
        result = await activate(
            phone, session, name=nurse["name"], id_number=nurse["id_number"], mobile=typed
        )
    assert result["__typename"] == "SignedIn", result  # as for anyone
    assert result["me"]["person"]["name"] == nurse["name"]
    person = await directory.find_person_by_id_number(session, nurse["id_number"])
    assert person is not None
    # Nothing claimed: the record keeps its mobile and no account holds it.
    assert await session.scalar(select(Account).where(Account.person_id == person.id)) is None
    assert directory.reveal_mobile(session, person) == nurse["mobile"]
    dispute = await session.scalar(select(Dispute))
    assert dispute is not None
    assert (dispute.kind, dispute.person_id) == (DisputeKind.MOBILE_CHANGED, person.id)
    assert len(await accounts.texts_to(session, typed)) == 1  # the code, nothing else
    [told] = await accounts.texts_to(session, nurse["mobile"])
    assert "有人以您的身份证号" in told


async def test_an_imported_record_without_a_mobile_trusts_the_typed_one(
    app: Starlette, session: AsyncSession, tmp_path: Path
) -> None:
    nurse = await _imported_nurse(session, tmp_path, mobile="")
    typed = factories.mobile()
    async with accounts.browser(app) as phone:
        result = await activate(
            phone, session, name=nurse["name"], id_number=nurse["id_number"], mobile=typed
        )
    assert result["__typename"] == "SignedIn", result
    person = await directory.find_person_by_id_number(session, nurse["id_number"])
    assert person is not None
    await session.refresh(person)
    assert person.mobile_masked == typed[:3] + "****" + typed[-4:]


async def test_an_imported_designated_contact_receives_the_institution_account(
    app: Starlette, session: AsyncSession, tmp_path: Path
) -> None:
    contact = factories.mobile()
    row = institution_row(62, contact_name="周敏", contact_mobile=contact)
    path = write_csv(tmp_path / "i.csv", ImportKind.INSTITUTIONS, [row])
    await import_file(session, SYSTEM, ImportKind.INSTITUTIONS, path)
    hospital = await session.scalar(select(Institution).where(Institution.uscc == row["uscc"]))
    assert hospital is not None
    officer, _ = await accounts.staff(session, Role.AUTHORITY_OFFICER, authority_code="310115")
    token = await accounts.session_token(session, officer)
    await session.commit()
    async with accounts.browser(app, token) as desk:
        body = await gql(
            desk,
            ISSUE_INSTITUTION_ACCOUNT,
            {
                "input": {
                    "institutionId": to_global_id("Institution", hospital.id),
                    "username": "imported.admin",
                }
            },
        )
    issued = body["data"]["issueInstitutionAccount"]
    assert issued["__typename"] == "StaffAccountIssued", issued
    assert issued["codeSentTo"] == contact[:3] + "****" + contact[-4:]
    [text] = await accounts.texts_to(session, contact)
    assert "imported.admin" in text

"""Claiming an imported record: the activation code goes to the mobile the import brought (the
trusted channel), whatever mobile is typed (that phone is told where it went, without the
code); the answer names the typed one either way."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from core.audit import SYSTEM
from directory import service as directory
from directory.models import Person
from identity.models import Account
from registry.imports.columns import ImportKind
from registry.imports.service import import_file
from registry.registrations.models import Registration
from tests import factories
from tests.factories import accounts
from tests.factories.clients import gql
from tests.factories.imports import institution_row, practitioner_row, write_csv
from tests.schema.identity.activation import activate
from tests.schema.identity.documents import COMPLETE_ACTIVATION, START_ACTIVATION


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


async def test_another_mobile_gets_no_code_the_imported_one_does(
    app: Starlette, session: AsyncSession, tmp_path: Path
) -> None:
    nurse = await _imported_nurse(session, tmp_path)
    typed = factories.mobile()
    async with accounts.browser(app) as phone:
        started = await gql(
            phone,
            START_ACTIVATION,
            {"input": {"name": nurse["name"], "idNumber": nurse["id_number"], "mobile": typed}},
        )
        sent = started["data"]["startActivation"]
        # The same answer as for anyone: the typed mobile, masked.
        assert sent["mobileMasked"] == typed[:3] + "****" + typed[-4:]
        [notice] = await accounts.texts_to(session, typed)
        assert "验证码已发送至该号码" in notice
        assert nurse["mobile"][-4:] not in notice
        assert len(await accounts.texts_to(session, nurse["mobile"])) == 1
        code = await accounts.last_code(session, nurse["mobile"])
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
    assert body["data"]["completeActivation"]["__typename"] == "SignedIn"
    person = await directory.find_person_by_id_number(session, nurse["id_number"])
    assert person is not None
    account = await session.scalar(select(Account).where(Account.person_id == person.id))
    assert account is not None
    assert account.mobile_masked == nurse["mobile"][:3] + "****" + nurse["mobile"][-4:]


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

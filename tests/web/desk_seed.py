"""Applications brought through the real workflow services to a given step, for the officer's
desk tests: certified nurses apply, their institution forwards, the officer accepts and
approves (the item asks for paper materials, so they wait for them)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from access.actor import Actor, Grant, Role
from core.uow import unit_of_work
from directory.models import Institution
from identity.accounts import personal_login_key, staff_login_key
from identity.models import Account
from registry.catalogue.models import ItemCode
from registry.workflow import service
from registry.workflow.states import Action
from tests.factories.workflow import upload_required


async def _account(session: AsyncSession, login_key: str) -> Account:
    account = await session.scalar(select(Account).where(Account.login_key == login_key))
    assert account is not None
    return account


async def seed_applications(
    factory: async_sessionmaker[AsyncSession],
    *,
    applicant_mobiles: list[str],
    institution_uscc: str,
    operator: str,
    officer: str,
    authority_code: str,
    steps: tuple[Action, ...],
) -> list[str]:
    """One nurse's first registration per mobile (each nurse certified already), taken through
    ``steps`` after submission; the applications' numbers."""
    numbers = []
    async with unit_of_work(factory) as session:
        institution = await session.scalar(
            select(Institution).where(Institution.uscc == institution_uscc)
        )
        assert institution is not None
        op = await _account(session, staff_login_key(operator))
        off = await _account(session, staff_login_key(officer))
        by_role = {
            Action.FORWARD: Actor(
                account_id=op.id,
                grants=(Grant(Role.INSTITUTION_OPERATOR, institution_id=institution.id),),
            ),
        }
        office = Actor(
            account_id=off.id,
            grants=(Grant(Role.AUTHORITY_OFFICER, authority_code=authority_code),),
        )
        for mobile in applicant_mobiles:
            account = await _account(session, personal_login_key(session, mobile))
            applicant = Actor(
                account_id=account.id,
                person_id=account.person_id,
                grants=(Grant(Role.PRACTITIONER),),
            )
            item = ItemCode.NURSE_FIRST_REGISTRATION
            app = await service.create_application(
                session,
                applicant,
                item_code=item,
                form={
                    "institutionId": str(institution.id),
                    "qualificationNumber": "HSZG202600777",
                    "education": "本科",
                },
                attachment_ids=await upload_required(session, applicant, item),
                submit=True,
            )
            for step in steps:
                app = await service.take(
                    session,
                    by_role.get(step, office),
                    step,
                    application_id=app.id,
                    expected_version=app.version,
                    opinion="同意",
                )
            assert app.number is not None
            numbers.append(app.number)
    return numbers

"""Staff accounts linked to a subject at the government identity provider by a system
administrator: only system administrators link and unlink, audited; a subject belongs to one
account; a linked subject leads to that staff account's authenticator step, never to a
practitioner match; an unlinked subject gets today's coded answer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from access.actor import Role
from core.audit import AuditEntry
from identity.models import Account
from schema.node import to_global_id
from tests.factories import accounts
from tests.factories.clients import gql
from tests.factories.oidc_provider import WANG, ZHANG
from tests.identity.oidc_fixtures import provider, settings
from tests.identity.oidc_flow import (
    CODE_STEP,
    LINK,
    NOT_MATCHED,
    UNLINK,
    complete,
    me,
    sign_on,
)

__all__ = ["provider", "settings"]  # fixtures


async def _admin(app: Starlette, session: AsyncSession, role: Role = Role.SYSTEM_ADMIN) -> Any:
    authority = None if role is Role.SYSTEM_ADMIN else "310000"
    admin, _ = await accounts.staff(session, role, authority_code=authority)
    token = await accounts.session_token(session, admin)
    await session.commit()
    return accounts.browser(app, token, address="192.0.2.77")


async def _officer(session: AsyncSession) -> tuple[Account, str]:
    officer, secret = await accounts.staff(session, Role.SYSTEM_ADMIN, username="officer-wang")
    await session.commit()
    return officer, secret


async def _link(admin: Any, account: Account, subject: str) -> dict[str, Any]:
    body = await gql(admin, LINK, {"id": to_global_id("Account", account.id), "subject": subject})
    if body.get("errors"):
        return {"errors": [error["extensions"]["code"] for error in body["errors"]]}
    result: dict[str, Any] = body["data"]["linkStaffSignOn"]
    return result


async def test_a_linked_subject_leads_to_the_staff_accounts_authenticator_step(
    app: Starlette, session: AsyncSession
) -> None:
    admin = await _admin(app, session)
    officer, secret = await _officer(session)
    linked = await _link(admin, officer, WANG.login)
    assert linked["account"]["signOnLinked"] is True
    location, browser = await sign_on(app, WANG)
    assert location == CODE_STEP
    assert await me(browser) is None
    signed = await complete(browser, accounts.totp_now(session, secret))
    assert signed["me"]["account"] == {"displayName": officer.display_name, "kind": "SYSTEM"}
    audit = await session.scalar(
        select(AuditEntry).where(AuditEntry.action == "identity.account.link_sign_on")
    )
    assert audit is not None
    assert audit.target_id == str(officer.id)
    assert audit.summary["subject"] == WANG.login


async def test_a_linked_subject_wins_over_a_practitioner_match(
    app: Starlette, session: AsyncSession
) -> None:
    # ZHANG is a practitioner on record without an authenticator, and their subject is linked
    # to a staff account: sign-on must never sign the practitioner in.
    await accounts.practitioner(session, name=ZHANG.name, id_number=ZHANG.id_number)
    admin = await _admin(app, session)
    officer, secret = await _officer(session)
    assert (await _link(admin, officer, ZHANG.login))["__typename"] == "AccountUpdated"
    location, browser = await sign_on(app, ZHANG)
    assert location == CODE_STEP
    assert await me(browser) is None
    await complete(browser, accounts.totp_now(session, secret))
    assert (await me(browser)) == {
        "account": {"displayName": officer.display_name, "kind": "SYSTEM"},
        "person": None,
    }


async def test_unlinked_staff_get_todays_coded_answer(
    app: Starlette, session: AsyncSession
) -> None:
    admin = await _admin(app, session)
    officer, _ = await _officer(session)
    location, _ = await sign_on(app, WANG)
    assert location == NOT_MATCHED
    await _link(admin, officer, WANG.login)
    body = await gql(admin, UNLINK, {"id": to_global_id("Account", officer.id)})
    assert body["data"]["unlinkStaffSignOn"]["account"]["signOnLinked"] is False
    location, _ = await sign_on(app, WANG)
    assert location == NOT_MATCHED
    actions = await session.scalars(
        select(AuditEntry.action).where(AuditEntry.action.like("identity.account.%link_sign_on"))
    )
    assert list(actions) == ["identity.account.link_sign_on", "identity.account.unlink_sign_on"]


async def test_a_disabled_linked_account_gets_the_same_coded_answer(
    app: Starlette, session: AsyncSession
) -> None:
    admin = await _admin(app, session)
    officer, _ = await _officer(session)
    await _link(admin, officer, WANG.login)
    officer.status = officer.status.DISABLED
    await session.commit()
    location, browser = await sign_on(app, WANG)
    assert location == NOT_MATCHED
    assert await me(browser) is None


async def test_a_subject_linked_twice_is_a_coded_conflict(
    app: Starlette, session: AsyncSession
) -> None:
    admin = await _admin(app, session)
    officer, _ = await _officer(session)
    other, _ = await accounts.staff(session, Role.SYSTEM_ADMIN)
    await session.commit()
    assert (await _link(admin, officer, WANG.login))["__typename"] == "AccountUpdated"
    taken = await _link(admin, other, WANG.login)
    assert taken == {
        "__typename": "Conflict",
        "code": "CONFLICT",
        "reason": "SIGN_ON_SUBJECT_TAKEN",
    }
    await session.refresh(other)
    assert other.oidc_subject is None


async def test_personal_accounts_are_never_linked(app: Starlette, session: AsyncSession) -> None:
    admin = await _admin(app, session)
    practitioner, _ = await accounts.practitioner(session)
    await session.commit()
    refused = await _link(admin, practitioner, WANG.login)
    assert refused == {"__typename": "NotFound", "code": "NOT_FOUND", "reason": "ACCOUNT_NOT_FOUND"}


async def test_only_system_administrators_link(app: Starlette, session: AsyncSession) -> None:
    authority_admin = await _admin(app, session, Role.AUTHORITY_ADMIN)
    officer, _ = await _officer(session)
    assert await _link(authority_admin, officer, WANG.login) == {"errors": ["FORBIDDEN"]}
    body = await gql(authority_admin, UNLINK, {"id": to_global_id("Account", officer.id)})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await session.refresh(officer)
    assert officer.oidc_subject is None

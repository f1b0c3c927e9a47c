"""Linking staff accounts to their holders' subjects at the government identity provider.
Only a system administrator links or unlinks; a subject belongs to one account at most, and
personal accounts are never linked (a practitioner is found by the verified ID number)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from access.permissions import Permission, require
from core import audit
from core.errors import Conflict, NotFound, Problem, ValidationFailed
from identity.errors import IdentityProblem
from identity.models import Account, AccountKind

MAX_SUBJECT = 255


async def _staff_account(session: AsyncSession, account_id: uuid.UUID | None) -> Account:
    account = await session.get(Account, account_id) if account_id else None
    if account is None or account.kind is AccountKind.PERSONAL:
        raise NotFound("staff account", account_id, reason=IdentityProblem.ACCOUNT_NOT_FOUND)
    return account


async def link_staff_sign_on(
    session: AsyncSession, actor: Actor, *, account_id: uuid.UUID | None, subject: str
) -> Account:
    require(actor, Permission.IDENTITY_SIGN_ON_LINK)
    subject = subject.strip()
    if not subject or len(subject) > MAX_SUBJECT:
        raise ValidationFailed.on(
            "subject", f"the provider's subject, 1 to {MAX_SUBJECT} characters", Problem.INVALID
        )
    account = await _staff_account(session, account_id)
    holder = await session.scalar(select(Account).where(Account.oidc_subject == subject))
    if holder is not None and holder.id != account.id:
        raise Conflict(
            "this subject is linked to another account",
            reason=IdentityProblem.SIGN_ON_SUBJECT_TAKEN,
        )
    previous = account.oidc_subject
    account.oidc_subject = subject
    await session.flush()
    await audit.record(
        session,
        actor.audit(),
        "identity.account.link_sign_on",
        target_type="account",
        target_id=account.id,
        summary={"subject": subject, "previous": previous},
    )
    return account


async def unlink_staff_sign_on(
    session: AsyncSession, actor: Actor, *, account_id: uuid.UUID | None
) -> Account:
    require(actor, Permission.IDENTITY_SIGN_ON_LINK)
    account = await _staff_account(session, account_id)
    previous = account.oidc_subject
    account.oidc_subject = None
    await session.flush()
    await audit.record(
        session,
        actor.audit(),
        "identity.account.unlink_sign_on",
        target_type="account",
        target_id=account.id,
        summary={"previous": previous},
    )
    return account

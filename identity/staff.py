"""Staff accounts: authority admins (by a system admin), officers (by their authority's
admin), institution accounts (issued by the registering authority), operators (by their
institution's admin); disabling, re-enabling and resetting them."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor, Role
from access.permissions import Permission, require
from core import audit
from core.clock import clock_of
from core.crypto import keyring_of
from core.errors import NotFound, PermissionDenied, Problem, ValidationFailed
from directory import validation
from directory.errors import DirectoryProblem
from directory.models import Authority, Institution
from identity import codes, sessions
from identity.accounts import create_staff_account, grants_of, institution_authorities
from identity.config import IdentityConfig
from identity.errors import IdentityProblem
from identity.models import Account, AccountKind, AccountStatus, CodePurpose, RoleGrant
from identity.notifications import account_mobile
from identity.policy import manages, visible_accounts
from identity.throttle import Throttle
from notifications.messages import send_sms

CREATABLE = {
    Role.INSTITUTION_OPERATOR: AccountKind.INSTITUTION,
    Role.AUTHORITY_OFFICER: AccountKind.AUTHORITY,
    Role.AUTHORITY_ADMIN: AccountKind.AUTHORITY,
}


async def _scope_name(session: AsyncSession, grant: RoleGrant) -> str:
    if grant.institution_id is not None:
        institution = await session.get(Institution, grant.institution_id)
        return institution.name if institution else ""
    if grant.authority_code is not None:
        authority = await session.get(Authority, grant.authority_code)
        return authority.name_zh if authority else grant.authority_code
    return "medreg"


async def _send_activation(
    session: AsyncSession, account: Account, grant: RoleGrant, config: IdentityConfig
) -> None:
    mobile = account_mobile(session, account)
    if mobile is None:
        raise ValidationFailed.on(
            "mobile",
            "a mobile is needed to send the activation code",
            IdentityProblem.MOBILE_NEEDED,
        )
    _row, code = await codes.issue(
        session,
        config.codes,
        purpose=CodePurpose.STAFF_ACTIVATION,
        mobile=mobile,
        account_id=account.id,
    )
    await send_sms(
        session,
        mobile,
        "staff_activation_code",
        {
            "code": code,
            "minutes": codes.minutes(config.codes),
            "username": account.username,
            "institution": await _scope_name(session, grant),
        },
    )


async def create_staff(
    session: AsyncSession,
    actor: Actor,
    *,
    role: Role,
    username: str,
    display_name: str,
    mobile: str,
    institution_id: uuid.UUID | None,
    authority_code: str | None,
    config: IdentityConfig,
    throttle: Throttle,
) -> Account:
    """An operator, an officer or an authority admin; the holder activates by SMS code."""
    require(actor, Permission.IDENTITY_ACCOUNT_CREATE)
    if role not in CREATABLE:
        raise ValidationFailed.on(
            "role",
            "institution admins are issued by their authority",
            IdentityProblem.ROLE_NOT_CREATABLE,
        )
    if role is Role.INSTITUTION_OPERATOR:
        if institution_id is None:
            raise ValidationFailed.on("institutionId", "required for an operator", Problem.REQUIRED)
        institution = await session.get(Institution, institution_id)
        if institution is None:
            raise NotFound(
                "institution", institution_id, reason=DirectoryProblem.INSTITUTION_NOT_FOUND
            )
        authority_code, scope_authority = None, institution.authority_code
    else:
        if authority_code is None:
            raise ValidationFailed.on(
                "authorityCode", "required: an authority code", Problem.REQUIRED
            )
        if await session.get(Authority, authority_code) is None:
            raise ValidationFailed.on(
                "authorityCode",
                "required: an authority code",
                DirectoryProblem.AUTHORITY_NOT_FOUND,
                authority=authority_code,
            )
        institution_id, scope_authority = None, None
    grant = RoleGrant(role=role, institution_id=institution_id, authority_code=authority_code)
    if not manages(actor, grant, scope_authority):
        raise PermissionDenied(f"this account may not create a {role.value} here")
    clean_mobile = validation.mobile(mobile)
    account = await create_staff_account(
        session,
        kind=CREATABLE[role],
        role=role,
        username=username,
        display_name=display_name,
        mobile=clean_mobile,
        institution_id=institution_id,
        authority_code=authority_code,
        created_by=actor.account_id,
    )
    await throttle.code_sent(actor.client_address)
    await _send_activation(session, account, grant, config)
    await audit.record(
        session,
        actor.audit(),
        "identity.account.create",
        target_type="account",
        target_id=account.id,
        summary={"role": role.value, "scope": str(institution_id or authority_code)},
    )
    return account


async def issue_institution_account(
    session: AsyncSession,
    actor: Actor,
    *,
    institution_id: uuid.UUID | None,
    username: str,
    display_name: str | None,
    mobile: str | None,
    config: IdentityConfig,
    throttle: Throttle,
) -> Account:
    """The admin account of an institution the actor's authority registered; the code goes
    to the institution's designated contact unless another mobile is given."""
    require(actor, Permission.IDENTITY_INSTITUTION_ACCOUNT_ISSUE)
    institution = await session.get(Institution, institution_id) if institution_id else None
    if institution is None:
        raise NotFound("institution", institution_id, reason=DirectoryProblem.INSTITUTION_NOT_FOUND)
    if institution.authority_code not in actor.authority_codes():
        raise PermissionDenied("only the authority that registered it issues its account")
    if mobile:
        contact = validation.mobile(mobile)
    elif institution.contact_mobile_enc is not None:
        contact = keyring_of(session).decrypt(
            institution.contact_mobile_enc,
            table="institution",
            column="contact_mobile",
            row_id=institution.id,
        )
    else:
        raise ValidationFailed.on(
            "mobile",
            "the institution has no contact mobile: give one",
            IdentityProblem.CONTACT_MOBILE_MISSING,
        )
    account = await create_staff_account(
        session,
        kind=AccountKind.INSTITUTION,
        role=Role.INSTITUTION_ADMIN,
        username=username,
        display_name=display_name or institution.contact_name or institution.name[:64],
        mobile=contact,
        institution_id=institution.id,
        created_by=actor.account_id,
    )
    grant = RoleGrant(role=Role.INSTITUTION_ADMIN, institution_id=institution.id)
    await throttle.code_sent(actor.client_address)
    await _send_activation(session, account, grant, config)
    await audit.record(
        session,
        actor.audit(),
        "identity.institution_account.issue",
        target_type="account",
        target_id=account.id,
        summary={"institution_id": str(institution.id)},
    )
    return account


async def _managed_account(
    session: AsyncSession, actor: Actor, account_id: uuid.UUID | None
) -> tuple[Account, list[RoleGrant]]:
    account = (
        await session.scalar(visible_accounts(actor).where(Account.id == account_id))
        if account_id
        else None
    )
    if account is None:
        raise NotFound("account", account_id, reason=IdentityProblem.ACCOUNT_NOT_FOUND)
    grants = await grants_of(session, account.id)
    authorities = await institution_authorities(session, grants)
    if account.id == actor.account_id or not any(
        manages(actor, g, authorities.get(g.institution_id) if g.institution_id else None)
        for g in grants
    ):
        raise PermissionDenied("this account may not manage that account")
    return account, grants


async def disable_account(
    session: AsyncSession, actor: Actor, *, account_id: uuid.UUID | None, reason: str
) -> Account:
    require(actor, Permission.IDENTITY_ACCOUNT_DISABLE)
    account, _ = await _managed_account(session, actor, account_id)
    if not reason.strip():
        raise ValidationFailed.on("reason", "say why the account is disabled", Problem.REQUIRED)
    account.status = AccountStatus.DISABLED
    account.disabled_at = clock_of(session).now()
    await session.flush()
    await sessions.revoke_all(session, account.id)
    await audit.record(
        session,
        actor.audit(),
        "identity.account.disable",
        target_type="account",
        target_id=account.id,
        summary={"reason": reason.strip()[:200]},
    )
    return account


async def enable_account(
    session: AsyncSession, actor: Actor, *, account_id: uuid.UUID | None
) -> Account:
    require(actor, Permission.IDENTITY_ACCOUNT_DISABLE)
    account, _ = await _managed_account(session, actor, account_id)
    account.status = (
        AccountStatus.ACTIVE if account.password_hash is not None else AccountStatus.PENDING
    )
    account.disabled_at = None
    await session.flush()
    await audit.record(
        session,
        actor.audit(),
        "identity.account.enable",
        target_type="account",
        target_id=account.id,
    )
    return account


async def reset_staff_credentials(
    session: AsyncSession,
    actor: Actor,
    *,
    account_id: uuid.UUID | None,
    config: IdentityConfig,
    throttle: Throttle,
) -> Account:
    """Staff recover through their administrator: password and TOTP are cleared, every
    session ends, and a new activation code goes to the account's mobile."""
    require(actor, Permission.IDENTITY_ACCOUNT_RESET)
    account, grants = await _managed_account(session, actor, account_id)
    account.status = AccountStatus.PENDING
    account.password_hash = None
    account.totp_secret_enc = None
    account.totp_enabled_at = None
    account.totp_last_step = None
    account.failed_sign_ins = 0
    account.recovery_required_at = None
    await session.flush()
    await sessions.revoke_all(session, account.id)
    await throttle.code_sent(actor.client_address)
    await _send_activation(session, account, grants[0], config)
    await audit.record(
        session,
        actor.audit(),
        "identity.account.reset",
        target_type="account",
        target_id=account.id,
    )
    return account

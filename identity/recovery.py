"""Password reset by SMS (practitioners), password change, and moving an account to a new
mobile (a code to the new number, a notice to the old one)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from access.permissions import require_signed_in
from core import audit
from core.clock import clock_of
from core.crypto import mask_mobile
from core.errors import AuthenticationRequired, Conflict, KeepChanges, ValidationFailed
from directory import service as directory
from directory import validation
from directory.models import Person
from identity import codes, sessions
from identity.accounts import find_by_login_key, get_account, personal_login_key, set_account_mobile
from identity.config import IdentityConfig
from identity.errors import CodeUnusable, IdentityProblem
from identity.models import Account, AccountKind, AccountStatus, CodePurpose
from identity.notifications import account_mobile
from identity.passwords import check_new_password, hash_password, verify_password
from identity.signin import needs_totp
from identity.throttle import Throttle
from notifications.messages import send_sms


def _context(account: Account | None) -> tuple[str | None, ...]:
    return (account.display_name, account.username) if account else ()


async def start_password_reset(
    session: AsyncSession,
    actor: Actor,
    *,
    mobile: str,
    config: IdentityConfig,
    throttle: Throttle,
) -> codes.CodeSent:
    """Always the same answer; the SMS goes out only when a personal account signs in with
    this mobile (the unused row keeps the answer, the pause and the daily cap identical)."""
    clean = validation.mobile(mobile)
    await throttle.code_sent(actor.client_address)
    account = await find_by_login_key(session, personal_login_key(session, clean))
    eligible = account is not None and account.status is not AccountStatus.DISABLED
    row, code = await codes.issue(
        session,
        config.codes,
        purpose=CodePurpose.PASSWORD_RESET,
        mobile=clean,
        account_id=account.id if eligible and account else None,
    )
    if eligible:
        await send_sms(
            session,
            clean,
            "password_reset_code",
            {"code": code, "minutes": codes.minutes(config.codes)},
        )
    await audit.record(
        session,
        actor.audit(),
        "identity.password.reset_start",
        target_type="one_time_code",
        target_id=row.id,
    )
    return codes.answer(row, config.codes)


async def complete_password_reset(
    session: AsyncSession,
    actor: Actor,
    *,
    reset_id: uuid.UUID | None,
    code: str,
    new_password: str,
    config: IdentityConfig,
) -> Account:
    row = await codes.find(session, reset_id, CodePurpose.PASSWORD_RESET)
    account = await session.get(Account, row.account_id) if row and row.account_id else None
    clean = check_new_password(
        new_password,
        config.passwords,
        with_mfa=account is not None and needs_totp(account),
        context=_context(account),
        field="newPassword",
    )
    row = await codes.consume(session, row, code, config.codes)
    if account is None:
        raise CodeUnusable()
    now = clock_of(session).now()
    account.password_hash = hash_password(clean, config.passwords)
    account.password_changed_at = now
    account.failed_sign_ins = 0
    account.recovery_required_at = None
    await session.flush()
    await sessions.revoke_all(session, account.id)
    mobile = account_mobile(session, account)
    if mobile:
        await send_sms(session, mobile, "password_changed_notice", {})
    await audit.record(
        session,
        actor.audit(),
        "identity.password.reset",
        target_type="account",
        target_id=account.id,
    )
    return account


async def change_password(
    session: AsyncSession,
    actor: Actor,
    *,
    current_password: str,
    new_password: str,
    config: IdentityConfig,
    throttle: Throttle,
) -> Account:
    require_signed_in(actor)
    assert actor.account_id is not None
    account = await get_account(session, actor.account_id)
    await throttle.check_sign_in(account.login_key, actor.client_address)
    if not verify_password(account.password_hash, current_password, config.passwords):
        await throttle.sign_in_failed(account.login_key, actor.client_address)
        raise ValidationFailed.on(
            "currentPassword", "is not correct", IdentityProblem.PASSWORD_WRONG
        )
    clean = check_new_password(
        new_password,
        config.passwords,
        with_mfa=needs_totp(account),
        context=_context(account),
        field="newPassword",
    )
    account.password_hash = hash_password(clean, config.passwords)
    account.password_changed_at = clock_of(session).now()
    await session.flush()
    await sessions.revoke_all(session, account.id, keep=actor.session_id)
    mobile = account_mobile(session, account)
    if mobile:
        await send_sms(session, mobile, "password_changed_notice", {})
    await audit.record(
        session,
        actor.audit(),
        "identity.password.change",
        target_type="account",
        target_id=account.id,
    )
    return account


async def start_mobile_change(
    session: AsyncSession,
    actor: Actor,
    *,
    new_mobile: str,
    password: str,
    config: IdentityConfig,
    throttle: Throttle,
) -> codes.CodeSent:
    require_signed_in(actor)
    assert actor.account_id is not None
    account = await get_account(session, actor.account_id)
    clean = validation.mobile(new_mobile, field="newMobile")
    await throttle.check_sign_in(account.login_key, actor.client_address)
    if not verify_password(account.password_hash, password, config.passwords):
        await throttle.sign_in_failed(account.login_key, actor.client_address)
        raise ValidationFailed.on("password", "is not correct", IdentityProblem.PASSWORD_WRONG)
    await throttle.code_sent(actor.client_address)
    row, code = await codes.issue(
        session,
        config.codes,
        purpose=CodePurpose.MOBILE_CHANGE,
        mobile=clean,
        account_id=account.id,
    )
    await send_sms(
        session, clean, "mobile_change_code", {"code": code, "minutes": codes.minutes(config.codes)}
    )
    await audit.record(
        session,
        actor.audit(),
        "identity.mobile.change_start",
        target_type="account",
        target_id=account.id,
    )
    return codes.answer(row, config.codes)


async def complete_mobile_change(
    session: AsyncSession,
    actor: Actor,
    *,
    change_id: uuid.UUID | None,
    code: str,
    config: IdentityConfig,
) -> Account:
    if actor.is_anonymous:
        raise AuthenticationRequired("sign in first")
    row = await codes.find(session, change_id, CodePurpose.MOBILE_CHANGE)
    if row is not None and row.account_id != actor.account_id:
        row = None
    row = await codes.consume(session, row, code, config.codes)
    assert actor.account_id is not None
    account = await get_account(session, actor.account_id)
    new_mobile = codes.reveal_mobile(session, row)
    if account.kind is AccountKind.PERSONAL:
        other = await find_by_login_key(session, personal_login_key(session, new_mobile))
        if other is not None and other.id != account.id:
            raise KeepChanges(
                Conflict(
                    "this mobile already signs in to another account",
                    reason=IdentityProblem.MOBILE_TAKEN,
                )
            )
    old_mobile = account_mobile(session, account)
    set_account_mobile(session, account, new_mobile)
    if account.person_id is not None:
        person = await session.get(Person, account.person_id)
        if person is not None:
            directory.set_mobile(session, person, new_mobile)
    await session.flush()
    if old_mobile and old_mobile != new_mobile:
        await send_sms(
            session, old_mobile, "mobile_changed_notice", {"new_mobile": mask_mobile(new_mobile)}
        )
    await audit.record(
        session,
        actor.audit(),
        "identity.mobile.change",
        target_type="account",
        target_id=account.id,
    )
    return account

"""Signing in (password, plus TOTP for staff and for anyone who enrolled) and out."""

from __future__ import annotations

from typing import NoReturn

from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from access.permissions import require_signed_in
from core import audit
from core.clock import clock_of
from core.errors import KeepChanges
from identity import sessions, totp
from identity.accounts import find_by_login_key, login_key_for
from identity.config import IdentityConfig
from identity.errors import RecoveryRequired, SignInFailed
from identity.models import Account, AccountKind, AccountStatus
from identity.passwords import hash_password, needs_rehash, verify_password
from identity.throttle import Throttle


def needs_totp(account: Account) -> bool:
    """Staff always; a practitioner once they enrolled."""
    return account.kind is not AccountKind.PERSONAL or account.totp_enabled_at is not None


def _audit_actor(account: Account, actor: Actor) -> audit.AuditActor:
    return audit.AuditActor(str(account.id), None, actor.client_address)


async def record_failed_sign_in(
    session: AsyncSession,
    actor: Actor,
    account: Account | None,
    login_key: str,
    *,
    config: IdentityConfig,
    throttle: Throttle,
) -> NoReturn:
    """Count a failed sign-in (throttle windows, the account's consecutive failures), audit it
    and answer the one ``SIGN_IN_FAILED`` that tells nothing to a guesser."""
    await throttle.sign_in_failed(login_key, actor.client_address)
    if account is not None:
        account.failed_sign_ins += 1
        if account.failed_sign_ins >= config.throttle.max_consecutive_failures:
            account.recovery_required_at = clock_of(session).now()
    await audit.record(
        session,
        actor.audit(),
        "identity.session.sign_in_failed",
        target_type="account" if account else "login",
        target_id=account.id if account else login_key[:64],
    )
    raise KeepChanges(SignInFailed())


async def sign_in(
    session: AsyncSession,
    actor: Actor,
    *,
    identifier: str,
    password: str,
    totp_code: str | None,
    config: IdentityConfig,
    throttle: Throttle,
    user_agent: str | None = None,
) -> tuple[Account, sessions.NewSession]:
    login_key = login_key_for(session, identifier)
    await throttle.check_sign_in(login_key, actor.client_address)
    account = await find_by_login_key(session, login_key)
    if account is not None and account.recovery_required_at is not None:
        raise RecoveryRequired()
    now = clock_of(session).now()
    ok = verify_password(account.password_hash if account else None, password, config.passwords)
    ok = ok and account is not None and account.status is AccountStatus.ACTIVE
    if ok and account is not None and needs_totp(account):
        ok = totp.verify(session, account, totp_code, now)
    if not ok or account is None:
        await record_failed_sign_in(
            session, actor, account, login_key, config=config, throttle=throttle
        )
    await throttle.sign_in_succeeded(login_key)
    account.failed_sign_ins = 0
    if account.password_hash and needs_rehash(account.password_hash, config.passwords):
        account.password_hash = hash_password(password, config.passwords)
    new = await sessions.start_session(
        session,
        account,
        config.sessions,
        client_address=actor.client_address,
        user_agent=user_agent,
    )
    await audit.record(
        session,
        _audit_actor(account, actor),
        "identity.session.start",
        target_type="account",
        target_id=account.id,
        summary={"session_id": str(new.row.id)},
    )
    return account, new


async def sign_out(session: AsyncSession, actor: Actor) -> None:
    """Revoke this browser's session server-side (a no-op when not signed in)."""
    if actor.session_id is None or actor.account_id is None:
        return
    await sessions.revoke(session, actor.session_id)
    await audit.record(
        session,
        actor.audit(),
        "identity.session.end",
        target_type="account",
        target_id=actor.account_id,
        summary={"session_id": str(actor.session_id)},
    )


async def sign_out_everywhere(session: AsyncSession, actor: Actor) -> int:
    require_signed_in(actor)
    assert actor.account_id is not None
    count = await sessions.revoke_all(session, actor.account_id)
    await audit.record(
        session,
        actor.audit(),
        "identity.session.end_all",
        target_type="account",
        target_id=actor.account_id,
        summary={"revoked": count},
    )
    return count

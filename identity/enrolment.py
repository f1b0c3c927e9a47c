"""Staff activation (SMS code + password, then TOTP enrolment confirmed by one code), TOTP
enrolment for signed-in accounts, and the first system admin (from the command line)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor, Role
from access.permissions import require_signed_in
from core import audit
from core.clock import clock_of
from core.crypto import keyring_of
from core.errors import AuthenticationRequired, KeepChanges
from directory import validation
from identity import codes, sessions, totp
from identity.accounts import clean_username, find_by_login_key, get_account, staff_login_key
from identity.config import IdentityConfig
from identity.errors import CodeRejected, CodeUnusable, StaffCodeRejected, UsernameTaken
from identity.models import Account, AccountKind, AccountStatus, CodePurpose, OneTimeCode, RoleGrant
from identity.passwords import check_new_password, hash_password
from identity.throttle import Throttle

STAFF_ACTIVATION = "staff-activation"
"""The throttle namespace of staff activation attempts."""


@dataclass(frozen=True)
class PendingEnrolment:
    token: str
    """Proves, to ``confirm_totp_enrolment``, that the caller set the password just now."""
    enrolment: totp.Enrolment
    expires_at: datetime


async def _latest_code(
    session: AsyncSession, account_id: uuid.UUID, purpose: CodePurpose
) -> OneTimeCode | None:
    return await session.scalar(
        select(OneTimeCode)
        .where(
            OneTimeCode.account_id == account_id,
            OneTimeCode.purpose == purpose,
            OneTimeCode.consumed_at.is_(None),
        )
        .order_by(OneTimeCode.created_at.desc())
        .limit(1)
    )


async def _new_enrolment(
    session: AsyncSession, account: Account, config: IdentityConfig
) -> PendingEnrolment:
    now = clock_of(session).now()
    secret = totp.new_secret()
    token = codes.new_token()
    row = OneTimeCode(
        id=uuid.uuid4(),
        purpose=CodePurpose.TOTP_ENROLMENT,
        account_id=account.id,
        attempts=0,
        sends=0,
        last_sent_at=now,
        expires_at=now + config.codes.enrolment_ttl,
        created_at=now,
    )
    row.code_hash = codes.code_hash(session, row.id, token)
    row.secret_enc = keyring_of(session).encrypt(
        secret, table="one_time_code", column="secret", row_id=row.id
    )
    session.add(row)
    await session.flush()
    label = account.username or account.mobile_masked or str(account.id)
    return PendingEnrolment(
        token=f"{row.id}.{token}",
        enrolment=totp.enrolment(secret, account_name=label, issuer=config.totp_issuer),
        expires_at=row.expires_at,
    )


async def activate_staff_account(
    session: AsyncSession,
    actor: Actor,
    *,
    username: str,
    code: str,
    password: str,
    config: IdentityConfig,
    throttle: Throttle,
) -> PendingEnrolment:
    """Step 1: the SMS code and a password. The account stays PENDING until step 2.

    The code is checked first, and every way of not holding it (an unknown username, a wrong,
    used or expired code) gets the same answer, throttled per username and per client: the
    mutation tells nobody which staff usernames exist. Only then is the password judged."""
    login_key = staff_login_key(username)
    await throttle.check_code_attempt(STAFF_ACTIVATION, login_key, actor.client_address)
    account = await find_by_login_key(session, login_key)
    row = (
        await _latest_code(session, account.id, CodePurpose.STAFF_ACTIVATION)
        if account is not None and account.status is AccountStatus.PENDING
        else None
    )
    if not codes.matches(session, row, code, config.codes):
        await throttle.code_attempt_failed(STAFF_ACTIVATION, login_key, actor.client_address)
        if row is not None and codes.usable(row, config.codes, clock_of(session).now()):
            row.attempts += 1  # the holder's tries still run out
            await session.flush()
            raise KeepChanges(StaffCodeRejected())
        raise StaffCodeRejected()
    assert account is not None
    clean = check_new_password(
        password,
        config.passwords,
        with_mfa=True,
        context=(account.username, account.display_name) if account else (),
    )
    await codes.consume(session, row, code, config.codes)
    account.password_hash = hash_password(clean, config.passwords)
    account.password_changed_at = clock_of(session).now()
    pending = await _new_enrolment(session, account, config)
    await audit.record(
        session,
        audit.AuditActor(str(account.id), None, actor.client_address),
        "identity.account.password_set",
        target_type="account",
        target_id=account.id,
    )
    return pending


async def begin_totp_enrolment(
    session: AsyncSession, actor: Actor, *, config: IdentityConfig
) -> PendingEnrolment:
    """A signed-in account (a practitioner adding a second factor, or staff moving to a new
    phone) gets a new secret; the old one works until the new one is confirmed."""
    require_signed_in(actor)
    assert actor.account_id is not None
    account = await get_account(session, actor.account_id)
    pending = await _new_enrolment(session, account, config)
    await audit.record(
        session,
        actor.audit(),
        "identity.totp.enrolment_start",
        target_type="account",
        target_id=account.id,
    )
    return pending


def _parse_token(token: str) -> tuple[uuid.UUID | None, str]:
    head, _, secret = token.partition(".")
    try:
        return uuid.UUID(head), secret
    except ValueError:
        return None, ""


async def confirm_totp_enrolment(
    session: AsyncSession,
    actor: Actor,
    *,
    token: str,
    code: str,
    config: IdentityConfig,
    user_agent: str | None = None,
) -> tuple[Account, sessions.NewSession | None]:
    """Step 2: one code from the authenticator turns TOTP on; a staff account being
    activated becomes ACTIVE and is signed in."""
    row_id, secret_token = _parse_token(token)
    row = await codes.find(session, row_id, CodePurpose.TOTP_ENROLMENT)
    now = clock_of(session).now()
    if (
        row is None
        or row.account_id is None
        or not codes.usable(row, config.codes, now)
        or row.code_hash != codes.code_hash(session, row.id, secret_token)
        or (not actor.is_anonymous and actor.account_id != row.account_id)
    ):
        raise CodeUnusable()
    account = await get_account(session, row.account_id)
    if actor.is_anonymous and account.status is not AccountStatus.PENDING:
        raise AuthenticationRequired("sign in first")
    assert row.secret_enc is not None
    secret = keyring_of(session).decrypt(
        row.secret_enc, table="one_time_code", column="secret", row_id=row.id
    )
    step = totp.matching_step(secret, code, now)
    if step is None:
        row.attempts += 1
        await session.flush()
        raise KeepChanges(CodeRejected(config.codes.max_attempts - row.attempts))
    row.consumed_at = now
    totp.store_secret(session, account, secret)
    account.totp_last_step = step
    account.totp_enabled_at = now
    new_session = None
    if account.status is AccountStatus.PENDING:
        account.status = AccountStatus.ACTIVE
        account.activated_at = now
        account.failed_sign_ins = 0
        new_session = await sessions.start_session(
            session,
            account,
            config.sessions,
            client_address=actor.client_address,
            user_agent=user_agent,
        )
    await session.flush()
    await audit.record(
        session,
        audit.AuditActor(str(account.id), None, actor.client_address),
        "identity.totp.enable",
        target_type="account",
        target_id=account.id,
        summary={"activated": new_session is not None},
    )
    return account, new_session


@dataclass(frozen=True)
class BootstrapAdmin:
    account: Account
    enrolment: totp.Enrolment


async def create_system_admin(
    session: AsyncSession,
    *,
    username: str,
    display_name: str,
    password: str,
    config: IdentityConfig,
) -> BootstrapAdmin:
    """The first (or another) system admin, created from the command line: active at once,
    with a TOTP secret the operator adds to an authenticator app."""
    clean_name = clean_username(username)
    name = validation.name(display_name, field="displayName")
    clean = check_new_password(
        password, config.passwords, with_mfa=True, context=(clean_name, name)
    )
    if await find_by_login_key(session, staff_login_key(clean_name)):
        raise UsernameTaken(clean_name)
    now = clock_of(session).now()
    secret = totp.new_secret()
    account = Account(
        id=uuid.uuid4(),
        kind=AccountKind.SYSTEM,
        status=AccountStatus.ACTIVE,
        login_key=staff_login_key(clean_name),
        username=clean_name,
        display_name=name,
        password_hash=hash_password(clean, config.passwords),
        failed_sign_ins=0,
        created_at=now,
        activated_at=now,
        password_changed_at=now,
        totp_enabled_at=now,
    )
    totp.store_secret(session, account, secret)
    session.add(account)
    session.add(
        RoleGrant(id=uuid.uuid4(), account_id=account.id, role=Role.SYSTEM_ADMIN, created_at=now)
    )
    await session.flush()
    await audit.record(
        session,
        audit.AuditActor("cli", "SYSTEM_ADMIN"),
        "identity.account.create",
        target_type="account",
        target_id=account.id,
        summary={"role": Role.SYSTEM_ADMIN.value},
    )
    return BootstrapAdmin(
        account=account,
        enrolment=totp.enrolment(secret, account_name=clean_name, issuer=config.totp_issuer),
    )

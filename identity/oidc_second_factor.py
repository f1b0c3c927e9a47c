"""The second factor after government single sign-on. An account that has one (staff always;
a practitioner who enrolled TOTP) is not signed in by the provider alone: the callback leaves a
pending sign-on, sealed with the keyring in a short-lived HttpOnly cookie, and the portal asks
for the authenticator code. The code is checked, throttled and counted like the TOTP step of
the password sign-in, and answers the same ``SIGN_IN_FAILED`` when wrong.

The pending sign-on is single-use without any stored state: it carries the account's last
accepted TOTP time step, and the code that completes it moves that step on, so the same
pending sign-on (or one issued before any later sign-in) never opens a second session."""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from core import audit
from core.clock import clock_of
from core.crypto import DecryptionFailed, Keyring
from core.errors import InvalidState
from identity import sessions, totp
from identity.config import IdentityConfig
from identity.errors import IdentityProblem
from identity.models import Account, AccountStatus
from identity.signin import needs_totp, record_failed_sign_in
from identity.throttle import Throttle

PENDING_COOKIE = "medreg_sign_on"
PENDING_COOKIE_PATH = "/graphql"
PENDING_TTL = timedelta(minutes=5)
_MAX_COOKIE = 2048


class NoPendingSignOn(InvalidState):
    """The pending sign-on is missing, forged, expired or already used: start again."""

    def __init__(self) -> None:
        super().__init__(
            "no pending sign-on: sign on with the identity provider again",
            reason=IdentityProblem.SIGN_ON_EXPIRED,
        )


@dataclass(frozen=True)
class PendingSignOn:
    account_id: uuid.UUID
    last_step: int | None
    """The account's ``totp_last_step`` when the provider vouched for its holder."""
    expires_at: datetime
    next_path: str | None = None
    """Where the portal goes once signed in (a relative path, checked at the start)."""


def pending_for(account: Account, now: datetime, next_path: str | None) -> PendingSignOn:
    return PendingSignOn(account.id, account.totp_last_step, now + PENDING_TTL, next_path)


def seal(keyring: Keyring, pending: PendingSignOn) -> str:
    handle = secrets.token_urlsafe(12)
    payload = json.dumps(
        {
            "account": str(pending.account_id),
            "step": pending.last_step,
            "expires": pending.expires_at.isoformat(),
            "next": pending.next_path,
        }
    )
    blob = keyring.encrypt(payload, table="oidc", column="pending", row_id=handle)
    return f"{handle}.{base64.urlsafe_b64encode(blob).decode()}"


def unseal(keyring: Keyring, value: str | None, now: datetime) -> PendingSignOn:
    if not value or "." not in value or len(value) > _MAX_COOKIE:
        raise NoPendingSignOn()
    handle, blob = value.split(".", 1)
    try:
        plain = keyring.decrypt(
            base64.urlsafe_b64decode(blob), table="oidc", column="pending", row_id=handle
        )
        payload = json.loads(plain)
        step = payload["step"]
        pending = PendingSignOn(
            account_id=uuid.UUID(payload["account"]),
            last_step=None if step is None else int(step),
            expires_at=datetime.fromisoformat(payload["expires"]),
            next_path=payload.get("next"),
        )
    except (DecryptionFailed, ValueError, KeyError, TypeError):
        raise NoPendingSignOn() from None
    if pending.expires_at <= now:
        raise NoPendingSignOn()
    return pending


async def complete_sign_on(
    session: AsyncSession,
    actor: Actor,
    *,
    pending: PendingSignOn,
    totp_code: str,
    config: IdentityConfig,
    throttle: Throttle,
    user_agent: str | None = None,
) -> tuple[Account, sessions.NewSession]:
    """Check the authenticator code of a pending sign-on and start the session."""
    account = await session.get(Account, pending.account_id)
    if account is None or account.totp_last_step != pending.last_step:
        raise NoPendingSignOn()
    await throttle.check_sign_in(account.login_key, actor.client_address)
    now = clock_of(session).now()
    ok = (
        account.status is AccountStatus.ACTIVE
        and account.recovery_required_at is None
        and needs_totp(account)
        and totp.verify(session, account, totp_code, now)
    )
    if not ok:
        await record_failed_sign_in(
            session, actor, account, account.login_key, config=config, throttle=throttle
        )
    await throttle.sign_in_succeeded(account.login_key)
    account.failed_sign_ins = 0
    new = await sessions.start_session(
        session,
        account,
        config.sessions,
        client_address=actor.client_address,
        user_agent=user_agent,
    )
    await audit.record(
        session,
        audit.AuditActor(str(account.id), None, actor.client_address),
        "identity.session.start",
        target_type="account",
        target_id=account.id,
        summary={"session_id": str(new.row.id), "method": "oidc"},
    )
    return account, new

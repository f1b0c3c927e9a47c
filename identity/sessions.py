"""Browser sessions: an opaque random id in a cookie, only its hash stored, idle and absolute
timeouts by kind of account, server-side revocation."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor, Grant
from core.clock import clock_of
from identity.config import SessionPolicy
from identity.models import Account, AccountKind, AccountSession, AccountStatus, RoleGrant


@dataclass(frozen=True)
class NewSession:
    token: str
    """The cookie value: shown to the browser once, stored only as a hash."""
    row: AccountSession


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _timeouts(policy: SessionPolicy, account: Account) -> tuple[int, int]:
    if account.kind is AccountKind.PERSONAL:
        return (
            int(policy.personal_idle.total_seconds()),
            int(policy.personal_absolute.total_seconds()),
        )
    return int(policy.staff_idle.total_seconds()), int(policy.staff_absolute.total_seconds())


async def start_session(
    session: AsyncSession,
    account: Account,
    policy: SessionPolicy,
    *,
    client_address: str | None,
    user_agent: str | None = None,
) -> NewSession:
    now = clock_of(session).now()
    idle, absolute = _timeouts(policy, account)
    token = secrets.token_urlsafe(32)
    row = AccountSession(
        id=uuid.uuid4(),
        account_id=account.id,
        token_hash=token_hash(token),
        created_at=now,
        last_seen_at=now,
        idle_seconds=idle,
        expires_at=now + timedelta(seconds=absolute),
        client_address=client_address,
        user_agent=(user_agent or "")[:200] or None,
    )
    session.add(row)
    await session.flush()
    return NewSession(token=token, row=row)


def is_live(row: AccountSession, now: datetime) -> bool:
    return (
        row.revoked_at is None
        and now < row.expires_at
        and now < row.last_seen_at + timedelta(seconds=row.idle_seconds)
    )


def actor_for(
    account: Account,
    grants: list[RoleGrant],
    *,
    client_address: str | None,
    session_id: uuid.UUID | None = None,
) -> Actor:
    return Actor(
        account_id=account.id,
        person_id=account.person_id,
        grants=tuple(
            Grant(role=g.role, institution_id=g.institution_id, authority_code=g.authority_code)
            for g in grants
        ),
        client_address=client_address,
        session_id=session_id,
        display_name=account.display_name,
    )


@dataclass(frozen=True)
class Resolved:
    actor: Actor
    touched: bool
    """``last_seen_at`` was moved: the caller commits it."""


async def resolve_token(
    session: AsyncSession,
    token: str,
    policy: SessionPolicy,
    *,
    client_address: str | None,
    touch: bool = True,
) -> Resolved:
    """The actor a cookie stands for; anonymous when it is unknown, expired or revoked.
    With ``touch=False`` a due touch is only reported (``touched``), not written: a read-only
    request writes it in a transaction of its own (``touch_session``)."""
    anonymous = Resolved(Actor(client_address=client_address), touched=False)
    if not token or len(token) > 128:
        return anonymous
    found = (await session.execute(_BY_TOKEN, {"token_hash": token_hash(token)})).all()
    if not found:
        return anonymous
    row, account, _grant = found[0]
    now = clock_of(session).now()
    if not is_live(row, now) or account.status is not AccountStatus.ACTIVE:
        return anonymous
    touched = now - row.last_seen_at >= policy.touch_interval
    if touched and touch:
        row.last_seen_at = now
        await session.flush()
    grants = [grant for _row, _account, grant in found if grant is not None]
    actor = actor_for(account, grants, client_address=client_address, session_id=row.id)
    return Resolved(actor, touched)


_BY_TOKEN = (
    select(AccountSession, Account, RoleGrant)
    .join(Account, Account.id == AccountSession.account_id)
    .outerjoin(RoleGrant, RoleGrant.account_id == Account.id)
    .where(AccountSession.token_hash == bindparam("token_hash"))
    .order_by(RoleGrant.created_at, RoleGrant.id)
)
"""The session, its account and the account's grants (a row each; one without a grant
when it has none), in one statement: every signed-in request runs it, and a second
statement for the grants cost as much as the first. Built once: building it cost more
than running it."""


async def touch_session(session: AsyncSession, session_id: uuid.UUID) -> None:
    """Move a session's ``last_seen_at`` to now (never backwards)."""
    now = clock_of(session).now()
    await session.execute(
        update(AccountSession)
        .where(AccountSession.id == session_id, AccountSession.last_seen_at < now)
        .values(last_seen_at=now)
    )


async def revoke(session: AsyncSession, session_id: uuid.UUID) -> None:
    await session.execute(
        update(AccountSession)
        .where(AccountSession.id == session_id, AccountSession.revoked_at.is_(None))
        .values(revoked_at=clock_of(session).now())
    )


async def revoke_all(
    session: AsyncSession, account_id: uuid.UUID, *, keep: uuid.UUID | None = None
) -> int:
    stmt = update(AccountSession).where(
        AccountSession.account_id == account_id, AccountSession.revoked_at.is_(None)
    )
    if keep is not None:
        stmt = stmt.where(AccountSession.id != keep)
    result = await session.execute(stmt.values(revoked_at=clock_of(session).now()))
    return int(getattr(result, "rowcount", 0) or 0)


async def live_sessions(session: AsyncSession, account_id: uuid.UUID) -> list[AccountSession]:
    now = clock_of(session).now()
    rows = await session.scalars(
        select(AccountSession)
        .where(AccountSession.account_id == account_id, AccountSession.revoked_at.is_(None))
        .order_by(AccountSession.created_at.desc())
    )
    return [row for row in rows if is_live(row, now)]

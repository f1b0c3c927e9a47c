"""One-time codes: six digits from a CSPRNG, stored as a keyed hash, valid for a while,
used once, a few tries, a pause before a resend and a daily cap per mobile."""

from __future__ import annotations

import hmac
import math
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import clock_of
from core.crypto import keyring_of, mask_mobile
from core.errors import KeepChanges, RateLimited
from directory.service import mobile_index
from identity.config import CodePolicy
from identity.errors import CodeRejected, CodeUnusable, IdentityProblem
from identity.models import CodePurpose, OneTimeCode

_PURPOSE = "one_time_code"


@dataclass(frozen=True)
class CodeSent:
    """The answer to a code request: the same whether or not anything matched."""

    code_id: uuid.UUID
    mobile_masked: str
    expires_at: datetime
    resend_at: datetime


def answer(row: OneTimeCode, policy: CodePolicy) -> CodeSent:
    assert row.mobile_masked is not None
    return CodeSent(
        code_id=row.id,
        mobile_masked=row.mobile_masked,
        expires_at=row.expires_at,
        resend_at=row.last_sent_at + policy.resend_after,
    )


def minutes(policy: CodePolicy) -> int:
    return int(policy.ttl.total_seconds() // 60)


def new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def code_hash(session: AsyncSession, code_id: uuid.UUID, code: str) -> str:
    return keyring_of(session).blind_index(f"{code_id}:{code.strip()}", purpose=_PURPOSE)


def _seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))


async def _check_daily_cap(
    session: AsyncSession, index: str, policy: CodePolicy, now: datetime
) -> None:
    sent = await session.scalar(
        select(func.coalesce(func.sum(OneTimeCode.sends), 0)).where(
            OneTimeCode.mobile_index == index,
            OneTimeCode.created_at > now - timedelta(days=1),
        )
    )
    if int(sent or 0) >= policy.daily_cap_per_mobile:
        raise RateLimited(
            "Too many codes were sent to this mobile today; try again tomorrow.",
            retry_after_seconds=_seconds(timedelta(days=1)),
            reason=IdentityProblem.CODE_DAILY_CAP,
        )


async def _check_pause(
    session: AsyncSession, index: str, policy: CodePolicy, now: datetime
) -> None:
    last = await session.scalar(
        select(func.max(OneTimeCode.last_sent_at)).where(OneTimeCode.mobile_index == index)
    )
    if last is not None and now - last < policy.resend_after:
        raise RateLimited(
            "A code was just sent to this mobile; wait before asking for another.",
            retry_after_seconds=_seconds(policy.resend_after - (now - last)),
            reason=IdentityProblem.CODE_RESEND_WAIT,
        )


async def issue(
    session: AsyncSession,
    policy: CodePolicy,
    *,
    purpose: CodePurpose,
    mobile: str,
    account_id: uuid.UUID | None = None,
    name: str | None = None,
    id_number: str | None = None,
    id_number_index: str | None = None,
) -> tuple[OneTimeCode, str]:
    """A new code for ``mobile``; returns the row and the plain code to send."""
    now = clock_of(session).now()
    index = mobile_index(session, mobile)
    await _check_pause(session, index, policy, now)
    await _check_daily_cap(session, index, policy, now)
    keyring = keyring_of(session)
    code = new_code()
    row = OneTimeCode(
        id=uuid.uuid4(),
        purpose=purpose,
        account_id=account_id,
        name=name,
        mobile_index=index,
        mobile_masked=mask_mobile(mobile),
        attempts=0,
        sends=1,
        last_sent_at=now,
        expires_at=now + policy.ttl,
        created_at=now,
    )
    row.code_hash = code_hash(session, row.id, code)
    row.mobile_enc = keyring.encrypt(mobile, table="one_time_code", column="mobile", row_id=row.id)
    if id_number is not None:
        row.id_number_enc = keyring.encrypt(
            id_number, table="one_time_code", column="id_number", row_id=row.id
        )
        row.id_number_index = id_number_index
    session.add(row)
    await session.flush()
    return row, code


def usable(row: OneTimeCode | None, policy: CodePolicy, now: datetime) -> bool:
    return (
        row is not None
        and row.consumed_at is None
        and row.expires_at > now
        and row.attempts < policy.max_attempts
    )


async def resend(session: AsyncSession, row: OneTimeCode | None, policy: CodePolicy) -> str:
    """A fresh code for the same purpose; the tries already used still count."""
    now = clock_of(session).now()
    if row is None or not usable(row, policy, now) or row.mobile_index is None:
        raise CodeUnusable()
    await _check_pause(session, row.mobile_index, policy, now)
    await _check_daily_cap(session, row.mobile_index, policy, now)
    code = new_code()
    row.code_hash = code_hash(session, row.id, code)
    row.sends += 1
    row.last_sent_at = now
    row.expires_at = now + policy.ttl
    await session.flush()
    return code


def matches(session: AsyncSession, row: OneTimeCode | None, code: str, policy: CodePolicy) -> bool:
    """Is ``code`` the usable code of ``row``? The same keyed hash is computed when there is
    no row, so the answer takes as long either way."""
    candidate = code_hash(session, row.id if row is not None else uuid.UUID(int=0), code)
    if row is None or not usable(row, policy, clock_of(session).now()):
        return False
    return hmac.compare_digest(row.code_hash, candidate)


async def check(
    session: AsyncSession, row: OneTimeCode | None, code: str, policy: CodePolicy
) -> OneTimeCode:
    """Is ``code`` right, without using it up? A wrong code costs a try, and that try is
    committed even though the mutation reports an error (``KeepChanges``); an unknown, used
    or expired code gets the one answer ``CodeUnusable``."""
    now = clock_of(session).now()
    if row is None or not usable(row, policy, now):
        raise CodeUnusable()
    if not hmac.compare_digest(row.code_hash, code_hash(session, row.id, code)):
        row.attempts += 1
        await session.flush()
        raise KeepChanges(CodeRejected(policy.max_attempts - row.attempts))
    return row


async def consume(
    session: AsyncSession, row: OneTimeCode | None, code: str, policy: CodePolicy
) -> OneTimeCode:
    """Accept ``code`` once, with the answers of ``check``."""
    checked = await check(session, row, code, policy)
    checked.consumed_at = clock_of(session).now()
    await session.flush()
    return checked


def reveal_mobile(session: AsyncSession, row: OneTimeCode) -> str:
    assert row.mobile_enc is not None
    return keyring_of(session).decrypt(
        row.mobile_enc, table="one_time_code", column="mobile", row_id=row.id
    )


def reveal_id_number(session: AsyncSession, row: OneTimeCode) -> str:
    assert row.id_number_enc is not None
    return keyring_of(session).decrypt(
        row.id_number_enc, table="one_time_code", column="id_number", row_id=row.id
    )


async def find(
    session: AsyncSession, code_id: uuid.UUID | None, purpose: CodePurpose
) -> OneTimeCode | None:
    if code_id is None:
        return None
    row = await session.get(OneTimeCode, code_id)
    return row if row is not None and row.purpose is purpose else None

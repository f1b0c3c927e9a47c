"""A holder shows a licence to someone who is not in front of them, or not for long.

- A **share link** (``/s/{token}``) shows the licence's live status to whoever opens it until
  it expires (at most a week) or the holder revokes it. Creating and revoking one is audited.
- A **live code** is the QR of the licence shown full screen: a share that lasts a few
  minutes and is replaced while the screen stays open, so a photo of it soon stops working.
  Not audited one by one (a screen open for ten minutes makes several); they list nowhere.

Both carry a token signed with the issuing authority's key; the share's row is what makes it
revocable, and the session's clock decides expiry.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from access.permissions import Permission, require
from certificates.errors import CertificateProblem, ForgedToken, ShareClosed
from certificates.models import Licence, LicenceShare
from certificates.pki import Pki
from certificates.scans import VerificationResult, live_status
from certificates.share_tokens import issue_share_token, read_share_token
from certificates.tokens import TokenClaims, TokenKeyset
from core.audit import record
from core.clock import clock_of
from core.errors import Conflict, NotFound, Problem, ValidationFailed
from registry.licences.policy import own_licences

P = Permission
MAX_SHARE_HOURS = 24 * 7
LIVE_CODE_LIFETIME = timedelta(minutes=3)
"""A live code outlives the minute between two refreshes of the screen, and little more."""
MAX_OPEN_LINKS = 10
"""Share links of one licence a holder may have open at once."""
MAX_OPEN_LIVE_CODES = 12
"""Live codes of one licence open at once: a screen asks for one a minute, each lasts three,
so a few screens open together stay well below it; a script asking in a loop does not."""


@dataclass(frozen=True)
class IssuedShare:
    share: LicenceShare
    token: str


@dataclass(frozen=True)
class OpenedShare:
    """What the person who opens a share link sees: the live status and until when."""

    result: VerificationResult
    expires_at: datetime
    live: bool


async def _own_newest(session: AsyncSession, actor: Actor, number: str) -> Licence:
    require(actor, P.CERTIFICATES_LICENCE_READ)
    stmt = own_licences(actor).where(Licence.number == number.strip().upper())
    found = (await session.scalars(stmt.order_by(Licence.version.desc()).limit(1))).first()
    if found is None:
        raise NotFound("licence", number, reason=CertificateProblem.LICENCE_NOT_FOUND)
    return found


async def _issue(
    session: AsyncSession, actor: Actor, pki: Pki, licence: Licence, lifetime: timedelta, live: bool
) -> IssuedShare:
    now = clock_of(session).now().replace(microsecond=0)
    share = LicenceShare(
        id=uuid.uuid4(),
        number=licence.number,
        version=licence.version,
        account_id=actor.account_id,
        live=live,
        created_at=now,
        expires_at=now + lifetime,
    )
    session.add(share)
    await session.flush()
    token = issue_share_token(pki, licence.authority_code, share.id, share.expires_at)
    return IssuedShare(share, token)


async def share_link(
    session: AsyncSession, actor: Actor, pki: Pki, *, number: str, hours: int
) -> IssuedShare:
    """A link to one of the actor's own licences, valid for ``hours`` (1 to a week)."""
    if not 1 <= hours <= MAX_SHARE_HOURS:
        raise ValidationFailed.on(
            "hours",
            f"between 1 and {MAX_SHARE_HOURS} hours",
            Problem.OUT_OF_RANGE,
            minimum=1,
            maximum=MAX_SHARE_HOURS,
        )
    licence = await _own_newest(session, actor, number)
    await _below_limit(session, actor, licence, live=False, limit=MAX_OPEN_LINKS)
    issued = await _issue(session, actor, pki, licence, timedelta(hours=hours), live=False)
    await record(
        session,
        actor.audit(),
        "licence.share",
        target_type="licence",
        target_id=licence.id,
        summary={
            "number": licence.number,
            "share": str(issued.share.id),
            "expires_at": issued.share.expires_at.isoformat(),
        },
    )
    return issued


async def live_code(session: AsyncSession, actor: Actor, pki: Pki, *, number: str) -> IssuedShare:
    """The short-lived code shown in the QR of the licence shown full screen."""
    licence = await _own_newest(session, actor, number)
    await _below_limit(session, actor, licence, live=True, limit=MAX_OPEN_LIVE_CODES)
    return await _issue(session, actor, pki, licence, LIVE_CODE_LIFETIME, live=True)


def _open_shares(actor: Actor, number: str, now: datetime, *, live: bool) -> Select[Any]:
    return select(LicenceShare).where(
        LicenceShare.number == number,
        LicenceShare.account_id == actor.account_id,
        LicenceShare.live.is_(live),
        LicenceShare.revoked_at.is_(None),
        LicenceShare.expires_at > now,
    )


async def _below_limit(
    session: AsyncSession, actor: Actor, licence: Licence, *, live: bool, limit: int
) -> None:
    """Each share is a row: a holder has at most ``limit`` of a kind open for one licence."""
    stmt = _open_shares(actor, licence.number, clock_of(session).now(), live=live)
    open_now = await session.scalar(select(func.count()).select_from(stmt.subquery()))
    if (open_now or 0) >= limit:
        raise Conflict(
            f"at most {limit} open at once; revoke one or wait until one expires",
            reason=CertificateProblem.SHARES_AT_LIMIT,
            params={"maximum": limit},
        )


async def my_share_links(
    session: AsyncSession, actor: Actor, pki: Pki, number: str
) -> list[IssuedShare]:
    """The actor's links to this licence still open, newest first, each with a fresh token
    (tokens are not stored: any signature over the same claims opens the same share)."""
    licence = await _own_newest(session, actor, number)
    stmt = _open_shares(actor, licence.number, clock_of(session).now(), live=False).order_by(
        LicenceShare.created_at.desc(), LicenceShare.id
    )
    code = licence.authority_code
    return [
        IssuedShare(share, issue_share_token(pki, code, share.id, share.expires_at))
        for share in (await session.scalars(stmt)).all()
    ]


async def revoke_share_link(
    session: AsyncSession, actor: Actor, share_id: uuid.UUID
) -> LicenceShare:
    """Close one of the actor's links now (audited); revoking twice changes nothing."""
    require(actor, P.CERTIFICATES_LICENCE_READ)
    stmt = select(LicenceShare).where(
        LicenceShare.id == share_id, LicenceShare.account_id == actor.account_id
    )
    share = (await session.scalars(stmt)).first()
    if share is None or actor.account_id is None:
        raise NotFound("share link", share_id, reason=CertificateProblem.SHARE_NOT_FOUND)
    if share.revoked_at is None:
        share.revoked_at = clock_of(session).now()
        await session.flush()
        await record(
            session,
            actor.audit(),
            "licence.share.revoke",
            target_type="licence_share",
            target_id=share.id,
            summary={"number": share.number},
        )
    return share


async def open_share(session: AsyncSession, keys: TokenKeyset, token: str) -> OpenedShare:
    """``/s/{token}``: the signature, then expiry and revocation, then the live status.

    A forged token is ``ForgedToken``; one that ran out or was revoked ``ShareClosed``."""
    claims = read_share_token(token, keys)
    share = await session.get(LicenceShare, claims.share_id)
    if share is None or share.expires_at != claims.expires_at:
        raise ForgedToken("no such share")
    if share.revoked_at is not None:
        raise ShareClosed(CertificateProblem.SHARE_REVOKED)
    if clock_of(session).now() >= share.expires_at:
        raise ShareClosed(CertificateProblem.SHARE_EXPIRED)
    licence = TokenClaims(number=share.number, version=share.version, issuer=claims.issuer, kid="")
    return OpenedShare(await live_status(session, licence), share.expires_at, share.live)

"""What a verifier is told of a licence: the live status of the version a genuine token
names (a QR scan, ``verifyLicence``, a bulk check) or of the newest version of a number
given with its holder's name (``lookupLicence``). Each answer is one indexed statement, and
this module imports nothing heavy: scans are the busiest public path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from certificates.errors import ForgedToken
from certificates.models import Licence
from certificates.tokens import TokenClaims, TokenKeyset, verify_token
from certificates.values import LicenceKind, VerificationStatus
from core.clock import clock_of


@dataclass(frozen=True)
class VerificationResult:
    """What a verifier sees after a scan: the live status as of now, and who issued it."""

    status: VerificationStatus
    status_as_of: datetime
    number: str | None = None
    version: int | None = None
    holder_name: str | None = None
    kind: LicenceKind | None = None
    authority_code: str | None = None
    valid_until: date | None = None


_STATUS_COLUMNS = (
    Licence.status,
    Licence.holder_name,
    Licence.kind,
    Licence.authority_code,
    Licence.valid_until,
)


async def live_status(session: AsyncSession, claims: TokenClaims) -> VerificationResult:
    """The live status of the licence a genuine token names (one indexed lookup)."""
    row = (
        await session.execute(
            select(*_STATUS_COLUMNS).where(
                Licence.number == claims.number, Licence.version == claims.version
            )
        )
    ).first()
    return _verification(session, claims, row)


def _verification(session: AsyncSession, claims: TokenClaims, row: Any) -> VerificationResult:
    """What a verifier is told of the licence version ``claims`` names, from its ``row``
    (``_STATUS_COLUMNS``; ``None`` when there is none)."""
    clock = clock_of(session)
    now = clock.now()
    if (
        row is None
        or row.authority_code != claims.issuer
        or claims.holder_name not in (None, row.holder_name)
        or claims.kind not in (None, row.kind)
    ):
        # Signed by one of our keys yet unknown or different here: never show it as genuine.
        return VerificationResult(VerificationStatus.FORGED, now)
    status = VerificationStatus(row.status.value)
    if status is VerificationStatus.VALID and row.valid_until and row.valid_until < clock.today():
        status = VerificationStatus.EXPIRED  # the daily sweep may not have run yet
    return VerificationResult(
        status=status,
        status_as_of=now,
        number=claims.number,
        version=claims.version,
        holder_name=row.holder_name,
        kind=row.kind,
        authority_code=claims.issuer,
        valid_until=row.valid_until,
    )


async def verify_scan(session: AsyncSession, token: str, keys: TokenKeyset) -> VerificationResult:
    """``/v/{token}``: the token's signature, then the live status; FORGED on any doubt."""
    try:
        claims = verify_token(token, keys)
    except ForgedToken:
        return VerificationResult(VerificationStatus.FORGED, clock_of(session).now())
    return await live_status(session, claims)


async def status_by_number(
    session: AsyncSession, number: str, holder_name: str
) -> VerificationResult | None:
    """Verification by licence number + holder name (no QR at hand); ``None`` if no match.
    One statement, unlocked: the newest version's columns a verification reads."""
    number = number.strip()
    latest = (
        await session.execute(
            select(*_STATUS_COLUMNS, Licence.version, Licence.issued_at)
            .where(Licence.number == number)
            .order_by(Licence.version.desc())
            .limit(1)
        )
    ).first()
    if latest is None or latest.holder_name != holder_name.strip():
        return None
    claims = TokenClaims(
        number=number,
        version=latest.version,
        holder_name=latest.holder_name,
        kind=latest.kind,
        valid_until=latest.valid_until,
        issuer=latest.authority_code,
        issued_at=latest.issued_at,
        kid="",
    )
    return _verification(session, claims, latest)

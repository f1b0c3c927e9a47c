"""What statistics read from the licences, as SQL to aggregate (never rows)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Select, func, select

from certificates.models import Licence, VerificationDay


def issued() -> Select[str, datetime]:
    """The number and issue time of every licence version."""
    return select(Licence.number, Licence.issued_at)


def verifications_between(
    start: date, end: date, authorities: Sequence[str] | None
) -> Select[date, str, int]:
    """(day, outcome, count) of verifications from ``start`` to ``end`` (both included) of
    licences issued by ``authorities`` (None: every authority, forged tokens included)."""
    v = VerificationDay
    stmt = (
        select(v.day, v.outcome, func.sum(v.verifications))
        .where(v.day >= start, v.day <= end)
        .group_by(v.day, v.outcome)
    )
    if authorities is not None:
        stmt = stmt.where(v.authority_code.in_(authorities))
    return stmt

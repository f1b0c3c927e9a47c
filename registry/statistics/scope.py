"""Who may read which statistics: a district commission its own district, the municipal
commission the whole city and any district. Every read is audited (who, which authority,
which date or period), with no figure in the entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from access.permissions import Permission, require
from access.scope import MUNICIPAL, overseeing_grant
from core import audit
from core.errors import PermissionDenied, Problem, ValidationFailed
from registry.errors import RegistryProblem
from registry.statistics.census import DISTRICTS

LONGEST_PERIOD_DAYS = 3 * 366


@dataclass(frozen=True)
class Area:
    """The districts a read covers: the whole city (310000) or one district."""

    authority: str
    districts: tuple[str, ...]

    @property
    def is_city(self) -> bool:
        return self.authority == MUNICIPAL

    def shows(self, key: tuple[object, ...]) -> bool:
        """Whether a row (keyed by district first) is in this area's read: its districts,
        and the city's row in the city's read."""
        district = str(key[0])
        return district in self.districts or (self.is_city and district == MUNICIPAL)


def area_for(actor: Actor, authority: str, permission: Permission) -> Area:
    """The area ``authority`` names, if the actor may read it; else a coded refusal."""
    require(actor, permission)
    if authority != MUNICIPAL and authority not in DISTRICTS:
        raise ValidationFailed.on("authority", "not a Shanghai authority code", Problem.INVALID)
    if overseeing_grant(actor, authority, permission) is None:
        raise PermissionDenied(
            "a district commission reads its own district's statistics only",
            reason=Problem.FORBIDDEN,
        )
    districts = DISTRICTS if authority == MUNICIPAL else (authority,)
    return Area(authority, districts)


EARLIEST = date(1950, 1, 1)
"""The lower limit while there is no registration history yet (before any registration
anyone holds; also keeps date arithmetic in range)."""


def check_as_of(as_of: date, today: date, first: date | None, field: str = "asOf") -> None:
    """A date between the first day of the registration history (``first``; none yet: no
    lower limit) and today."""
    if first is not None and as_of < first:
        raise ValidationFailed.on(
            field,
            "the statistics begin later",
            RegistryProblem.DATE_BEFORE_DATA,
            minimum=first.isoformat(),
            maximum=today.isoformat(),
        )
    if as_of > today:
        raise ValidationFailed.on(
            field, "the date is in the future", RegistryProblem.DATE_IN_FUTURE
        )


def check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationFailed.on(
            "to", "the period ends before it starts", RegistryProblem.PERIOD_REVERSED
        )
    if (end - start).days > LONGEST_PERIOD_DAYS:
        raise ValidationFailed.on(
            "to", "the period is longer than three years", RegistryProblem.PERIOD_TOO_LONG, years=3
        )


async def audit_read(
    session: AsyncSession, actor: Actor, kind: str, area: Area, summary: dict[str, str]
) -> None:
    await audit.record(
        session,
        actor.audit(),
        f"registry.statistics.{kind}",
        target_type="authority",
        target_id=area.authority,
        summary=summary,
    )

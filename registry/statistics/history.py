"""Registrations as they stood on a date, from their history (``registration_event``).

Each status event opens or closes a period of being in force: CREATED, CREATE_REGISTRATION
and REACTIVATE_REGISTRATION (REGISTER_INSTITUTION for institutions) open one; EXPIRED,
CANCEL_REGISTRATION and CANCEL_INSTITUTION close it. A period runs from its opening event to
the next status event; a practitioner's latest period also ends when its validity
(``valid_until``) has passed. A registration without any status event (loaded from elsewhere)
counts from its creation while it is ACTIVE.

The registration's institution and category are those recorded now: a practitioner who moved
is counted, for every date, at the institution of their current registration.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql.selectable import FromClause, Subquery

from core.clock import SHANGHAI
from registry.catalogue.models import Effect
from registry.registrations.models import (
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    RegistrationSubject,
)

OPENING = (
    "CREATED",
    Effect.CREATE_REGISTRATION.value,
    Effect.REACTIVATE_REGISTRATION.value,
    Effect.REGISTER_INSTITUTION.value,
)
CLOSING = ("EXPIRED", Effect.CANCEL_REGISTRATION.value, Effect.CANCEL_INSTITUTION.value)
PRACTITIONERS = (RegistrationSubject.NURSE, RegistrationSubject.DOCTOR)


def end_of(day: date) -> datetime:
    """The instant a Shanghai day ends (the next day's midnight), as an aware datetime."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=SHANGHAI)


def start_of(day: date) -> datetime:
    """The instant a Shanghai day begins."""
    return datetime.combine(day, time(), tzinfo=SHANGHAI)


def periods() -> Subquery:
    """One row per period in force: registration_id, start_at, next_at (the next status
    event, or NULL) and valid_until (the validity ending the latest period of a practitioner,
    or NULL)."""
    event = RegistrationEvent
    status_events = (
        select(
            event.registration_id,
            event.at,
            event.action,
            func.lead(event.at, type_=event.at.type)
            .over(partition_by=event.registration_id, order_by=(event.at, event.version))
            .label("next_at"),
        )
        .where(event.action.in_(OPENING + CLOSING))
        .subquery("status_events")
    )
    reg = Registration
    ends_by_validity = and_(status_events.c.next_at.is_(None), reg.subject.in_(PRACTITIONERS))
    from_history = (
        select(
            status_events.c.registration_id,
            status_events.c.at.label("start_at"),
            status_events.c.next_at,
            case((ends_by_validity, reg.valid_until), else_=None).label("valid_until"),
        )
        .join(reg, reg.id == status_events.c.registration_id)
        .where(status_events.c.action.in_(OPENING))
    )
    has_events = exists().where(
        event.registration_id == reg.id, event.action.in_(OPENING + CLOSING)
    )
    without_history = select(
        reg.id.label("registration_id"),
        reg.created_at.label("start_at"),
        literal(None, type_=event.at.type).label("next_at"),
        case((reg.subject.in_(PRACTITIONERS), reg.valid_until), else_=None).label("valid_until"),
    ).where(reg.status == RegistrationStatus.ACTIVE, ~has_events)
    return union_all(from_history, without_history).subquery("periods")


@dataclass(frozen=True)
class InForce:
    """The condition "this period was in force on ``day``" over the materialised
    ``registration_period`` (its ``open_day`` and ``close_day``)."""

    day: date

    def __call__(self, p: FromClause) -> ColumnElement[bool]:
        return and_(
            p.c.open_day <= self.day, or_(p.c.close_day.is_(None), p.c.close_day > self.day)
        )


def month_ends(as_of: date, months: int = 24) -> list[date]:
    """The last day of each of the ``months`` months up to ``as_of``'s month, ending with
    ``as_of`` itself (the current month so far)."""
    ends: list[date] = [as_of]
    first = as_of.replace(day=1)
    for _ in range(months - 1):
        last = first - timedelta(days=1)
        ends.append(last)
        first = last.replace(day=1)
    return sorted(ends)

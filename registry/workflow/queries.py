"""Lists of applications, all built on ``policy.visible_applications``: the applicant's own,
an institution's review queue and the officers' workbench; and the batch loads behind them."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    String,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from core import pagination
from core.errors import AuthenticationRequired, PermissionDenied
from core.pagination import Key, Page
from directory.models import Person
from registry.catalogue.models import ItemCode
from registry.workflow import policy
from registry.workflow.models import Application, ApplicationEvent, ApplicationStatus

FAR_FUTURE = date(9999, 12, 31)
OFFICER_STATUSES = (
    ApplicationStatus.AWAITING_ACCEPTANCE,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.AWAITING_PAPER,
)


def _uuid(value: str) -> uuid.UUID:
    return uuid.UUID(value)


NEWEST_FIRST = (
    Key(Application.created_at, lambda a: a.created_at, datetime.fromisoformat, True),
    Key(Application.id, lambda a: a.id, _uuid, True),
)
OLDEST_SUBMISSION_FIRST = (
    Key(
        func.coalesce(Application.submitted_at, Application.created_at),
        lambda a: a.submitted_at or a.created_at,
        datetime.fromisoformat,
    ),
    Key(Application.id, lambda a: a.id, _uuid),
)
BY_DEADLINE = (
    Key(
        func.coalesce(Application.deadline, literal(FAR_FUTURE, Date)),
        lambda a: a.deadline or FAR_FUTURE,
        date.fromisoformat,
    ),
    Key(
        func.coalesce(Application.submitted_at, Application.created_at),
        lambda a: a.submitted_at or a.created_at,
        datetime.fromisoformat,
    ),
    Key(Application.id, lambda a: a.id, _uuid),
)


def is_overdue(application: Application, today: date) -> bool:
    return (
        application.status is ApplicationStatus.UNDER_REVIEW
        and application.deadline is not None
        and application.deadline < today
    )


async def my_applications(
    session: AsyncSession,
    actor: Actor,
    *,
    statuses: Sequence[ApplicationStatus] = (),
    first: int,
    after: str | None,
) -> Page[Application]:
    """What the actor applied for (as a practitioner, or for their institution), newest first."""
    if actor.is_anonymous:
        raise AuthenticationRequired("sign in to see your applications")
    stmt = policy.own_applications(actor)
    if statuses:
        stmt = stmt.where(Application.status.in_(statuses))
    return await pagination.page(session, stmt, NEWEST_FIRST, first=first, after=after)


async def institution_queue(
    session: AsyncSession,
    actor: Actor,
    *,
    institution_id: uuid.UUID | None,
    statuses: Sequence[ApplicationStatus] = (ApplicationStatus.AWAITING_INSTITUTION,),
    first: int,
    after: str | None,
) -> Page[Application]:
    """Applications the actor's institution reviews, oldest submission first."""
    institutions = policy.staff_institutions(actor)
    if actor.is_anonymous:
        raise AuthenticationRequired("sign in to see the review queue")
    if not institutions or (institution_id is not None and institution_id not in institutions):
        raise PermissionDenied("only the institution's staff see its review queue")
    wanted = [institution_id] if institution_id else list(institutions)
    stmt = policy.visible_applications(actor).where(Application.institution_id.in_(wanted))
    if statuses:
        stmt = stmt.where(Application.status.in_(statuses))
    return await pagination.page(session, stmt, OLDEST_SUBMISSION_FIRST, first=first, after=after)


BY_NUMBER = (
    Key(
        func.coalesce(Application.number, literal("", String)),
        lambda a: a.number or "",
        str,
    ),
    Key(Application.id, lambda a: a.id, _uuid),
)


class WorkbenchOrder(StrEnum):
    DEADLINE = "DEADLINE"
    OLDEST_FIRST = "OLDEST_FIRST"
    NEWEST_FIRST = "NEWEST_FIRST"
    NUMBER = "NUMBER"


WORKBENCH_ORDERS: dict[WorkbenchOrder, tuple[Key, ...]] = {
    WorkbenchOrder.DEADLINE: BY_DEADLINE,
    WorkbenchOrder.OLDEST_FIRST: OLDEST_SUBMISSION_FIRST,
    WorkbenchOrder.NEWEST_FIRST: (
        Key(
            func.coalesce(Application.submitted_at, Application.created_at),
            lambda a: a.submitted_at or a.created_at,
            datetime.fromisoformat,
            True,
        ),
        Key(Application.id, lambda a: a.id, _uuid, True),
    ),
    WorkbenchOrder.NUMBER: BY_NUMBER,
}
# The visible digits of a masked ID number (15–18): what an officer may search by.
ID_TAIL = re.compile(r"^\d{3}[\dX]$")


@dataclass(frozen=True)
class WorkbenchFilter:
    statuses: Sequence[ApplicationStatus] = OFFICER_STATUSES
    items: Sequence[ItemCode] = ()
    district: str | None = None
    overdue: bool = False
    search: str | None = None
    """An application number (with or without hyphens, or a part of it), the applicant's
    name (or a part of it), or the last four characters of the applicant's ID number."""


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search(stmt: Select[Application], text: str) -> Select[Application]:
    query = "".join(text.split()).upper()
    if not query:
        return stmt
    compact = query.replace("-", "")
    conds = [
        Application.subject_name.ilike(_like(" ".join(text.split())), escape="\\"),
        func.replace(Application.number, "-", "").like(_like(compact), escape="\\"),
    ]
    if ID_TAIL.match(query):
        tails = select(Person.id).where(Person.id_number_masked.like(f"%{query}"))
        conds.append(Application.subject_person_id.in_(tails))
    return stmt.where(or_(*conds))


def _narrowed(actor: Actor, flt: WorkbenchFilter, today: date) -> Select[Application]:
    """Every filter but the statuses (the counts are per status)."""
    stmt = policy.visible_applications(actor)
    if flt.items:
        stmt = stmt.where(Application.item_code.in_(flt.items))
    if flt.district:
        stmt = stmt.where(Application.district_code == flt.district)
    if flt.overdue:
        stmt = stmt.where(
            Application.status == ApplicationStatus.UNDER_REVIEW, Application.deadline < today
        )
    if flt.search:
        stmt = _search(stmt, flt.search)
    return stmt


def _check_officer(actor: Actor) -> None:
    if actor.is_anonymous:
        raise AuthenticationRequired("sign in to see the workbench")
    if not policy.is_officer(actor):
        raise PermissionDenied("the workbench is for authority officers")


async def workbench(
    session: AsyncSession,
    actor: Actor,
    flt: WorkbenchFilter,
    *,
    today: date,
    first: int,
    after: str | None,
    order: WorkbenchOrder = WorkbenchOrder.DEADLINE,
) -> Page[Application]:
    """The officer's work: applications of their authority (all, for the municipal
    commission), filtered, earliest deadline first (not yet accepted ones last) unless another
    order is asked for."""
    _check_officer(actor)
    stmt = _narrowed(actor, flt, today)
    if flt.statuses:
        stmt = _where_status_in(stmt, tuple(flt.statuses))
    return await pagination.page(session, stmt, WORKBENCH_ORDERS[order], first=first, after=after)


@lru_cache(maxsize=64)
def _status_in(statuses: tuple[ApplicationStatus, ...]) -> ColumnElement[bool]:
    return Application.status.in_(statuses)


@lru_cache(maxsize=256)
def _where_status_in(
    stmt: Select[Application], statuses: tuple[ApplicationStatus, ...]
) -> Select[Application]:
    """``stmt`` narrowed to ``statuses``, built once for a statement built once (an actor's
    reach without other filters), so that its ordered page is built once too."""
    return stmt.where(_status_in(statuses))


@dataclass(frozen=True)
class WorkbenchCounts:
    by_status: dict[ApplicationStatus, int]
    overdue: int


async def workbench_counts(
    session: AsyncSession, actor: Actor, flt: WorkbenchFilter, *, today: date
) -> WorkbenchCounts:
    """How many applications of the officer statuses match the filter (its statuses aside),
    per status, and how many of them are overdue: one grouped query."""
    _check_officer(actor)
    stmt = _narrowed(actor, flt, today).where(_status_in(OFFICER_STATUSES))
    late = case(
        (
            (Application.status == ApplicationStatus.UNDER_REVIEW) & (Application.deadline < today),
            1,
        ),
        else_=0,
    )
    rows = await session.execute(
        stmt.with_only_columns(Application.status, func.count(), func.sum(late)).group_by(
            Application.status
        )
    )
    by_status = dict.fromkeys(OFFICER_STATUSES, 0)
    overdue = 0
    for status, count, late_count in rows:
        by_status[ApplicationStatus(status)] = int(count)
        overdue += int(late_count or 0)
    return WorkbenchCounts(by_status=by_status, overdue=overdue)


async def applications_by_id(
    session: AsyncSession, actor: Actor, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Application]:
    rows = await session.scalars(policy.visible_applications(actor).where(Application.id.in_(ids)))
    return {row.id: row for row in rows}


_TIMELINES = (
    select(ApplicationEvent)
    .where(ApplicationEvent.application_id.in_(bindparam("ids", expanding=True)))
    .order_by(ApplicationEvent.application_id, ApplicationEvent.seq)
)
"""Built once, the applications a parameter."""


async def timelines(
    session: AsyncSession, application_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[ApplicationEvent]]:
    rows = await session.scalars(_TIMELINES, {"ids": list(application_ids)})
    found: dict[uuid.UUID, list[ApplicationEvent]] = {i: [] for i in application_ids}
    for row in rows:
        found[row.application_id].append(row)
    return found

"""Lists of applications, all built on ``policy.visible_applications``: the applicant's own,
an institution's review queue and the officers' workbench; and the batch loads behind them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from core import pagination
from core.errors import AuthenticationRequired, PermissionDenied
from core.pagination import Key, Page
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


@dataclass(frozen=True)
class WorkbenchFilter:
    statuses: Sequence[ApplicationStatus] = OFFICER_STATUSES
    items: Sequence[ItemCode] = ()
    district: str | None = None
    overdue: bool = False


async def workbench(
    session: AsyncSession,
    actor: Actor,
    flt: WorkbenchFilter,
    *,
    today: date,
    first: int,
    after: str | None,
) -> Page[Application]:
    """The officer's work: applications of their authority (all, for the municipal
    commission), filtered, earliest deadline first (not yet accepted ones last)."""
    if actor.is_anonymous:
        raise AuthenticationRequired("sign in to see the workbench")
    if not policy.is_officer(actor):
        raise PermissionDenied("the workbench is for authority officers")
    stmt = policy.visible_applications(actor)
    if flt.statuses:
        stmt = stmt.where(Application.status.in_(flt.statuses))
    if flt.items:
        stmt = stmt.where(Application.item_code.in_(flt.items))
    if flt.district:
        stmt = stmt.where(Application.district_code == flt.district)
    if flt.overdue:
        stmt = stmt.where(
            Application.status == ApplicationStatus.UNDER_REVIEW, Application.deadline < today
        )
    return await pagination.page(session, stmt, BY_DEADLINE, first=first, after=after)


async def applications_by_id(
    session: AsyncSession, actor: Actor, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Application]:
    rows = await session.scalars(policy.visible_applications(actor).where(Application.id.in_(ids)))
    return {row.id: row for row in rows}


async def timelines(
    session: AsyncSession, application_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[ApplicationEvent]]:
    rows = await session.scalars(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id.in_(application_ids))
        .order_by(ApplicationEvent.application_id, ApplicationEvent.seq)
    )
    found: dict[uuid.UUID, list[ApplicationEvent]] = {i: [] for i in application_ids}
    for row in rows:
        found[row.application_id].append(row)
    return found

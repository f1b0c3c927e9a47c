"""The public notice board (网上公示): each authority's completed decisions during their notice
period, with practitioners' names masked (张*华) and no identifying numbers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core import pagination
from core.crypto import mask_name
from core.errors import NotFound
from core.pagination import Key, Page
from directory.errors import DirectoryProblem
from directory.models import Authority
from registry.catalogue.models import ItemCode
from registry.registrations.models import RegistrationSubject
from registry.workflow.models import Application, ApplicationStatus


@dataclass(frozen=True)
class Notice:
    application_id: uuid.UUID
    number: str
    item: ItemCode
    subject: RegistrationSubject
    name: str
    """Masked for practitioners; an institution's name is public."""
    institution_id: uuid.UUID | None
    authority_code: str
    completed_at: datetime
    notice_until: date


def notice_of(application: Application) -> Notice:
    name = application.subject_name
    if application.subject is not RegistrationSubject.INSTITUTION:
        name = mask_name(name)
    assert application.number is not None
    assert application.authority_code is not None
    assert application.completed_at is not None
    assert application.notice_until is not None
    return Notice(
        application_id=application.id,
        number=application.number,
        item=application.item_code,
        subject=application.subject,
        name=name,
        institution_id=application.institution_id,
        authority_code=application.authority_code,
        completed_at=application.completed_at,
        notice_until=application.notice_until,
    )


NEWEST_FIRST = (
    Key(Application.completed_at, lambda a: a.completed_at, datetime.fromisoformat, True),
    Key(Application.id, lambda a: a.id, uuid.UUID, True),
)


async def notices(
    session: AsyncSession, authority_code: str, *, today: date, first: int, after: str | None
) -> Page[Notice]:
    """Completed decisions of one authority still in their notice period, newest first."""
    if await session.get(Authority, authority_code) is None:
        raise NotFound("authority", authority_code, reason=DirectoryProblem.AUTHORITY_NOT_FOUND)
    stmt = select(Application).where(
        Application.authority_code == authority_code,
        Application.status == ApplicationStatus.COMPLETED,
        Application.notice_until >= today,
    )
    page = await pagination.page(session, stmt, NEWEST_FIRST, first=first, after=after)
    return Page(
        items=[notice_of(a) for a in page.items], cursors=page.cursors, has_next=page.has_next
    )

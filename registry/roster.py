"""An institution's roster: the doctors and nurses registered there (primary) or filed there
(additional practice site), in one SQL statement per page whatever the page size."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import AuthenticationRequired, NotFound, PermissionDenied
from core.pagination import Page
from identity.actor import Actor
from registry import keyset, policy
from registry.models import (
    Filing,
    FilingStatus,
    Institution,
    Person,
    PracticeCategory,
    Practitioner,
    Registration,
    RegistrationStatus,
    RegistrationSubject,
)

EXPIRY_HORIZON = timedelta(days=90)


@dataclass(frozen=True)
class RosterEntry:
    registration_id: uuid.UUID
    number: str
    status: RegistrationStatus
    profession: RegistrationSubject
    name: str
    category: PracticeCategory | None
    scope: str | None
    valid_from: date
    valid_until: date | None
    relation: str
    """PRIMARY (registered there) or FILING (an additional practice site)."""
    expiring_soon: bool


@dataclass(frozen=True)
class RosterFilter:
    search: str | None = None
    """Part of a name, or the beginning of a registration (licence) number."""
    expiring_only: bool = False
    """Only active registrations that expire within 90 days."""


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _statement(institution_id: uuid.UUID, flt: RosterFilter, today: date) -> Select[Any]:
    staff = union_all(
        select(Registration.id.label("registration_id"), literal("PRIMARY").label("relation"))
        .where(Registration.institution_id == institution_id)
        .where(Registration.subject != RegistrationSubject.INSTITUTION)
        .where(Registration.status != RegistrationStatus.CANCELLED),
        select(Filing.registration_id, literal("FILING")).where(
            Filing.institution_id == institution_id, Filing.status == FilingStatus.ACTIVE
        ),
    ).subquery("staff")
    stmt = (
        select(
            Registration.id,
            Registration.number,
            Registration.status,
            Registration.subject,
            Registration.category,
            Registration.scope,
            Registration.valid_from,
            Registration.valid_until,
            Person.name,
            staff.c.relation,
        )
        .select_from(staff)
        .join(Registration, Registration.id == staff.c.registration_id)
        .join(Practitioner, Practitioner.id == Registration.practitioner_id)
        .join(Person, Person.id == Practitioner.person_id)
    )
    if flt.search and flt.search.strip():
        text = _escape_like(flt.search.strip())
        stmt = stmt.where(
            or_(
                Person.name.like(f"%{text}%", escape="\\"),
                Registration.number.like(f"{text.upper()}%", escape="\\"),
            )
        )
    if flt.expiring_only:
        stmt = stmt.where(
            Registration.status == RegistrationStatus.ACTIVE,
            Registration.valid_until >= today,
            Registration.valid_until <= today + EXPIRY_HORIZON,
        )
    return stmt


def _entry(row: Any, today: date) -> RosterEntry:
    until = row.valid_until
    return RosterEntry(
        registration_id=row.id,
        number=row.number,
        status=row.status,
        profession=row.subject,
        name=row.name,
        category=row.category,
        scope=row.scope,
        valid_from=row.valid_from,
        valid_until=until,
        relation=row.relation,
        expiring_soon=(
            row.status is RegistrationStatus.ACTIVE
            and until is not None
            and today <= until <= today + EXPIRY_HORIZON
        ),
    )


BY_NAME = (
    keyset.Key(Person.name, lambda r: r.name, str),
    keyset.Key(Registration.id, lambda r: r.id, uuid.UUID),
)


async def _institution(session: AsyncSession, actor: Actor, institution_id: uuid.UUID) -> None:
    if actor.is_anonymous:
        raise AuthenticationRequired("sign in to see a roster")
    institution = await session.get(Institution, institution_id)
    if institution is None:
        raise NotFound("institution", institution_id)
    if not policy.can_view_roster(actor, institution):
        raise PermissionDenied("only the institution's staff and its authority see its roster")


async def roster_page(
    session: AsyncSession,
    actor: Actor,
    institution_id: uuid.UUID,
    flt: RosterFilter,
    *,
    today: date,
    first: int,
    after: str | None,
) -> Page[RosterEntry]:
    await _institution(session, actor, institution_id)
    page = await keyset.page(
        session,
        _statement(institution_id, flt, today),
        BY_NAME,
        first=first,
        after=after,
        scalars=False,
    )
    return Page(
        items=[_entry(row, today) for row in page.items],
        cursors=page.cursors,
        has_next=page.has_next,
    )


CSV_HEADER = (
    "姓名 name",
    "职业 profession",
    "注册编号 number",
    "状态 status",
    "关系 relation",
    "执业类别 category",
    "执业范围 scope",
    "有效期起 valid from",
    "有效期至 valid until",
    "90天内到期 expiring",
)


def _cell(value: object) -> str:
    """Text a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


async def roster_csv(
    session: AsyncSession, actor: Actor, institution_id: uuid.UUID, flt: RosterFilter, today: date
) -> str:
    """The whole roster as CSV (UTF-8), for the institution's own staff."""
    institution = await session.get(Institution, institution_id)
    if actor.is_anonymous:
        raise AuthenticationRequired("sign in to export a roster")
    if institution is None:
        raise NotFound("institution", institution_id)
    if not policy.can_export_roster(actor, institution):
        raise PermissionDenied("only the institution's staff export its roster")
    stmt = _statement(institution_id, flt, today).order_by(Person.name, Registration.id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in await session.execute(stmt):
        entry = _entry(row, today)
        writer.writerow(
            [
                _cell(entry.name),
                entry.profession.value,
                _cell(entry.number),
                entry.status.value,
                entry.relation,
                entry.category.value if entry.category else "",
                _cell(entry.scope),
                entry.valid_from.isoformat(),
                entry.valid_until.isoformat() if entry.valid_until else "",
                "Y" if entry.expiring_soon else "",
            ]
        )
    return out.getvalue()

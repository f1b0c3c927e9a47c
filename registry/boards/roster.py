"""An institution's roster: the doctors and nurses registered there (primary) or filed there
(additional practice site), in one SQL statement per page whatever the page size."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, bindparam, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from core import pagination
from core.db import dialect_name
from core.errors import AuthenticationRequired, NotFound, PermissionDenied
from core.pagination import Key, Page, escape_like
from directory.errors import DirectoryProblem
from directory.models import Institution, Person, PracticeCategory, Practitioner
from registry.registrations.models import (
    Filing,
    FilingStatus,
    Registration,
    RegistrationStatus,
    RegistrationSubject,
)
from registry.workflow import policy

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


@dataclass(frozen=True)
class Roster:
    stmt: Select[Any]
    staff: Any
    """The union's subquery (its columns are the sort keys)."""
    parameters: dict[str, Any]


def _statement(institution_id: uuid.UUID, flt: RosterFilter, today: date) -> Roster:
    """The roster's statement for this filter, and its parameters."""
    text = escape_like(flt.search.strip()) if flt.search and flt.search.strip() else None
    stmt, staff = _shape(flt.expiring_only, text is not None)
    parameters: dict[str, Any] = {"roster_institution": institution_id}
    if flt.expiring_only:
        parameters |= {"roster_today": today, "roster_horizon": today + EXPIRY_HORIZON}
    if text is not None:
        parameters |= {"roster_name": f"%{text}%", "roster_number": f"{text.upper()}%"}
    return Roster(stmt, staff, parameters)


@lru_cache(maxsize=4)
def _shape(expiring_only: bool, searching: bool) -> tuple[Select[Any], Any]:
    """Both branches read the registration row they found (no second lookup by id); the
    outer query adds the practitioner's name, by primary key. Built once per kind of filter,
    with the values as parameters: building the union cost a quarter of a roster page."""
    columns = (
        Registration.id,
        Registration.number,
        Registration.status,
        Registration.subject,
        Registration.category,
        Registration.scope,
        Registration.valid_from,
        Registration.valid_until,
        Registration.practitioner_id,
    )
    conditions = []
    if expiring_only:
        conditions += [
            Registration.status == RegistrationStatus.ACTIVE,
            Registration.valid_until >= bindparam("roster_today"),
            Registration.valid_until <= bindparam("roster_horizon"),
        ]
    primary = select(*columns, literal("PRIMARY").label("relation")).where(
        Registration.institution_id == bindparam("roster_institution"),
        Registration.subject != RegistrationSubject.INSTITUTION,
        Registration.status != RegistrationStatus.CANCELLED,
        *conditions,
    )
    filed = (
        select(*columns, literal("FILING").label("relation"))
        .select_from(Filing)
        .join(Registration, Registration.id == Filing.registration_id)
        .where(
            Filing.institution_id == bindparam("roster_institution"),
            Filing.status == FilingStatus.ACTIVE,
            *conditions,
        )
    )
    staff = union_all(primary, filed).subquery("staff")
    stmt = (
        select(staff, Person.name)
        .join(Practitioner, Practitioner.id == staff.c.practitioner_id)
        .join(Person, Person.id == Practitioner.person_id)
    )
    if searching:
        stmt = stmt.where(
            or_(
                Person.name.like(bindparam("roster_name"), escape="\\"),
                staff.c.number.like(bindparam("roster_number"), escape="\\"),
            )
        )
    return stmt, staff


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


def _by_name(session: AsyncSession, staff: Any) -> tuple[Key, ...]:
    """By name in code-point order on both engines (PostgreSQL's locale collation would
    differ from SQLite's), then by registration id."""
    name = Person.name.collate("C") if dialect_name(session) == "postgresql" else Person.name
    return (
        Key(name, lambda r: r.name, str),
        Key(staff.c.id, lambda r: r.id, uuid.UUID),
    )


async def _institution(session: AsyncSession, actor: Actor, institution_id: uuid.UUID) -> None:
    if actor.is_anonymous:
        raise AuthenticationRequired("sign in to see a roster")
    institution = await session.get(Institution, institution_id)
    if institution is None:
        raise NotFound("institution", institution_id, reason=DirectoryProblem.INSTITUTION_NOT_FOUND)
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
    roster = _statement(institution_id, flt, today)
    page = await pagination.page(
        session,
        roster.stmt,
        _by_name(session, roster.staff),
        first=first,
        after=after,
        scalars=False,
        parameters=roster.parameters,
    )
    return Page(
        items=[_entry(row, today) for row in page.items],
        cursors=page.cursors,
        has_next=page.has_next,
    )


async def roster_entry(
    session: AsyncSession, actor: Actor, registration_id: uuid.UUID, *, today: date
) -> RosterEntry | None:
    """One practitioner's registration as a roster the actor may read shows it: at its
    primary institution, else at a filing site; ``None`` outside the actor's scope."""
    registration = await session.get(Registration, registration_id)
    if registration is None or registration.subject is RegistrationSubject.INSTITUTION:
        return None
    filed = await session.scalars(
        select(Filing.institution_id).where(
            Filing.registration_id == registration_id, Filing.status == FilingStatus.ACTIVE
        )
    )
    for institution_id in [registration.institution_id, *filed.all()]:
        institution = await session.get(Institution, institution_id)
        if institution is None or not policy.can_view_roster(actor, institution):
            continue
        roster = _statement(institution_id, RosterFilter(), today)
        row = (
            await session.execute(
                roster.stmt.where(roster.staff.c.id == registration_id), roster.parameters
            )
        ).first()
        if row is not None:
            return _entry(row, today)
    return None


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
        raise NotFound("institution", institution_id, reason=DirectoryProblem.INSTITUTION_NOT_FOUND)
    if not policy.can_export_roster(actor, institution):
        raise PermissionDenied("only the institution's staff export its roster")
    roster = _statement(institution_id, flt, today)
    stmt = roster.stmt.order_by(*(k.expr for k in _by_name(session, roster.staff)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in await session.execute(stmt, roster.parameters):
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

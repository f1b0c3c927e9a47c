"""The SQL behind the FHIR searches: one keyset-paged query per page (ordered by the
resource's lastUpdated, then id) and at most one more for what the page's resources list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from certificates.models import Licence
from directory.models import Institution, InstitutionStatus, Person, Practitioner
from interop.fhir.search import Search
from registry.registrations.models import Registration, RegistrationStatus, RegistrationSubject

_COMPARE = {
    "gt": lambda c, v: c > v,
    "ge": lambda c, v: c >= v,
    "lt": lambda c, v: c < v,
    "le": lambda c, v: c <= v,
}
PERSON_SUBJECTS = (RegistrationSubject.NURSE, RegistrationSubject.DOCTOR)


@dataclass(frozen=True)
class Rows:
    rows: list[Any]
    has_next: bool


def _paged(stmt: Any, updated: Any, row_id: Any, search: Search) -> Any:
    """``stmt`` filtered by ``_lastUpdated`` and ``_id``, after the page position, ordered by
    (``updated``, ``row_id``), one row more than the page (it says whether another follows)."""
    for prefix, at in search.last_updated:
        stmt = stmt.where(_COMPARE[prefix](updated, at))
    if search.ids:
        stmt = stmt.where(row_id.in_(search.ids))
    if search.after is not None:
        at, after_id = search.after
        stmt = stmt.where(or_(updated > at, and_(updated == at, row_id > after_id)))
    return stmt.order_by(updated, row_id).limit(search.count + 1)


async def _run(session: AsyncSession, stmt: Select[Any], search: Search) -> Rows:
    rows = list((await session.execute(stmt)).all())
    return Rows(rows[: search.count], len(rows) > search.count)


def _institution_updated() -> ColumnElement[datetime]:
    """An institution changes with its registration (a change of name, address, beds…)."""
    changed = (
        select(func.max(Registration.updated_at))
        .where(
            Registration.institution_id == Institution.id,
            Registration.subject == RegistrationSubject.INSTITUTION,
        )
        .scalar_subquery()
    )
    return func.coalesce(changed, Institution.created_at, type_=Institution.created_at.type)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


async def institutions(session: AsyncSession, search: Search) -> Rows:
    updated = _institution_updated().label("last_updated")
    stmt = select(Institution, updated)
    if search.identifier is not None:
        value = search.identifier[1]
        stmt = stmt.where(or_(Institution.uscc == value, Institution.licence_number == value))
    if search.name is not None:
        pattern = _like(search.name)
        stmt = stmt.where(
            or_(
                func.lower(Institution.name).like(pattern, escape="\\"),
                func.lower(Institution.name_en).like(pattern, escape="\\"),
            )
        )
    if search.organization is not None:
        stmt = stmt.where(Institution.id == search.organization)
    if search.active is not None:
        active = Institution.status == InstitutionStatus.ACTIVE
        stmt = stmt.where(active if search.active else ~active)
    return await _run(session, _paged(stmt, _institution_updated(), Institution.id, search), search)


async def practitioners(session: AsyncSession, search: Search) -> Rows:
    stmt = select(
        Practitioner.id,
        Practitioner.created_at,
        Practitioner.profession,
        Practitioner.qualification_number,
        Practitioner.category,
        Practitioner.scope,
        Practitioner.title,
        Person.name,
        Person.sex,
    ).join(Person, Person.id == Practitioner.person_id)
    if search.identifier is not None:
        value = search.identifier[1]
        licensed = (
            select(Registration.id)
            .where(Registration.practitioner_id == Practitioner.id, Registration.number == value)
            .exists()
        )
        stmt = stmt.where(or_(Practitioner.qualification_number == value, licensed))
    if search.name is not None:
        stmt = stmt.where(func.lower(Person.name).like(_like(search.name), escape="\\"))
    return await _run(
        session, _paged(stmt, Practitioner.created_at, Practitioner.id, search), search
    )


async def licence_numbers(
    session: AsyncSession, practitioner_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[str]]:
    if not practitioner_ids:
        return {}
    rows = await session.execute(
        select(Registration.practitioner_id, Registration.number)
        .where(Registration.practitioner_id.in_(practitioner_ids))
        .order_by(Registration.number)
    )
    numbers: dict[uuid.UUID, list[str]] = {}
    for practitioner_id, number in rows:
        if practitioner_id is not None:
            numbers.setdefault(practitioner_id, []).append(number)
    return numbers


async def roles(session: AsyncSession, search: Search) -> Rows:
    stmt = select(Registration).where(Registration.subject.in_(PERSON_SUBJECTS))
    if search.identifier is not None:
        stmt = stmt.where(Registration.number == search.identifier[1])
    if search.practitioner is not None:
        stmt = stmt.where(Registration.practitioner_id == search.practitioner)
    if search.organization is not None:
        stmt = stmt.where(Registration.institution_id == search.organization)
    if search.active is not None:
        active = Registration.status == RegistrationStatus.ACTIVE
        stmt = stmt.where(active if search.active else ~active)
    return await _run(
        session, _paged(stmt, Registration.updated_at, Registration.id, search), search
    )


async def licence_statuses(session: AsyncSession, numbers: list[str]) -> dict[str, str]:
    """The newest licence version's status per number."""
    if not numbers:
        return {}
    rows = await session.execute(
        select(Licence.number, Licence.version, Licence.status).where(Licence.number.in_(numbers))
    )
    newest: dict[str, tuple[int, str]] = {}
    for number, version, status in rows:
        if number not in newest or version > newest[number][0]:
            newest[number] = (version, status.value)
    return {number: status for number, (_v, status) in newest.items()}

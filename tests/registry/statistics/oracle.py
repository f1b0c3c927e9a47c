"""The figures recomputed the slow way: every row loaded, every registration's history
replayed in Python, every count made by hand. The statistics must equal these."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import SHANGHAI
from directory.models import Institution, Person, Practitioner
from registry.registrations.models import Filing, Registration, RegistrationEvent

OPEN = {"CREATED", "CREATE_REGISTRATION", "REACTIVATE_REGISTRATION", "REGISTER_INSTITUTION"}
CLOSE = {"EXPIRED", "CANCEL_REGISTRATION", "CANCEL_INSTITUTION"}


@dataclass
class Rows:
    registrations: list[Registration]
    events: dict[object, list[RegistrationEvent]]
    institutions: dict[object, Institution]
    persons: dict[object, Person]
    practitioners: dict[object, Practitioner]
    filings: dict[object, list[Filing]]


async def load(session: AsyncSession) -> Rows:
    events: dict[object, list[RegistrationEvent]] = defaultdict(list)
    for e in (await session.scalars(select(RegistrationEvent))).all():
        events[e.registration_id].append(e)
    filings: dict[object, list[Filing]] = defaultdict(list)
    for f in (await session.scalars(select(Filing))).all():
        filings[f.registration_id].append(f)
    return Rows(
        registrations=list((await session.scalars(select(Registration))).all()),
        events=events,
        institutions={i.id: i for i in (await session.scalars(select(Institution))).all()},
        persons={p.id: p for p in (await session.scalars(select(Person))).all()},
        practitioners={p.id: p for p in (await session.scalars(select(Practitioner))).all()},
        filings=filings,
    )


def cutoff(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=SHANGHAI)


def in_force(rows: Rows, reg: Registration, day: date) -> bool:
    end = cutoff(day)
    practitioner = reg.subject.value != "INSTITUTION"
    status_events = sorted(
        (e for e in rows.events.get(reg.id, []) if e.action in OPEN | CLOSE),
        key=lambda e: (e.at, e.version),
    )
    if not status_events:
        valid = not practitioner or reg.valid_until is None or reg.valid_until >= day
        return reg.status.value == "ACTIVE" and reg.created_at < end and valid
    before = [e for e in status_events if e.at < end]
    if not before or before[-1].action not in OPEN:
        return False
    latest = before[-1] is status_events[-1]
    if latest and practitioner and reg.valid_until is not None:
        return reg.valid_until >= day
    return True


def age_band(born: date, day: date) -> str:
    age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    if age < 30:
        return "UNDER_30"
    if age >= 60:
        return "60_PLUS"
    return f"{age // 10 * 10}_{age // 10 * 10 + 9}"


def practitioners(rows: Rows, day: date) -> list[dict[str, object]]:
    """One dict per practitioner registration in force on ``day``."""
    out = []
    end = cutoff(day)
    for reg in rows.registrations:
        if reg.subject.value == "INSTITUTION" or not in_force(rows, reg, day):
            continue
        inst = rows.institutions[reg.institution_id]
        person = rows.persons[rows.practitioners[reg.practitioner_id].person_id]
        multi = any(
            f.filed_at < end and (f.cancelled_at is None or f.cancelled_at >= end)
            for f in rows.filings.get(reg.id, [])
        )
        expiring = reg.valid_until is not None and day < reg.valid_until <= day + timedelta(90)
        out.append(
            {
                "district": inst.district_code,
                "itype": inst.type.value,
                "profession": reg.subject.value,
                "category": reg.category.value if reg.category else "UNSPECIFIED",
                "band": age_band(person.birth_date, day),
                "sex": person.sex.value,
                "multi": multi,
                "expiring": expiring,
            }
        )
    return out


def institutions(rows: Rows, day: date) -> list[Institution]:
    return [
        rows.institutions[r.institution_id]
        for r in rows.registrations
        if r.subject.value == "INSTITUTION" and in_force(rows, r, day)
    ]


def count(entries: list[dict[str, object]], *keys: str) -> Counter[tuple[object, ...]]:
    return Counter(tuple(e[k] for k in keys) for e in entries)

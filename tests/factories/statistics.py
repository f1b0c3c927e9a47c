"""A generated city for the statistics tests: institutions and practitioners in three
districts of very different sizes (so some cells are large and some fall below five), with
histories that open, renew, lapse, cancel and re-activate registrations and file and end
multi-site filings at dates spread over three years; some registrations have no history.

Built with a seeded RNG straight into the tables (the statistics read rows, not services)."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import SHANGHAI
from directory.models import (
    Institution,
    InstitutionLevel,
    InstitutionStatus,
    InstitutionType,
    Person,
    PracticeCategory,
    Practitioner,
    Profession,
    Sex,
)
from registry.registrations.models import (
    Filing,
    FilingStatus,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    RegistrationSubject,
)

TODAY = date(2026, 11, 25)
START = date(2023, 6, 1)
SIZES = {"310115": 140, "310104": 14, "310151": 3}
"""Practitioners per district: Pudong large, Xuhui small, Chongming tiny."""


@dataclass
class City:
    institutions: list[Institution] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI).astimezone(UTC)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


class _Builder:
    def __init__(self, session: AsyncSession, rng: random.Random) -> None:
        self.session, self.rng, self.city, self.serial = session, rng, City(), 0
        self.later: list[object] = []
        """Rows that reference others (events, filings): added once those are flushed."""

    def next(self) -> int:
        self.serial += 1
        return self.serial

    def registration(
        self,
        subject: RegistrationSubject,
        inst: Institution,
        history: list[tuple[date, str]],
        *,
        practitioner_id: uuid.UUID | None = None,
        category: PracticeCategory | None = None,
        valid_until: date | None = None,
    ) -> Registration:
        n = self.next()
        status = RegistrationStatus.ACTIVE
        for _when, action in history:
            if action in ("EXPIRED",):
                status = RegistrationStatus.EXPIRED
            elif action in ("CANCEL_REGISTRATION", "CANCEL_INSTITUTION"):
                status = RegistrationStatus.CANCELLED
            elif action in ("CREATED", "CREATE_REGISTRATION", "REACTIVATE_REGISTRATION"):
                status = RegistrationStatus.ACTIVE
        created = at(history[0][0]) if history else at(TODAY - timedelta(days=3))
        reg = Registration(
            id=uuid.uuid4(),
            number=f"STAT{n:06d}",
            subject=subject,
            practitioner_id=practitioner_id,
            institution_id=inst.id,
            authority_code=inst.authority_code,
            status=status,
            category=category,
            valid_from=history[0][0] if history else TODAY,
            valid_until=valid_until,
            version=max(len(history), 1),
            created_at=created,
            updated_at=created,
        )
        self.session.add(reg)
        for version, (day, action) in enumerate(history, start=1):
            self.later.append(
                RegistrationEvent(
                    id=uuid.uuid4(),
                    registration_id=reg.id,
                    version=version,
                    at=at(day, 9 + version % 8),
                    action=action,
                    changes={},
                )
            )
        self.city.registrations.append(reg)
        return reg

    def institution(self, district: str, itype: InstitutionType) -> Institution:
        n = self.next()
        rng = self.rng
        inst = Institution(
            id=uuid.uuid4(),
            uscc=f"STATUSCC{n:010d}",
            licence_number=f"STATLIC{n:06d}",
            name=f"统计测试机构{n}",
            type=itype,
            level=rng.choice(list(InstitutionLevel)),
            beds=rng.choice([0, 20, 80, 300, 900]),
            district_code=district,
            authority_code=district if rng.random() < 0.8 else "310000",
            status=InstitutionStatus.ACTIVE,
            subjects=[],
            created_at=at(START),
        )
        self.session.add(inst)
        opened = _day(self.rng, date(2021, 1, 1), TODAY - timedelta(days=30))
        history = [(opened, "CREATED")]
        if rng.random() < 0.15:
            history.append((_day(rng, opened + timedelta(days=1), TODAY), "CANCEL_INSTITUTION"))
        self.registration(RegistrationSubject.INSTITUTION, inst, history)
        self.city.institutions.append(inst)
        return inst

    def person(self) -> Person:
        n, rng = self.next(), self.rng
        person = Person(
            id=uuid.uuid4(),
            name=f"统计{n}",
            id_number_enc=b"-",
            id_number_index=f"stat-{n}-{uuid.uuid4().hex}",
            id_number_masked="3101**********0000",
            sex=Sex.FEMALE if rng.random() < 0.6 else Sex.MALE,
            birth_date=_day(rng, date(1955, 1, 1), date(2002, 12, 31)),
            created_at=at(START),
        )
        self.session.add(person)
        return person

    def practitioner(self, inst: Institution, sites: list[Institution]) -> None:
        rng = self.rng
        person = self.person()
        profession = Profession.DOCTOR if rng.random() < 0.45 else Profession.NURSE
        category = (
            rng.choice([*PracticeCategory, None]) if profession is Profession.DOCTOR else None
        )
        practitioner = Practitioner(
            id=uuid.uuid4(),
            person_id=person.id,
            profession=profession,
            category=category,
            created_at=at(START),
        )
        self.session.add(practitioner)
        subject = RegistrationSubject(profession.value)
        if rng.random() < 0.08:  # no history: counted from creation while ACTIVE
            self.registration(
                subject,
                inst,
                [],
                practitioner_id=practitioner.id,
                category=category,
                valid_until=TODAY + timedelta(days=rng.randint(-40, 400)),
            )
            return
        opened = _day(rng, START - timedelta(days=200), TODAY)
        history = [(opened, rng.choice(["CREATED", "CREATE_REGISTRATION"]))]
        valid_until = None
        if profession is Profession.NURSE:
            valid_until = opened + timedelta(days=rng.randint(60, 1800))
            if valid_until < TODAY and rng.random() < 0.5:
                history.append((valid_until + timedelta(days=1), "EXPIRED"))
            elif rng.random() < 0.3:
                history.append((_day(rng, opened, TODAY), "EXTEND_REGISTRATION"))
        draw = rng.random()
        last = history[-1][0]
        if draw < 0.15 and last < TODAY:
            cancelled = _day(rng, last + timedelta(days=1), TODAY)
            history.append((cancelled, "CANCEL_REGISTRATION"))
            if rng.random() < 0.4 and cancelled < TODAY:
                history.append(
                    (_day(rng, cancelled + timedelta(days=1), TODAY), "REACTIVATE_REGISTRATION")
                )
        history.sort(key=lambda e: e[0])
        reg = self.registration(
            subject,
            inst,
            history,
            practitioner_id=practitioner.id,
            category=category,
            valid_until=valid_until,
        )
        if profession is Profession.DOCTOR and rng.random() < 0.35:
            filed = _day(rng, opened, TODAY)
            cancelled_at = (
                at(_day(rng, filed + timedelta(days=1), TODAY + timedelta(days=1)))
                if rng.random() < 0.3
                else None
            )
            self.later.append(
                Filing(
                    id=uuid.uuid4(),
                    registration_id=reg.id,
                    institution_id=rng.choice(sites).id,
                    status=FilingStatus.CANCELLED if cancelled_at else FilingStatus.ACTIVE,
                    filed_at=at(filed),
                    cancelled_at=cancelled_at,
                )
            )


async def city(session: AsyncSession, seed: int = 2026) -> City:
    builder = _Builder(session, random.Random(seed))
    sites: dict[str, list[Institution]] = {}
    for district, people in SIZES.items():
        count = max(2, people // 12)
        types = list(InstitutionType)
        sites[district] = [
            builder.institution(district, types[i % len(types)]) for i in range(count)
        ]
    await session.flush()
    everywhere = [i for group in sites.values() for i in group]
    for district, people in SIZES.items():
        for _ in range(people):
            builder.practitioner(builder.rng.choice(sites[district]), everywhere)
    await session.flush()
    session.add_all(builder.later)
    await session.flush()
    return builder.city

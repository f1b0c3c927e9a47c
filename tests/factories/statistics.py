"""A generated city for the statistics tests: institutions and practitioners in three
districts of very different sizes (so some cells are large and some fall below five), with
histories that open, renew, lapse, cancel and re-activate registrations and file and end
multi-site filings at dates spread over three years; some registrations have no history.

Built with a seeded RNG straight into the tables (the statistics read rows, not services)."""

from __future__ import annotations

import itertools
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from certificates.models import Licence, VerificationDay
from certificates.values import LicenceKind, LicenceStatus
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
from identity.models import (
    Account,
    AccountKind,
    AccountStatus,
    CertificationStatus,
    StaffCertification,
)
from registry.catalogue.models import ItemCode
from registry.registrations.models import (
    Filing,
    FilingStatus,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    RegistrationSubject,
)
from registry.workflow.models import Application, ApplicationEvent, ApplicationStatus

TODAY = date(2026, 11, 25)
START = date(2023, 6, 1)
SIZES = {"310115": 140, "310104": 14, "310151": 3}
"""Practitioners per district: Pudong large, Xuhui small, Chongming tiny."""
PORTAL_SIZES = {
    "310115": 400,
    "310104": 160,
    "310112": 220,
    "310106": 90,
    "310110": 120,
    "310101": 40,
    "310151": 3,
}
"""A fuller city for the browser tests' charts."""
PORTAL_VERIFICATIONS = [
    (TODAY - timedelta(days=back), authority, outcome, n)
    for back in range(1, 8)
    for authority, outcome, n in (
        ("310115", "VALID", 30 + 3 * back),
        ("310104", "VALID", 12),
        ("310115", "EXPIRED", back % 3),
        ("", "FORGED", 1 if back in (2, 5) else 0),
    )
    if n
]
"""Verification counts of the last week (day, issuing authority, outcome, count)."""
PORTAL_VERIFICATION_ROWS = len({(day, outcome) for day, _a, outcome, _n in PORTAL_VERIFICATIONS})
"""The rows of the city's verificationsByDay table they make."""
_SERIAL = itertools.count(1)
"""Numbers unique across the cities one test builds."""


@dataclass
class City:
    institutions: list[Institution] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)
    person_of: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    """Practitioner id → person id."""


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
        return next(_SERIAL)

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
        self.city.person_of[practitioner.id] = person.id
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


async def city(
    session: AsyncSession, seed: int = 2026, sizes: dict[str, int] | None = None
) -> City:
    builder = _Builder(session, random.Random(seed))
    sites: dict[str, list[Institution]] = {}
    sizes = sizes or SIZES
    for district, people in sizes.items():
        count = max(2, people // 12)
        types = list(InstitutionType)
        sites[district] = [
            builder.institution(district, types[i % len(types)]) for i in range(count)
        ]
    await session.flush()
    everywhere = [i for group in sites.values() for i in group]
    for district, people in sizes.items():
        for _ in range(people):
            builder.practitioner(builder.rng.choice(sites[district]), everywhere)
    await session.flush()
    session.add_all(builder.later)
    await session.flush()
    return builder.city


ITEMS = (
    (ItemCode.NURSE_FIRST_REGISTRATION, RegistrationSubject.NURSE),
    (ItemCode.NURSE_RENEWAL, RegistrationSubject.NURSE),
    (ItemCode.DOCTOR_FIRST_REGISTRATION, RegistrationSubject.DOCTOR),
    (ItemCode.DOCTOR_MULTI_SITE_FILING, RegistrationSubject.DOCTOR),
)


async def rollout(session: AsyncSession, city: City, seed: int = 13) -> None:
    """Accounts, certifications, applications in every state (some returned, some decided
    with paper, some overdue) and licences issued, spread over 2025–2026, for the
    supervision figures."""
    rng = random.Random(seed)
    practitioners = [r for r in city.registrations if r.practitioner_id is not None]
    institutions = {i.id: i for i in city.institutions}
    later: list[object] = []
    for reg in practitioners:
        person_id = city.person_of[reg.practitioner_id]  # type: ignore[index]
        draw = rng.random()
        if draw < 0.55:
            session.add(
                Account(
                    id=uuid.uuid4(),
                    kind=AccountKind.PERSONAL,
                    status=AccountStatus.ACTIVE if draw < 0.45 else AccountStatus.DISABLED,
                    login_key=f"stat-{uuid.uuid4().hex}",
                    display_name="统计",
                    person_id=person_id,
                    created_at=at(START),
                )
            )
        if rng.random() < 0.5:
            certified = rng.random() < 0.8
            later.append(
                StaffCertification(
                    id=uuid.uuid4(),
                    person_id=person_id,
                    institution_id=reg.institution_id
                    if certified or rng.random() < 0.5
                    else rng.choice(city.institutions).id,
                    profession=Profession(reg.subject.value),
                    status=CertificationStatus.CERTIFIED
                    if certified
                    else CertificationStatus.ENDED,
                    requested_at=at(START),
                )
            )
        if rng.random() < 0.6:
            issued = _day(rng, date(2024, 6, 1), TODAY)
            later.append(
                Licence(
                    id=uuid.uuid4(),
                    number=reg.number,
                    version=1,
                    kind=LicenceKind.NURSE_PRACTICE,
                    holder_name="统计",
                    holder_ref=str(reg.id),
                    registration_version=1,
                    authority_code=reg.authority_code,
                    status=LicenceStatus.VALID,
                    issued_at=at(issued),
                    valid_from=issued,
                    data={},
                )
            )
        for _ in range(rng.choice([0, 0, 1, 2])):
            later.extend(_application(rng, reg, person_id, institutions[reg.institution_id]))
    await session.flush()
    session.add_all([x for x in later if not isinstance(x, ApplicationEvent)])
    await session.flush()
    session.add_all([x for x in later if isinstance(x, ApplicationEvent)])
    await session.flush()


def _application(
    rng: random.Random, reg: Registration, person_id: uuid.UUID, inst: Institution
) -> list[object]:
    item, _subject = rng.choice([i for i in ITEMS if i[1] is reg.subject])
    created = _day(rng, date(2024, 10, 1), TODAY)
    status = rng.choice(
        [
            ApplicationStatus.AWAITING_ACCEPTANCE,
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.AWAITING_PAPER,
            ApplicationStatus.COMPLETED,
            ApplicationStatus.COMPLETED,
            ApplicationStatus.COMPLETED,
            ApplicationStatus.REJECTED,
            ApplicationStatus.NOT_ACCEPTED,
            ApplicationStatus.WITHDRAWN,
        ]
    )
    app_id = uuid.uuid4()
    accepted_on = created + timedelta(days=rng.randint(0, 5))
    accepted = status not in (
        ApplicationStatus.AWAITING_ACCEPTANCE,
        ApplicationStatus.NOT_ACCEPTED,
        ApplicationStatus.WITHDRAWN,
    )
    decided = status in (
        ApplicationStatus.AWAITING_PAPER,
        ApplicationStatus.COMPLETED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.NOT_ACCEPTED,
    )
    decided_on = min(accepted_on + timedelta(days=rng.randint(0, 40)), TODAY)
    paper = rng.random() < 0.4
    app = Application(
        id=app_id,
        number=f"SQSTAT-{app_id.hex[:12]}",
        item_code=item,
        subject=reg.subject,
        status=status,
        applicant_account_id=uuid.uuid4() if rng.random() < 0.8 else None,
        subject_person_id=person_id,
        subject_name="统计",
        registration_id=reg.id,
        institution_id=inst.id,
        authority_code=inst.authority_code,
        district_code=inst.district_code,
        payload={},
        paper_required=paper,
        time_limit_days=20,
        clock_started_on=accepted_on if accepted else None,
        clock_days_used=rng.choice([0, 0, 0, 2, 5]) if accepted else 0,
        deadline=accepted_on + timedelta(days=28) if accepted else None,
        created_at=at(created),
        updated_at=at(created),
        submitted_at=at(created, 11),
        accepted_at=at(accepted_on, 14) if accepted else None,
        decided_at=at(decided_on, 16) if decided else None,
        version=1,
    )
    out: list[object] = [app]
    if rng.random() < 0.25:
        out.append(
            ApplicationEvent(
                id=uuid.uuid4(),
                application_id=app_id,
                seq=1,
                at=at(created, 12),
                action="RETURN",
                to_status=ApplicationStatus.RETURNED,
                actor_role="AUTHORITY_OFFICER",
                version=1,
            )
        )
    return out


async def verifications(session: AsyncSession) -> None:
    """The saved verification counts of ``PORTAL_VERIFICATIONS``."""
    session.add_all(
        VerificationDay(day=day, authority_code=authority, outcome=outcome, verifications=n)
        for day, authority, outcome, n in PORTAL_VERIFICATIONS
    )
    await session.flush()

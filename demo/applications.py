"""Demo applications in every state, in every district (and at the municipal commission),
some of them overdue: each one is played through the real workflow services with the clock
set back, so timelines, audit entries, deadlines and effects are what production makes.

Demo applicants are certified by their institutions by construction, and the simulated past
sends nobody a text message (the session's certification and notifier ports are replaced for
the duration of the load, then restored)."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor, Grant, Role
from core.audit import SYSTEM
from core.clock import CLOCK, FixedClock
from core.errors import Conflict
from demo.geography import DISTRICT_BY_CODE
from demo.names import mobile, person_name, resident_id
from directory import service as registry_service
from directory.models import Authority, Institution, InstitutionStatus
from registry.catalogue.models import ItemCode
from registry.catalogue.service import get_item
from registry.ports import CERTIFICATION, NOTIFIER
from registry.workflow import attachments, service
from registry.workflow.models import Application, ApplicationStatus
from registry.workflow.states import Action

DEMO_PDF = b"%PDF-1.4\n% medreg demo attachment\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SCENARIOS_PER_AUTHORITY = 7


class DemoCertification:
    """Every demo applicant counts as certified by the institution they apply to."""

    async def is_certified(
        self, session: AsyncSession, person_id: uuid.UUID, institution_id: uuid.UUID, _p: Any
    ) -> bool:
        return True

    async def certified_institutions(
        self, session: AsyncSession, person_id: uuid.UUID, profession: Any
    ) -> set[uuid.UUID]:
        return set()


class SilentNotifier:
    async def notify_person(
        self, session: AsyncSession, person_id: uuid.UUID, template: str, params: dict[str, Any]
    ) -> None:
        return None


@dataclass
class Desk:
    """One authority's demo: its institutions, an officer, a clock to set back."""

    session: AsyncSession
    rng: random.Random
    clock: FixedClock
    today: date
    authority: str
    institutions: list[Institution]

    def at(self, days_ago: int) -> None:
        day = self.today - timedelta(days=days_ago)
        self.clock.at = datetime(
            day.year, day.month, day.day, 2, self.rng.randrange(60), tzinfo=UTC
        )

    def region(self, born: date) -> str:
        """The district's region code valid in the birth year (Huangpu for the city)."""
        district = DISTRICT_BY_CODE.get(self.authority) or DISTRICT_BY_CODE["310101"]
        return district.id_region(born.year)

    @property
    def officer(self) -> Actor:
        grant = Grant(Role.AUTHORITY_OFFICER, authority_code=self.authority)
        return Actor(account_id=uuid.uuid4(), grants=(grant,), display_name="审核员")

    def operator(self, institution_id: uuid.UUID | None) -> Actor:
        grant = Grant(Role.INSTITUTION_OPERATOR, institution_id=institution_id)
        return Actor(account_id=uuid.uuid4(), grants=(grant,), display_name="机构经办人")

    async def applicant(self) -> Actor:
        female = self.rng.random() < 0.7
        born = date(self.rng.randrange(1970, 2001), self.rng.randrange(1, 13), 15)
        for _ in range(5):
            try:
                async with self.session.begin_nested():
                    person = await registry_service.create_person(
                        self.session,
                        SYSTEM,
                        name=person_name(self.rng, female=female),
                        id_number=resident_id(self.rng, self.region(born), born, female=female),
                        mobile=mobile(self.rng),
                    )
                break
            except Conflict:  # the rare ID number drawn twice
                continue
        else:
            raise RuntimeError("could not draw a fresh resident ID number")
        return Actor(
            account_id=uuid.uuid4(),
            person_id=person.id,
            grants=(Grant(Role.PRACTITIONER),),
            display_name=person.name,
        )

    async def apply(self, actor: Actor, item: ItemCode, form: dict[str, Any]) -> Application:
        ids = []
        for kind in (await get_item(self.session, item)).attachments:
            stored = await attachments.store(
                self.session, actor, kind=kind, filename=f"{kind.lower()}.pdf", data=DEMO_PDF
            )
            ids.append(stored.id)
        return await service.create_application(
            self.session, actor, item_code=item, form=form, attachment_ids=ids, submit=True
        )

    async def step(
        self, actor: Actor, action: Action, app: Application, opinion: str | None = None
    ) -> Application:
        return await service.take(
            self.session,
            actor,
            action,
            application_id=app.id,
            expected_version=app.version,
            opinion=opinion,
        )


Scenario = Callable[[Desk], Awaitable[Application]]


def _nurse_form(inst: Institution, rng: random.Random) -> dict[str, Any]:
    return {
        "institutionId": str(inst.id),
        "qualificationNumber": f"HSZG{rng.randrange(10**9):09d}",
        "education": rng.choice(["大专", "本科", "硕士研究生"]),
    }


def _doctor_form(inst: Institution, rng: random.Random) -> dict[str, Any]:
    return {
        "institutionId": str(inst.id),
        "qualificationNumber": f"YSZG{rng.randrange(10**9):09d}",
        "category": "CLINICAL",
        "scope": rng.choice(["内科专业", "外科专业", "儿科专业", "全科医学专业"]),
    }


async def _submitted(d: Desk, days_ago: int, doctor: bool = False) -> tuple[Actor, Application]:
    d.at(days_ago)
    inst = d.rng.choice(d.institutions)
    actor = await d.applicant()
    if doctor:
        return actor, await d.apply(
            actor, ItemCode.DOCTOR_FIRST_REGISTRATION, _doctor_form(inst, d.rng)
        )
    return actor, await d.apply(actor, ItemCode.NURSE_FIRST_REGISTRATION, _nurse_form(inst, d.rng))


async def _accepted(d: Desk, days_ago: int, doctor: bool = False) -> tuple[Actor, Application]:
    actor, app = await _submitted(d, days_ago + 2, doctor)
    d.at(days_ago + 1)
    app = await d.step(d.operator(app.institution_id), Action.FORWARD, app, "身份与材料已核对")
    d.at(days_ago)
    return actor, await d.step(d.officer, Action.ACCEPT, app, "材料齐全，予以受理")


async def draft(d: Desk) -> Application:
    d.at(1)
    actor = await d.applicant()
    return await service.create_application(
        d.session,
        actor,
        item_code=ItemCode.NURSE_FIRST_REGISTRATION,
        form={"education": "本科"},
    )


async def awaiting_institution(d: Desk) -> Application:
    return (await _submitted(d, 2))[1]


async def awaiting_acceptance(d: Desk) -> Application:
    _, app = await _submitted(d, 3, doctor=True)
    d.at(2)
    return await d.step(d.operator(app.institution_id), Action.FORWARD, app, "同意上报")


async def under_review(d: Desk) -> Application:
    return (await _accepted(d, 4))[1]


async def overdue(d: Desk) -> Application:
    return (await _accepted(d, 45, doctor=True))[1]


async def awaiting_paper(d: Desk) -> Application:
    _, app = await _accepted(d, 8)
    d.at(3)
    return await d.step(d.officer, Action.APPROVE, app, "符合注册条件")


async def returned(d: Desk) -> Application:
    _, app = await _accepted(d, 6)
    d.at(2)
    return await d.step(d.officer, Action.RETURN, app, "请补充近六个月内的体检证明")


async def completed(d: Desk) -> Application:
    _, app = await _accepted(d, 10, doctor=True)
    d.at(4)
    app = await d.step(d.officer, Action.APPROVE, app, "符合注册条件")
    d.at(3)
    return await d.step(d.officer, Action.CONFIRM_PAPER, app, "纸质材料与网上一致")


async def filed(d: Desk) -> Application:
    """A doctor registered last month files an additional practice site (online only)."""
    actor, app = await _accepted(d, 40, doctor=True)
    d.at(35)
    app = await d.step(d.officer, Action.APPROVE, app)
    app = await d.step(d.officer, Action.CONFIRM_PAPER, app)
    others = [i for i in d.institutions if i.id != app.institution_id] or d.institutions
    site = d.rng.choice(others)
    if site.id == app.institution_id:
        return app
    d.at(5)
    filing = await d.apply(
        actor, ItemCode.DOCTOR_MULTI_SITE_FILING, {"institutionId": str(site.id)}
    )
    d.at(4)
    filing = await d.step(d.operator(site.id), Action.FORWARD, filing)
    d.at(3)
    filing = await d.step(d.officer, Action.ACCEPT, filing)
    return await d.step(d.officer, Action.APPROVE, filing, "同意备案")


async def rejected(d: Desk) -> Application:
    _, app = await _accepted(d, 12)
    d.at(5)
    return await d.step(d.officer, Action.REJECT, app, "资格证书信息与国家库不一致")


async def not_accepted(d: Desk) -> Application:
    _, app = await _submitted(d, 6, doctor=True)
    d.at(5)
    app = await d.step(d.operator(app.institution_id), Action.FORWARD, app)
    d.at(4)
    return await d.step(d.officer, Action.REFUSE, app, "不属于本机关管辖")


async def withdrawn(d: Desk) -> Application:
    actor, app = await _submitted(d, 5)
    d.at(4)
    return await d.step(actor, Action.WITHDRAW, app, "信息填写有误，撤回重报")


SCENARIOS: tuple[Scenario, ...] = (
    overdue,
    awaiting_acceptance,
    under_review,
    completed,
    awaiting_institution,
    returned,
    awaiting_paper,
    filed,
    rejected,
    not_accepted,
    withdrawn,
    draft,
)


async def _institutions(session: AsyncSession, authority: str) -> list[Institution]:
    rows = await session.scalars(
        select(Institution)
        .where(
            Institution.authority_code == authority,
            Institution.status == InstitutionStatus.ACTIVE,
        )
        .order_by(Institution.name, Institution.id)
        .limit(5)
    )
    return list(rows.all())


async def load_application_demo(
    session: AsyncSession, *, seed: int, today: date
) -> Counter[ApplicationStatus]:
    """Play demo applications through the workflow for every authority that registered
    institutions; returns how many ended in each status. Flushes, never commits."""
    rng = random.Random(f"medreg-demo-applications:{seed}")
    clock = FixedClock(datetime(today.year, today.month, today.day, 2, 0, tzinfo=UTC))
    statuses: Counter[ApplicationStatus] = Counter()
    with (
        CLOCK.bound(session, clock),
        CERTIFICATION.bound(session, DemoCertification()),
        NOTIFIER.bound(session, SilentNotifier()),
    ):
        codes = list((await session.scalars(select(Authority.code).order_by(Authority.code))).all())
        turn = 0
        for code in codes:
            institutions = await _institutions(session, code)
            if not institutions:
                continue
            desk = Desk(session, rng, clock, today, code, institutions)
            for _ in range(SCENARIOS_PER_AUTHORITY):
                app = await SCENARIOS[turn % len(SCENARIOS)](desk)
                statuses[app.status] += 1
                turn += 1
    return statuses

"""Workflow builders: stand-ins for identity's certification and notifications, sessions that
carry them (``workflow_sessions``), actors, registrations, attachments and a small city to
apply in.

Fixtures: ``certification`` and ``notifier``, the stand-ins. A directory whose tests run the
workflow with them overrides ``sessions`` with ``workflow_sessions`` and builds ``city``."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from access.actor import Actor, Grant, Role
from core.clock import FixedClock, clock_of
from directory.models import (
    Institution,
    InstitutionStatus,
    Person,
    PracticeCategory,
    Practitioner,
    Profession,
)
from registry.catalogue.models import ApprovalItem, ItemCode
from registry.registrations.models import Registration, RegistrationStatus, RegistrationSubject
from registry.workflow import attachments as attachment_service
from registry.workflow import service
from registry.workflow.models import Application
from registry.workflow.states import Action
from tests import factories
from tests.factories.database import TEST_KEYRING

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _image(image_format: str) -> bytes:
    """A real 8×8 image: uploads are decoded before they are kept."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, image_format)
    return buffer.getvalue()


PNG = _image("PNG")
JPEG = _image("JPEG")


@dataclass
class FakeCertification:
    """Staff certification as a set of (person, institution, profession)."""

    pairs: set[tuple[uuid.UUID, uuid.UUID, Profession]] = field(default_factory=set)

    def certify(
        self, person_id: uuid.UUID, institution_id: uuid.UUID, profession: Profession
    ) -> None:
        self.pairs.add((person_id, institution_id, profession))

    async def is_certified(
        self,
        session: AsyncSession,
        person_id: uuid.UUID,
        institution_id: uuid.UUID,
        profession: Profession,
    ) -> bool:
        return (person_id, institution_id, profession) in self.pairs

    async def certified_institutions(
        self, session: AsyncSession, person_id: uuid.UUID, profession: Profession
    ) -> set[uuid.UUID]:
        return {i for p, i, prof in self.pairs if p == person_id and prof == profession}


@dataclass
class RecordingNotifier:
    sent: list[tuple[uuid.UUID, str, dict[str, Any]]] = field(default_factory=list)

    async def notify_person(
        self, session: AsyncSession, person_id: uuid.UUID, template: str, params: dict[str, Any]
    ) -> None:
        self.sent.append((person_id, template, params))


@pytest.fixture
def certification() -> FakeCertification:
    return FakeCertification()


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


def workflow_sessions(
    bind: AsyncConnection,
    clock: FixedClock,
    certification: FakeCertification,
    notifier: RecordingNotifier,
) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(
        bind=bind,
        join_transaction_mode="create_savepoint",
        expire_on_commit=False,
        info={
            "keyring": TEST_KEYRING,
            "clock": clock,
            "certification": certification,
            "notifier": notifier,
        },
    )


def practitioner_actor(person: Person, name: str = "") -> Actor:
    return Actor(
        account_id=uuid.uuid4(),
        person_id=person.id,
        grants=(Grant(Role.PRACTITIONER),),
        display_name=name or person.name,
    )


def operator(institution: Institution, role: Role = Role.INSTITUTION_OPERATOR) -> Actor:
    return Actor(
        account_id=uuid.uuid4(),
        grants=(Grant(role, institution_id=institution.id),),
        display_name="机构经办人",
    )


def officer(code: str) -> Actor:
    return Actor(
        account_id=uuid.uuid4(),
        grants=(Grant(Role.AUTHORITY_OFFICER, authority_code=code),),
        display_name=f"{code}审核员",
    )


async def registration(
    session: AsyncSession,
    person: Person,
    institution: Institution,
    profession: Profession = Profession.NURSE,
    *,
    status: RegistrationStatus = RegistrationStatus.ACTIVE,
    valid_from: date = date(2022, 1, 10),
    valid_until: date | None = date(2027, 1, 9),
    number: str | None = None,
) -> Registration:
    now = clock_of(session).now()
    practitioner = await session.scalar(
        select(Practitioner).where(
            Practitioner.person_id == person.id, Practitioner.profession == profession
        )
    )
    if practitioner is None:
        practitioner = Practitioner(
            id=uuid.uuid4(),
            person_id=person.id,
            profession=profession,
            qualification_number="Q" + uuid.uuid4().hex[:10].upper(),
            category=PracticeCategory.CLINICAL if profession is Profession.DOCTOR else None,
            scope="内科专业" if profession is Profession.DOCTOR else None,
            created_at=now,
        )
        session.add(practitioner)
    reg = Registration(
        id=uuid.uuid4(),
        number=number or f"T{uuid.uuid4().hex[:12].upper()}",
        subject=RegistrationSubject(profession.value),
        practitioner_id=practitioner.id,
        institution_id=institution.id,
        authority_code=institution.authority_code,
        status=status,
        category=practitioner.category,
        scope=practitioner.scope,
        valid_from=valid_from,
        valid_until=valid_until if profession is Profession.NURSE else None,
        version=1,
        created_at=now,
        updated_at=now,
    )
    session.add(reg)
    await session.flush()
    return reg


async def institution_registration(session: AsyncSession, institution: Institution) -> Registration:
    now = clock_of(session).now()
    reg = Registration(
        id=uuid.uuid4(),
        number=institution.licence_number,
        subject=RegistrationSubject.INSTITUTION,
        institution_id=institution.id,
        authority_code=institution.authority_code,
        status=RegistrationStatus.ACTIVE,
        valid_from=date(2020, 1, 1),
        valid_until=institution.validated_until,
        version=1,
        created_at=now,
        updated_at=now,
    )
    session.add(reg)
    await session.flush()
    return reg


async def upload_required(
    session: AsyncSession, actor: Actor, item_code: ItemCode
) -> list[uuid.UUID]:
    item = await session.get(ApprovalItem, item_code)
    assert item is not None
    ids = []
    for kind in item.attachments:
        stored = await attachment_service.store(
            session, actor, kind=kind, filename=f"{kind.lower()}.pdf", data=PDF
        )
        ids.append(stored.id)
    return ids


@dataclass
class City:
    """Two Pudong hospitals, one in Xuhui, one registered by the municipal commission, and
    officers and operators for them."""

    session: AsyncSession
    certification: FakeCertification
    notifier: RecordingNotifier
    pudong: Institution
    pudong_b: Institution
    xuhui: Institution
    city_hospital: Institution
    officer_pudong: Actor
    officer_xuhui: Actor
    officer_city: Actor
    op_pudong: Actor
    op_pudong_b: Actor
    op_xuhui: Actor
    op_city: Actor

    @classmethod
    async def build(
        cls, session: AsyncSession, certification: FakeCertification, notifier: RecordingNotifier
    ) -> City:
        pudong = await factories.institution(session, name="浦东测试医院", district="310115")
        pudong_b = await factories.institution(session, name="浦东第二医院", district="310115")
        xuhui = await factories.institution(session, name="徐汇测试医院", district="310104")
        city_hospital = await factories.institution(
            session, name="市立测试医院", district="310104", authority="310000"
        )
        return cls(
            session=session,
            certification=certification,
            notifier=notifier,
            pudong=pudong,
            pudong_b=pudong_b,
            xuhui=xuhui,
            city_hospital=city_hospital,
            officer_pudong=officer("310115"),
            officer_xuhui=officer("310104"),
            officer_city=officer("310000"),
            op_pudong=operator(pudong),
            op_pudong_b=operator(pudong_b),
            op_xuhui=operator(xuhui),
            op_city=operator(city_hospital),
        )

    def officer_for(self, application: Application) -> Actor:
        return {
            "310115": self.officer_pudong,
            "310104": self.officer_xuhui,
        }.get(application.authority_code or "", self.officer_city)

    def operator_for(self, application: Application) -> Actor:
        by_id = {
            self.pudong.id: self.op_pudong,
            self.pudong_b.id: self.op_pudong_b,
            self.xuhui.id: self.op_xuhui,
            self.city_hospital.id: self.op_city,
        }
        return by_id[application.institution_id]  # type: ignore[index]

    async def person(self, name: str = "张晓华") -> tuple[Person, Actor]:
        person = await factories.person(self.session, name=name)
        return person, practitioner_actor(person)

    async def pending_institution(self, name: str = "浦东新建诊所") -> Institution:
        inst = await factories.institution(self.session, name=name, district="310115", beds=20)
        inst.status = InstitutionStatus.PENDING
        await self.session.flush()
        return inst

    def certify(self, person: Person, institution: Institution, profession: Profession) -> None:
        self.certification.certify(person.id, institution.id, profession)

    async def apply(
        self,
        actor: Actor,
        item: ItemCode,
        form: dict[str, Any],
        *,
        institution: Institution | None = None,
        submit: bool = True,
    ) -> Application:
        attachments = await upload_required(self.session, actor, item)
        return await service.create_application(
            self.session,
            actor,
            item_code=item,
            form=form,
            attachment_ids=attachments,
            institution_id=institution.id if institution else None,
            submit=submit,
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

    async def through(self, app: Application) -> Application:
        """Forward (when the institution reviews), accept, approve, confirm paper: done."""
        if app.institution_review:
            app = await self.step(self.operator_for(app), Action.FORWARD, app, "材料齐全")
        officer_ = self.officer_for(app)
        app = await self.step(officer_, Action.ACCEPT, app)
        app = await self.step(officer_, Action.APPROVE, app, "同意")
        if app.paper_required:
            app = await self.step(officer_, Action.CONFIRM_PAPER, app, "纸质材料已核对")
        return app


def at(clock: FixedClock, when: datetime) -> None:
    clock.at = when


async def city_with_named_actors(
    session: AsyncSession,
    certification: FakeCertification,
    notifier: RecordingNotifier,
    actors: dict[str, Actor],
) -> City:
    """The city, committed, its officers and operators registered under their attribute names
    (``officer_pudong``, ``op_xuhui``…) for ``tests.factories.clients.gql_as``."""
    built = await City.build(session, certification, notifier)
    actors.update(
        officer_pudong=built.officer_pudong,
        officer_xuhui=built.officer_xuhui,
        officer_city=built.officer_city,
        op_pudong=built.op_pudong,
        op_pudong_b=built.op_pudong_b,
        op_xuhui=built.op_xuhui,
        op_city=built.op_city,
    )
    await session.commit()
    return built

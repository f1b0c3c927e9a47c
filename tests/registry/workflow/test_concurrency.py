"""Races, with real commits on a database of their own: 50 officers approving one
application at once, and one submission retried 20 times at once."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.audit import AuditEntry, verify_chain
from core.clock import FixedClock
from core.errors import Conflict
from core.outbox import OutboxEvent
from directory.models import Profession
from registry.catalogue.models import ItemCode
from registry.workflow import service
from registry.workflow.models import Application, ApplicationEvent, ApplicationStatus
from registry.workflow.states import Action
from tests.factories.database import TEST_KEYRING, committed_engine
from tests.factories.workflow import (
    City,
    FakeCertification,
    RecordingNotifier,
    officer,
    upload_required,
)


@pytest.fixture(scope="module")
async def engine_of_its_own() -> AsyncIterator[AsyncEngine]:
    async with committed_engine() as engine:
        yield engine


@pytest.fixture
def committed_sessions(engine_of_its_own: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(
        engine_of_its_own,
        expire_on_commit=False,
        info={
            "keyring": TEST_KEYRING,
            "clock": FixedClock(datetime(2026, 11, 25, 2, 0, tzinfo=UTC)),
            "certification": FakeCertification(),
            "notifier": RecordingNotifier(),
        },
    )


async def _count(session: AsyncSession, stmt: object) -> int:
    return int(await session.scalar(stmt) or 0)  # type: ignore[call-overload]


async def test_fifty_concurrent_approvals_one_wins(
    committed_sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with committed_sessions() as session:
        certification = session.info["certification"]
        city = await City.build(session, certification, session.info["notifier"])
        person, nurse = await city.person("周思远")
        city.certify(person, city.pudong, Profession.NURSE)
        form = {
            "institutionId": str(city.pudong.id),
            "qualificationNumber": "Q-RACE",
            "education": "本科",
        }
        app = await city.apply(nurse, ItemCode.NURSE_FIRST_REGISTRATION, form)
        app = await city.step(city.op_pudong, Action.FORWARD, app)
        app = await city.step(city.officer_pudong, Action.ACCEPT, app)
        assert app.paper_required  # approval moves it on; no effect runs in the race
        await session.commit()
        before = {
            "events": await _count(session, select(func.count(ApplicationEvent.id))),
            "audit": await _count(session, select(func.count(AuditEntry.seq))),
            "outbox": await _count(session, select(func.count(OutboxEvent.id))),
        }
    officers = [officer("310115") for _ in range(50)]

    async def approve(actor_index: int) -> str:
        async with committed_sessions() as s:
            try:
                await service.take(
                    s,
                    officers[actor_index],
                    Action.APPROVE,
                    application_id=app.id,
                    expected_version=app.version,
                    opinion=f"同意 {actor_index}",
                )
                await s.commit()
            except Conflict:
                await s.rollback()
                return "conflict"
            return "approved"

    outcomes = Counter(await asyncio.gather(*(approve(i) for i in range(50))))
    assert outcomes == Counter({"approved": 1, "conflict": 49})

    async with committed_sessions() as session:
        final = await session.get(Application, app.id)
        assert final is not None
        assert (final.status, final.version) == (ApplicationStatus.AWAITING_PAPER, app.version + 1)
        approvals = await _count(
            session,
            select(func.count(ApplicationEvent.id)).where(
                ApplicationEvent.application_id == app.id, ApplicationEvent.action == "APPROVE"
            ),
        )
        assert approvals == 1
        assert await _count(session, select(func.count(ApplicationEvent.id))) == (
            before["events"] + 1
        )
        assert await _count(session, select(func.count(AuditEntry.seq))) == before["audit"] + 1
        assert await _count(session, select(func.count(OutboxEvent.id))) == before["outbox"] + 1
        approved_events = await _count(
            session,
            select(func.count(OutboxEvent.id)).where(OutboxEvent.topic == "application.approved"),
        )
        assert approved_events == 1
        checked, broken = await verify_chain(session)
        assert broken is None
        assert checked == before["audit"] + 1


async def test_twenty_concurrent_retries_of_one_submission_create_one_application(
    committed_sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with committed_sessions() as session:
        city = await City.build(session, session.info["certification"], session.info["notifier"])
        person, nurse = await city.person("吴佳怡")
        city.certify(person, city.pudong, Profession.NURSE)
        attachments = await upload_required(session, nurse, ItemCode.NURSE_FIRST_REGISTRATION)
        await session.commit()
    form = {"institutionId": str(city.pudong.id), "qualificationNumber": "Q-2", "education": "本科"}
    key = f"submit-{uuid.uuid4()}"

    async def submit() -> uuid.UUID:
        async with committed_sessions() as s:
            app = await service.create_application(
                s,
                nurse,
                item_code=ItemCode.NURSE_FIRST_REGISTRATION,
                form=form,
                attachment_ids=attachments,
                submit=True,
                idempotency_key=key,
            )
            await s.commit()
            return app.id

    ids = await asyncio.gather(*(submit() for _ in range(20)))
    assert len(set(ids)) == 1
    async with committed_sessions() as session:
        apps = (
            await session.scalars(
                select(Application).where(Application.subject_person_id == person.id)
            )
        ).all()
        assert [(a.id, a.status) for a in apps] == [
            (ids[0], ApplicationStatus.AWAITING_INSTITUTION)
        ]
        submissions = await _count(
            session,
            select(func.count(ApplicationEvent.id)).where(
                ApplicationEvent.application_id == ids[0], ApplicationEvent.action == "SUBMIT"
            ),
        )
        assert submissions == 1

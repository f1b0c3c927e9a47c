"""Idempotency keys: a retry replays the first result; the key cannot be reused for another
request. (Concurrent retries: test_concurrency.py.)"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import AuditEntry
from core.errors import Conflict, ValidationFailed
from directory.models import Profession
from registry.catalogue.models import ItemCode
from registry.workflow import service
from registry.workflow.models import Application, ApplicationEvent
from registry.workflow.states import Action
from tests.factories.workflow import City, practitioner_actor, upload_required


async def test_twenty_sequential_replays_create_one_application(
    city: City, session: AsyncSession
) -> None:
    person, nurse = await city.person()
    city.certify(person, city.pudong, Profession.NURSE)
    attachments = await upload_required(session, nurse, ItemCode.NURSE_FIRST_REGISTRATION)
    await session.commit()
    form = {"institutionId": str(city.pudong.id), "qualificationNumber": "Q", "education": "本科"}
    ids = set()
    for _ in range(20):
        app = await service.create_application(
            session,
            nurse,
            item_code=ItemCode.NURSE_FIRST_REGISTRATION,
            form=form,
            attachment_ids=attachments,
            submit=True,
            idempotency_key="2f9c1d4e-retry-key",
        )
        await session.commit()
        ids.add(app.id)
    assert len(ids) == 1
    assert await session.scalar(select(func.count()).select_from(Application)) == 1
    audited = await session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == "registry.application.submitted")
    )
    assert audited == 1

    with pytest.raises(Conflict, match="different request"):
        await service.create_application(
            session,
            nurse,
            item_code=ItemCode.NURSE_FIRST_REGISTRATION,
            form={**form, "education": "硕士研究生"},
            attachment_ids=attachments,
            submit=True,
            idempotency_key="2f9c1d4e-retry-key",
        )
    await session.rollback()


async def test_a_replayed_step_returns_the_application_instead_of_a_conflict(
    city: City, session: AsyncSession
) -> None:
    person, nurse = await city.person()
    city.certify(person, city.pudong, Profession.NURSE)
    form = {"institutionId": str(city.pudong.id), "qualificationNumber": "Q", "education": "本科"}
    app = await city.apply(nurse, ItemCode.NURSE_FIRST_REGISTRATION, form)
    await session.commit()
    version = app.version
    for _ in range(3):
        again = await service.take(
            session,
            city.op_pudong,
            Action.FORWARD,
            application_id=app.id,
            expected_version=version,
            opinion="ok",
            idempotency_key="forward-once-0001",
        )
        await session.commit()
        assert again.version == version + 1
    forwards = await session.scalar(
        select(func.count())
        .select_from(ApplicationEvent)
        .where(ApplicationEvent.application_id == app.id, ApplicationEvent.action == "FORWARD")
    )
    assert forwards == 1
    # without the key, the same stale request is a conflict
    with pytest.raises(Conflict):
        await service.take(
            session, city.op_pudong, Action.FORWARD, application_id=app.id, expected_version=version
        )
    await session.rollback()


async def test_keys_are_per_account_and_well_formed(city: City, session: AsyncSession) -> None:
    person_a, nurse_a = await city.person("甲")
    person_b = (await city.person("乙"))[0]
    nurse_b = practitioner_actor(person_b)
    for person, nurse in ((person_a, nurse_a), (person_b, nurse_b)):
        app = await service.create_application(
            session,
            nurse,
            item_code=ItemCode.NURSE_CHANGE_REGISTRATION,
            form={},
            idempotency_key="shared-key-0001",
        )
        assert app.subject_person_id == person.id
    with pytest.raises(ValidationFailed) as exc:
        await service.create_application(
            session,
            nurse_a,
            item_code=ItemCode.NURSE_CHANGE_REGISTRATION,
            form={},
            idempotency_key="short",
        )
    assert exc.value.problems[0].field == "idempotencyKey"
    assert await session.scalar(select(func.count()).select_from(Application)) == 2

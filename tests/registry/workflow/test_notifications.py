"""The applicant hears of every step: an outbox event per step and a text through identity's
notification channel, with a registered template that renders."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.outbox import OutboxEvent
from directory.models import Profession
from notifications.messages import SMS_TOPIC
from notifications.templates import render
from registry.catalogue.models import ItemCode
from registry.workflow.states import Action
from tests.factories.workflow import City, RecordingNotifier


async def test_every_step_renders_a_message(
    city: City, session: AsyncSession, notifier: RecordingNotifier
) -> None:
    person, nurse = await city.person()
    city.certify(person, city.pudong, Profession.NURSE)
    form = {"institutionId": str(city.pudong.id), "qualificationNumber": "Q", "education": "本科"}
    app = await city.apply(nurse, ItemCode.NURSE_FIRST_REGISTRATION, form)
    app = await city.step(city.op_pudong, Action.RETURN, app, "照片不清晰")
    app = await city.step(nurse, Action.RESUBMIT, app)
    app = await city.through(app)
    texts = [
        render(template, params)
        for _, template, params in notifier.sent
        if template.startswith("application.")
    ]
    assert len(texts) == 7
    assert all(str(app.number) in text for text in texts)
    assert "退回补正：照片不清晰" in texts[1]
    assert "办理时限至 2026-12-23" in texts[4]
    assert "请向卫生健康委员会提交纸质材料" in texts[5]
    assert texts[-1].endswith("It is complete.")
    topics = (
        await session.scalars(
            select(OutboxEvent.topic).where(OutboxEvent.topic.like("application.%"))
        )
    ).all()
    assert sorted(topics) == sorted(
        f"application.{t}"
        for t in (
            "submitted",
            "returned",
            "resubmitted",
            "forwarded",
            "accepted",
            "approved",
            "paper_confirmed",
        )
    )


async def test_default_port_texts_through_identity(city: City, session: AsyncSession) -> None:
    del session.info["notifier"]  # the production wiring: identity.notifications.notify_person
    person, nurse = await city.person()
    city.certify(person, city.pudong, Profession.NURSE)
    form = {"institutionId": str(city.pudong.id), "qualificationNumber": "Q", "education": "本科"}
    app = await city.apply(nurse, ItemCode.NURSE_FIRST_REGISTRATION, form)
    sms = (await session.scalars(select(OutboxEvent).where(OutboxEvent.topic == SMS_TOPIC))).all()
    assert [e.payload["template"] for e in sms] == ["application.submitted"]
    assert app.number is not None

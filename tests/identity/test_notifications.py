"""The outbox-backed channel: encrypted in the outbox and the table, delivered once,
templates in both languages, and notify_person for other domains."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.outbox import OutboxEvent
from identity.notifications import notify_person
from notifications.messages import (
    DevelopmentChannel,
    deliver_pending,
    recent_notifications,
    send_sms,
)
from notifications.models import Notification
from notifications.templates import register_template, render
from tests import factories
from tests.factories import accounts


async def test_message_is_encrypted_until_delivered_once(session: AsyncSession) -> None:
    mobile = factories.mobile()
    event = await send_sms(session, mobile, "activation_code", {"code": "654321", "minutes": 10})
    stored = str(event.payload)
    assert mobile not in stored
    assert "654321" not in stored
    channel = DevelopmentChannel(session)
    assert await deliver_pending(session, channel) == 1
    assert await deliver_pending(session, channel) == 0
    # A redelivery of the same event (a crash before it was marked) is not shown twice.
    event.delivered_at = None
    await session.flush()
    assert await deliver_pending(session, channel) == 1
    rows = (await session.scalars(select(Notification))).all()
    assert len(rows) == 1
    assert rows[0].recipient_masked == mobile[:3] + "****" + mobile[-4:]
    assert b"654321" not in rows[0].body_enc
    [message] = await recent_notifications(session, to=mobile)
    assert "654321" in message.text
    assert "Your account activation code is 654321" in message.text


async def test_notify_person_prefers_the_account_mobile(session: AsyncSession) -> None:
    account_mobile = factories.mobile()
    account, person = await accounts.practitioner(session, mobile=account_mobile)
    register_template("test_notice", "测试通知：{what}", "Test notice: {what}")
    await notify_person(session, person.id, "test_notice", {"what": "ok"})
    await deliver_pending(session, DevelopmentChannel(session))
    [message] = await recent_notifications(session, to=account_mobile)
    assert message.text == "【上海市卫生健康委】测试通知：ok Test notice: ok"
    assert account.person_id == person.id


def test_the_sms_signature_is_configured_by_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from api.settings import Settings

    assert Settings().identity_config().sms_signature == "【上海市卫生健康委】"
    monkeypatch.setenv("MEDREG_SMS_SIGNATURE", "【浦东新区卫生健康委】")
    config = Settings().identity_config()
    assert config.sms_signature == "【浦东新区卫生健康委】"


async def test_a_channel_signs_with_its_own_signature(session: AsyncSession) -> None:
    mobile = factories.mobile()
    _account, person = await accounts.practitioner(session, mobile=mobile)
    register_template("test_notice", "测试通知：{what}", "Test notice: {what}")
    await notify_person(session, person.id, "test_notice", {"what": "ok"})
    await deliver_pending(session, DevelopmentChannel(session, signature="【测试签名】"))
    [message] = await recent_notifications(session, to=mobile)
    assert message.text == "【测试签名】测试通知：ok Test notice: ok"


async def test_notify_person_without_mobile_is_skipped(session: AsyncSession) -> None:
    person = await factories.person(session)
    person.mobile_enc = None
    await session.flush()
    await notify_person(session, person.id, "test_notice", {"what": "x"})
    assert (await session.scalars(select(OutboxEvent))).all() == []


def test_unknown_template_and_conflicting_registration() -> None:
    with pytest.raises(ValueError, match="no notification template"):
        render("no_such_template", {})
    register_template("twice", "一", "one")
    register_template("twice", "一", "one")
    with pytest.raises(ValueError, match="already defined"):
        register_template("twice", "二", "two")

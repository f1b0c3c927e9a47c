"""SMS and e-mail to people, through the outbox.

A message is an outbox event written in the caller's transaction, with the recipient and the
text encrypted (the outbox table is as sensitive as any other: it must not hold a readable
mobile or code). ``deliver_pending`` hands due events to a ``NotificationChannel``.

The development channel "sends" by storing the message in the ``notification`` table, again
encrypted, and logging it with the number masked and digit runs (codes) hidden;
``medreg notifications`` decrypts and prints them, so whoever runs ``make run`` can finish an
activation by hand. A production SMS gateway implements the same protocol.
"""

from __future__ import annotations

import base64
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import clock_of
from core.crypto import keyring_of, mask_mobile
from core.faults import crash_point
from core.jobs import Job, Priority, defer
from core.outbox import OutboxEvent, claim_pending, emit, mark_delivered, mark_failed
from notifications.models import Notification
from notifications.templates import render

log = structlog.get_logger("medreg.notifications")

SMS_TOPIC = "notification.sms"
EMAIL_TOPIC = "notification.email"
TOPICS = [SMS_TOPIC, EMAIL_TOPIC]
_MESSAGE_TABLE = "notification_message"
_RECIPIENT_PURPOSE = "notification.recipient"
_DIGIT_RUN = re.compile(r"\d{4,}")
DELIVER_TASK = "notifications.deliver"
DELIVER_JOB = Job(DELIVER_TASK, priority=Priority.FRESH, queueing_lock=DELIVER_TASK)
"""One waiting delivery job at a time: it delivers everything due when it runs."""


class NotificationChannel(Protocol):
    """Delivers one message; ``reference`` (the outbox event id) lets it drop duplicates."""

    async def send_sms(self, mobile: str, text: str, *, reference: str, template: str) -> None: ...

    async def send_email(
        self, address: str, subject: str, text: str, *, reference: str, template: str
    ) -> None: ...


def _seal(session: AsyncSession, value: str, column: str, message_id: str) -> str:
    blob = keyring_of(session).encrypt(
        value, table=_MESSAGE_TABLE, column=column, row_id=message_id
    )
    return base64.b64encode(blob).decode()


def _open(session: AsyncSession, value: str, column: str, message_id: str) -> str:
    return keyring_of(session).decrypt(
        base64.b64decode(value), table=_MESSAGE_TABLE, column=column, row_id=message_id
    )


async def send_sms(
    session: AsyncSession, mobile: str, template: str, params: dict[str, Any]
) -> OutboxEvent:
    """Queue an SMS in the caller's transaction (it goes out only if that commits)."""
    text = render(template, params)
    message_id = str(uuid.uuid4())
    await defer(session, DELIVER_JOB)
    return await emit(
        session,
        SMS_TOPIC,
        {
            "message_id": message_id,
            "template": template,
            "recipient": _seal(session, mobile, "recipient", message_id),
            "recipient_masked": mask_mobile(mobile),
            "text": _seal(session, text, "text", message_id),
        },
    )


async def deliver_pending(
    session: AsyncSession, channel: NotificationChannel, *, limit: int = 100
) -> int:
    """Hand due notification events to ``channel``; failures are retried later.
    The caller commits."""
    delivered = 0
    for event in await claim_pending(session, TOPICS, limit=limit):
        payload = event.payload
        message_id = str(payload["message_id"])
        try:
            recipient = _open(session, payload["recipient"], "recipient", message_id)
            text = _open(session, payload["text"], "text", message_id)
            if event.topic == SMS_TOPIC:
                await channel.send_sms(
                    recipient, text, reference=str(event.id), template=payload["template"]
                )
            else:
                await channel.send_email(
                    recipient,
                    str(payload.get("subject", "medreg")),
                    text,
                    reference=str(event.id),
                    template=payload["template"],
                )
        except Exception as exc:
            log.warning("notification delivery failed", event_id=str(event.id), error=str(exc))
            mark_failed(session, event, type(exc).__name__, retry_in_s=30)
            continue
        crash_point("notification-sent")
        mark_delivered(session, event)
        delivered += 1
    await session.flush()
    return delivered


def hide_codes(text: str) -> str:
    return _DIGIT_RUN.sub(lambda m: "*" * len(m.group()), text)


DEFAULT_SMS_SIGNATURE = "【上海市卫生健康委】"
"""The sender's signature in front of every SMS (the gateway's registered signature)."""


def signed(text: str, signature: str) -> str:
    return f"{signature}{text}" if signature else text


class DevelopmentChannel:
    """Stores messages in the ``notification`` table (encrypted) and logs them masked; SMS
    carry the sender's signature in front, as the gateway would send them."""

    def __init__(self, session: AsyncSession, signature: str = DEFAULT_SMS_SIGNATURE) -> None:
        self.session = session
        self.signature = signature

    async def _store(
        self, channel: str, recipient: str, masked: str, text: str, reference: str, template: str
    ) -> None:
        event_id = uuid.UUID(reference)
        if await self.session.scalar(
            select(Notification.id).where(Notification.event_id == event_id)
        ):
            return  # delivered before a crash could mark it: at-least-once, shown once
        keyring = keyring_of(self.session)
        row = Notification(
            id=uuid.uuid4(),
            event_id=event_id,
            channel=channel,
            recipient_masked=masked,
            recipient_index=keyring.blind_index(recipient, purpose=_RECIPIENT_PURPOSE),
            template=template,
            created_at=clock_of(self.session).now(),
        )
        row.recipient_enc = keyring.encrypt(
            recipient, table="notification", column="recipient", row_id=row.id
        )
        row.body_enc = keyring.encrypt(text, table="notification", column="body", row_id=row.id)
        self.session.add(row)
        await self.session.flush()
        log.info(
            "notification sent (development channel)",
            channel=channel,
            to=masked,
            template=template,
            text=hide_codes(text),
        )

    async def send_sms(self, mobile: str, text: str, *, reference: str, template: str) -> None:
        sms = signed(text, self.signature)
        await self._store("sms", mobile, mask_mobile(mobile), sms, reference, template)

    async def send_email(
        self, address: str, subject: str, text: str, *, reference: str, template: str
    ) -> None:
        local, _, domain = address.partition("@")
        masked = f"{local[:1]}***@{domain}"
        await self._store("email", address, masked, f"{subject}\n{text}", reference, template)


@dataclass(frozen=True)
class ReadableNotification:
    created_at: datetime
    channel: str
    recipient: str
    template: str
    text: str


async def recent_notifications(
    session: AsyncSession, *, to: str | None = None, limit: int = 20
) -> list[ReadableNotification]:
    """The latest messages of the development channel, decrypted, newest first."""
    keyring = keyring_of(session)
    stmt = select(Notification).order_by(Notification.created_at.desc(), Notification.id)
    if to:
        stmt = stmt.where(
            Notification.recipient_index == keyring.blind_index(to, purpose=_RECIPIENT_PURPOSE)
        )
    rows = (await session.scalars(stmt.limit(limit))).all()
    return [
        ReadableNotification(
            created_at=row.created_at,
            channel=row.channel,
            recipient=keyring.decrypt(
                row.recipient_enc, table="notification", column="recipient", row_id=row.id
            ),
            template=row.template,
            text=keyring.decrypt(row.body_enc, table="notification", column="body", row_id=row.id),
        )
        for row in rows
    ]

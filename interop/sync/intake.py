"""Interop's outbox consumer: takes the registration and licence events from the shared
outbox once, in one transaction, and queues what each receiver must get: every event for the
national platform (``national_delivery``, sent when ``MEDREG_NATIONAL_URL`` is set, kept until
then) and the licence status changes an employer subscribed to (``webhook_delivery``)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core import outbox
from core.clock import clock_of
from directory.models import Practitioner
from interop.sync.models import DeliveryStatus, NationalDelivery
from interop.webhooks.models import WebhookSubscription, new_delivery
from registry.registrations.models import Registration

TOPICS = ("registration.completed", "licence.status_changed")
"""Registrations, filings and cancellations (``registration.completed`` says which), and the
licences' status changes (suspended, reinstated, revoked, expired, superseded by a licence
of another number)."""

WEBHOOK_TYPES = {
    "SUSPENDED": "licence.suspended",
    "REVOKED": "licence.revoked",
    "EXPIRED": "licence.expired",
    "VALID": "licence.reinstated",
    "SUPERSEDED": "licence.superseded",  # its registration got another number (an import)
}


async def _order_keys(session: AsyncSession, events: list[outbox.OutboxEvent]) -> dict[str, str]:
    """Registration id or number → ``person:<id>`` or ``institution:<id>``."""
    ids = {str(e.payload["registration_id"]) for e in events if "registration_id" in e.payload}
    numbers = {str(e.payload["number"]) for e in events if "number" in e.payload}
    if not ids and not numbers:
        return {}
    rows = await session.execute(
        select(
            Registration.id,
            Registration.number,
            Registration.institution_id,
            Practitioner.person_id,
        )
        .outerjoin(Practitioner, Practitioner.id == Registration.practitioner_id)
        .where(Registration.id.in_([uuid.UUID(x) for x in ids]) | Registration.number.in_(numbers))
    )
    keys: dict[str, str] = {}
    for reg_id, number, institution_id, person_id in rows:
        key = f"person:{person_id}" if person_id else f"institution:{institution_id}"
        keys[str(reg_id)] = keys[number] = key
    return keys


def webhook_event(event: outbox.OutboxEvent) -> tuple[str, dict[str, Any]] | None:
    """What an employer hears of ``event``, if anything: its type and data."""
    payload = event.payload
    if event.topic == "licence.status_changed" and payload.get("to") in WEBHOOK_TYPES:
        kind = WEBHOOK_TYPES[payload["to"]]
        status = payload["to"]
    elif event.topic == "registration.completed" and payload.get("action") == "REISSUE":
        kind, status = "licence.superseded", "SUPERSEDED"
    else:
        return None
    return kind, {
        "number": payload["number"],
        "version": payload.get("version") or payload.get("registration_version"),
        "kind": payload.get("kind"),
        "status": status,
        "at": payload.get("at") or event.created_at.isoformat(),
    }


async def take(session: AsyncSession, *, limit: int = 500) -> int:
    """Queue the outbox's interop events (oldest first); the caller commits."""
    events = await outbox.claim_pending(session, list(TOPICS), limit=limit)
    if not events:
        return 0
    keys = await _order_keys(session, events)
    now = clock_of(session).now()
    subscriptions: list[WebhookSubscription] | None = None
    for event in events:
        payload = event.payload
        ref = str(payload.get("registration_id") or payload.get("number") or event.id)
        session.add(
            NationalDelivery(
                event_id=event.id,
                topic=event.topic,
                order_key=keys.get(ref) or keys.get(str(payload.get("number"))) or f"ref:{ref}",
                body=dict(payload),
                occurred_at=event.created_at,
                status=DeliveryStatus.PENDING,
                attempts=0,
                next_attempt_at=now,
            )
        )
        heard = webhook_event(event)
        if heard is not None:
            if subscriptions is None:
                subscriptions = await active_subscriptions(session)
            for sub in subscriptions:
                if heard[1]["number"] in sub.numbers:
                    session.add(new_delivery(sub, event.id, heard[0], heard[1], now))
        outbox.mark_delivered(session, event)
    await session.flush()
    return len(events)


async def active_subscriptions(session: AsyncSession) -> list[WebhookSubscription]:
    """Employers' subscriptions are few; matching numbers in Python keeps both engines alike."""
    stmt = select(WebhookSubscription).where(WebhookSubscription.disabled_at.is_(None))
    return list((await session.scalars(stmt)).all())

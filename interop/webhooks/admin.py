"""Webhooks as system administrators see them: every client's subscriptions, a subscription's
delivery log, and a test message queued for it (to check an employer's endpoint together)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from access.permissions import Permission, require
from core.audit import record
from interop.webhooks import service
from interop.webhooks.models import WebhookDelivery, WebhookSubscription

LOG_LENGTH = 20


async def subscriptions_of(
    session: AsyncSession, actor: Actor, client_ids: Sequence[str]
) -> dict[str, list[WebhookSubscription]]:
    """The active subscriptions of these clients, oldest first, in one query."""
    require(actor, Permission.INTEROP_CLIENT_READ)
    found: dict[str, list[WebhookSubscription]] = {c: [] for c in client_ids}
    if not client_ids:
        return found
    stmt = (
        select(WebhookSubscription)
        .where(
            WebhookSubscription.client_id.in_(list(client_ids)),
            WebhookSubscription.disabled_at.is_(None),
        )
        .order_by(WebhookSubscription.created_at, WebhookSubscription.id)
    )
    for sub in (await session.scalars(stmt)).all():
        found[sub.client_id].append(sub)
    return found


async def _subscription(session: AsyncSession, subscription_id: uuid.UUID) -> WebhookSubscription:
    sub = await session.get(WebhookSubscription, subscription_id)
    if sub is None or sub.disabled_at is not None:
        raise service.SubscriptionNotFound(subscription_id)
    return sub


async def delivery_log(
    session: AsyncSession, actor: Actor, subscription_id: uuid.UUID
) -> list[WebhookDelivery]:
    require(actor, Permission.INTEROP_CLIENT_READ)
    sub = await _subscription(session, subscription_id)
    return await service.deliveries(session, sub.client_id, str(sub.id), limit=LOG_LENGTH)


async def queue_test_by(
    session: AsyncSession, actor: Actor, subscription_id: uuid.UUID
) -> WebhookDelivery:
    """A ``webhook.test`` message due now, audited as the administrator."""
    require(actor, Permission.INTEROP_WEBHOOK_TEST)
    sub = await _subscription(session, subscription_id)
    delivery = await service.queue_test(session, sub.client_id, str(sub.id))
    await record(
        session,
        actor.audit(),
        "interop.webhook.test",
        target_type="webhook_subscription",
        target_id=sub.id,
        summary={"client_id": sub.client_id},
    )
    return delivery

"""Employers' webhook subscriptions for system administrators: listed with their client, the
delivery log of one, and a test message sent at once."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import strawberry

from access.permissions import Permission
from core import errors as domain
from interop.webhooks import admin
from interop.webhooks.models import WebhookDelivery as DeliveryModel
from interop.webhooks.models import WebhookStatus
from interop.webhooks.models import WebhookSubscription as SubscriptionModel
from interop.webhooks.service import SubscriptionNotFound
from schema.context import Info
from schema.errors import ErrorMember
from schema.mutations import run_mutation
from schema.permissions import allowed
from schema.reads import read

strawberry.enum(WebhookStatus, name="WebhookDeliveryStatus")


@strawberry.type(description="A client's subscription: where the status changes it follows go.")
class WebhookSubscription:
    id: strawberry.ID
    url: str
    numbers_count: int = strawberry.field(description="How many licence numbers it follows.")
    created_at: datetime

    @classmethod
    def from_model(cls, sub: SubscriptionModel) -> WebhookSubscription:
        return cls(
            id=strawberry.ID(str(sub.id)),
            url=sub.url,
            numbers_count=len(sub.numbers),
            created_at=sub.created_at,
        )


@strawberry.type(description="One message to a subscription and the outcome of its attempts.")
class WebhookDelivery:
    id: strawberry.ID = strawberry.field(description="The `webhook-id` header: msg_….")
    type: str
    status: WebhookStatus
    attempts: int
    last_status_code: int | None
    last_error: str | None = strawberry.field(
        description="HTTP 500, NETWORK …, TARGET_NOT_PUBLIC, TARGET_UNRESOLVED."
    )
    created_at: datetime
    delivered_at: datetime | None

    @classmethod
    def from_model(cls, row: DeliveryModel) -> WebhookDelivery:
        return cls(
            id=strawberry.ID(f"msg_{row.id.hex}"),
            type=row.type,
            status=row.status,
            attempts=row.attempts,
            last_status_code=row.last_status_code,
            last_error=row.last_error,
            created_at=row.created_at,
            delivered_at=row.delivered_at,
        )


def _subscription_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise SubscriptionNotFound(value) from None


@strawberry.type
class WebhookQuery:
    @strawberry.field(
        description="System administrators: a subscription's delivery log, newest first.",
        extensions=allowed(Permission.INTEROP_CLIENT_READ),
    )
    async def webhook_deliveries(
        self, info: Info, subscription_id: strawberry.ID
    ) -> list[WebhookDelivery]:
        ctx = info.context

        async def log() -> list[DeliveryModel]:
            try:
                key = _subscription_id(subscription_id)
                return await admin.delivery_log(ctx.session, ctx.actor, key)
            except domain.NotFound:
                return []

        return [WebhookDelivery.from_model(row) for row in await read(info, log)]


@strawberry.type
class WebhookTestSent:
    delivery: WebhookDelivery


SendWebhookTestResult = Annotated[
    WebhookTestSent | ErrorMember, strawberry.union("SendWebhookTestResult")
]


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(
        description="Send a `webhook.test` message to a subscription now; the answer is its "
        "log entry (DELIVERED, or PENDING with the reason and a retry planned).",
        extensions=allowed(Permission.INTEROP_WEBHOOK_TEST),
    )
    async def send_webhook_test(
        self, info: Info, subscription_id: strawberry.ID
    ) -> SendWebhookTestResult:
        ctx = info.context
        queued = await run_mutation(
            info,
            lambda: admin.queue_test_by(ctx.session, ctx.actor, _subscription_id(subscription_id)),
            lambda delivery: delivery,
        )
        if not isinstance(queued, DeliveryModel):
            return queued
        services = ctx.services
        await services.webhooks.run(services.sessions, only=queued.id)
        async with services.sessions() as session:
            row = await session.get(DeliveryModel, queued.id)
        assert row is not None
        return WebhookTestSent(delivery=WebhookDelivery.from_model(row))

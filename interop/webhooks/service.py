"""Subscribe, list, unsubscribe, read the delivery log, queue a test message; the Standard
Webhooks signature."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import clock_of
from core.crypto import keyring_of
from core.errors import NotFound, Problem, ValidationFailed
from interop.webhooks.models import WebhookDelivery, WebhookSubscription, new_delivery
from interop.webhooks.targets import TargetRefused, resolve

MAX_NUMBERS = 10_000
MAX_SUBSCRIPTIONS = 20
_TABLE = "webhook_subscription"


class SubscriptionNotFound(NotFound):
    def __init__(self, subscription_id: object) -> None:
        super().__init__("webhook subscription", subscription_id, reason=Problem.NOT_FOUND)


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """``webhook-signature``: ``v1,`` + base64 HMAC-SHA256 of ``{id}.{timestamp}.{body}``
    keyed with the secret's bytes (the base64 after ``whsec_``)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def secret_of(session: AsyncSession, sub: WebhookSubscription) -> str:
    return keyring_of(session).decrypt(sub.secret_enc, table=_TABLE, column="secret", row_id=sub.id)


async def _url(value: str, *, allow_http: bool, allow_private: bool) -> str:
    value = value.strip()
    parts = urlsplit(value)
    schemes = ("https", "http") if allow_http else ("https",)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (
        len(value) > 500
        or parts.scheme not in schemes
        or not parts.hostname
        or port == -1
        or parts.username is not None
    ):
        raise ValidationFailed.on("url", "an https URL of at most 500 characters")
    try:
        await resolve(parts.hostname, port or 0, allow_private=allow_private)
    except TargetRefused as exc:
        raise exc.as_validation() from None
    return value


def _numbers(values: object) -> list[str]:
    if not isinstance(values, list) or not values:
        raise ValidationFailed.on("numbers", "licence numbers to follow", Problem.REQUIRED)
    if len(values) > MAX_NUMBERS:
        raise ValidationFailed.on("numbers", f"at most {MAX_NUMBERS}", Problem.TOO_MANY)
    cleaned = sorted({str(v).strip() for v in values if isinstance(v, str) and v.strip()})
    if len(cleaned) != len({v for v in values if isinstance(v, str)}) or any(
        len(v) > 40 for v in cleaned
    ):
        raise ValidationFailed.on("numbers", "licence numbers of at most 40 characters")
    return cleaned


async def subscribe(
    session: AsyncSession,
    client_id: str,
    url: str,
    numbers: object,
    *,
    allow_http: bool,
    allow_private: bool = False,
) -> tuple[WebhookSubscription, str]:
    """A new subscription and its secret (shown once; kept encrypted, for signing). The URL's
    host must be public unless ``allow_private`` (see ``interop.webhooks.targets``)."""
    count = len(await listing(session, client_id))
    if count >= MAX_SUBSCRIPTIONS:
        raise ValidationFailed.on("url", "too many subscriptions", Problem.TOO_MANY)
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    sub = WebhookSubscription(
        id=uuid.uuid4(),
        client_id=client_id,
        url=await _url(url, allow_http=allow_http, allow_private=allow_private),
        numbers=_numbers(numbers),
        created_at=clock_of(session).now(),
    )
    sub.secret_enc = keyring_of(session).encrypt(
        secret, table=_TABLE, column="secret", row_id=sub.id
    )
    session.add(sub)
    await session.flush()
    return sub, secret


async def listing(session: AsyncSession, client_id: str) -> list[WebhookSubscription]:
    stmt = (
        select(WebhookSubscription)
        .where(
            WebhookSubscription.client_id == client_id,
            WebhookSubscription.disabled_at.is_(None),
        )
        .order_by(WebhookSubscription.created_at)
    )
    return list((await session.scalars(stmt)).all())


async def mine(session: AsyncSession, client_id: str, subscription_id: str) -> WebhookSubscription:
    try:
        key = uuid.UUID(subscription_id)
    except ValueError:
        raise SubscriptionNotFound(subscription_id) from None
    sub = await session.get(WebhookSubscription, key)
    if sub is None or sub.client_id != client_id or sub.disabled_at is not None:
        raise SubscriptionNotFound(subscription_id)
    return sub


async def unsubscribe(session: AsyncSession, client_id: str, subscription_id: str) -> None:
    sub = await mine(session, client_id, subscription_id)
    sub.disabled_at = clock_of(session).now()
    await session.flush()


async def deliveries(
    session: AsyncSession, client_id: str, subscription_id: str, *, limit: int = 50
) -> list[WebhookDelivery]:
    """The delivery log, newest first."""
    sub = await mine(session, client_id, subscription_id)
    stmt = (
        select(WebhookDelivery)
        .where(WebhookDelivery.subscription_id == sub.id)
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id)
        .limit(limit)
    )
    return list((await session.scalars(stmt)).all())


async def queue_test(
    session: AsyncSession, client_id: str, subscription_id: str
) -> WebhookDelivery:
    """A ``webhook.test`` message for the subscription, due now."""
    sub = await mine(session, client_id, subscription_id)
    now = clock_of(session).now()
    delivery = new_delivery(sub, uuid.uuid4(), "webhook.test", {"subscription": str(sub.id)}, now)
    session.add(delivery)
    await session.flush()
    return delivery

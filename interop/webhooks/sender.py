"""Sends due webhook deliveries: signed, with retries (exponential backoff with jitter) and a
dead state after the last attempt; every attempt's outcome stays in the delivery log."""

from __future__ import annotations

import json
import random
import uuid
from typing import Any

import httpx
import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.clock import clock_of
from core.db import dialect_name
from core.uow import unit_of_work
from interop.retry import backoff
from interop.webhooks.config import WebhookConfig
from interop.webhooks.models import WebhookDelivery, WebhookStatus, WebhookSubscription
from interop.webhooks.service import secret_of, sign
from interop.webhooks.targets import TargetRefused, resolve

log = structlog.get_logger("medreg.webhooks")


async def _post(
    http: httpx.AsyncClient,
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    allow_private: bool,
) -> httpx.Response:
    """POST to the address the host resolves to now, once checked; the Host header and the
    TLS server name stay the URL's host, so virtual hosts and certificates work as usual."""
    target_url = httpx.URL(url)
    target = await resolve(target_url.host, target_url.port or 0, allow_private=allow_private)
    pinned = target_url.copy_with(host=target.address)
    return await http.post(
        pinned,
        content=body,
        headers={**headers, "host": target_url.netloc.decode("ascii")},
        extensions={"sni_hostname": target.host},
    )


async def send_one(
    session: AsyncSession,
    http: httpx.AsyncClient,
    delivery: WebhookDelivery,
    sub: WebhookSubscription,
    config: WebhookConfig,
    rng: random.Random,
) -> bool:
    now = clock_of(session).now()
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(now.timestamp())
    headers = {
        "content-type": "application/json",
        "webhook-id": f"msg_{delivery.id.hex}",
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(
            secret_of(session, sub), f"msg_{delivery.id.hex}", timestamp, body
        ),
    }
    delivery.attempts += 1
    try:
        answer = await _post(http, sub.url, body, headers, allow_private=config.allow_private)
        delivery.last_status_code = answer.status_code
        ok = answer.is_success
        delivery.last_error = None if ok else f"HTTP {answer.status_code}"
    except TargetRefused as exc:
        ok, delivery.last_status_code = False, None
        delivery.last_error = exc.problem.value
    except httpx.HTTPError as exc:
        ok, delivery.last_status_code = False, None
        delivery.last_error = f"NETWORK {type(exc).__name__}"
    if ok:
        delivery.status, delivery.delivered_at = WebhookStatus.DELIVERED, now
    elif delivery.attempts >= config.max_attempts:
        delivery.status = WebhookStatus.DEAD
        log.info("webhook delivery dead", delivery=str(delivery.id), reason=delivery.last_error)
    else:
        delivery.next_attempt_at = now + backoff(
            config.backoff_s, config.backoff_max_s, delivery.attempts, rng
        )
    await session.flush()
    return ok


async def deliver_due(
    sessions: async_sessionmaker[Any],
    http: httpx.AsyncClient,
    config: WebhookConfig,
    rng: random.Random | None = None,
    *,
    only: uuid.UUID | None = None,
) -> tuple[int, int]:
    """Send what is due: (delivered, failed). ``interop.sync.intake`` queued it."""
    rng = rng or random.Random()  # noqa: S311 - jitter, not a secret
    delivered = failed = 0
    async with unit_of_work(sessions) as session:
        stmt = (
            select(WebhookDelivery, WebhookSubscription)
            .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
            .where(
                WebhookDelivery.status == WebhookStatus.PENDING,
                WebhookDelivery.next_attempt_at <= clock_of(session).now(),
                WebhookSubscription.disabled_at.is_(None),
            )
            .order_by(WebhookDelivery.created_at)
            .limit(config.batch)
        )
        if only is not None:
            stmt = stmt.where(WebhookDelivery.id == only)
        if dialect_name(session) == "postgresql":
            stmt = stmt.with_for_update(of=WebhookDelivery, skip_locked=True)
        for delivery, sub in (await session.execute(stmt)).all():
            if await send_one(session, http, delivery, sub, config, rng):
                delivered += 1
            else:
                failed += 1
    return delivered, failed

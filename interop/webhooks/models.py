"""Subscriptions (a client's endpoint, its signing secret and the licence numbers it follows)
and deliveries (one per event and subscription: the delivery log)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, IdMixin, JSONDict, JSONList, enum_column


class WebhookSubscription(IdMixin, Base):
    __tablename__ = "webhook_subscription"

    client_id: Mapped[str] = mapped_column(String(64), index=True)
    url: Mapped[str] = mapped_column(String(500))
    secret_enc: Mapped[bytes] = mapped_column(LargeBinary)
    """The ``whsec_…`` secret, encrypted (it signs, so it must be read back)."""
    numbers: Mapped[list[str]] = mapped_column(JSONList)
    created_at: Mapped[datetime]
    disabled_at: Mapped[datetime | None]


class WebhookStatus(StrEnum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    DEAD = "DEAD"


class WebhookDelivery(IdMixin, Base):
    """``id`` is the ``webhook-id`` header: the same on every retry, so receivers
    de-duplicate."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        UniqueConstraint("subscription_id", "event_id"),
        Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
    )

    subscription_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_subscription.id"), index=True
    )
    event_id: Mapped[uuid.UUID]
    type: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDict)
    status: Mapped[WebhookStatus] = mapped_column(enum_column(WebhookStatus, "webhook_status"))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]


def new_delivery(
    sub: WebhookSubscription,
    event_id: uuid.UUID,
    kind: str,
    data: dict[str, Any],
    now: datetime,
) -> WebhookDelivery:
    return WebhookDelivery(
        id=uuid.uuid4(),
        subscription_id=sub.id,
        event_id=event_id,
        type=kind,
        payload={"type": kind, "timestamp": now.isoformat(), "data": data},
        status=WebhookStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )

"""One row per event the national platform must receive: its state, attempts and ordering."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, JSONDict, enum_column


class DeliveryStatus(StrEnum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    DEAD = "DEAD"
    """Gave up after the last attempt (or a refusal no retry can change): ``medreg sync retry``."""


class NationalDelivery(Base):
    """An outbox event on its way to the national platform.

    ``seq`` orders deliveries; one ``order_key`` (a person, or an institution) is delivered
    strictly in ``seq`` order, so a cancellation never overtakes its registration."""

    __tablename__ = "national_delivery"
    __table_args__ = (
        Index("ix_national_delivery_due", "status", "next_attempt_at"),
        Index("ix_national_delivery_order", "order_key", "seq"),
        Index("ix_national_delivery_occurred", "topic", "occurred_at"),
    )

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    event_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    """The outbox event's id: the idempotency key the platform de-duplicates by."""
    topic: Mapped[str] = mapped_column(String(80))
    order_key: Mapped[str] = mapped_column(String(80))
    body: Mapped[dict[str, Any]] = mapped_column(JSONDict)
    occurred_at: Mapped[datetime]
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_column(DeliveryStatus, "national_delivery_status")
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None]

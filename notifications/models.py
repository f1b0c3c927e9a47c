"""What the development channel "sent"."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, IdMixin


class Notification(IdMixin, Base):
    """A message the development channel "sent": recipient and text encrypted, so the
    table holds no readable mobile or code; ``medreg notifications`` decrypts them."""

    __tablename__ = "notification"

    event_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    channel: Mapped[str] = mapped_column(String(8))
    recipient_enc: Mapped[bytes] = mapped_column(LargeBinary)
    recipient_index: Mapped[str] = mapped_column(String(64), index=True)
    recipient_masked: Mapped[str] = mapped_column(String(80))
    template: Mapped[str] = mapped_column(String(64))
    body_enc: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(index=True)

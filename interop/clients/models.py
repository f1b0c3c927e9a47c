"""A machine client: its id, the hash of its secret (the secret itself is shown once), its
scopes and rate limit."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, IdMixin, JSONList


class Scope(StrEnum):
    FHIR_READ = "fhir.read"
    VERIFY_BULK = "verify.bulk"
    WEBHOOKS = "webhooks"


class MachineClient(IdMixin, Base):
    __tablename__ = "machine_client"

    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    secret_hash: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the secret (256 random bits: a slow hash adds nothing against guessing)."""
    scopes: Mapped[list[str]] = mapped_column(JSONList)
    rate_limit: Mapped[str] = mapped_column(String(64))
    """A ``limits`` spec, e.g. ``600/minute;20000/day``."""
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

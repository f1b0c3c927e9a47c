"""The licence table: one row per issued version of an electronic licence."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from certificates.values import LicenceData, LicenceKind, LicenceStatus
from core.db import Base, IdMixin, JSONDict, enum_column


class Licence(IdMixin, Base):
    """One version of a licence. ``(holder_ref, registration_version)`` is unique, so the
    event that asks for a licence can be delivered twice and still issue it once."""

    __tablename__ = "licence"
    __table_args__ = (
        UniqueConstraint("holder_ref", "registration_version"),
        UniqueConstraint("number", "version"),
        # Rows still waiting for their PDF, most urgent first (the runners' recovery sweep).
        Index("ix_licence_unsigned", "signed_at", "signing_priority", "issued_at"),
        Index("ix_licence_status_valid_until", "status", "valid_until"),
        Index("ix_licence_archive_expires_at", "archive_expires_at"),
    )

    number: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[LicenceKind] = mapped_column(enum_column(LicenceKind, "licence_kind"))
    holder_name: Mapped[str] = mapped_column(String(120))
    holder_ref: Mapped[str] = mapped_column(String(64))
    registration_version: Mapped[int] = mapped_column(Integer)
    authority_code: Mapped[str] = mapped_column(String(6))
    status: Mapped[LicenceStatus] = mapped_column(
        enum_column(LicenceStatus, "licence_status"), default=LicenceStatus.VALID
    )
    issued_at: Mapped[datetime]
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    data: Mapped[dict[str, Any]] = mapped_column(JSONDict)
    """The printed data (``LicenceData.to_json()``), frozen at issue."""
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    """The signed PDF; ``None`` until the signing job has run. Deferred: listing licences
    should not drag the PDFs along."""
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[datetime | None]
    signing_claimed_at: Mapped[datetime | None]
    """When a signer took this row; another signer leaves it alone until the lease ends."""
    signing_priority: Mapped[int | None] = mapped_column(Integer)
    """The priority of its signing job (``core.jobs.Priority``); ``None``: signed when first
    opened or downloaded (a bulk load nobody is waiting for)."""
    announce_when_signed: Mapped[bool] = mapped_column(Boolean, default=False)
    """Whether storing the PDF tells the holder it was issued (a decision's licence, not a
    demo or imported one)."""
    token: Mapped[str | None] = mapped_column(Text)
    status_reason: Mapped[str | None] = mapped_column(Text)
    status_changed_at: Mapped[datetime | None]
    archive_expires_at: Mapped[datetime | None]
    """When the certificate of the PDF's last document time-stamp ends: the archive must be
    renewed before (``archive.renew``). ``None`` until the renewal task first reads the PDF."""
    archive_renewed_at: Mapped[datetime | None]
    """When a document time-stamp was last added after signing; ``None`` if never."""

    @property
    def content(self) -> LicenceData:
        return LicenceData.from_json(self.data)


class VerificationDay(Base):
    """How many verifications (QR scans, number + name checks, bulk lines) had each outcome,
    per Shanghai day and issuing authority: counts only, nothing about who asked or whose
    licence it was. Added to by ``VerificationTally.flush``."""

    __tablename__ = "licence_verification_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    authority_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    """The issuing authority; empty for a forged token (no authority vouches for it)."""
    outcome: Mapped[str] = mapped_column(String(16), primary_key=True)
    verifications: Mapped[int] = mapped_column(Integer)


class LicenceShare(IdMixin, Base):
    """A link the holder hands out to show a licence's live status until it expires or is
    revoked. The link carries a signed token naming this row; the row is what revokes it."""

    __tablename__ = "licence_share"
    __table_args__ = (Index("ix_licence_share_account", "account_id", "expires_at"),)

    number: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    """The licence version shared; a newer one shows the shared one as SUPERSEDED."""
    account_id: Mapped[uuid.UUID]
    """Who shared it (only they list and revoke it)."""
    live: Mapped[bool] = mapped_column(Boolean, default=False)
    """A short-lived code of the licence shown full screen, rather than a link handed out."""
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

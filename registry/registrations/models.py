"""Registrations: the legal standing of a practitioner or an institution, its history and a
doctor's multi-institution filings."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, IdMixin, JSONDict, enum_column
from directory.models import Institution, PracticeCategory, Practitioner


class RegistrationSubject(StrEnum):
    NURSE = "NURSE"
    DOCTOR = "DOCTOR"
    INSTITUTION = "INSTITUTION"


class RegistrationStatus(StrEnum):
    ACTIVE = "ACTIVE"
    EXPIRED = "EXPIRED"
    CANCELLED = "CANCELLED"
    SUSPENDED = "SUSPENDED"


class FilingStatus(StrEnum):
    ACTIVE = "ACTIVE"
    CANCELLED = "CANCELLED"


class Registration(IdMixin, Base):
    """The current legal standing of a practitioner or an institution; history in events."""

    __tablename__ = "registration"
    __table_args__ = (
        Index("ix_registration_institution_status", "institution_id", "status"),
        Index("ix_registration_practitioner", "practitioner_id"),
    )

    number: Mapped[str] = mapped_column(String(40), unique=True)
    subject: Mapped[RegistrationSubject] = mapped_column(
        enum_column(RegistrationSubject, "registration_subject")
    )
    practitioner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("practitioner.id"))
    institution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("institution.id"))
    authority_code: Mapped[str] = mapped_column(ForeignKey("authority.code"))
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_column(RegistrationStatus, "registration_status")
    )
    category: Mapped[PracticeCategory | None] = mapped_column(
        enum_column(PracticeCategory, "practice_category")
    )
    scope: Mapped[str | None] = mapped_column(String(64))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    practitioner: Mapped[Practitioner | None] = relationship(lazy="raise")
    institution: Mapped[Institution] = relationship(lazy="raise")


class RegistrationEvent(IdMixin, Base):
    """One change of a registration, kept forever: what changed, when, and why."""

    __tablename__ = "registration_event"

    registration_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("registration.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(40))
    changes: Mapped[dict[str, Any]] = mapped_column(JSONDict, default=dict)
    application_id: Mapped[uuid.UUID | None] = mapped_column(index=True)


class Filing(IdMixin, Base):
    """A doctor's multi-institution filing: an additional practice site."""

    __tablename__ = "filing"
    __table_args__ = (Index("ix_filing_institution_status", "institution_id", "status"),)

    registration_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("registration.id"), index=True)
    institution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("institution.id"))
    status: Mapped[FilingStatus] = mapped_column(enum_column(FilingStatus, "filing_status"))
    filed_at: Mapped[datetime]
    cancelled_at: Mapped[datetime | None]

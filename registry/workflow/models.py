"""Applications, their timeline, attachments, idempotency keys and number counters."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column

from core.db import Base, IdMixin, JSONDict, enum_column
from registry.catalogue.models import ItemCode
from registry.registrations.models import RegistrationSubject


class ApplicationStatus(StrEnum):
    DRAFT = "DRAFT"
    AWAITING_INSTITUTION = "AWAITING_INSTITUTION"
    AWAITING_ACCEPTANCE = "AWAITING_ACCEPTANCE"
    UNDER_REVIEW = "UNDER_REVIEW"
    AWAITING_PAPER = "AWAITING_PAPER"
    RETURNED = "RETURNED"
    COMPLETED = "COMPLETED"
    REJECTED = "REJECTED"
    NOT_ACCEPTED = "NOT_ACCEPTED"
    WITHDRAWN = "WITHDRAWN"


TERMINAL = frozenset(
    {
        ApplicationStatus.COMPLETED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.NOT_ACCEPTED,
        ApplicationStatus.WITHDRAWN,
    }
)


class Application(IdMixin, Base):
    """One application for one approval item by one subject (a practitioner or an institution).

    ``open_guard`` is ``"{item}:{subject}"`` while the application is open and NULL once it is
    closed: its unique constraint makes "one open application per item and subject" hold even
    when two submissions race.
    """

    __tablename__ = "application"
    __table_args__ = (
        Index("ix_application_authority_status_deadline", "authority_code", "status", "deadline"),
        Index("ix_application_institution_status", "institution_id", "status"),
        Index("ix_application_subject_person", "subject_person_id", "created_at"),
        Index("ix_application_subject_institution", "subject_institution_id", "created_at"),
        Index("ix_application_notice", "authority_code", "notice_until"),
    )

    number: Mapped[str | None] = mapped_column(String(32), unique=True)
    item_code: Mapped[ItemCode] = mapped_column(
        enum_column(ItemCode, "item_code", length=40), ForeignKey("approval_item.code")
    )
    subject: Mapped[RegistrationSubject] = mapped_column(
        enum_column(RegistrationSubject, "registration_subject")
    )
    status: Mapped[ApplicationStatus] = mapped_column(enum_column(ApplicationStatus, "app_status"))
    applicant_account_id: Mapped[uuid.UUID | None]
    subject_person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    subject_institution_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("institution.id"))
    subject_name: Mapped[str] = mapped_column(String(120))
    registration_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("registration.id"), index=True
    )
    institution_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("institution.id"))
    """The institution the application is about: it reviews first when the item says so,
    and its authority decides."""
    authority_code: Mapped[str | None] = mapped_column(ForeignKey("authority.code"))
    district_code: Mapped[str | None] = mapped_column(ForeignKey("authority.code"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDict, default=dict)
    institution_review: Mapped[bool] = mapped_column(Boolean, default=False)
    paper_required: Mapped[bool] = mapped_column(Boolean, default=False)
    time_limit_days: Mapped[int] = mapped_column(Integer, default=0)
    returned_from: Mapped[ApplicationStatus | None] = mapped_column(
        enum_column(ApplicationStatus, "app_status")
    )
    open_guard: Mapped[str | None] = mapped_column(String(120), unique=True)
    clock_started_on: Mapped[date | None] = mapped_column(Date)
    clock_days_used: Mapped[int] = mapped_column(Integer, default=0)
    deadline: Mapped[date | None] = mapped_column(Date)
    notice_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    @property
    def subject_key(self) -> str:
        subject_id = self.subject_institution_id or self.subject_person_id
        return f"{self.item_code.value}:{subject_id}"


class ApplicationEvent(IdMixin, Base):
    """One step of an application's timeline: who, in which role, when, what, and why."""

    __tablename__ = "application_event"
    __table_args__ = (UniqueConstraint("application_id", "seq"),)

    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("application.id"))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[ApplicationStatus | None] = mapped_column(
        enum_column(ApplicationStatus, "app_status")
    )
    to_status: Mapped[ApplicationStatus] = mapped_column(
        enum_column(ApplicationStatus, "app_status")
    )
    actor_account_id: Mapped[uuid.UUID | None]
    actor_role: Mapped[str] = mapped_column(String(40))
    actor_name: Mapped[str] = mapped_column(String(64), default="")
    opinion: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)


class Attachment(IdMixin, Base):
    """An uploaded document; the bytes load only when asked for (``deferred``)."""

    __tablename__ = "attachment"

    application_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("application.id"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_by: Mapped[uuid.UUID | None] = mapped_column(index=True)
    uploaded_at: Mapped[datetime]


class IdempotencyKey(IdMixin, Base):
    """A client's key for one mutation: a retry with the same request replays the result."""

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("scope", "key"),)

    scope: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(128))
    operation: Mapped[str] = mapped_column(String(64))
    request_hash: Mapped[str] = mapped_column(String(64))
    application_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("application.id"))
    created_at: Mapped[datetime]


class RegistryCounter(Base):
    """The last number handed out per prefix and year (application and registration numbers)."""

    __tablename__ = "registry_counter"

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer)

"""The catalogue table: one row per approval item, its fixed definition and its settings."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Enum, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, JSONList, enum_column
from registry.registrations.models import RegistrationSubject


class ItemCode(StrEnum):
    """The 15 approval items; the subject is the prefix."""

    NURSE_FIRST_REGISTRATION = "NURSE_FIRST_REGISTRATION"
    NURSE_CHANGE_REGISTRATION = "NURSE_CHANGE_REGISTRATION"
    NURSE_RENEWAL = "NURSE_RENEWAL"
    NURSE_REREGISTRATION = "NURSE_REREGISTRATION"
    NURSE_CANCELLATION = "NURSE_CANCELLATION"
    DOCTOR_FIRST_REGISTRATION = "DOCTOR_FIRST_REGISTRATION"
    DOCTOR_CHANGE_REGISTRATION = "DOCTOR_CHANGE_REGISTRATION"
    DOCTOR_MULTI_SITE_FILING = "DOCTOR_MULTI_SITE_FILING"
    DOCTOR_MULTI_SITE_CANCELLATION = "DOCTOR_MULTI_SITE_CANCELLATION"
    DOCTOR_CANCELLATION_FILING = "DOCTOR_CANCELLATION_FILING"
    DOCTOR_REREGISTRATION = "DOCTOR_REREGISTRATION"
    INSTITUTION_PRACTICE_REGISTRATION = "INSTITUTION_PRACTICE_REGISTRATION"
    INSTITUTION_CHANGE_REGISTRATION = "INSTITUTION_CHANGE_REGISTRATION"
    INSTITUTION_VALIDATION = "INSTITUTION_VALIDATION"
    INSTITUTION_CANCELLATION = "INSTITUTION_CANCELLATION"


class Effect(StrEnum):
    """What completing an application of the item does to the registry."""

    CREATE_REGISTRATION = "CREATE_REGISTRATION"
    CHANGE_REGISTRATION = "CHANGE_REGISTRATION"
    EXTEND_REGISTRATION = "EXTEND_REGISTRATION"
    REACTIVATE_REGISTRATION = "REACTIVATE_REGISTRATION"
    CANCEL_REGISTRATION = "CANCEL_REGISTRATION"
    ADD_FILING = "ADD_FILING"
    REMOVE_FILING = "REMOVE_FILING"
    REGISTER_INSTITUTION = "REGISTER_INSTITUTION"
    CHANGE_INSTITUTION = "CHANGE_INSTITUTION"
    VALIDATE_INSTITUTION = "VALIDATE_INSTITUTION"
    CANCEL_INSTITUTION = "CANCEL_INSTITUTION"


class FieldKind(StrEnum):
    """How a form field is entered and checked."""

    INSTITUTION = "INSTITUTION"
    TEXT = "TEXT"
    CATEGORY = "CATEGORY"
    INTEGER = "INTEGER"
    SUBJECTS = "SUBJECTS"
    EDUCATION = "EDUCATION"
    SCOPE = "SCOPE"
    CANCELLATION_REASON = "CANCELLATION_REASON"
    INSTITUTION_CANCELLATION_REASON = "INSTITUTION_CANCELLATION_REASON"


class AttachmentKind(StrEnum):
    QUALIFICATION_CERTIFICATE = "QUALIFICATION_CERTIFICATE"
    HEALTH_CERTIFICATE = "HEALTH_CERTIFICATE"
    TRAINING_CERTIFICATE = "TRAINING_CERTIFICATE"
    PRACTICE_AGREEMENT = "PRACTICE_AGREEMENT"
    PREMISES_PROOF = "PREMISES_PROOF"
    EQUIPMENT_LIST = "EQUIPMENT_LIST"
    STAFF_LIST = "STAFF_LIST"
    SELF_INSPECTION_REPORT = "SELF_INSPECTION_REPORT"
    OTHER = "OTHER"


class ApprovalItem(Base):
    """Fixed columns describe the item; ``paper_required``, ``time_limit_days`` and
    ``notice_days`` are the settings municipal officers may change (audited, versioned)."""

    __tablename__ = "approval_item"
    __table_args__ = (
        CheckConstraint("NOT (online_only AND paper_required)", name="online_only_paperless"),
        CheckConstraint("time_limit_days BETWEEN 1 AND 120", name="time_limit_range"),
        CheckConstraint("notice_days BETWEEN 0 AND 90", name="notice_days_range"),
    )

    code: Mapped[ItemCode] = mapped_column(
        enum_column(ItemCode, "item_code", length=40), primary_key=True
    )
    subject: Mapped[RegistrationSubject] = mapped_column(
        Enum(
            RegistrationSubject,
            name="registration_subject",
            native_enum=False,
            length=32,
            validate_strings=True,
        )
    )
    name_zh: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer)
    institution_review: Mapped[bool] = mapped_column(Boolean)
    online_only: Mapped[bool] = mapped_column(Boolean)
    paper_required: Mapped[bool] = mapped_column(Boolean)
    time_limit_days: Mapped[int] = mapped_column(Integer)
    notice_days: Mapped[int] = mapped_column(Integer)
    effect: Mapped[Effect] = mapped_column(enum_column(Effect, "item_effect", length=40))
    fields: Mapped[list[dict[str, Any]]] = mapped_column(JSONList)
    """Form fields: ``{"name", "kind", "required", "label_zh", "label_en"}``."""
    attachments: Mapped[list[str]] = mapped_column(JSONList)
    """Attachment kinds that must be uploaded before submission."""
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime | None]
    updated_by: Mapped[str | None] = mapped_column(String(64))

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def field_names(self) -> list[str]:
        return [str(f["name"]) for f in self.fields]

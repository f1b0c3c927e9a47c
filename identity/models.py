"""Accounts, role grants, sessions, one-time codes, disputes, staff certifications and the
development notification log."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from access.actor import Role
from core.db import Base, IdMixin, enum_column
from directory.models import Profession


class AccountKind(StrEnum):
    PERSONAL = "PERSONAL"
    INSTITUTION = "INSTITUTION"
    AUTHORITY = "AUTHORITY"
    SYSTEM = "SYSTEM"


class AccountStatus(StrEnum):
    PENDING = "PENDING"
    """Issued; waits for its holder to set a password (and enrol TOTP)."""
    ACTIVE = "ACTIVE"
    DISABLED = "DISABLED"


class CodePurpose(StrEnum):
    PERSONAL_ACTIVATION = "PERSONAL_ACTIVATION"
    STAFF_ACTIVATION = "STAFF_ACTIVATION"
    PASSWORD_RESET = "PASSWORD_RESET"  # noqa: S105 - a purpose, not a password
    MOBILE_CHANGE = "MOBILE_CHANGE"
    TOTP_ENROLMENT = "TOTP_ENROLMENT"


class DisputeStatus(StrEnum):
    OPEN = "OPEN"
    KEPT = "KEPT"
    """Resolved: the existing account keeps the person record."""
    TRANSFERRED = "TRANSFERRED"
    """Resolved: the claimant gets the person record; the existing account is disabled."""


class DisputeKind(StrEnum):
    HOLDER = "HOLDER"
    """The ID number and name match a record that another account already holds."""
    NAME_MISMATCH = "NAME_MISMATCH"
    """The ID number is on record under another name."""
    MOBILE_CHANGED = "MOBILE_CHANGED"
    """The record (an import) holds another mobile than the one that received the code."""


class CertificationStatus(StrEnum):
    REQUESTED = "REQUESTED"
    CERTIFIED = "CERTIFIED"
    DECLINED = "DECLINED"
    ENDED = "ENDED"


class IdentityDocument(StrEnum):
    RESIDENT_ID_CARD = "RESIDENT_ID_CARD"
    TEMPORARY_ID_CARD = "TEMPORARY_ID_CARD"
    PASSPORT = "PASSPORT"
    HK_MACAO_PERMIT = "HK_MACAO_PERMIT"
    TAIWAN_PERMIT = "TAIWAN_PERMIT"
    PERMANENT_RESIDENCE_CARD = "PERMANENT_RESIDENCE_CARD"


class Account(IdMixin, Base):
    """A sign-in: personal (a practitioner, linked to a person) or staff (scoped by grants)."""

    __tablename__ = "account"

    kind: Mapped[AccountKind] = mapped_column(enum_column(AccountKind, "account_kind"))
    status: Mapped[AccountStatus] = mapped_column(enum_column(AccountStatus, "account_status"))
    login_key: Mapped[str] = mapped_column(String(80), unique=True)
    """``u:<username>`` for staff, the mobile's blind index for personal accounts."""
    username: Mapped[str | None] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"), unique=True)
    mobile_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    mobile_index: Mapped[str | None] = mapped_column(String(64), index=True)
    mobile_masked: Mapped[str | None] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    totp_secret_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    """The last accepted TOTP time step: a code is never accepted twice."""
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    recovery_required_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("account.id"))
    activated_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime | None]
    disabled_at: Mapped[datetime | None]
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True, index=True)
    """The holder's ``sub`` at the government identity provider, linked by a system
    administrator (staff accounts only): single sign-on finds the account by it."""


class RoleGrant(IdMixin, Base):
    __tablename__ = "role_grant"

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("account.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    institution_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("institution.id"), index=True
    )
    authority_code: Mapped[str | None] = mapped_column(ForeignKey("authority.code"), index=True)
    created_at: Mapped[datetime]


class AccountSession(IdMixin, Base):
    """A browser session; only the SHA-256 of the opaque cookie value is stored."""

    __tablename__ = "account_session"

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    idle_seconds: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    client_address: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(200))


class OneTimeCode(IdMixin, Base):
    """A code sent by SMS (or a token handed to a browser) for one purpose, used once."""

    __tablename__ = "one_time_code"
    __table_args__ = (Index("ix_one_time_code_mobile_created", "mobile_index", "created_at"),)

    purpose: Mapped[CodePurpose] = mapped_column(enum_column(CodePurpose, "code_purpose"))
    account_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("account.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(64))
    id_number_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    id_number_index: Mapped[str | None] = mapped_column(String(64))
    mobile_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    mobile_index: Mapped[str | None] = mapped_column(String(64))
    mobile_masked: Mapped[str | None] = mapped_column(String(16))
    secret_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    """A TOTP secret waiting for its first code (``TOTP_ENROLMENT``)."""
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sends: Mapped[int] = mapped_column(Integer, default=1)
    last_sent_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    consumed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class Dispute(IdMixin, Base):
    """A claim on a person record that activation could not settle: the ID number is held by
    another account, or is on record under another name. The claimant's account is active
    but linked to no person until the review decides; the claimant is not told."""

    __tablename__ = "identity_dispute"

    kind: Mapped[DisputeKind] = mapped_column(
        enum_column(DisputeKind, "dispute_kind"), default=DisputeKind.HOLDER
    )
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    account_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("account.id"))
    """The account that holds the person record now (none when nobody holds it)."""
    claimant_account_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("account.id"), index=True
    )
    """The claimant's account, waiting for the review (older claims had none)."""
    claimant_name: Mapped[str] = mapped_column(String(64))
    claimant_mobile_enc: Mapped[bytes] = mapped_column(LargeBinary)
    claimant_mobile_index: Mapped[str] = mapped_column(String(64))
    claimant_mobile_masked: Mapped[str] = mapped_column(String(16))
    claimant_password_hash: Mapped[str] = mapped_column(String(255))
    """So that a transfer can activate the claimant without another round of codes."""
    institution_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("institution.id"), index=True
    )
    authority_code: Mapped[str] = mapped_column(ForeignKey("authority.code"), index=True)
    status: Mapped[DisputeStatus] = mapped_column(enum_column(DisputeStatus, "dispute_status"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("account.id"))


class StaffCertification(IdMixin, Base):
    """A practitioner's request that an institution certify their identity, and its outcome."""

    __tablename__ = "staff_certification"
    __table_args__ = (
        Index("ix_staff_certification_queue", "institution_id", "status", "requested_at", "id"),
    )

    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"), index=True)
    """None while the requesting account's claim on a person is under review."""
    account_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("account.id"), index=True)
    """The requesting account when its claim is under review; the request reaches the
    institution once the review links the account to the person."""
    institution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("institution.id"))
    profession: Mapped[Profession] = mapped_column(enum_column(Profession, "profession"))
    status: Mapped[CertificationStatus] = mapped_column(
        enum_column(CertificationStatus, "certification_status")
    )
    requested_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("account.id"))
    document_checked: Mapped[IdentityDocument | None] = mapped_column(
        enum_column(IdentityDocument, "identity_document")
    )
    reason: Mapped[str | None] = mapped_column(Text)
    ended_at: Mapped[datetime | None]
    ended_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("account.id"))

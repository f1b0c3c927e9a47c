"""The registry's nouns: authorities, institutions, persons, practitioners, registrations."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, IdMixin, JSONList, enum_column


class AuthorityLevel(StrEnum):
    MUNICIPAL = "MUNICIPAL"
    DISTRICT = "DISTRICT"


class InstitutionType(StrEnum):
    GENERAL_HOSPITAL = "GENERAL_HOSPITAL"
    SPECIALIST_HOSPITAL = "SPECIALIST_HOSPITAL"
    TCM_HOSPITAL = "TCM_HOSPITAL"
    COMMUNITY_HEALTH_CENTRE = "COMMUNITY_HEALTH_CENTRE"
    CLINIC = "CLINIC"
    MATERNAL_CHILD_HEALTH = "MATERNAL_CHILD_HEALTH"
    CDC = "CDC"
    NURSING_HOME = "NURSING_HOME"


class InstitutionLevel(StrEnum):
    TERTIARY = "TERTIARY"
    SECONDARY = "SECONDARY"
    PRIMARY = "PRIMARY"
    UNGRADED = "UNGRADED"


class InstitutionStatus(StrEnum):
    PENDING = "PENDING"
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    CANCELLED = "CANCELLED"


class Sex(StrEnum):
    FEMALE = "FEMALE"
    MALE = "MALE"


class Profession(StrEnum):
    NURSE = "NURSE"
    DOCTOR = "DOCTOR"


class PracticeCategory(StrEnum):
    CLINICAL = "CLINICAL"
    TCM = "TCM"
    DENTAL = "DENTAL"
    PUBLIC_HEALTH = "PUBLIC_HEALTH"


class Authority(Base):
    """The municipal commission (310000) or one of the 16 district commissions."""

    __tablename__ = "authority"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(96))
    level: Mapped[AuthorityLevel] = mapped_column(enum_column(AuthorityLevel, "authority_level"))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("authority.code"))


class Institution(IdMixin, Base):
    __tablename__ = "institution"
    __table_args__ = (
        Index("ix_institution_authority_name", "authority_code", "name", "id"),
        Index("ix_institution_district_name", "district_code", "name", "id"),
        Index("ix_institution_name_id", "name", "id"),
    )

    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    licence_number: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str | None] = mapped_column(String(200))
    type: Mapped[InstitutionType] = mapped_column(enum_column(InstitutionType, "institution_type"))
    level: Mapped[InstitutionLevel] = mapped_column(
        enum_column(InstitutionLevel, "institution_level")
    )
    beds: Mapped[int] = mapped_column(Integer, default=0)
    address: Mapped[str] = mapped_column(String(200), default="")
    legal_representative: Mapped[str] = mapped_column(String(64), default="")
    district_code: Mapped[str] = mapped_column(ForeignKey("authority.code"))
    authority_code: Mapped[str] = mapped_column(ForeignKey("authority.code"))
    status: Mapped[InstitutionStatus] = mapped_column(
        enum_column(InstitutionStatus, "institution_status"), default=InstitutionStatus.ACTIVE
    )
    subjects: Mapped[list[str]] = mapped_column(JSONList, default=list)
    contact_name: Mapped[str | None] = mapped_column(String(64))
    contact_mobile_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    contact_mobile_masked: Mapped[str | None] = mapped_column(String(16))
    validated_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime]

    authority: Mapped[Authority] = relationship(foreign_keys=[authority_code], lazy="raise")
    district: Mapped[Authority] = relationship(foreign_keys=[district_code], lazy="raise")


class Person(IdMixin, Base):
    """A natural person; ID number and mobile are encrypted with a blind index for lookup."""

    __tablename__ = "person"

    name: Mapped[str] = mapped_column(String(64))
    id_number_enc: Mapped[bytes] = mapped_column(LargeBinary)
    id_number_index: Mapped[str] = mapped_column(String(64), unique=True)
    id_number_masked: Mapped[str] = mapped_column(String(24))
    sex: Mapped[Sex] = mapped_column(enum_column(Sex, "sex"))
    birth_date: Mapped[date] = mapped_column(Date)
    mobile_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    mobile_index: Mapped[str | None] = mapped_column(String(64), index=True)
    mobile_masked: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime]


class Practitioner(IdMixin, Base):
    __tablename__ = "practitioner"
    __table_args__ = (UniqueConstraint("person_id", "profession"),)

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    profession: Mapped[Profession] = mapped_column(enum_column(Profession, "profession"))
    qualification_number: Mapped[str | None] = mapped_column(String(40))
    education: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[PracticeCategory | None] = mapped_column(
        enum_column(PracticeCategory, "practice_category")
    )
    scope: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]

    person: Mapped[Person] = relationship(lazy="raise")

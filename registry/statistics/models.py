"""The working-day calendar as a table, so SQL can count working days between two dates:
``ordinal`` is how many working days there are from 2000-01-01 up to and including ``day``,
and the working days in ``(a, b]`` are ``ordinal(b) - ordinal(a)`` — the same count as
``registry.workflow.calendar.working_days_between``."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import Boolean, Date, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from registry.workflow.calendar import is_working_day

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2040, 12, 31)


class WorkingDay(Base):
    __tablename__ = "working_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    ordinal: Mapped[int] = mapped_column(Integer)


def calendar_rows(first: date = FIRST_DAY, last: date = LAST_DAY) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    ordinal = 0
    day = first
    while day <= last:
        if is_working_day(day):
            ordinal += 1
        rows.append({"day": day, "ordinal": ordinal})
        day += timedelta(days=1)
    return rows


class RegistrationPeriod(Base):
    """A materialised summary: one row per period a registration was in force (see
    ``history``), flattened with what the statistics break down by, so a read is one scan
    and a GROUP BY. Rebuilt by ``summary.refresh`` (the worker, every 10 minutes and at
    start; ``medreg statistics refresh``); reads say when it was built.

    A period is in force on every Shanghai day ``d`` with ``open_day <= d < close_day`` (no
    ``close_day``: still open): plain date comparisons, cheaper per row than the instants and
    validity they are made from."""

    __tablename__ = "registration_period"
    __table_args__ = (
        Index("ix_registration_period_district", "district_code", "subject"),
        Index("ix_registration_period_registration", "registration_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    registration_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    subject: Mapped[str] = mapped_column(String(16))
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    institution_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    district_code: Mapped[str] = mapped_column(String(6))
    institution_type: Mapped[str] = mapped_column(String(40))
    institution_level: Mapped[str] = mapped_column(String(16))
    beds: Mapped[int] = mapped_column(Integer)
    category: Mapped[str | None] = mapped_column(String(16))
    sex: Mapped[str | None] = mapped_column(String(8))
    birth_date: Mapped[date | None] = mapped_column(Date)
    open_day: Mapped[date] = mapped_column(Date)
    """The first Shanghai day in force."""
    close_day: Mapped[date | None] = mapped_column(Date)
    """The first day no longer in force (the next status event's day, or the day after the
    validity that ends a practitioner's latest period), else NULL."""
    has_filing: Mapped[bool] = mapped_column(Boolean)
    """The registration has (or had) a multi-institution filing: only those rows look one up."""
    registration_valid_until: Mapped[date | None] = mapped_column(Date)
    """The registration's validity as recorded now (for "expiring within 90 days")."""


class InForceMonth(Base):
    """Practitioners in force at each month end, per district and profession, counted from
    ``registration_period`` when it is rebuilt (the monthly series read these rows)."""

    __tablename__ = "in_force_month"

    month_end: Mapped[date] = mapped_column(Date, primary_key=True)
    district_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    subject: Mapped[str] = mapped_column(String(16), primary_key=True)
    practitioners: Mapped[int] = mapped_column(Integer)


class InForceCube(Base):
    """The practitioners in force on the day of the last rebuild, grouped by everything the
    resource tables break down by: a read for that day (the default, today) reads these few
    thousand groups instead of scanning the periods."""

    __tablename__ = "in_force_cube"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    district_code: Mapped[str] = mapped_column(String(6))
    institution_type: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(String(16))
    age_band: Mapped[str] = mapped_column(String(8))
    sex: Mapped[str | None] = mapped_column(String(8))
    persons: Mapped[int] = mapped_column(Integer)
    multi_site: Mapped[int] = mapped_column(Integer)
    expiring: Mapped[int] = mapped_column(Integer)


class AdoptionSnapshot(Base):
    """Per institution, on the day of the last rebuild: practitioners in force, how many
    activated an account, how many the institution certified (the supervision's adoption
    figures for a period ending that day)."""

    __tablename__ = "adoption_snapshot"

    institution_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    district_code: Mapped[str] = mapped_column(String(6))
    practitioners: Mapped[int] = mapped_column(Integer)
    activated: Mapped[int] = mapped_column(Integer)
    certified: Mapped[int] = mapped_column(Integer)


class LicencesIssuedDay(Base):
    """Licence versions issued per Shanghai day and district (of the holder's institution),
    counted when the summary is rebuilt: a period's count adds up days instead of scanning
    every licence (wide rows, their PDFs inline)."""

    __tablename__ = "licences_issued_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    district_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    licences: Mapped[int] = mapped_column(Integer)


class SummaryState(Base):
    """When the materialised summary was last rebuilt (one row), the Shanghai day its
    snapshots (``in_force_cube``, ``adoption_snapshot``) describe, and the day the history
    begins."""

    __tablename__ = "statistics_summary"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    refreshed_at: Mapped[datetime]
    periods: Mapped[int] = mapped_column(Integer)
    snapshot_day: Mapped[date | None] = mapped_column(Date)
    first_day: Mapped[date | None] = mapped_column(Date)
    """The first day any registration was in force (statistics begin then)."""

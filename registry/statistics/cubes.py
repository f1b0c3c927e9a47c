"""The grouped SQL behind the figures of one day, shared by the reads (any date) and by the
rebuild that stores the rebuild day's groups (``in_force_cube``, ``adoption_snapshot``): the
practitioners in force grouped by every attribute the resource tables break down by, and per
institution the practitioners in force with their activated and certified counts. Always the
whole city: reads count the city and then show the reader's rows, and one sequential scan
beats an index search per district."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, or_, select, tuple_

from identity import statistics as identity_stats
from registry.registrations.models import Filing
from registry.statistics.history import PRACTITIONERS, InForce, end_of
from registry.statistics.models import RegistrationPeriod
from registry.workflow.effects import add_years

EXPIRY_WINDOW_DAYS = 90
AGE_BANDS = ("UNDER_30", "30_39", "40_49", "50_59", "60_PLUS")


def practitioner_cube(day: date) -> Select[Any]:
    """(district, institution type, profession, category, age band, sex) → practitioners in
    force on ``day``, how many of them (doctors) have a multi-site filing in force and how many
    registrations end within the 90 days after ``day``."""
    rp = RegistrationPeriod.__table__
    cutoff = end_of(day)
    filing_in_force = exists().where(
        Filing.registration_id == rp.c.registration_id,
        Filing.filed_at < cutoff,
        or_(Filing.cancelled_at.is_(None), Filing.cancelled_at >= cutoff),
    )
    multi_site = and_(rp.c.subject == "DOCTOR", rp.c.has_filing, filing_in_force)
    expiring = and_(
        rp.c.registration_valid_until > day,
        rp.c.registration_valid_until <= day + timedelta(days=EXPIRY_WINDOW_DAYS),
    )
    band = case(
        (rp.c.birth_date > add_years(day, -30), AGE_BANDS[0]),
        (rp.c.birth_date > add_years(day, -40), AGE_BANDS[1]),
        (rp.c.birth_date > add_years(day, -50), AGE_BANDS[2]),
        (rp.c.birth_date > add_years(day, -60), AGE_BANDS[3]),
        else_=AGE_BANDS[4],
    )
    keys = (
        rp.c.district_code,
        rp.c.institution_type,
        rp.c.subject,
        rp.c.category,
        band,
        rp.c.sex,
    )
    return (
        select(
            *keys,
            func.count(),
            func.sum(case((multi_site, 1), else_=0)),
            func.sum(case((expiring, 1), else_=0)),
        )
        .where(InForce(day)(rp), rp.c.subject.in_(PRACTITIONERS))
        .group_by(*keys)
    )


def adoption(day: date) -> Select[Any]:
    """(institution id, district) → practitioners in force on ``day``, how many of them
    activated a personal account, how many their institution certified."""
    rp = RegistrationPeriod.__table__
    activated = rp.c.person_id.in_(identity_stats.activated_persons())
    certified = tuple_(rp.c.person_id, rp.c.institution_id).in_(identity_stats.certified_pairs())
    return (
        select(
            rp.c.institution_id,
            rp.c.district_code,
            func.count(),
            func.sum(case((activated, 1), else_=0)),
            func.sum(case((certified, 1), else_=0)),
        )
        .where(InForce(day)(rp), rp.c.subject.in_(PRACTITIONERS))
        .group_by(rp.c.institution_id, rp.c.district_code)
    )

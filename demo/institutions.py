"""The institutions stage: every district's CDC and maternal & child health institute, then
community health centres, hospitals, nursing homes and many clinics, each with its INSTITUTION
registration and that registration's CREATED event."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from core.crypto import mask_mobile
from demo import names, vocabulary
from demo.context import DemoContext, InstitutionRef, add_years, new_uuid, office_time, random_day
from demo.draw import between
from demo.geography import DISTRICTS, MUNICIPAL_CODE, District
from demo.naming import InstitutionNamer
from demo.vocabulary import Specialty
from directory.models import (
    Institution,
    InstitutionLevel,
    InstitutionStatus,
    InstitutionType,
    PracticeCategory,
)
from registry.registrations.models import (
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    RegistrationSubject,
)
from registry.workflow.effects import validation_period_years
from registry.workflow.numbering import format_number

STAGE = "institutions"

T = InstitutionType
# Mix of the institutions beyond each district's CDC and MCH (Shanghai: thousands of clinics
# and outpatient departments, community centres in every town, a few hundred hospitals).
TYPE_MIX = {
    T.CLINIC: 66.0,
    T.COMMUNITY_HEALTH_CENTRE: 16.0,
    T.GENERAL_HOSPITAL: 4.5,
    T.SPECIALIST_HOSPITAL: 3.5,
    T.NURSING_HOME: 3.5,
    T.TCM_HOSPITAL: 1.5,
}
# Chance of a hospital being tertiary, in central and in suburban districts.
TERTIARY_SHARE = {
    T.GENERAL_HOSPITAL: (0.25, 0.10),
    T.SPECIALIST_HOSPITAL: (0.20, 0.06),
    T.TCM_HOSPITAL: (0.15, 0.05),
}
HOSPITALS = frozenset(TERTIARY_SHARE)


@dataclass(frozen=True)
class Planned:
    district: District
    type: InstitutionType


def plan(rng: random.Random, total: int) -> list[Planned]:
    """Which institution types go to which district: a CDC and an MCH each, then the rest by
    district weight (largest remainder, so Pudong is always the largest)."""
    fixed = 2 * len(DISTRICTS)
    if total < fixed:
        raise ValueError(f"a demo city needs at least {fixed} institutions, not {total}")
    weight_sum = sum(d.weight for d in DISTRICTS)
    quotas = [(total - fixed) * d.weight / weight_sum for d in DISTRICTS]
    extra = [int(q) for q in quotas]
    by_remainder = sorted(range(len(DISTRICTS)), key=lambda i: extra[i] - quotas[i])
    for i in by_remainder[: total - fixed - sum(extra)]:
        extra[i] += 1
    types, weights = list(TYPE_MIX), list(TYPE_MIX.values())
    planned: list[Planned] = []
    for district, n in zip(DISTRICTS, extra, strict=True):
        kinds = [T.CDC, T.MATERNAL_CHILD_HEALTH]
        kinds += [T.COMMUNITY_HEALTH_CENTRE, T.GENERAL_HOSPITAL][:n]
        kinds += rng.choices(types, weights=weights, k=max(n - 2, 0))
        planned.extend(Planned(district, kind) for kind in kinds)
    return planned


class InstitutionFactory:
    """Builds institution rows; keeps names, USCCs and licence numbers unique."""

    def __init__(self, ctx: DemoContext, rng: random.Random) -> None:
        self.ctx = ctx
        self.rng = rng
        self.today = ctx.today
        self.namer = InstitutionNamer(rng)
        self.usccs: set[str] = set()
        self.serials: dict[tuple[str, int], int] = {}

    def build(self, planned: Planned) -> tuple[dict[str, Any], InstitutionRef]:
        rng, district, kind = self.rng, planned.district, planned.type
        level = self._level(kind, district)
        naming = self.namer.name(kind, level, district)
        beds = self._beds(kind, level)
        authority = MUNICIPAL_CODE if level is InstitutionLevel.TERTIARY else district.code
        licensed = self._licence_date(kind, level)
        period = validation_period_years(beds)
        validated_until = add_years(licensed, period)
        while validated_until <= self.today:
            validated_until = add_years(validated_until, period)
        if rng.random() < 0.03:  # a few institutions are overdue for validation
            validated_until = max(add_years(validated_until, -period), licensed)
        licence = self._licence_number(authority, licensed.year)
        institution_id = new_uuid(rng)
        contact = names.mobile(rng)
        created_at = office_time(rng, licensed)
        row = {
            "id": institution_id,
            "uscc": self._uscc(kind, level, district),
            "licence_number": licence,
            "name": naming.zh,
            "name_en": naming.en,
            "type": kind,
            "level": level,
            "beds": beds,
            "address": f"上海市{district.name}{rng.choice(district.roads)}{rng.randint(1, 2999)}号",
            "legal_representative": names.person_name(rng, female=rng.random() < 0.4),
            "district_code": district.code,
            "authority_code": authority,
            "status": InstitutionStatus.ACTIVE,
            "subjects": self._subjects(kind, level, naming.specialty),
            "contact_name": names.person_name(rng, female=rng.random() < 0.6),
            "contact_mobile_enc": self.ctx.sealer.encrypt(
                contact, table="institution", column="contact_mobile", row_id=institution_id
            ),
            "contact_mobile_masked": mask_mobile(contact),
            "validated_until": validated_until,
            "created_at": created_at,
        }
        category, scope = _doctors_of(kind, naming.specialty)
        doctors, nurses = _staff(kind, beds, naming.zh)
        ref = InstitutionRef(
            institution_id,
            naming.zh,
            district,
            authority,
            kind,
            licensed,
            doctors,
            nurses,
            category,
            scope,
        )
        return row, ref

    # -- attributes ------------------------------------------------------------------------

    def _level(self, kind: InstitutionType, district: District) -> InstitutionLevel:
        if kind in TERTIARY_SHARE:
            central, suburban = TERTIARY_SHARE[kind]
            draw = self.rng.random()
            if draw < (central if district.central else suburban):
                return InstitutionLevel.TERTIARY
            return InstitutionLevel.SECONDARY if draw < 0.7 else InstitutionLevel.PRIMARY
        return {
            T.MATERNAL_CHILD_HEALTH: InstitutionLevel.SECONDARY,
            T.COMMUNITY_HEALTH_CENTRE: InstitutionLevel.PRIMARY,
        }.get(kind, InstitutionLevel.UNGRADED)

    def _beds(self, kind: InstitutionType, level: InstitutionLevel) -> int:
        rng = self.rng
        if kind in HOSPITALS:
            low, high = {
                InstitutionLevel.TERTIARY: (800, 2000),
                InstitutionLevel.SECONDARY: (200, 800),
            }.get(level, (100, 199))
            return round(rng.randint(low, high), -1)
        if kind is T.COMMUNITY_HEALTH_CENTRE:
            return 0 if rng.random() < 0.3 else rng.randint(20, 150)
        if kind is T.MATERNAL_CHILD_HEALTH:
            return 0 if rng.random() < 0.5 else rng.randint(30, 150)
        if kind is T.NURSING_HOME:
            return rng.randint(50, 400)
        return 0

    def _licence_number(self, authority: str, year: int) -> str:
        """``JG310115-2009-000012``: the form the workflow numbers institutions in."""
        serial = self.serials.get((authority, year)) or between(self.rng, 1, 30)
        self.serials[(authority, year)] = serial + between(self.rng, 1, 3)
        return format_number(f"JG{authority}", year, serial)

    def _licence_date(self, kind: InstitutionType, level: InstitutionLevel) -> date:
        old = kind in {T.CDC, T.MATERNAL_CHILD_HEALTH} or level is InstitutionLevel.TERTIARY
        first = date(1985 if old else 1995 if kind is not T.CLINIC else 2005, 1, 1)
        return random_day(self.rng, first, self.today - timedelta(days=60))

    def _uscc(self, kind: InstitutionType, level: InstitutionLevel, district: District) -> str:
        rng = self.rng
        if kind is T.CLINIC:
            registrar = rng.choices(("91", "92", "52"), weights=(60, 25, 15))[0]
        elif kind is T.NURSING_HOME:
            registrar = rng.choices(("52", "91", "12"), weights=(50, 30, 20))[0]
        elif kind in HOSPITALS and level is not InstitutionLevel.TERTIARY:
            public = 0.75 if level is InstitutionLevel.SECONDARY else 0.4
            registrar = "12" if rng.random() < public else rng.choice(("91", "52"))
        else:
            registrar = "12"
        while True:
            code = names.social_credit_code(rng, registrar=registrar, region=district.code)
            if code not in self.usccs:
                self.usccs.add(code)
                return code

    def _subjects(
        self, kind: InstitutionType, level: InstitutionLevel, specialty: Specialty | None
    ) -> list[str]:
        rng = self.rng
        if specialty is not None:
            return vocabulary.ordered(list(specialty.subjects))
        if kind is T.GENERAL_HOSPITAL:
            k = {InstitutionLevel.TERTIARY: 20, InstitutionLevel.SECONDARY: 11}.get(level, 4)
            extra = rng.sample(vocabulary.HOSPITAL_OPTIONAL, k + rng.randint(0, 4))
            return vocabulary.ordered([*vocabulary.HOSPITAL_CORE, *extra])
        if kind is T.TCM_HOSPITAL:
            extra = rng.sample(vocabulary.HOSPITAL_OPTIONAL, rng.randint(2, 8))
            return vocabulary.ordered(["中医科", "中西医结合科", *vocabulary.HOSPITAL_CORE, *extra])
        if kind is T.COMMUNITY_HEALTH_CENTRE:
            extra = rng.sample(vocabulary.COMMUNITY_OPTIONAL, rng.randint(0, 3))
            return vocabulary.ordered([*vocabulary.COMMUNITY_SUBJECTS, *extra])
        fixed = {
            T.MATERNAL_CHILD_HEALTH: vocabulary.MCH_SUBJECTS,
            T.CDC: vocabulary.CDC_SUBJECTS,
            T.NURSING_HOME: vocabulary.NURSING_HOME_SUBJECTS,
        }
        return vocabulary.ordered(list(fixed.get(kind, ("内科",))))


def _doctors_of(
    kind: InstitutionType, specialty: Specialty | None
) -> tuple[PracticeCategory, str | None]:
    if specialty is not None:
        main = specialty.subjects[0]
        return specialty.category, vocabulary.SCOPE_FOR_SUBJECT.get(main)
    category = {
        T.TCM_HOSPITAL: PracticeCategory.TCM,
        T.CDC: PracticeCategory.PUBLIC_HEALTH,
    }.get(kind, PracticeCategory.CLINICAL)
    scope = {
        T.COMMUNITY_HEALTH_CENTRE: "全科医学专业",
        T.MATERNAL_CHILD_HEALTH: "妇产科专业",
        T.NURSING_HOME: "内科专业",
    }.get(kind)
    return category, scope


def _staff(kind: InstitutionType, beds: int, name: str) -> tuple[float, float]:
    """Expected doctors and nurses: hospitals by beds, the others by type."""
    per_bed = {
        T.GENERAL_HOSPITAL: (0.35, 0.6),
        T.SPECIALIST_HOSPITAL: (0.3, 0.5),
        T.TCM_HOSPITAL: (0.35, 0.45),
        T.NURSING_HOME: (0.04, 0.25),
    }
    if kind in per_bed:
        doctors, nurses = per_bed[kind]
        return 1 + doctors * beds, 1 + nurses * beds
    if kind is T.COMMUNITY_HEALTH_CENTRE:
        return 25 + 0.1 * beds, 25 + 0.3 * beds
    if kind is T.MATERNAL_CHILD_HEALTH:
        return 30 + 0.3 * beds, 35 + 0.5 * beds
    if kind is T.CDC:
        return 60.0, 8.0
    return (5.0, 4.0) if name.endswith("门诊部") else (1.5, 1.0)


def _registration_rows(
    rng: random.Random, row: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    registration_id: uuid.UUID = new_uuid(rng)
    registration = {
        "id": registration_id,
        "number": row["licence_number"],
        "subject": RegistrationSubject.INSTITUTION,
        "practitioner_id": None,
        "institution_id": row["id"],
        "authority_code": row["authority_code"],
        "status": RegistrationStatus.ACTIVE,
        "category": None,
        "scope": None,
        # The licence runs from the last validation, not from the first registration.
        "valid_from": max(
            add_years(row["validated_until"], -validation_period_years(row["beds"])),
            row["created_at"].date(),
        ),
        "valid_until": row["validated_until"],
        "version": 1,
        "created_at": row["created_at"],
        "updated_at": row["created_at"],
    }
    event = {
        "id": new_uuid(rng),
        "registration_id": registration_id,
        "version": 1,
        "at": row["created_at"],
        "action": "CREATED",
        "changes": {"status": "ACTIVE", "validUntil": row["validated_until"].isoformat()},
        "application_id": None,
    }
    return registration, event


async def load_institutions(ctx: DemoContext) -> None:
    rng = ctx.rng(STAGE)
    planned = plan(rng, ctx.scale.institutions)
    factory = InstitutionFactory(ctx, rng)
    chunk = 1_000
    for start in range(0, len(planned), chunk):
        rows, registrations, events = [], [], []
        for item in planned[start : start + chunk]:
            row, ref = factory.build(item)
            registration, event = _registration_rows(rng, row)
            rows.append(row)
            registrations.append(registration)
            events.append(event)
            ctx.institutions.append(ref)
            ctx.count(item.district.code, "institutions")
        await ctx.insert(Institution, rows)
        await ctx.insert(Registration, registrations)
        await ctx.insert(RegistrationEvent, events)
        ctx.report(STAGE, min(start + chunk, len(planned)), len(planned))

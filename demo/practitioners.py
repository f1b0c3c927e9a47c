"""The practitioners stage: persons (ID number and mobile sealed), their NURSE or DOCTOR record,
one registration each at an institution drawn by its size, the registration's events and, for
about a tenth of the doctors, multi-institution filings."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from demo import names, vocabulary
from demo.context import (
    DemoContext,
    InstitutionRef,
    PractitionerRef,
    add_years,
    new_uuid,
    office_time,
    random_day,
)
from demo.draw import Weighted, between
from demo.geography import DISTRICT_BY_CODE
from demo.persons import PersonFactory
from directory.models import InstitutionType, Person, PracticeCategory, Practitioner, Profession
from registry.registrations.models import (
    Filing,
    FilingStatus,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    RegistrationSubject,
)
from registry.workflow.numbering import format_number

STAGE = "practitioners"
CHUNK = 2_000
"""Practitioners built and inserted together; memory stays flat at city scale."""

NURSE_VALIDITY_YEARS = 5
FILING_SHARE = 0.10
_CATEGORY_DIGIT = {
    PracticeCategory.CLINICAL: "1",
    PracticeCategory.TCM: "2",
    PracticeCategory.DENTAL: "3",
    PracticeCategory.PUBLIC_HEALTH: "4",
}
_NO_FILINGS = frozenset({InstitutionType.CDC, InstitutionType.MATERNAL_CHILD_HEALTH})


@dataclass
class _Chunk:
    persons: list[dict[str, Any]] = field(default_factory=list)
    practitioners: list[dict[str, Any]] = field(default_factory=list)
    registrations: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    filings: list[dict[str, Any]] = field(default_factory=list)


class PractitionerFactory:
    def __init__(self, ctx: DemoContext, rng: random.Random) -> None:
        if not ctx.institutions:
            raise RuntimeError("the practitioners stage needs the institutions stage first")
        self.ctx, self.rng, self.today = ctx, rng, ctx.today
        self.institutions = ctx.institutions
        grouped = _by_district(ctx.institutions)
        self.doctor_sites = {
            code: Weighted((i, i.doctor_weight) for i in institutions)
            for code, institutions in grouped.items()
        }
        self.nurse_sites = {
            code: Weighted((i, i.nurse_weight) for i in institutions)
            for code, institutions in grouped.items()
        }
        # Districts first, by their share of the city, so a few large hospitals drawn into a
        # small district do not pull the city's workforce there.
        self.districts = Weighted((code, DISTRICT_BY_CODE[code].weight) for code in grouped)
        self.filing_sites: dict[str, list[InstitutionRef]] = defaultdict(list)
        for inst in self.institutions:
            if inst.type not in _NO_FILINGS:
                self.filing_sites[inst.district.code].append(inst)
        self.all_sites = [i for i in self.institutions if i.type not in _NO_FILINGS]
        self.persons = PersonFactory(rng, ctx.sealer)
        self.numbers: dict[tuple[str, str, int], int] = {}
        self.qualification_serial = rng.randrange(100_000)

    def _workplace(self, sites: dict[str, Weighted[InstitutionRef]]) -> InstitutionRef:
        return sites[self.districts.draw(self.rng)].draw(self.rng)

    def person(
        self, out: _Chunk, inst: InstitutionRef, *, female: bool, born: date, created_at: datetime
    ) -> uuid.UUID:
        row = self.persons.build(inst.district, female=female, born=born, created_at=created_at)
        out.persons.append(row)
        person_id: uuid.UUID = row["id"]
        return person_id

    def _title(self, titles: tuple[tuple[int, str], ...], age: int) -> str:
        jitter = between(self.rng, -3, 4)
        return next(title for minimum, title in titles if age - jitter >= minimum)

    def _number(self, prefix: str, authority: str, year: int) -> str:
        """``HS310115-2017-000328``, the form the workflow numbers in: a serial per authority
        and year (starting somewhere, as if the demo's practitioners were a sample of the
        city's)."""
        key = (prefix, authority, year)
        serial = self.numbers.get(key) or between(self.rng, 1, 400)
        self.numbers[key] = serial + between(self.rng, 1, 3)
        return format_number(f"{prefix}{authority}", year, serial)

    def _age(self, born: date) -> int:
        return (self.today - born).days * 100 // 36525

    # -- practitioners ---------------------------------------------------------------------

    def doctor(self, out: _Chunk) -> PractitionerRef:
        rng = self.rng
        inst = self._workplace(self.doctor_sites)
        female = rng.random() < 0.55
        born = names.birth_date(rng, self.today, youngest=24, oldest=65, mode=40)
        # Five years of medical school, a year of internship, then the licensing exam.
        qualified = min(add_years(born, between(rng, 24, 28)), self.today - timedelta(days=60))
        earliest = max(qualified, inst.licensed, self.today - timedelta(days=365 * 35))
        registered = random_day(rng, earliest, self.today - timedelta(days=7))
        created_at = office_time(rng, registered)
        person_id = self.person(out, inst, female=female, born=born, created_at=created_at)
        category, scope = self._category_and_scope(inst)
        self.qualification_serial += between(rng, 1, 9)
        practitioner = self._practitioner(
            out,
            person_id,
            Profession.DOCTOR,
            qualification=f"{qualified.year}1{_CATEGORY_DIGIT[category]}"
            f"{inst.district.code[:4]}{self.qualification_serial:08d}",
            education=vocabulary.DOCTOR_EDUCATION.draw(rng),
            title=self._title(vocabulary.DOCTOR_TITLES, self._age(born)),
            category=category,
            scope=scope,
            created_at=created_at,
        )
        number = self._number("YS", inst.authority_code, registered.year)
        history = [
            (created_at, "CREATED", {"status": "ACTIVE", "validFrom": registered.isoformat()})
        ]
        ref = self._registration(
            out, practitioner, person_id, Profession.DOCTOR, inst, number, registered, None, history
        )
        if rng.random() < FILING_SHARE:
            self._filings(out, ref, registered)
        return ref

    def nurse(self, out: _Chunk) -> PractitionerRef:
        rng, today = self.rng, self.today
        inst = self._workplace(self.nurse_sites)
        female = rng.random() < 0.94
        born = names.birth_date(rng, today, youngest=22, oldest=60, mode=33)
        earliest = add_years(born, 21)
        draw = rng.random()
        if draw < 0.03:  # lapsed, not yet renewed
            until = today - timedelta(days=between(rng, 1, 300))
        elif draw < 0.11:  # renewal window about to open or open
            until = today + timedelta(days=between(rng, 0, 90))
        else:
            until = today + timedelta(days=between(rng, 91, 365 * NURSE_VALIDITY_YEARS - 1))
        start = add_years(until + timedelta(days=1), -NURSE_VALIDITY_YEARS)
        if start < earliest:  # too young for that history: first registered recently
            start = random_day(rng, earliest, today - timedelta(days=7))
        # (recomputed: around 29 February the anniversary does not map back one to one)
        until = add_years(start, NURSE_VALIDITY_YEARS) - timedelta(days=1)
        # The current period may follow renewals (every five years) since the first one.
        renewals = between(rng, 0, (start - earliest).days // 1827)
        first = add_years(start, -NURSE_VALIDITY_YEARS * renewals)
        created_at = office_time(rng, first)
        history = [(created_at, "CREATED", {"status": "ACTIVE", "validFrom": first.isoformat()})]
        for n in range(1, renewals + 1):
            period_start = add_years(first, NURSE_VALIDITY_YEARS * n)
            applied = period_start - timedelta(days=between(rng, 1, 30))
            history.append(
                (office_time(rng, applied), "RENEWED", {"validFrom": period_start.isoformat()})
            )
        person_id = self.person(out, inst, female=female, born=born, created_at=created_at)
        self.qualification_serial += between(rng, 1, 9)
        practitioner = self._practitioner(
            out,
            person_id,
            Profession.NURSE,
            qualification=f"{max(first.year - between(rng, 0, 1), earliest.year)}"
            f"31{self.qualification_serial:08d}",
            education=vocabulary.NURSE_EDUCATION.draw(rng),
            title=self._title(vocabulary.NURSE_TITLES, self._age(born)),
            category=None,
            scope=None,
            created_at=created_at,
        )
        number = self._number("HS", inst.authority_code, first.year)
        return self._registration(
            out, practitioner, person_id, Profession.NURSE, inst, number, start, until, history
        )

    def _category_and_scope(self, inst: InstitutionRef) -> tuple[PracticeCategory, str]:
        rng = self.rng
        category = inst.category
        if rng.random() < 0.15:  # every institution has a few doctors of other categories
            category = vocabulary.OTHER_CATEGORY.draw(rng)
        if category is inst.category and inst.scope and rng.random() < 0.8:
            return category, inst.scope
        if category is PracticeCategory.CLINICAL:
            return category, vocabulary.CLINICAL_SCOPE_DRAW.draw(rng)
        return category, rng.choice(vocabulary.SCOPES[category])

    def _practitioner(
        self,
        out: _Chunk,
        person_id: uuid.UUID,
        profession: Profession,
        *,
        qualification: str,
        education: str,
        title: str,
        category: PracticeCategory | None,
        scope: str | None,
        created_at: datetime,
    ) -> uuid.UUID:
        practitioner_id = new_uuid(self.rng)
        out.practitioners.append(
            {
                "id": practitioner_id,
                "person_id": person_id,
                "profession": profession,
                "qualification_number": qualification,
                "education": education,
                "title": title,
                "category": category,
                "scope": scope,
                "created_at": created_at,
            }
        )
        return practitioner_id

    def _registration(
        self,
        out: _Chunk,
        practitioner_id: uuid.UUID,
        person_id: uuid.UUID,
        profession: Profession,
        inst: InstitutionRef,
        number: str,
        valid_from: date,
        valid_until: date | None,
        history: list[tuple[datetime, str, dict[str, Any]]],
    ) -> PractitionerRef:
        """The registration and its events, one version each; a registration whose validity
        ended before today was expired by the sweep the day after."""
        rng = self.rng
        practitioner = out.practitioners[-1]
        expired = valid_until is not None and valid_until < self.today
        status = RegistrationStatus.EXPIRED if expired else RegistrationStatus.ACTIVE
        if valid_until is not None and expired:
            expired_at = office_time(rng, valid_until + timedelta(days=1))
            history.append((expired_at, "EXPIRED", {"status": "EXPIRED"}))
        registration_id = new_uuid(rng)
        events = [
            _event(rng, registration_id, version, at, action, changes)
            for version, (at, action, changes) in enumerate(history, start=1)
        ]
        out.registrations.append(
            {
                "id": registration_id,
                "number": number,
                "subject": RegistrationSubject(profession.value),
                "practitioner_id": practitioner_id,
                "institution_id": inst.id,
                "authority_code": inst.authority_code,
                "status": status,
                "category": practitioner["category"],
                "scope": practitioner["scope"],
                "valid_from": valid_from,
                "valid_until": valid_until,
                "version": len(events),
                "created_at": history[0][0],
                "updated_at": history[-1][0],
            }
        )
        out.events.extend(events)
        self.ctx.count(inst.district.code, profession.value.lower() + "s")
        return PractitionerRef(
            practitioner_id, person_id, profession, inst, registration_id, status
        )

    def _filings(self, out: _Chunk, ref: PractitionerRef, registered: date) -> None:
        rng = self.rng
        sites: list[InstitutionRef] = []
        for _ in range(1 if rng.random() < 0.7 else 2):
            local = self.filing_sites[ref.institution.district.code]
            pool = local if local and rng.random() < 0.7 else self.all_sites
            site = rng.choice(pool)
            if site is not ref.institution and site not in sites:
                sites.append(site)
        for site in sites:
            filed = random_day(rng, max(registered, site.licensed), self.today - timedelta(days=1))
            out.filings.append(
                {
                    "id": new_uuid(rng),
                    "registration_id": ref.registration_id,
                    "institution_id": site.id,
                    "status": FilingStatus.ACTIVE,
                    "filed_at": office_time(rng, filed),
                    "cancelled_at": None,
                }
            )


def _by_district(institutions: list[InstitutionRef]) -> dict[str, list[InstitutionRef]]:
    grouped: dict[str, list[InstitutionRef]] = defaultdict(list)
    for inst in institutions:
        grouped[inst.district.code].append(inst)
    return grouped


def _event(
    rng: random.Random,
    registration_id: uuid.UUID,
    version: int,
    at: datetime,
    action: str,
    changes: dict[str, Any],
) -> dict[str, Any]:
    return {
        "id": new_uuid(rng),
        "registration_id": registration_id,
        "version": version,
        "at": at,
        "action": action,
        "changes": changes,
        "application_id": None,
    }


async def load_practitioners(ctx: DemoContext) -> None:
    rng = ctx.rng(STAGE)
    factory = PractitionerFactory(ctx, rng)
    doctors, total = ctx.scale.doctors, ctx.scale.doctors + ctx.scale.nurses
    for start in range(0, total, CHUNK):
        out = _Chunk()
        for k in range(start, min(start + CHUNK, total)):
            ref = factory.doctor(out) if k < doctors else factory.nurse(out)
            ctx.practitioners.append(ref)
        await ctx.insert(Person, out.persons)
        await ctx.insert(Practitioner, out.practitioners)
        await ctx.insert(Registration, out.registrations)
        await ctx.insert(RegistrationEvent, out.events)
        if out.filings:
            await ctx.insert(Filing, out.filings)
        ctx.report(STAGE, min(start + CHUNK, total), total)

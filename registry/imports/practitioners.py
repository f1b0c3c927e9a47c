"""Writing cleaned doctor and nurse rows: one Person per ID number (matched by its blind index,
across files and within one), the practitioner record, the registration with its versions and a
doctor's multi-institution filings. A name that differs from the registry's is quarantined."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update

from certificates.values import LicenceRequest
from core.bulk import among
from core.crypto import mask_id_number, mask_mobile
from directory.models import Authority, Institution, Person, Practitioner, Profession
from directory.service import ID_NUMBER_PURPOSE, MOBILE_PURPOSE
from registry.imports.cleaning import Cleaner, PractitionerRow
from registry.imports.context import ImportContext
from registry.imports.quarantine import quarantine
from registry.imports.reasons import ImportReason
from registry.licences.backfill import Holder, Place, Registered, licence_request
from registry.registrations.models import (
    Filing,
    FilingStatus,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    RegistrationSubject,
)

R = ImportReason


def same_name(a: str, b: str) -> bool:
    return "".join(a.split()).casefold() == "".join(b.split()).casefold()


@dataclass(frozen=True)
class Site:
    id: uuid.UUID
    authority_code: str
    place: Place
    """What a licence prints about the institution and its authority."""


@dataclass
class _Plan:
    persons: list[dict[str, Any]]
    practitioners: list[dict[str, Any]]
    registrations: list[dict[str, Any]]
    events: list[dict[str, Any]]
    filings: list[dict[str, Any]]
    licences: list[LicenceRequest]


class PractitionerWriter:
    def __init__(self, ctx: ImportContext, profession: Profession) -> None:
        self.ctx = ctx
        self.profession = profession
        self.filed: set[tuple[uuid.UUID, uuid.UUID]] = set()
        """(registration, institution) of the active filings of the chunk's registrations."""
        self.sites: dict[str, Site] = {}
        self.seen: dict[str, str] = {}
        """Blind index → the name of the row of this file that imported it."""
        self.numbers: dict[str, str] = {}
        """Licence number → the blind index of its row in this file."""

    async def load(self) -> None:
        result = await self.ctx.session.execute(
            select(
                Institution,
                Authority.name_zh.label("authority_name_zh"),
                Authority.name_en.label("authority_name_en"),
            ).join(Authority, Authority.code == Institution.authority_code)
        )
        self.sites = {inst.uscc: _site(inst, zh, en) for inst, zh, en in result}

    async def write(self, rows: list[tuple[int, PractitionerRow, Cleaner]]) -> None:
        ctx = self.ctx
        with ctx.phase("matching"):
            indexes = [
                ctx.sealer.blind_index(r.id_number, purpose=ID_NUMBER_PURPOSE) for _, r, _ in rows
            ]
            persons = await self._persons(indexes)
            practitioners = await self._practitioners([p.id for p in persons.values()])
            registrations = await self._registrations([r.licence_number for _, r, _ in rows])
        plan = _Plan([], [], [], [], [], [])
        with ctx.phase("rows"):
            for (number, row, cleaner), index in zip(rows, indexes, strict=True):
                await self._row(
                    plan, number, row, cleaner, index, persons, practitioners, registrations
                )
        await ctx.insert(Person, plan.persons)
        await ctx.insert(Practitioner, plan.practitioners)
        await ctx.insert(Registration, plan.registrations)
        await ctx.insert(RegistrationEvent, plan.events)
        await ctx.insert(Filing, plan.filings)
        await ctx.reserve(plan.licences)

    # -- lookups, one statement each per chunk ---------------------------------------------

    async def _persons(self, indexes: list[str]) -> dict[str, Any]:
        result = await self.ctx.session.execute(
            select(Person.id, Person.name, Person.id_number_index, Person.mobile_index).where(
                among(self.ctx.session, Person.id_number_index, indexes)
            )
        )
        return {row.id_number_index: row for row in result}

    async def _practitioners(self, person_ids: list[uuid.UUID]) -> dict[uuid.UUID, Any]:
        profession = self.profession
        result = await self.ctx.session.execute(
            select(
                Practitioner.id,
                Practitioner.person_id,
                Practitioner.qualification_number,
                Practitioner.category,
                Practitioner.scope,
            ).where(
                among(self.ctx.session, Practitioner.person_id, person_ids),
                Practitioner.profession == profession,
            )
        )
        return {row.person_id: row for row in result}

    async def _registrations(self, numbers: list[str]) -> dict[str, Any]:
        result = await self.ctx.session.execute(
            select(
                Registration.id,
                Registration.number,
                Registration.practitioner_id,
                Registration.institution_id,
                Registration.status,
                Registration.category,
                Registration.scope,
                Registration.valid_from,
                Registration.valid_until,
                Registration.version,
                Practitioner.person_id,
            )
            .outerjoin(Practitioner, Practitioner.id == Registration.practitioner_id)
            .where(among(self.ctx.session, Registration.number, numbers))
        )
        found = {row.number: row for row in result}
        filings = await self.ctx.session.execute(
            select(Filing.registration_id, Filing.institution_id).where(
                among(self.ctx.session, Filing.registration_id, [r.id for r in found.values()]),
                Filing.status == FilingStatus.ACTIVE,
            )
        )
        self.filed = {(r, i) for r, i in filings}
        return found

    # -- one row ---------------------------------------------------------------------------

    async def _row(
        self,
        plan: _Plan,
        number: int,
        row: PractitionerRow,
        cleaner: Cleaner,
        index: str,
        persons: dict[str, Any],
        practitioners: dict[uuid.UUID, Any],
        registrations: dict[str, Any],
    ) -> None:
        ctx, raw = self.ctx, cleaner.raw
        site = self.sites.get(row.institution_uscc)
        if site is None:
            ctx.reject(number, raw, "institution_uscc", R.INSTITUTION_UNKNOWN)
            return
        if any(u not in self.sites for u in row.filing_usccs):
            ctx.reject(number, raw, "filing_usccs", R.INSTITUTION_UNKNOWN)
            return
        earlier = self.seen.get(index)
        if earlier is not None:
            if same_name(earlier, row.name):
                ctx.reject(number, raw, "id_number", R.DUPLICATE_IN_FILE)
            else:
                person = await self._person_by_index(index)
                await quarantine(ctx, number, row, cleaner, person, earlier, site.authority_code)
            return
        person = persons.get(index)
        if person is not None and not same_name(person.name, row.name):
            await quarantine(ctx, number, row, cleaner, person.id, person.name, site.authority_code)
            return
        owner = self.numbers.get(row.licence_number)
        registration = registrations.get(row.licence_number)
        taken = (owner is not None and owner != index) or (
            registration is not None and (person is None or registration.person_id != person.id)
        )
        if taken:
            ctx.reject(number, raw, "licence_number", R.LICENCE_NUMBER_TAKEN)
            return
        self.seen[index] = row.name
        self.numbers[row.licence_number] = index
        ctx.normalised(number, cleaner)
        changed = False
        holder = Holder(row.name, row.sex, row.birth_date, row.id_number)
        if person is None:
            person_id = self._new_person(plan, row, index)
        else:
            person_id = person.id
            holder = Holder(person.name, row.sex, row.birth_date, row.id_number)
            if person.mobile_index is None and row.mobile:
                await self._set_mobile(person_id, row.mobile)
                changed = True
        practitioner = practitioners.get(person_id)
        qualification = row.qualification_number
        if practitioner is None:
            practitioner_id = self._new_practitioner(plan, row, person_id)
        else:
            practitioner_id = practitioner.id
            changed |= await self._update_practitioner(practitioner, row)
            qualification = qualification or practitioner.qualification_number
        if registration is None:
            self._new_registration(plan, row, practitioner_id, site, holder, qualification)
            ctx.counts["created"] += 1
            return
        changed |= await self._update_registration(registration, row, site)
        for uscc in row.filing_usccs:
            key = (registration.id, self.sites[uscc].id)
            if key not in self.filed:
                self.filed.add(key)
                plan.filings.append(self._filing(*key))
                changed = True
        ctx.counts["changed" if changed else "unchanged"] += 1

    async def _person_by_index(self, index: str) -> uuid.UUID | None:
        return await self.ctx.session.scalar(
            select(Person.id).where(Person.id_number_index == index)
        )

    def _new_person(self, plan: _Plan, row: PractitionerRow, index: str) -> uuid.UUID:
        sealer, person_id = self.ctx.sealer, uuid.uuid4()
        mobile = row.mobile
        plan.persons.append(
            {
                "id": person_id,
                "name": row.name,
                "id_number_enc": sealer.encrypt(
                    row.id_number, table="person", column="id_number", row_id=person_id
                ),
                "id_number_index": index,
                "id_number_masked": mask_id_number(row.id_number),
                "sex": row.sex,
                "birth_date": row.birth_date,
                "mobile_enc": mobile
                and sealer.encrypt(mobile, table="person", column="mobile", row_id=person_id),
                "mobile_index": mobile and sealer.blind_index(mobile, purpose=MOBILE_PURPOSE),
                "mobile_masked": mobile and mask_mobile(mobile),
                "created_at": self.ctx.now,
            }
        )
        return person_id

    async def _set_mobile(self, person_id: uuid.UUID, mobile: str) -> None:
        sealer = self.ctx.sealer
        await self.ctx.session.execute(
            update(Person)
            .where(Person.id == person_id)
            .values(
                mobile_enc=sealer.encrypt(
                    mobile, table="person", column="mobile", row_id=person_id
                ),
                mobile_index=sealer.blind_index(mobile, purpose=MOBILE_PURPOSE),
                mobile_masked=mask_mobile(mobile),
            )
        )

    def _new_practitioner(
        self, plan: _Plan, row: PractitionerRow, person_id: uuid.UUID
    ) -> uuid.UUID:
        practitioner_id = uuid.uuid4()
        plan.practitioners.append(
            {
                "id": practitioner_id,
                "person_id": person_id,
                "profession": row.profession,
                "qualification_number": row.qualification_number,
                "education": None,
                "title": None,
                "category": row.category,
                "scope": row.scope,
                "created_at": self.ctx.now,
            }
        )
        return practitioner_id

    async def _update_practitioner(self, known: Any, row: PractitionerRow) -> bool:
        values = {
            column: getattr(row, column)
            for column in ("qualification_number", "category", "scope")
            if getattr(row, column) is not None and getattr(row, column) != getattr(known, column)
        }
        if values:
            await self.ctx.session.execute(
                update(Practitioner).where(Practitioner.id == known.id).values(**values)
            )
        return bool(values)

    def _status(self, valid_until: date | None) -> RegistrationStatus:
        expired = valid_until is not None and valid_until < self.ctx.today
        return RegistrationStatus.EXPIRED if expired else RegistrationStatus.ACTIVE

    def _new_registration(
        self,
        plan: _Plan,
        row: PractitionerRow,
        practitioner_id: uuid.UUID,
        site: Site,
        holder: Holder,
        qualification_number: str | None,
    ) -> None:
        ctx, registration_id = self.ctx, uuid.uuid4()
        status = self._status(row.valid_until)
        valid_from = row.registered_on or ctx.today
        plan.registrations.append(
            {
                "id": registration_id,
                "number": row.licence_number,
                "subject": RegistrationSubject(row.profession.value),
                "practitioner_id": practitioner_id,
                "institution_id": site.id,
                "authority_code": site.authority_code,
                "status": status,
                "category": row.category,
                "scope": row.scope,
                "valid_from": valid_from,
                "valid_until": row.valid_until,
                "version": 1,
                "created_at": ctx.now,
                "updated_at": ctx.now,
            }
        )
        plan.events.append(_event(ctx, registration_id, 1, "IMPORTED", {"status": status.value}))
        if status is RegistrationStatus.ACTIVE:
            registered = Registered(
                id=registration_id,
                version=1,
                number=row.licence_number,
                subject=RegistrationSubject(row.profession.value),
                valid_from=valid_from,
                valid_until=row.valid_until,
                category=row.category.value if row.category else None,
                scope=row.scope,
                qualification_number=qualification_number,
            )
            plan.licences.append(licence_request(registered, site.place, holder))
        for uscc in row.filing_usccs:
            plan.filings.append(self._filing(registration_id, self.sites[uscc].id))

    def _filing(self, registration_id: uuid.UUID, institution_id: uuid.UUID) -> dict[str, Any]:
        return {
            "id": uuid.uuid4(),
            "registration_id": registration_id,
            "institution_id": institution_id,
            "status": FilingStatus.ACTIVE,
            "filed_at": self.ctx.now,
            "cancelled_at": None,
        }

    async def _update_registration(self, known: Any, row: PractitionerRow, site: Site) -> bool:
        new: dict[str, Any] = {"institution_id": site.id, "authority_code": site.authority_code}
        if row.category is not None:
            new["category"] = row.category
        if row.scope is not None:
            new["scope"] = row.scope
        if row.registered_on is not None:
            new["valid_from"] = row.registered_on
        if row.valid_until is not None:
            new["valid_until"] = row.valid_until
            new["status"] = self._status(row.valid_until)
        values = {k: v for k, v in new.items() if k == "authority_code" or getattr(known, k) != v}
        if set(values) <= {"authority_code"}:
            return False
        version = known.version + 1
        self.ctx.changed_registrations.append(known.id)
        await self.ctx.session.execute(
            update(Registration)
            .where(Registration.id == known.id)
            .values(**values, version=version, updated_at=self.ctx.now)
        )
        changes = {_LABELS[k]: _plain(v) for k, v in values.items() if k in _LABELS}
        await self.ctx.insert(
            RegistrationEvent, [_event(self.ctx, known.id, version, "IMPORT_CHANGED", changes)]
        )
        return True


def _site(institution: Institution, authority_zh: str, authority_en: str) -> Site:
    place = Place(
        institution_name=institution.name,
        institution_name_en=institution.name_en,
        institution_type=institution.type,
        subjects=tuple(institution.subjects or ()),
        address=institution.address,
        legal_representative=institution.legal_representative,
        district_code=institution.district_code,
        authority_code=institution.authority_code,
        authority_name_zh=authority_zh,
        authority_name_en=authority_en,
    )
    return Site(institution.id, institution.authority_code, place)


_LABELS = {
    "institution_id": "institution",
    "category": "category",
    "scope": "scope",
    "valid_from": "validFrom",
    "valid_until": "validUntil",
    "status": "status",
}


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value if isinstance(value, int) else str(value)


def _event(
    ctx: ImportContext,
    registration_id: uuid.UUID,
    version: int,
    action: str,
    changes: dict[str, Any],
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "registration_id": registration_id,
        "version": version,
        "at": ctx.now,
        "action": action,
        "changes": {**changes, "batch": str(ctx.batch_id)},
        "application_id": None,
    }

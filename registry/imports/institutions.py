"""Writing cleaned institution rows: new ones with their INSTITUTION registration, changed
ones updated with a new registration version that says what changed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update

from certificates.values import LicenceRequest
from core.crypto import mask_mobile
from directory.models import Authority, Institution, InstitutionStatus
from registry.imports.cleaning import Cleaner, InstitutionRow
from registry.imports.context import ImportContext
from registry.imports.reasons import ImportReason
from registry.licences.backfill import Place, Registered, licence_request
from registry.registrations.models import (
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    RegistrationSubject,
)

R = ImportReason
# Columns an import may change, and how the registry names them in a registration event.
_COMPARED = (
    ("name", "name"),
    ("licence_number", "licenceNumber"),
    ("type", "type"),
    ("level", "level"),
    ("district_code", "district"),
    ("authority_code", "authority"),
    ("beds", "beds"),
    ("legal_representative", "legalRepresentative"),
    ("address", "address"),
    ("contact_name", "contactName"),
)


@dataclass
class _Known:
    id: uuid.UUID
    values: dict[str, Any]
    validated_until: date | None


class InstitutionWriter:
    def __init__(self, ctx: ImportContext) -> None:
        self.ctx = ctx
        self.by_uscc: dict[str, _Known] = {}
        self.licence_owner: dict[str, str] = {}
        self.seen: dict[str, int] = {}
        self.authorities: dict[str, tuple[str, str]] = {}
        """Authority code → its names (zh, en), printed on the licences reserved here."""

    async def load(self) -> None:
        """The registry's institutions (thousands, not millions: kept in memory)."""
        result = await self.ctx.session.execute(
            select(Authority.code, Authority.name_zh, Authority.name_en)
        )
        self.authorities = {code: (zh, en) for code, zh, en in result}
        columns = [getattr(Institution, c) for c, _ in _COMPARED]
        result = await self.ctx.session.execute(
            select(Institution.id, Institution.uscc, Institution.validated_until, *columns)
        )
        for row in result:
            values = {c: getattr(row, c) for c, _ in _COMPARED}
            self.by_uscc[row.uscc] = _Known(row.id, values, row.validated_until)
            self.licence_owner[row.licence_number] = row.uscc

    async def write(self, rows: list[tuple[int, InstitutionRow, Cleaner]]) -> None:
        ctx = self.ctx
        institutions: list[dict[str, Any]] = []
        registrations: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        licences: list[LicenceRequest] = []
        for number, row, cleaner in rows:
            if row.uscc in self.seen:
                ctx.reject(number, cleaner.raw, "uscc", R.DUPLICATE_IN_FILE)
                continue
            owner = self.licence_owner.get(row.licence_number)
            if owner is not None and owner != row.uscc:
                ctx.reject(number, cleaner.raw, "licence_number", R.LICENCE_NUMBER_TAKEN)
                continue
            self.seen[row.uscc] = number
            self.licence_owner[row.licence_number] = row.uscc
            ctx.normalised(number, cleaner)
            known = self.by_uscc.get(row.uscc)
            if known is None:
                inst, reg, event = self._new(row)
                institutions.append(inst)
                registrations.append(reg)
                events.append(event)
                if reg["status"] is RegistrationStatus.ACTIVE:
                    licences.append(self._licence(row, reg))
                ctx.counts["created"] += 1
            else:
                await self._update(known, row)
        await ctx.insert(Institution, institutions)
        await ctx.insert(Registration, registrations)
        await ctx.insert(RegistrationEvent, events)
        await ctx.reserve(licences)

    def _licence(self, row: InstitutionRow, registration: dict[str, Any]) -> LicenceRequest:
        name_zh, name_en = self.authorities[row.authority_code]
        place = Place(
            institution_name=row.name,
            institution_name_en=None,
            institution_type=row.type,
            subjects=(),
            address=row.address,
            legal_representative=row.legal_representative,
            district_code=row.district_code,
            authority_code=row.authority_code,
            authority_name_zh=name_zh,
            authority_name_en=name_en,
        )
        registered = Registered(
            id=registration["id"],
            version=1,
            number=row.licence_number,
            subject=RegistrationSubject.INSTITUTION,
            valid_from=registration["valid_from"],
            valid_until=row.valid_until,
        )
        return licence_request(registered, place)

    def _values(self, row: InstitutionRow) -> dict[str, Any]:
        return {c: getattr(row, c) for c, _ in _COMPARED}

    def _new(self, row: InstitutionRow) -> tuple[dict[str, Any], ...]:
        ctx = self.ctx
        institution_id = uuid.uuid4()
        contact_enc = contact_masked = None
        if row.contact_mobile:
            contact_enc = ctx.sealer.encrypt(
                row.contact_mobile,
                table="institution",
                column="contact_mobile",
                row_id=institution_id,
            )
            contact_masked = mask_mobile(row.contact_mobile)
        institution = {
            "id": institution_id,
            "uscc": row.uscc,
            **self._values(row),
            "name_en": None,
            "status": InstitutionStatus.ACTIVE,
            "subjects": [],
            "contact_mobile_enc": contact_enc,
            "contact_mobile_masked": contact_masked,
            "validated_until": row.valid_until,
            "created_at": ctx.now,
        }
        self.by_uscc[row.uscc] = _Known(institution_id, self._values(row), row.valid_until)
        registration_id = uuid.uuid4()
        expired = row.valid_until is not None and row.valid_until < ctx.today
        status = RegistrationStatus.EXPIRED if expired else RegistrationStatus.ACTIVE
        registration = {
            "id": registration_id,
            "number": row.licence_number,
            "subject": RegistrationSubject.INSTITUTION,
            "practitioner_id": None,
            "institution_id": institution_id,
            "authority_code": row.authority_code,
            "status": status,
            "category": None,
            "scope": None,
            "valid_from": ctx.today,
            "valid_until": row.valid_until,
            "version": 1,
            "created_at": ctx.now,
            "updated_at": ctx.now,
        }
        event = {
            "id": uuid.uuid4(),
            "registration_id": registration_id,
            "version": 1,
            "at": ctx.now,
            "action": "IMPORTED",
            "changes": {"status": status.value, "batch": str(ctx.batch_id)},
            "application_id": None,
        }
        return institution, registration, event

    async def _update(self, known: _Known, row: InstitutionRow) -> None:
        ctx = self.ctx
        new = self._values(row)
        changed = {c: new[c] for c, _ in _COMPARED if known.values[c] != new[c]}
        until_changed = row.valid_until is not None and row.valid_until != known.validated_until
        if not changed and not until_changed:
            ctx.counts["unchanged"] += 1
            return
        ctx.counts["changed"] += 1
        values: dict[str, Any] = dict(changed)
        if until_changed:
            values["validated_until"] = row.valid_until
        await ctx.session.execute(
            update(Institution).where(Institution.id == known.id).values(**values)
        )
        known.values.update(changed)
        known.validated_until = row.valid_until if until_changed else known.validated_until
        changes = {label: _plain(new[c]) for c, label in _COMPARED if c in changed}
        if until_changed:
            changes["validUntil"] = _plain(row.valid_until)
        await _new_version(ctx, known.id, changes, row)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if not isinstance(value, int | str) else value


async def _new_version(
    ctx: ImportContext, institution_id: uuid.UUID, changes: dict[str, Any], row: InstitutionRow
) -> None:
    """The institution's registration follows its licence number, validity and authority;
    each import that changes something is a new version with its event."""
    registration = await ctx.session.scalar(
        select(Registration)
        .where(
            Registration.institution_id == institution_id,
            Registration.subject == RegistrationSubject.INSTITUTION,
        )
        .order_by(Registration.created_at.desc())
        .limit(1)
    )
    if registration is None:
        return
    registration.number = row.licence_number
    registration.authority_code = row.authority_code
    if row.valid_until is not None:
        registration.valid_until = row.valid_until
        if row.valid_until >= ctx.today and registration.status is RegistrationStatus.EXPIRED:
            registration.status = RegistrationStatus.ACTIVE
    registration.version += 1
    registration.updated_at = ctx.now
    ctx.changed_registrations.append(registration.id)
    ctx.session.add(
        RegistrationEvent(
            id=uuid.uuid4(),
            registration_id=registration.id,
            version=registration.version,
            at=ctx.now,
            action="IMPORT_CHANGED",
            changes={**changes, "batch": str(ctx.batch_id)},
        )
    )
    await ctx.session.flush()

"""Doctors' multi-institution filings (多机构备案) from a file or sheet of their own: each row
names a doctor's registration by its licence number and the institution it is filed at by its
credit code. A filing already on record, or at the registration's own institution, is
unchanged; the doctors must be imported first."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from directory.models import Institution
from registry.imports.cleaning import Cleaner, FilingRow
from registry.imports.context import ImportContext
from registry.imports.reasons import ImportReason as R
from registry.registrations.models import (
    Filing,
    FilingStatus,
    Registration,
    RegistrationStatus,
    RegistrationSubject,
)

_LIVE = (RegistrationStatus.ACTIVE, RegistrationStatus.SUSPENDED)


class FilingWriter:
    def __init__(self, ctx: ImportContext) -> None:
        self.ctx = ctx
        self.sites: dict[str, uuid.UUID] = {}

    async def load(self) -> None:
        result = await self.ctx.session.execute(select(Institution.uscc, Institution.id))
        self.sites = {row.uscc: row.id for row in result}

    async def write(self, rows: list[tuple[int, FilingRow, Cleaner]]) -> None:
        ctx = self.ctx
        registrations = await self._registrations([r.licence_number for _, r, _ in rows])
        filed = await self._filed([r.id for r in registrations.values()])
        new: list[dict[str, Any]] = []
        for number, row, cleaner in rows:
            site = self.sites.get(row.institution_uscc)
            if site is None:
                ctx.reject(number, cleaner.raw, "institution_uscc", R.INSTITUTION_UNKNOWN)
                continue
            registration = registrations.get(row.licence_number)
            if registration is None:
                ctx.reject(number, cleaner.raw, "licence_number", R.REGISTRATION_UNKNOWN)
                continue
            ctx.normalised(number, cleaner)
            key = (registration.id, site)
            if site == registration.institution_id or key in filed:
                ctx.counts["unchanged"] += 1
                continue
            filed.add(key)
            new.append(
                {
                    "id": uuid.uuid4(),
                    "registration_id": registration.id,
                    "institution_id": site,
                    "status": FilingStatus.ACTIVE,
                    "filed_at": ctx.now,
                    "cancelled_at": None,
                }
            )
            ctx.counts["created"] += 1
        await ctx.insert(Filing, new)

    async def _registrations(self, numbers: list[str]) -> dict[str, Any]:
        result = await self.ctx.session.execute(
            select(Registration.id, Registration.number, Registration.institution_id).where(
                Registration.number.in_(numbers),
                Registration.subject == RegistrationSubject.DOCTOR,
                Registration.status.in_(_LIVE),
            )
        )
        return {row.number: row for row in result}

    async def _filed(self, registration_ids: list[uuid.UUID]) -> set[tuple[uuid.UUID, uuid.UUID]]:
        result = await self.ctx.session.execute(
            select(Filing.registration_id, Filing.institution_id).where(
                Filing.registration_id.in_(registration_ids),
                Filing.status == FilingStatus.ACTIVE,
            )
        )
        return {(r, i) for r, i in result}

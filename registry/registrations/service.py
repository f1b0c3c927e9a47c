"""Reads of registrations that other domains are handed as plain functions."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.models import Institution, Practitioner
from registry.registrations.models import Registration, RegistrationStatus


async def home_of(session: AsyncSession, person_id: uuid.UUID) -> tuple[uuid.UUID, str] | None:
    """The institution of the person's latest active registration, and its authority."""
    row = (
        await session.execute(
            select(Registration.institution_id, Institution.authority_code)
            .join(Practitioner, Practitioner.id == Registration.practitioner_id)
            .join(Institution, Institution.id == Registration.institution_id)
            .where(
                Practitioner.person_id == person_id,
                Registration.status == RegistrationStatus.ACTIVE,
            )
            .order_by(Registration.valid_from.desc())
            .limit(1)
        )
    ).first()
    return (row[0], row[1]) if row else None

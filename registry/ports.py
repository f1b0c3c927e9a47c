"""What the workflow needs from identity: staff certification and notifications.

The workflow states its rules in terms of these two ports. By default they call identity's
service functions; a session may carry other implementations in the ``CERTIFICATION`` and
``NOTIFIER`` slots — tests and the demo loader do.
"""

from __future__ import annotations

import uuid
from typing import Any, Protocol, runtime_checkable

from sqlalchemy.ext.asyncio import AsyncSession

from core.slots import Slot
from directory.models import Profession
from identity import certification
from identity import notifications as identity_notifications


@runtime_checkable
class CertificationPort(Protocol):
    async def is_certified(
        self,
        session: AsyncSession,
        person_id: uuid.UUID,
        institution_id: uuid.UUID,
        profession: Profession,
    ) -> bool:
        """Has the institution certified this person's identity for this profession?"""
        ...

    async def certified_institutions(
        self, session: AsyncSession, person_id: uuid.UUID, profession: Profession
    ) -> set[uuid.UUID]: ...


@runtime_checkable
class NotifierPort(Protocol):
    async def notify_person(
        self,
        session: AsyncSession,
        person_id: uuid.UUID,
        template: str,
        params: dict[str, Any],
    ) -> None:
        """Queue a message to the person in the caller's transaction."""
        ...


class IdentityCertification:
    """Staff certification as identity records it."""

    async def is_certified(
        self,
        session: AsyncSession,
        person_id: uuid.UUID,
        institution_id: uuid.UUID,
        profession: Profession,
    ) -> bool:
        return bool(
            await certification.is_certified(session, person_id, institution_id, profession)
        )

    async def certified_institutions(
        self, session: AsyncSession, person_id: uuid.UUID, profession: Profession
    ) -> set[uuid.UUID]:
        return set(await certification.certified_institutions(session, person_id, profession))


class IdentityNotifier:
    """Notifications through identity's channel (SMS / e-mail, delivered from the outbox)."""

    async def notify_person(
        self,
        session: AsyncSession,
        person_id: uuid.UUID,
        template: str,
        params: dict[str, Any],
    ) -> None:
        await identity_notifications.notify_person(session, person_id, template, params)


IDENTITY_CERTIFICATION = IdentityCertification()
IDENTITY_NOTIFIER = IdentityNotifier()


CERTIFICATION: Slot[CertificationPort] = Slot(
    "certification", CertificationPort, default=lambda _session: IDENTITY_CERTIFICATION
)
NOTIFIER: Slot[NotifierPort] = Slot(
    "notifier", NotifierPort, default=lambda _session: IDENTITY_NOTIFIER
)


def certification_of(session: AsyncSession) -> CertificationPort:
    return CERTIFICATION.of(session)


def notifier_of(session: AsyncSession) -> NotifierPort:
    return NOTIFIER.of(session)

"""Imported registrations get their licences by the licence rules: each active registration one
reserved licence, signed by the worker at low priority; the same file again reserves nothing;
a newer export that changes a registration gives its licence a new version (both engines)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from certificates.models import Licence
from certificates.values import LicenceData, LicenceStatus
from core.audit import SYSTEM, AuditEntry
from core.jobs import Priority
from core.outbox import OutboxEvent
from interop.sync.intake import webhook_event
from registry.imports.columns import ImportKind
from registry.imports.service import import_file
from registry.licences.events import licence_content
from registry.licences.issuance import content_of
from registry.registrations.models import Registration, RegistrationStatus
from tests.factories.imports import institution_row, practitioner_row, write_csv

K = ImportKind


async def _licences(session: AsyncSession) -> dict[str, list[tuple[int, LicenceStatus]]]:
    rows = (await session.execute(select(Licence).order_by(Licence.number, Licence.version))).all()
    found: dict[str, list[tuple[int, LicenceStatus]]] = {}
    for (licence,) in rows:
        await session.refresh(licence)
        found.setdefault(licence.number, []).append((licence.version, licence.status))
    return found


async def test_imported_registrations_get_licences_signed_at_low_priority(
    session: AsyncSession, tmp_path: Path
) -> None:
    places = write_csv(
        tmp_path / "i.csv", K.INSTITUTIONS, [institution_row(71), institution_row(72)]
    )
    first = await import_file(session, SYSTEM, K.INSTITUTIONS, places)
    nurses = [
        practitioner_row(80, 71),
        practitioner_row(81, 71),
        practitioner_row(82, 72, valid_until="2024-01-31"),  # expired: no licence
    ]
    path = write_csv(tmp_path / "n.csv", K.NURSES, nurses)
    second = await import_file(session, SYSTEM, K.NURSES, path)
    active = set(
        await session.scalars(
            select(Registration.number).where(Registration.status == RegistrationStatus.ACTIVE)
        )
    )
    assert first.licences + second.licences == len(active) == 4
    licences = (await session.scalars(select(Licence))).all()
    assert {lic.number for lic in licences} == active
    assert {lic.signing_priority for lic in licences} == {Priority.BULK}
    assert all(lic.signed_at is None for lic in licences)  # the worker signs them later

    again = await import_file(session, SYSTEM, K.NURSES, path)
    assert (again.changed, again.licences) == (0, 0)

    nurses[1] = nurses[1] | {"institution_uscc": institution_row(72)["uscc"]}
    moved = await import_file(
        session, SYSTEM, K.NURSES, write_csv(tmp_path / "n2.csv", K.NURSES, nurses)
    )
    assert (moved.changed, moved.licences) == (1, 1)
    versions = await _licences(session)
    assert versions[nurses[1]["licence_number"]] == [
        (1, LicenceStatus.SUPERSEDED),
        (2, LicenceStatus.VALID),
    ]
    assert versions[nurses[0]["licence_number"]] == [(1, LicenceStatus.VALID)]


async def test_a_renumbered_institution_keeps_one_live_licence(
    session: AsyncSession, tmp_path: Path
) -> None:
    """A newer export with another licence number for the same institution (its USCC): the
    new number gets its licence and the old number's licence is no longer live, so a scan of
    the old PDF says SUPERSEDED instead of VALID."""
    place = institution_row(75)
    await import_file(
        session, SYSTEM, K.INSTITUTIONS, write_csv(tmp_path / "i.csv", K.INSTITUTIONS, [place])
    )
    renumbered = place | {"licence_number": "PDY900075"}
    second = await import_file(
        session,
        SYSTEM,
        K.INSTITUTIONS,
        write_csv(tmp_path / "i2.csv", K.INSTITUTIONS, [renumbered]),
    )
    assert second.changed == 1
    versions = await _licences(session)
    assert versions[place["licence_number"]] == [(1, LicenceStatus.SUPERSEDED)]
    assert versions["PDY900075"] == [(1, LicenceStatus.VALID)]
    old = await session.scalar(select(Licence).where(Licence.number == place["licence_number"]))
    assert old is not None
    assert old.status_reason == "superseded: the licence number changed"
    # Other systems hear of it (the national platform, employers' webhooks), and the audit
    # chain records it.
    changes = (
        await session.scalars(
            select(OutboxEvent.payload).where(OutboxEvent.topic == "licence.status_changed")
        )
    ).all()
    assert [(c["number"], c["from"], c["to"]) for c in changes] == [
        (place["licence_number"], "VALID", "SUPERSEDED")
    ]
    audited = (
        await session.scalars(select(AuditEntry).where(AuditEntry.action == "licence.supersede"))
    ).all()
    assert [(a.target_id, a.summary["current_number"]) for a in audited] == [
        (str(old.id), "PDY900075")
    ]

    again = await import_file(
        session,
        SYSTEM,
        K.INSTITUTIONS,
        write_csv(tmp_path / "i3.csv", K.INSTITUTIONS, [renumbered]),
    )
    assert (again.changed, again.licences) == (0, 0)
    assert await _licences(session) == versions


async def test_licences_reserved_in_the_import_print_what_the_registry_holds(
    session: AsyncSession, tmp_path: Path
) -> None:
    """The import builds each licence from the values it cleaned (the plain ID number in
    hand, nothing decrypted back): it must print exactly what the licence rules print for the
    stored registration, for an institution, a doctor, and the same person as a nurse."""
    places = [institution_row(73), institution_row(74, address="", legal_representative="")]
    await import_file(
        session, SYSTEM, K.INSTITUTIONS, write_csv(tmp_path / "i.csv", K.INSTITUTIONS, places)
    )
    doctor = practitioner_row(90, 73, female=False, qualification_number="Q2019310000090")
    await import_file(
        session, SYSTEM, K.DOCTORS, write_csv(tmp_path / "d.csv", K.DOCTORS, [doctor])
    )
    nurse = practitioner_row(90, 74, female=False, licence_number="ZS10000090")
    await import_file(session, SYSTEM, K.NURSES, write_csv(tmp_path / "n.csv", K.NURSES, [nurse]))

    licences = (await session.scalars(select(Licence))).all()
    assert len(licences) == 4
    for licence in licences:
        await session.refresh(licence)
        registration = await session.get(Registration, uuid.UUID(licence.holder_ref))
        assert registration is not None
        content = content_of(await licence_content(session, registration))
        issued_at = LicenceData.from_json(licence.data).issued_at
        expected = LicenceData.of(content, version=1, issued_at=issued_at)
        assert licence.data == expected.to_json()


def test_a_licence_superseded_by_another_number_is_told_to_employers_as_superseded() -> None:
    event = OutboxEvent(
        id=uuid.uuid4(),
        topic="licence.status_changed",
        payload={
            "number": "PDY000075",
            "version": 1,
            "kind": "INSTITUTION",
            "from": "VALID",
            "to": "SUPERSEDED",
            "at": "2026-11-30T08:00:00+00:00",
        },
        created_at=datetime.now(UTC),
    )
    assert webhook_event(event) == (
        "licence.superseded",
        {
            "number": "PDY000075",
            "version": 1,
            "kind": "INSTITUTION",
            "status": "SUPERSEDED",
            "at": "2026-11-30T08:00:00+00:00",
        },
    )

"""Licences for registrations: the issuance glue between the workflow and ``certificates``.

In the transaction that completes an application, ``apply_completion`` turns the
``registration.completed`` event into the licence row (a new version, or a revocation), so a
completed application never lacks its licence. The PDF is signed after the commit
(``api.worker``: ``medreg worker``, or the serving process in development). Holders are told
by SMS when a licence is issued, suspended, reinstated or revoked.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import fields
from datetime import date
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from certificates import service as licences
from certificates.errors import LicenceNotFound
from certificates.models import Licence
from certificates.values import LicenceContent, LicenceKind, LicenceRequest, LicenceStatus
from certificates.wording import KIND_TITLES
from core.audit import SYSTEM, AuditActor
from directory.models import Authority, Practitioner
from notifications.templates import register_template
from registry.ports import notifier_of
from registry.registrations.models import Registration

log = structlog.get_logger("medreg.licensing")

_NEW_VERSION = frozenset({"ISSUE", "REISSUE", "RENEW"})
_DATE_FIELDS = ("valid_from", "valid_until", "birth_date")
_CONTENT_FIELDS = frozenset(f.name for f in fields(LicenceContent))

ISSUED, SUSPENDED, REINSTATED, REVOKED = (
    "licence_issued",
    "licence_suspended",
    "licence_reinstated",
    "licence_revoked",
)
register_template(
    ISSUED,
    "您的{kind_zh}（编号 {number}，第 {version} 版）已签发，可在“我的电子证照”中查看和下载。",
    "Your {kind_en} No. {number} (version {version}) has been issued; see and download it "
    "under My licences.",
)
register_template(
    SUSPENDED,
    "您的{kind_zh}（编号 {number}）已被{authority}暂停：{reason}",
    "Your {kind_en} No. {number} was suspended by {authority_en}: {reason}",
)
register_template(
    REINSTATED,
    "您的{kind_zh}（编号 {number}）已恢复：{reason}",
    "Your {kind_en} No. {number} was reinstated: {reason}",
)
register_template(
    REVOKED,
    "您的{kind_zh}（编号 {number}）已注销：{reason}",
    "Your {kind_en} No. {number} was revoked: {reason}",
)


def content_of(raw: Mapping[str, Any]) -> LicenceContent:
    """The event's ``content`` (plain JSON) as the value object the licence prints."""
    values = {k: v for k, v in raw.items() if k in _CONTENT_FIELDS}
    values["kind"] = LicenceKind(values["kind"])
    for name in _DATE_FIELDS:
        value = values.get(name)
        values[name] = date.fromisoformat(value) if isinstance(value, str) else value
    values["subjects"] = tuple(values.get("subjects") or ())
    return LicenceContent(**values)


async def apply_completion(
    session: AsyncSession, event: Mapping[str, Any], *, actor: AuditActor = SYSTEM
) -> Licence | None:
    """Issue, re-issue, renew or revoke the licence a ``registration.completed`` event asks
    for. Idempotent: the same event applied twice changes nothing the second time."""
    action = str(event["action"])
    if action in _NEW_VERSION:
        request = LicenceRequest(
            holder_ref=str(event["registration_id"]),
            registration_version=int(event["registration_version"]),
            content=content_of(event["content"]),
        )
        return await _issue(session, request, actor)
    if action == "REVOKE":
        reason = f"registration cancelled (application {event.get('application_number')})"
        return await _revoke(session, str(event["number"]), reason, actor)
    return None


async def _issue(session: AsyncSession, request: LicenceRequest, actor: AuditActor) -> Licence:
    if await licences.reserved_for(session, request) is not None:
        return await licences.reserve_licence(session, request, actor=actor)
    previous = await _latest_or_none(session, request.content.number)
    # Read before reserving: superseding rewrites the previous row's status.
    suspension = (
        f"suspension of version {previous.version} continues: {previous.status_reason}"
        if previous is not None and previous.status is LicenceStatus.SUSPENDED
        else None
    )
    licence = await licences.reserve_licence(session, request, actor=actor)
    if suspension is not None:
        # A renewal or change must not lift a suspension an officer imposed.
        licence = await licences.suspend(session, actor, licence.number, suspension)
    await notify_holder(session, licence, ISSUED)
    return licence


async def _revoke(
    session: AsyncSession, number: str, reason: str, actor: AuditActor
) -> Licence | None:
    latest = await _latest_or_none(session, number)
    if latest is None:
        log.info("no licence to revoke", number=number)
        return None
    if latest.status is LicenceStatus.REVOKED:
        return latest
    licence = await licences.revoke(session, number, reason, actor=actor)
    await notify_holder(session, licence, REVOKED, reason=reason)
    return licence


async def _latest_or_none(session: AsyncSession, number: str) -> Licence | None:
    try:
        return await licences.current(session, number)
    except LicenceNotFound:
        return None


async def holder_person_id(session: AsyncSession, licence: Licence) -> uuid.UUID | None:
    """The person who holds a practitioner's licence; ``None`` for an institution's."""
    try:
        registration_id = uuid.UUID(licence.holder_ref)
    except ValueError:
        return None
    registration = await session.get(Registration, registration_id)
    if registration is None or registration.practitioner_id is None:
        return None
    practitioner = await session.get(Practitioner, registration.practitioner_id)
    return practitioner.person_id if practitioner is not None else None


async def notify_holder(
    session: AsyncSession, licence: Licence, template: str, *, reason: str = ""
) -> None:
    """Queue an SMS to a practitioner holder in the caller's transaction. Institution
    licences are seen by their staff in the portal; there is no person to text."""
    person_id = await holder_person_id(session, licence)
    if person_id is None:
        return
    authority = await session.get(Authority, licence.authority_code)
    kind_zh, kind_en = KIND_TITLES[licence.kind]
    await notifier_of(session).notify_person(
        session,
        person_id,
        template,
        {
            "kind_zh": kind_zh,
            "kind_en": kind_en,
            "number": licence.number,
            "version": licence.version,
            "authority": authority.name_zh if authority else licence.authority_code,
            "authority_en": authority.name_en if authority else licence.authority_code,
            "reason": reason,
        },
    )

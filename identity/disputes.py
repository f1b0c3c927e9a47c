"""Reviews of claims on a person record that activation could not settle (the ID number is
held by another account, or is on record under another name), resolved by the practitioner's
institution or authority (audited)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from access.permissions import Permission, require
from access.scope import MUNICIPAL
from core import audit
from core.clock import clock_of
from core.crypto import keyring_of, mask_mobile
from core.errors import InvalidState, NotFound, Problem, ValidationFailed
from directory import service as directory
from directory.models import Authority, Institution, Person
from directory.service import mobile_index
from identity import sessions
from identity.accounts import create_personal_account
from identity.errors import IdentityProblem
from identity.models import (
    Account,
    AccountStatus,
    CertificationStatus,
    Dispute,
    DisputeKind,
    DisputeStatus,
    StaffCertification,
)
from identity.notifications import account_mobile, notify_person
from identity.policy import visible_disputes
from notifications.messages import send_sms


class DisputeOutcome(StrEnum):
    KEEP_EXISTING = "KEEP_EXISTING"
    TRANSFER_TO_CLAIMANT = "TRANSFER_TO_CLAIMANT"


HomeLookup = Callable[[AsyncSession, uuid.UUID], Awaitable["tuple[uuid.UUID, str] | None"]]
"""Where a person practises (institution, its authority): the registry answers from the
person's active registration; identity passes it in, never importing the registry."""


async def _home_of(
    session: AsyncSession, person_id: uuid.UUID, registered_home: HomeLookup | None
) -> tuple[uuid.UUID | None, str]:
    """The institution and authority that know this person: the active registration's,
    else a certifying institution's, else the municipal commission."""
    found = await registered_home(session, person_id) if registered_home else None
    if found is not None:
        return found
    row = (
        await session.execute(
            select(StaffCertification.institution_id, Institution.authority_code)
            .join(Institution, Institution.id == StaffCertification.institution_id)
            .where(
                StaffCertification.person_id == person_id,
                StaffCertification.status == CertificationStatus.CERTIFIED,
            )
            .order_by(StaffCertification.decided_at.desc())
            .limit(1)
        )
    ).first()
    return (row[0], row[1]) if row else (None, MUNICIPAL)


async def _authority_name(session: AsyncSession, code: str) -> str:
    authority = await session.get(Authority, code)
    return authority.name_zh if authority else code


def claimant_mobile(session: AsyncSession, dispute: Dispute) -> str:
    return keyring_of(session).decrypt(
        dispute.claimant_mobile_enc,
        table="identity_dispute",
        column="claimant_mobile",
        row_id=dispute.id,
    )


async def open_dispute(
    session: AsyncSession,
    actor: Actor,
    *,
    kind: DisputeKind,
    person: Person,
    holder: Account | None,
    claimant: Account,
    claimant_name: str,
    claimant_mobile: str,
    registered_home: HomeLookup | None = None,
) -> Dispute:
    """Open a review of ``claimant``'s claim on ``person``. The record's holder (or the mobile
    on file) is told; the claimant is not: their activation answered as any other."""
    institution_id, authority_code = await _home_of(session, person.id, registered_home)
    dispute = Dispute(
        id=uuid.uuid4(),
        kind=kind,
        person_id=person.id,
        account_id=holder.id if holder is not None else None,
        claimant_account_id=claimant.id,
        claimant_name=claimant_name,
        claimant_mobile_index=mobile_index(session, claimant_mobile),
        claimant_mobile_masked=mask_mobile(claimant_mobile),
        claimant_password_hash="",  # the claimant's account holds its password
        institution_id=institution_id,
        authority_code=authority_code,
        status=DisputeStatus.OPEN,
        created_at=clock_of(session).now(),
    )
    dispute.claimant_mobile_enc = keyring_of(session).encrypt(
        claimant_mobile, table="identity_dispute", column="claimant_mobile", row_id=dispute.id
    )
    session.add(dispute)
    await session.flush()
    authority = await _authority_name(session, authority_code)
    await notify_person(session, person.id, "dispute_opened", {"authority": authority})
    await audit.record(
        session,
        actor.audit(),
        "identity.dispute.open",
        target_type="dispute",
        target_id=dispute.id,
        summary={
            "kind": kind.value,
            "person_id": str(person.id),
            "holder": str(holder.id) if holder is not None else None,
            "claimant": str(claimant.id),
        },
    )
    return dispute


async def claim_under_review(session: AsyncSession, account_id: uuid.UUID) -> Dispute | None:
    """The open review of this account's claim on a person, if any."""
    return await session.scalar(
        select(Dispute).where(
            Dispute.claimant_account_id == account_id, Dispute.status == DisputeStatus.OPEN
        )
    )


async def _transfer(session: AsyncSession, dispute: Dispute, mobile: str, authority: str) -> None:
    """Give the person record to the claimant: the holder's account (if it still holds it)
    is detached and disabled; the claimant's account is linked, and its certification
    requests that waited for the review reach the institutions."""
    person = await session.get(Person, dispute.person_id)
    assert person is not None
    holder = await session.scalar(select(Account).where(Account.person_id == person.id))
    if holder is not None:
        old_mobile = account_mobile(session, holder)
        holder.person_id = None
        holder.status = AccountStatus.DISABLED
        holder.disabled_at = clock_of(session).now()
        await session.flush()
        await sessions.revoke_all(session, holder.id)
        if old_mobile:
            await send_sms(session, old_mobile, "account_detached", {"authority": authority})
    claimant = (
        await session.get(Account, dispute.claimant_account_id)
        if dispute.claimant_account_id is not None
        else None
    )
    if claimant is None:  # a claim made before claimants had accounts of their own
        await create_personal_account(
            session, person=person, mobile=mobile, password_hash=dispute.claimant_password_hash
        )
    else:
        claimant.person_id = person.id
        claimant.display_name = person.name
        await session.flush()
        await session.execute(
            update(StaffCertification)
            .where(
                StaffCertification.account_id == claimant.id,
                StaffCertification.person_id.is_(None),
            )
            .values(person_id=person.id)
        )
    directory.set_mobile(session, person, mobile)


async def _decline_waiting_requests(session: AsyncSession, dispute: Dispute) -> None:
    """The claim was not accepted: requests that waited for the review end declined."""
    if dispute.claimant_account_id is None:
        return
    await session.execute(
        update(StaffCertification)
        .where(
            StaffCertification.account_id == dispute.claimant_account_id,
            StaffCertification.person_id.is_(None),
            StaffCertification.status == CertificationStatus.REQUESTED,
        )
        .values(
            status=CertificationStatus.DECLINED,
            decided_at=clock_of(session).now(),
            reason="identity review: the record stays with its holder",
        )
    )


async def get_visible_dispute(
    session: AsyncSession, actor: Actor, dispute_id: uuid.UUID | None
) -> Dispute:
    if dispute_id is None:
        raise NotFound("dispute", "?", reason=IdentityProblem.DISPUTE_NOT_FOUND)
    dispute = await session.scalar(visible_disputes(actor).where(Dispute.id == dispute_id))
    if dispute is None:
        raise NotFound("dispute", dispute_id, reason=IdentityProblem.DISPUTE_NOT_FOUND)
    return dispute


async def resolve_dispute(
    session: AsyncSession,
    actor: Actor,
    *,
    dispute_id: uuid.UUID | None,
    outcome: DisputeOutcome,
    note: str,
) -> Dispute:
    require(actor, Permission.IDENTITY_DISPUTE_RESOLVE)
    dispute = await get_visible_dispute(session, actor, dispute_id)
    if not note.strip():
        raise ValidationFailed.on("note", "say what was checked", Problem.REQUIRED)
    if dispute.status is not DisputeStatus.OPEN:
        raise InvalidState(
            "this dispute is already resolved", reason=IdentityProblem.DISPUTE_RESOLVED
        )
    authority = await _authority_name(session, dispute.authority_code)
    mobile = claimant_mobile(session, dispute)
    if outcome is DisputeOutcome.TRANSFER_TO_CLAIMANT:
        await _transfer(session, dispute, mobile, authority)
        dispute.status = DisputeStatus.TRANSFERRED
        await send_sms(session, mobile, "dispute_resolved_transferred", {})
    else:
        await _decline_waiting_requests(session, dispute)
        dispute.status = DisputeStatus.KEPT
        await send_sms(session, mobile, "dispute_resolved_kept", {"authority": authority})
    dispute.note = note.strip()
    dispute.resolved_at = clock_of(session).now()
    dispute.resolved_by = actor.account_id
    dispute.claimant_password_hash = ""  # no longer needed: do not keep it
    await session.flush()
    await audit.record(
        session,
        actor.audit(),
        "identity.dispute.resolve",
        target_type="dispute",
        target_id=dispute.id,
        summary={"outcome": outcome.value},
    )
    return dispute

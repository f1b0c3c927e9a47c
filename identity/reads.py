"""Scoped reads: every list and lookup starts from a ``policy.visible_*`` query."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from access.permissions import Permission, require
from core.pagination import Page, keyset_page
from directory.models import Person, Profession
from identity.models import (
    Account,
    AccountStatus,
    CertificationStatus,
    Dispute,
    DisputeStatus,
    RoleGrant,
    StaffCertification,
)
from identity.policy import visible_accounts, visible_certifications, visible_disputes


@dataclass(frozen=True)
class AccountFilter:
    institution_id: uuid.UUID | None = None
    authority_code: str | None = None
    status: AccountStatus | None = None


@dataclass(frozen=True)
class CertificationFilter:
    institution_id: uuid.UUID | None = None
    status: CertificationStatus | None = None
    profession: Profession | None = None


async def me(session: AsyncSession, actor: Actor) -> Account | None:
    if actor.account_id is None:
        return None
    return await session.get(Account, actor.account_id)


async def own_person(session: AsyncSession, actor: Actor) -> Person | None:
    return await session.get(Person, actor.person_id) if actor.person_id else None


async def own_certifications(session: AsyncSession, owner: Account) -> list[StaffCertification]:
    """The person's certifications, or the requests of an account whose claim is reviewed."""
    mine = (
        StaffCertification.person_id == owner.person_id
        if owner.person_id is not None
        else StaffCertification.account_id == owner.id
    )
    rows = await session.scalars(
        select(StaffCertification)
        .where(mine)
        .order_by(StaffCertification.requested_at.desc(), StaffCertification.id)
    )
    return list(rows.all())


async def account(session: AsyncSession, actor: Actor, account_id: uuid.UUID) -> Account | None:
    return await session.scalar(visible_accounts(actor).where(Account.id == account_id))


async def accounts(
    session: AsyncSession, actor: Actor, flt: AccountFilter, *, first: int, after: str | None
) -> Page[Account]:
    require(actor, Permission.IDENTITY_ACCOUNT_READ)
    stmt = visible_accounts(actor)
    if flt.institution_id is not None:
        stmt = stmt.where(
            exists().where(
                RoleGrant.account_id == Account.id,
                RoleGrant.institution_id == flt.institution_id,
            )
        )
    if flt.authority_code is not None:
        stmt = stmt.where(
            exists().where(
                RoleGrant.account_id == Account.id,
                RoleGrant.authority_code == flt.authority_code,
            )
        )
    if flt.status is not None:
        stmt = stmt.where(Account.status == flt.status)
    return await keyset_page(
        session, stmt, [Account.created_at, Account.id], first=first, after=after
    )


async def certification(
    session: AsyncSession, actor: Actor, certification_id: uuid.UUID
) -> StaffCertification | None:
    return await session.scalar(
        visible_certifications(actor).where(StaffCertification.id == certification_id)
    )


async def certifications(
    session: AsyncSession,
    actor: Actor,
    flt: CertificationFilter,
    *,
    first: int,
    after: str | None,
) -> Page[StaffCertification]:
    require(actor, Permission.IDENTITY_CERTIFICATION_READ)
    stmt = visible_certifications(actor)
    if flt.institution_id is not None:
        stmt = stmt.where(StaffCertification.institution_id == flt.institution_id)
    if flt.status is not None:
        stmt = stmt.where(StaffCertification.status == flt.status)
    if flt.profession is not None:
        stmt = stmt.where(StaffCertification.profession == flt.profession)
    return await keyset_page(
        session,
        stmt,
        [StaffCertification.requested_at, StaffCertification.id],
        first=first,
        after=after,
    )


async def dispute(session: AsyncSession, actor: Actor, dispute_id: uuid.UUID) -> Dispute | None:
    return await session.scalar(visible_disputes(actor).where(Dispute.id == dispute_id))


async def disputes(
    session: AsyncSession,
    actor: Actor,
    status: DisputeStatus | None,
    *,
    first: int,
    after: str | None,
) -> Page[Dispute]:
    require(actor, Permission.IDENTITY_DISPUTE_READ)
    stmt = visible_disputes(actor)
    if status is not None:
        stmt = stmt.where(Dispute.status == status)
    return await keyset_page(
        session, stmt, [Dispute.created_at, Dispute.id], first=first, after=after
    )


async def persons_by_id(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, Person]:
    rows = await session.scalars(select(Person).where(Person.id.in_(ids)))
    return {p.id: p for p in rows}


async def account_names(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    rows = await session.execute(
        select(Account.id, Account.display_name).where(Account.id.in_(ids))
    )
    return {row[0]: row[1] for row in rows}

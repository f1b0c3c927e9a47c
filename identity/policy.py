"""Who may see and manage what: scoped queries (outside the scope a row is simply not found)
and pure predicates."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select

from access.actor import AUTHORITY_ROLES, INSTITUTION_ROLES, Actor, Role
from access.scope import sees_all_authorities
from directory.models import Institution
from identity.models import Account, AccountKind, Dispute, RoleGrant, StaffCertification


def _institution_in_authority(actor: Actor, institution_id: Any) -> ColumnElement[bool]:
    """``institution_id`` belongs to an institution registered by one of the actor's
    authorities (every institution for the municipal commission)."""
    if sees_all_authorities(actor):
        return institution_id.is_not(None)
    codes = actor.authority_codes()
    if not codes:
        return false()
    return institution_id.in_(select(Institution.id).where(Institution.authority_code.in_(codes)))


def _authority_visible(actor: Actor, authority_code: Any) -> ColumnElement[bool]:
    if sees_all_authorities(actor):
        return authority_code.is_not(None)
    codes = actor.authority_codes()
    return authority_code.in_(codes) if codes else false()


def visible_certifications(actor: Actor) -> Select[StaffCertification]:
    clauses: list[ColumnElement[bool]] = []
    if actor.person_id is not None:
        clauses.append(StaffCertification.person_id == actor.person_id)
    elif actor.account_id is not None:  # requests waiting for the review of a claim
        clauses.append(StaffCertification.account_id == actor.account_id)
    staff: list[ColumnElement[bool]] = []
    institution_ids = actor.institution_ids()
    if institution_ids:
        staff.append(StaffCertification.institution_id.in_(institution_ids))
    if actor.authority_codes():
        staff.append(_institution_in_authority(actor, StaffCertification.institution_id))
    if staff:  # staff see a request once it concerns a person, never while it waits
        clauses.append(and_(StaffCertification.person_id.is_not(None), or_(*staff)))
    return select(StaffCertification).where(or_(false(), *clauses))


def visible_disputes(actor: Actor) -> Select[Dispute]:
    clauses: list[ColumnElement[bool]] = []
    institution_ids = actor.institution_ids()
    if institution_ids:
        clauses.append(Dispute.institution_id.in_(institution_ids))
    if actor.authority_codes():
        clauses.append(_authority_visible(actor, Dispute.authority_code))
    return select(Dispute).where(or_(false(), *clauses))


def visible_accounts(actor: Actor) -> Select[Account]:
    """Staff accounts within the actor's administrative reach, and the actor's own."""
    clauses: list[ColumnElement[bool]] = []
    if actor.account_id is not None:
        clauses.append(Account.id == actor.account_id)
    if actor.has_role(Role.SYSTEM_ADMIN):
        clauses.append(Account.kind != AccountKind.PERSONAL)
    admin_institutions = actor.institution_ids(Role.INSTITUTION_ADMIN)
    if admin_institutions:
        clauses.append(
            exists().where(
                RoleGrant.account_id == Account.id,
                RoleGrant.institution_id.in_(admin_institutions),
            )
        )
    if actor.authority_codes():
        clauses.append(
            exists().where(
                RoleGrant.account_id == Account.id,
                or_(
                    and_(
                        RoleGrant.role.in_(AUTHORITY_ROLES),
                        _authority_visible(actor, RoleGrant.authority_code),
                    ),
                    and_(
                        RoleGrant.role.in_(INSTITUTION_ROLES),
                        _institution_in_authority(actor, RoleGrant.institution_id),
                    ),
                ),
            )
        )
    return select(Account).where(or_(false(), *clauses))


def manages(actor: Actor, grant: RoleGrant, institution_authority: str | None) -> bool:
    """May ``actor`` create, disable or reset an account holding ``grant``?

    Operators are managed by their institution's admin; institution admins by the authority
    that registered the institution; officers by their authority's admin; authority admins
    by a system admin."""
    if grant.role is Role.INSTITUTION_OPERATOR:
        return grant.institution_id in actor.institution_ids(Role.INSTITUTION_ADMIN)
    if grant.role is Role.INSTITUTION_ADMIN:
        return institution_authority is not None and institution_authority in (
            actor.authority_codes(Role.AUTHORITY_ADMIN, Role.AUTHORITY_OFFICER)
        )
    if grant.role is Role.AUTHORITY_OFFICER:
        return grant.authority_code in actor.authority_codes(Role.AUTHORITY_ADMIN)
    if grant.role is Role.AUTHORITY_ADMIN:
        return actor.has_role(Role.SYSTEM_ADMIN)
    return False


def decides_for(actor: Actor, institution_id: uuid.UUID) -> bool:
    """Institution staff certify (and end) the affiliations of their own institution."""
    return institution_id in actor.institution_ids()

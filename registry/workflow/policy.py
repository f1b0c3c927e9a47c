"""Who may see and do what in the registry: pure predicates over an actor's grants (the
permission a grant's role holds, within the grant's scope), and the scoped queries every read
goes through — an object outside the actor's scope is simply not found."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from sqlalchemy import ColumnElement, Select, and_, false, or_, select

from access.actor import Actor, Grant, Role
from access.permissions import Permission
from access.scope import (
    MUNICIPAL,
    authority_codes,
    authority_grant,
    grants_with,
    institution_grant,
    institution_ids,
    overseeing_grant,
)
from directory.models import Institution
from registry.registrations.models import RegistrationSubject
from registry.workflow.models import Application, ApplicationStatus, Attachment

P = Permission


class Party(StrEnum):
    """Who a step of the workflow waits on."""

    APPLICANT = "APPLICANT"
    INSTITUTION = "INSTITUTION"
    AUTHORITY = "AUTHORITY"


def officer_codes(actor: Actor) -> frozenset[str]:
    """Authorities whose applications the actor reads (the officers and admins there)."""
    return authority_codes(actor, P.REGISTRY_APPLICATION_READ)


def staff_institutions(actor: Actor) -> frozenset[uuid.UUID]:
    """Institutions whose applications the actor reads as their staff."""
    return institution_ids(actor, P.REGISTRY_APPLICATION_READ)


def is_officer(actor: Actor) -> bool:
    return bool(officer_codes(actor))


def applicant_grant(
    actor: Actor, application: Application, permission: Permission = P.REGISTRY_APPLICATION_SUBMIT
) -> Grant | None:
    """Practitioners apply for themselves; an institution's staff for the institution."""
    if application.subject is RegistrationSubject.INSTITUTION:
        return institution_grant(actor, application.subject_institution_id, permission)
    if actor.person_id is None or actor.person_id != application.subject_person_id:
        return None
    return next((g for g in grants_with(actor, permission) if g.role is Role.PRACTITIONER), None)


def acting_grant(
    actor: Actor, application: Application, party: Party, permission: Permission
) -> Grant | None:
    """The grant under which the actor may act for ``party`` on this application, if any."""
    if party is Party.APPLICANT:
        return applicant_grant(actor, application, permission)
    if party is Party.INSTITUTION:
        return institution_grant(actor, application.institution_id, permission)
    if application.authority_code is None:
        return None
    return authority_grant(actor, application.authority_code, permission)


def can_decide(actor: Actor, application: Application) -> bool:
    return (
        acting_grant(actor, application, Party.AUTHORITY, P.REGISTRY_APPLICATION_DECIDE) is not None
    )


def can_apply_for_institution(actor: Actor, institution_id: uuid.UUID) -> bool:
    return institution_grant(actor, institution_id, P.REGISTRY_APPLICATION_SUBMIT) is not None


@dataclass(frozen=True)
class _Reach:
    """What decides which applications an actor sees: the person they apply as, the
    institutions they work for and the authorities they work at. Actors with the same reach
    share one built condition (building it cost a sixth of a workbench page)."""

    person_id: uuid.UUID | None
    institutions: frozenset[uuid.UUID]
    codes: frozenset[str]


def _reach(actor: Actor) -> _Reach:
    person = actor.person_id if actor.has_role(Role.PRACTITIONER) else None
    return _Reach(person, staff_institutions(actor), officer_codes(actor))


def _own(reach: _Reach) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if reach.person_id is not None:
        conds.append(
            and_(
                Application.subject_person_id == reach.person_id,
                Application.subject != RegistrationSubject.INSTITUTION,
            )
        )
    if reach.institutions:
        conds.append(Application.subject_institution_id.in_(reach.institutions))
    return conds


def application_visibility(actor: Actor) -> ColumnElement[bool]:
    return _visibility(_reach(actor))


@lru_cache(maxsize=1024)
def _visibility(reach: _Reach) -> ColumnElement[bool]:
    submitted = Application.status != ApplicationStatus.DRAFT
    conds = _own(reach)
    if reach.institutions:
        conds.append(and_(Application.institution_id.in_(reach.institutions), submitted))
    if MUNICIPAL in reach.codes:
        conds.append(submitted)
    elif reach.codes:
        conds.append(and_(Application.authority_code.in_(reach.codes), submitted))
    return or_(*conds) if conds else false()


def visible_applications(actor: Actor) -> Select[Application]:
    """Applications the actor may see: their own (drafts included), those their institution
    reviews or files, and (officers) those their authority handles — every authority for the
    municipal commission. Drafts stay with their applicant."""
    return _visible_applications(_reach(actor))


@lru_cache(maxsize=1024)
def _visible_applications(reach: _Reach) -> Select[Application]:
    return select(Application).where(_visibility(reach))


def own_applications(actor: Actor) -> Select[Application]:
    """Applications the actor applies for (as a practitioner or for their institution)."""
    conds = _own(_reach(actor))
    return select(Application).where(or_(*conds) if conds else false())


def visible_attachments(actor: Actor) -> Select[Attachment]:
    """An attachment is seen by whoever uploaded it and by those who may see its application."""
    linked = Attachment.application_id.in_(
        select(Application.id).where(application_visibility(actor))
    )
    conds: list[ColumnElement[bool]] = [linked]
    if actor.account_id is not None:
        conds.append(Attachment.uploaded_by == actor.account_id)
    return select(Attachment).where(or_(*conds))


def can_view_roster(actor: Actor, institution: Institution) -> bool:
    """Its own staff, and officers of the authority that registered it (or municipal)."""
    if institution_grant(actor, institution.id, P.REGISTRY_ROSTER_READ) is not None:
        return True
    return overseeing_grant(actor, institution.authority_code, P.REGISTRY_ROSTER_READ) is not None


def can_export_roster(actor: Actor, institution: Institution) -> bool:
    """The CSV export is for the institution's own staff."""
    return institution_grant(actor, institution.id, P.REGISTRY_ROSTER_READ) is not None

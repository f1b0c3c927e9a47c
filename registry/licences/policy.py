"""Who may see and manage which licences: scoped queries over the licence table, joined to
the registrations the licences belong to (a licence's number is its registration's number).

- the holder: a practitioner sees the licences of their own registrations;
- institution staff: the licences of registrations at their institution (its own licence
  and its practitioners' primary registrations);
- officers: the licences their authority issued or whose registration it now handles;
  the municipal commission sees all. Suspending and reinstating follow the authority that
  handles the registration now (or the municipal commission).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, false, or_, select, true

from access.actor import Actor, Role
from access.permissions import Permission, has_permission
from access.scope import MUNICIPAL, authority_codes, institution_ids
from certificates.models import Licence
from directory.models import Practitioner
from registry.registrations.models import Registration

P = Permission


def _holder(actor: Actor) -> ColumnElement[bool] | None:
    if actor.person_id is None or not actor.has_role(Role.PRACTITIONER):
        return None
    if not has_permission(actor, P.CERTIFICATES_LICENCE_READ):
        return None
    return Registration.practitioner_id.in_(
        select(Practitioner.id).where(Practitioner.person_id == actor.person_id)
    )


def _numbers(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return Licence.number.in_(select(Registration.number).where(condition))


def own_licence_scope(actor: Actor) -> ColumnElement[bool]:
    """Licences the actor holds: their own as a practitioner, their institution's own."""
    conds: list[ColumnElement[bool]] = []
    holder = _holder(actor)
    if holder is not None:
        conds.append(_numbers(holder))
    institutions = institution_ids(actor, P.CERTIFICATES_LICENCE_READ)
    if institutions:
        conds.append(
            _numbers(
                Registration.institution_id.in_(institutions)
                & Registration.practitioner_id.is_(None)
            )
        )
    return or_(false(), *conds)


def licence_scope(actor: Actor) -> ColumnElement[bool]:
    conds: list[ColumnElement[bool]] = []
    holder = _holder(actor)
    if holder is not None:
        conds.append(_numbers(holder))
    institutions = institution_ids(actor, P.CERTIFICATES_LICENCE_READ)
    if institutions:
        conds.append(_numbers(Registration.institution_id.in_(institutions)))
    codes = authority_codes(actor, P.CERTIFICATES_LICENCE_READ)
    if MUNICIPAL in codes:
        conds.append(true())
    elif codes:
        conds.append(Licence.authority_code.in_(codes))
        conds.append(_numbers(Registration.authority_code.in_(codes)))
    return or_(false(), *conds)


def visible_licences(actor: Actor) -> Select[Licence]:
    """Every licence version the actor may see; outside the scope a licence is not found."""
    return select(Licence).where(licence_scope(actor))


def own_licences(actor: Actor) -> Select[Licence]:
    return select(Licence).where(own_licence_scope(actor))


def managed_licences(actor: Actor) -> Select[Licence]:
    """Licences the actor may suspend or reinstate: those of registrations its own authority
    keeps (the municipal commission oversees the districts' licences, never changes them)."""
    codes = authority_codes(actor, P.CERTIFICATES_LICENCE_SUSPEND)
    if not codes:
        return select(Licence).where(false())
    return select(Licence).where(_numbers(Registration.authority_code.in_(codes)))


def is_licence_staff(actor: Actor) -> bool:
    """Officers and institution staff list licences; a practitioner reads their own."""
    return bool(
        authority_codes(actor, P.CERTIFICATES_LICENCE_READ)
        or institution_ids(actor, P.CERTIFICATES_LICENCE_READ)
    )

"""Scope rules shared by every domain: which authority or institution a grant reaches.

A district commission acts in its own jurisdiction; the municipal commission (310000) acts on
its own items and oversees (reads) every district."""

from __future__ import annotations

import uuid

from access.actor import Actor, Grant
from access.permissions import Permission, roles_with

MUNICIPAL = "310000"


def sees_all_authorities(actor: Actor) -> bool:
    """The municipal commission oversees every district."""
    return MUNICIPAL in actor.authority_codes()


def grants_with(actor: Actor, permission: Permission) -> list[Grant]:
    allowed = roles_with(permission)
    return [g for g in actor.grants if g.role in allowed]


def authority_codes(actor: Actor, permission: Permission) -> frozenset[str]:
    return frozenset(g.authority_code for g in grants_with(actor, permission) if g.authority_code)


def institution_ids(actor: Actor, permission: Permission) -> frozenset[uuid.UUID]:
    return frozenset(g.institution_id for g in grants_with(actor, permission) if g.institution_id)


def authority_grant(
    actor: Actor, authority_code: str | None, permission: Permission
) -> Grant | None:
    """A grant holding ``permission`` at exactly that authority: a commission acts (accepts,
    returns, decides, confirms paper) in its own jurisdiction only."""
    if authority_code is None:
        return None
    for grant in grants_with(actor, permission):
        if grant.authority_code == authority_code:
            return grant
    return None


def overseeing_grant(
    actor: Actor, authority_code: str | None, permission: Permission
) -> Grant | None:
    """A grant holding a read ``permission`` at that authority, or at the municipal
    commission, which oversees every district."""
    for grant in grants_with(actor, permission):
        if grant.authority_code is not None and grant.authority_code in (
            authority_code,
            MUNICIPAL,
        ):
            return grant
    return None


def institution_grant(
    actor: Actor, institution_id: uuid.UUID | None, permission: Permission
) -> Grant | None:
    for grant in grants_with(actor, permission):
        if grant.institution_id is not None and grant.institution_id == institution_id:
            return grant
    return None

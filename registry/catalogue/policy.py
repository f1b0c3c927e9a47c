"""Who may change the approval-item catalogue: it belongs to the municipal commission."""

from __future__ import annotations

from access.actor import Actor, Grant
from access.permissions import Permission
from access.scope import MUNICIPAL, grants_with


def catalogue_grant(actor: Actor) -> Grant | None:
    """The catalogue belongs to the municipal commission."""
    return next(
        (
            g
            for g in grants_with(actor, Permission.REGISTRY_CATALOGUE_EDIT)
            if g.authority_code == MUNICIPAL
        ),
        None,
    )


def can_edit_catalogue(actor: Actor) -> bool:
    return catalogue_grant(actor) is not None

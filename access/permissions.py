"""Permissions named ``scope:resource:action`` and the set each role holds.

A permission says what kind of thing a role may do; *which* objects it may do it to is the
scope of its grant, checked by each domain's ``policy`` module.
"""

from __future__ import annotations

from enum import StrEnum

from access.actor import Actor, Role
from core.errors import AuthenticationRequired, PermissionDenied


class Permission(StrEnum):
    AUDIT_CHAIN_VERIFY = "audit:chain:verify"
    CERTIFICATES_KEY_MANAGE = "certificates:key:manage"
    CERTIFICATES_LICENCE_READ = "certificates:licence:read"
    CERTIFICATES_LICENCE_REVOKE = "certificates:licence:revoke"
    CERTIFICATES_LICENCE_SUSPEND = "certificates:licence:suspend"
    IDENTITY_ACCOUNT_CREATE = "identity:account:create"
    IDENTITY_ACCOUNT_DISABLE = "identity:account:disable"
    IDENTITY_ACCOUNT_READ = "identity:account:read"
    IDENTITY_ACCOUNT_RESET = "identity:account:reset"
    IDENTITY_CERTIFICATION_DECIDE = "identity:certification:decide"
    IDENTITY_CERTIFICATION_READ = "identity:certification:read"
    IDENTITY_CERTIFICATION_REQUEST = "identity:certification:request"
    IDENTITY_DISPUTE_READ = "identity:dispute:read"
    IDENTITY_DISPUTE_RESOLVE = "identity:dispute:resolve"
    IDENTITY_INSTITUTION_ACCOUNT_ISSUE = "identity:institution_account:issue"
    IDENTITY_SIGN_ON_LINK = "identity:sign_on:link"
    INTEROP_CLIENT_READ = "interop:client:read"
    INTEROP_CLIENT_REVOKE = "interop:client:revoke"
    INTEROP_VERIFICATION_BULK = "interop:verification:bulk"
    INTEROP_WEBHOOK_TEST = "interop:webhook:test"
    REGISTRY_APPLICATION_ACCEPT = "registry:application:accept"
    REGISTRY_APPLICATION_ATTACH = "registry:application:attach"
    REGISTRY_APPLICATION_DECIDE = "registry:application:decide"
    REGISTRY_APPLICATION_FORWARD = "registry:application:forward"
    REGISTRY_APPLICATION_READ = "registry:application:read"
    REGISTRY_APPLICATION_RETURN = "registry:application:return"
    REGISTRY_APPLICATION_SUBMIT = "registry:application:submit"
    REGISTRY_APPLICATION_WITHDRAW = "registry:application:withdraw"
    REGISTRY_CATALOGUE_EDIT = "registry:catalogue:edit"
    REGISTRY_IMPORT_DECIDE = "registry:import:decide"
    REGISTRY_IMPORT_READ = "registry:import:read"
    REGISTRY_INSTITUTION_CREATE = "registry:institution:create"
    REGISTRY_INSTITUTION_EDIT = "registry:institution:edit"
    REGISTRY_NOTICE_READ = "registry:notice:read"
    REGISTRY_PAPER_CONFIRM = "registry:paper:confirm"
    REGISTRY_ROSTER_READ = "registry:roster:read"
    REGISTRY_STATISTICS_READ = "registry:statistics:read"
    REGISTRY_SUPERVISION_READ = "registry:supervision:read"


P = Permission

_INSTITUTION_OPERATOR = frozenset(
    {
        P.CERTIFICATES_LICENCE_READ,
        P.IDENTITY_CERTIFICATION_DECIDE,
        P.IDENTITY_CERTIFICATION_READ,
        P.IDENTITY_DISPUTE_READ,
        P.IDENTITY_DISPUTE_RESOLVE,
        P.INTEROP_VERIFICATION_BULK,
        P.REGISTRY_APPLICATION_ATTACH,
        P.REGISTRY_APPLICATION_FORWARD,
        P.REGISTRY_APPLICATION_READ,
        P.REGISTRY_APPLICATION_RETURN,
        P.REGISTRY_APPLICATION_SUBMIT,
        P.REGISTRY_APPLICATION_WITHDRAW,
        P.REGISTRY_ROSTER_READ,
    }
)
_ACCOUNT_ADMIN = frozenset(
    {
        P.IDENTITY_ACCOUNT_CREATE,
        P.IDENTITY_ACCOUNT_DISABLE,
        P.IDENTITY_ACCOUNT_READ,
        P.IDENTITY_ACCOUNT_RESET,
    }
)
_AUTHORITY_OFFICER = frozenset(
    {
        P.CERTIFICATES_LICENCE_READ,
        P.CERTIFICATES_LICENCE_REVOKE,
        P.CERTIFICATES_LICENCE_SUSPEND,
        P.IDENTITY_ACCOUNT_READ,
        P.IDENTITY_CERTIFICATION_READ,
        P.IDENTITY_DISPUTE_READ,
        P.IDENTITY_DISPUTE_RESOLVE,
        P.IDENTITY_INSTITUTION_ACCOUNT_ISSUE,
        P.INTEROP_VERIFICATION_BULK,
        P.REGISTRY_APPLICATION_ACCEPT,
        P.REGISTRY_APPLICATION_ATTACH,
        P.REGISTRY_APPLICATION_DECIDE,
        P.REGISTRY_APPLICATION_READ,
        P.REGISTRY_APPLICATION_RETURN,
        P.REGISTRY_CATALOGUE_EDIT,
        P.REGISTRY_IMPORT_DECIDE,
        P.REGISTRY_IMPORT_READ,
        P.REGISTRY_INSTITUTION_CREATE,
        P.REGISTRY_INSTITUTION_EDIT,
        P.REGISTRY_NOTICE_READ,
        P.REGISTRY_PAPER_CONFIRM,
        P.REGISTRY_ROSTER_READ,
        P.REGISTRY_STATISTICS_READ,
        P.REGISTRY_SUPERVISION_READ,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.PRACTITIONER: frozenset(
        {
            P.CERTIFICATES_LICENCE_READ,
            P.IDENTITY_CERTIFICATION_REQUEST,
            P.REGISTRY_APPLICATION_READ,
            P.REGISTRY_APPLICATION_SUBMIT,
            P.REGISTRY_APPLICATION_WITHDRAW,
        }
    ),
    Role.INSTITUTION_OPERATOR: _INSTITUTION_OPERATOR,
    Role.INSTITUTION_ADMIN: _INSTITUTION_OPERATOR | _ACCOUNT_ADMIN,
    Role.AUTHORITY_OFFICER: _AUTHORITY_OFFICER,
    Role.AUTHORITY_ADMIN: _AUTHORITY_OFFICER | _ACCOUNT_ADMIN,
    Role.SYSTEM_ADMIN: _ACCOUNT_ADMIN
    | {
        P.AUDIT_CHAIN_VERIFY,
        P.CERTIFICATES_KEY_MANAGE,
        P.IDENTITY_SIGN_ON_LINK,
        P.INTEROP_CLIENT_READ,
        P.INTEROP_CLIENT_REVOKE,
        P.INTEROP_WEBHOOK_TEST,
    },
}
"""Scope still applies: e.g. ``registry:catalogue:edit`` is for the municipal authority only,
which the registry's policy checks against the grant's authority code."""


def permissions_of(actor: Actor) -> frozenset[Permission]:
    held: set[Permission] = set()
    for role in actor.roles:
        held |= ROLE_PERMISSIONS[role]
    return frozenset(held)


def has_permission(actor: Actor, permission: Permission) -> bool:
    return any(permission in ROLE_PERMISSIONS[role] for role in actor.roles)


def roles_with(permission: Permission) -> frozenset[Role]:
    return frozenset(role for role, held in ROLE_PERMISSIONS.items() if permission in held)


def require(actor: Actor, permission: Permission) -> None:
    """Services call this first: anonymous → UNAUTHENTICATED, lacking it → FORBIDDEN."""
    if actor.is_anonymous:
        raise AuthenticationRequired("sign in first")
    if not has_permission(actor, permission):
        raise PermissionDenied(f"this account may not do {permission.value}")


def require_signed_in(actor: Actor) -> None:
    if actor.is_anonymous:
        raise AuthenticationRequired("sign in first")

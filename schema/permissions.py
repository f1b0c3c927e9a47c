"""Permission classes: not signed in → UNAUTHENTICATED, signed in but not allowed →
FORBIDDEN, both top-level errors with ``extensions.code``."""

from __future__ import annotations

from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from access.permissions import Permission, has_permission
from schema.context import Info


class IsAuthenticated(BasePermission):
    message = "Sign in first."
    error_extensions = {"code": "UNAUTHENTICATED"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return not info.context.actor.is_anonymous


class HasPermission(BasePermission):
    message = "This account may not do that."
    error_extensions = {"code": "FORBIDDEN"}

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return has_permission(info.context.actor, self.permission)


def signed_in() -> list[FieldExtension]:
    return [PermissionExtension(permissions=[IsAuthenticated()], use_directives=False)]


def allowed(permission: Permission) -> list[FieldExtension]:
    """Field extensions: signed in first (UNAUTHENTICATED), then holding ``permission``."""
    return [
        PermissionExtension(
            permissions=[IsAuthenticated(), HasPermission(permission)], use_directives=False
        )
    ]

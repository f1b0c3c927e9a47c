"""Who is acting: the actor every service receives, with its roles and their scopes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from core.audit import AuditActor


class Role(StrEnum):
    PRACTITIONER = "PRACTITIONER"
    INSTITUTION_ADMIN = "INSTITUTION_ADMIN"
    INSTITUTION_OPERATOR = "INSTITUTION_OPERATOR"
    AUTHORITY_ADMIN = "AUTHORITY_ADMIN"
    AUTHORITY_OFFICER = "AUTHORITY_OFFICER"
    SYSTEM_ADMIN = "SYSTEM_ADMIN"


INSTITUTION_ROLES = frozenset({Role.INSTITUTION_ADMIN, Role.INSTITUTION_OPERATOR})
AUTHORITY_ROLES = frozenset({Role.AUTHORITY_ADMIN, Role.AUTHORITY_OFFICER})
STAFF_ROLES = INSTITUTION_ROLES | AUTHORITY_ROLES | {Role.SYSTEM_ADMIN}


@dataclass(frozen=True)
class Grant:
    """A role held within a scope: an institution, an authority, or (system admin) none."""

    role: Role
    institution_id: uuid.UUID | None = None
    authority_code: str | None = None


@dataclass(frozen=True)
class Actor:
    account_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    grants: tuple[Grant, ...] = ()
    client_address: str | None = None
    session_id: uuid.UUID | None = None
    display_name: str = field(default="", compare=False)

    @property
    def is_anonymous(self) -> bool:
        return self.account_id is None

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(g.role for g in self.grants)

    def has_role(self, *roles: Role) -> bool:
        return any(g.role in roles for g in self.grants)

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    def institution_ids(self, *roles: Role) -> frozenset[uuid.UUID]:
        wanted = roles or tuple(INSTITUTION_ROLES)
        return frozenset(
            g.institution_id for g in self.grants if g.role in wanted and g.institution_id
        )

    def authority_codes(self, *roles: Role) -> frozenset[str]:
        wanted = roles or tuple(AUTHORITY_ROLES)
        return frozenset(
            g.authority_code for g in self.grants if g.role in wanted and g.authority_code
        )

    @property
    def primary_role(self) -> str | None:
        return self.grants[0].role.value if self.grants else None

    def audit(self) -> AuditActor:
        actor_id = str(self.account_id) if self.account_id else None
        return AuditActor(
            actor_id=actor_id, role=self.primary_role, client_address=self.client_address
        )


ANONYMOUS = Actor()

"""The access matrix: every role × (own scope, another scope) × every identity query and
mutation, by direct id, through ``node(id:)`` and through nested fields, against a truth
table kept here. OK = done/visible, NONE = absent (null, not listed, NotFound),
FORBIDDEN / UNAUTH = the top-level error codes."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from tests.factories import accounts
from tests.factories.clients import gql
from tests.schema.identity.matrix_ops import FORBIDDEN, NONE, OK, OPS, UNAUTH, Op
from tests.schema.identity.matrix_world import ACTORS, Side, World, build_world

# actor → op → (own scope, other scope). Columns follow ACTORS.
ALL_UNAUTH = (UNAUTH, UNAUTH)
ALL_FORBIDDEN = (FORBIDDEN, FORBIDDEN)
SCOPED = (OK, NONE)
BOTH = (OK, OK)
NEITHER = (NONE, NONE)
F_NONE = (FORBIDDEN, NONE)
OK_F = (OK, FORBIDDEN)

TRUTH: dict[str, tuple[tuple[str, str], ...]] = {
    # Columns: anonymous, practitioner, institution operator, institution admin,
    # authority officer (Pudong), authority admin (Pudong), municipal officer, system admin.
    "account": (ALL_UNAUTH, ALL_FORBIDDEN, ALL_FORBIDDEN, SCOPED, SCOPED, SCOPED, BOTH, BOTH),
    "accounts": (ALL_UNAUTH, ALL_FORBIDDEN, ALL_FORBIDDEN, SCOPED, SCOPED, SCOPED, BOTH, BOTH),
    # The operator's "own" operator account is its own account: visible to itself.
    "node_account": (NEITHER, NEITHER, SCOPED, SCOPED, SCOPED, SCOPED, BOTH, BOTH),
    "staff_certification": (ALL_UNAUTH, SCOPED, SCOPED, SCOPED, SCOPED, SCOPED, BOTH, NEITHER),
    "node_certification_nested": (NEITHER, SCOPED, SCOPED, SCOPED, SCOPED, SCOPED, BOTH, NEITHER),
    "staff_certifications": (
        ALL_UNAUTH,
        ALL_FORBIDDEN,
        SCOPED,
        SCOPED,
        SCOPED,
        SCOPED,
        BOTH,
        ALL_FORBIDDEN,
    ),
    "certification_queue": (
        ALL_UNAUTH,
        ALL_FORBIDDEN,
        SCOPED,
        SCOPED,
        SCOPED,
        SCOPED,
        BOTH,
        ALL_FORBIDDEN,
    ),
    "dispute": (ALL_UNAUTH, ALL_FORBIDDEN, SCOPED, SCOPED, SCOPED, SCOPED, BOTH, ALL_FORBIDDEN),
    "node_dispute": (NEITHER, NEITHER, SCOPED, SCOPED, SCOPED, SCOPED, BOTH, NEITHER),
    "disputes": (ALL_UNAUTH, ALL_FORBIDDEN, SCOPED, SCOPED, SCOPED, SCOPED, BOTH, ALL_FORBIDDEN),
    "certify_staff": (
        ALL_UNAUTH,
        ALL_FORBIDDEN,
        SCOPED,
        SCOPED,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
    ),
    "decline_staff": (
        ALL_UNAUTH,
        ALL_FORBIDDEN,
        SCOPED,
        SCOPED,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
    ),
    "end_affiliation": (
        ALL_UNAUTH,
        ALL_FORBIDDEN,
        SCOPED,
        SCOPED,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
    ),
    "resolve_dispute": (
        ALL_UNAUTH,
        ALL_FORBIDDEN,
        SCOPED,
        SCOPED,
        SCOPED,
        SCOPED,
        BOTH,
        ALL_FORBIDDEN,
    ),
    "disable_operator": (
        ALL_UNAUTH,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        SCOPED,
        ALL_FORBIDDEN,
        F_NONE,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
    ),
    "enable_operator": (
        ALL_UNAUTH,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        SCOPED,
        ALL_FORBIDDEN,
        F_NONE,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
    ),
    "reset_operator": (
        ALL_UNAUTH,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        SCOPED,
        ALL_FORBIDDEN,
        F_NONE,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
    ),
    # Linking sign-on identities is for system administrators only, on any staff account.
    "link_operator_sign_on": (
        ALL_UNAUTH,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        BOTH,
    ),
    "unlink_operator_sign_on": (
        ALL_UNAUTH,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        BOTH,
    ),
    "reset_institution_admin": (
        ALL_UNAUTH,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        F_NONE,
        ALL_FORBIDDEN,
        SCOPED,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
    ),
    "create_operator": (
        ALL_UNAUTH,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        OK_F,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
    ),
    "create_officer": (
        ALL_UNAUTH,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        OK_F,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
    ),
    "create_authority_admin": (
        ALL_UNAUTH,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        BOTH,
    ),
    "issue_institution_account": (
        ALL_UNAUTH,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        OK_F,
        OK_F,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
    ),
    "request_certification": (
        ALL_UNAUTH,
        BOTH,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
        ALL_FORBIDDEN,
    ),
}


def test_the_truth_table_covers_every_identity_operation() -> None:
    """Adding an identity query or mutation without a row here (or a reason it has no
    scope) fails."""
    from schema.identity.mutations import PersonalMutation
    from schema.identity.queries import IdentityQuery
    from schema.identity.staff_mutations import StaffMutation

    names = {
        field.graphql_name or _camel(field.python_name)
        for root in (IdentityQuery, PersonalMutation, StaffMutation)
        for field in root.__strawberry_definition__.fields  # type: ignore[attr-defined]
    }
    covered = {OPS[name].field for name in TRUTH} | _NOT_SCOPED
    assert names - {"node"} <= covered, names - covered
    assert set(TRUTH) == set(OPS)
    assert all(len(row) == len(ACTORS) for row in TRUTH.values())


# Operations on the caller's own account or open to anyone: no scope to cross. Their
# anonymous/signed-in behaviour is covered by the activation, session and recovery tests.
_NOT_SCOPED = {
    "me",
    "startActivation",
    "resendActivationCode",
    "checkActivationCode",
    "completeActivation",
    "signIn",
    "logout",
    "logoutEverywhere",
    "changePassword",
    "startPasswordReset",
    "completePasswordReset",
    "startMobileChange",
    "completeMobileChange",
    "beginTotpEnrolment",
    "confirmTotpEnrolment",
    "activateStaffAccount",
}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _outcome(body: dict[str, Any], op: Op, side: Side) -> str:
    if body.get("errors"):
        code = body["errors"][0]["extensions"]["code"]
        return {"UNAUTHENTICATED": UNAUTH, "FORBIDDEN": FORBIDDEN}.get(code, code)
    return op.judge(body["data"][op.field], side)


@pytest.mark.parametrize("op_name", list(OPS))
@pytest.mark.parametrize("actor", ACTORS)
async def test_access(app: Starlette, session: AsyncSession, actor: str, op_name: str) -> None:
    world: World = await build_world(session)
    op = OPS[op_name]
    expected = TRUTH[op_name][ACTORS.index(actor)]
    seen = []
    async with accounts.browser(app, world.tokens[actor]) as browser:
        for scope in ("own", "other"):
            side = world.side(scope)
            body = await gql(browser, op.document, op.variables(side))
            seen.append(_outcome(body, op, side))
    assert tuple(seen) == expected, f"{actor} × {op_name}: got {seen}, table says {expected}"

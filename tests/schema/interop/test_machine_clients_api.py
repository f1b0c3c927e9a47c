"""System administrators list and revoke machine clients over GraphQL; a revoked client's
token is refused at once; nobody else sees or touches the clients."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from access.actor import Actor, Grant, Role
from core.audit import AuditEntry
from core.clock import FixedClock
from tests.factories.clients import app_with_named_actors, gql_as
from tests.factories.licences import licence_settings
from tests.factories.machine import new_client, token_for

CLIENTS = """
query Clients { machineClients { clientId name scopes rateLimit createdAt revokedAt } }
"""
REVOKE = """
mutation Revoke($clientId: String!) {
  revokeMachineClient(clientId: $clientId) {
    __typename
    ... on RevokeMachineClientSuccess { client { clientId revokedAt } }
    ... on Error { code }
    ... on NotFound { reason }
  }
}
"""


@pytest.fixture
async def http(
    licence_home: Path,
    sessions: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    actors: dict[str, Actor],
) -> AsyncIterator[httpx.AsyncClient]:
    actors.update(
        root=Actor(account_id=uuid.uuid4(), grants=(Grant(Role.SYSTEM_ADMIN),)),
        officer=Actor(
            account_id=uuid.uuid4(),
            grants=(Grant(Role.AUTHORITY_ADMIN, authority_code="310000"),),
        ),
    )
    settings = licence_settings(licence_home, oauth_token_ttl_s=3600)
    app = app_with_named_actors(settings, sessions, clock, actors)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
        yield c


async def test_system_admin_lists_and_revokes(
    http: httpx.AsyncClient, session: AsyncSession, actors: dict[str, Actor]
) -> None:
    made = await new_client(session, "fhir.read,verify.bulk")
    token = await token_for(http, made)
    bearer = {"authorization": f"Bearer {token}"}
    assert (await http.get("/fhir/Organization", headers=bearer)).status_code == 200

    listed = (await gql_as(http, "root", CLIENTS))["data"]["machineClients"]
    (row,) = [c for c in listed if c["clientId"] == made.client.client_id]
    assert (row["name"], row["scopes"], row["revokedAt"]) == (
        "测试雇主",
        ["fhir.read", "verify.bulk"],
        None,
    )
    assert "secret" not in str(listed)

    revoked = (await gql_as(http, "root", REVOKE, {"clientId": made.client.client_id}))["data"]
    answer = revoked["revokeMachineClient"]
    assert answer["__typename"] == "RevokeMachineClientSuccess"
    assert answer["client"]["revokedAt"] is not None
    assert (await http.get("/fhir/Organization", headers=bearer)).status_code == 401
    entry = await session.scalar(
        select(AuditEntry).where(AuditEntry.action == "interop.client.revoke")
    )
    assert entry is not None
    assert entry.actor_id == str(actors["root"].account_id)

    missing = (await gql_as(http, "root", REVOKE, {"clientId": "mc_nobody"}))["data"]
    assert missing["revokeMachineClient"] == {
        "__typename": "NotFound",
        "code": "NOT_FOUND",
        "reason": "NOT_FOUND",
    }


@pytest.mark.parametrize(("actor", "code"), [(None, "UNAUTHENTICATED"), ("officer", "FORBIDDEN")])
async def test_others_are_refused(
    http: httpx.AsyncClient, session: AsyncSession, actor: str | None, code: str
) -> None:
    made = await new_client(session)
    listed = await gql_as(http, actor, CLIENTS)
    assert listed["data"] is None
    assert listed["errors"][0]["extensions"]["code"] == code
    revoked = await gql_as(http, actor, REVOKE, {"clientId": made.client.client_id})
    assert revoked["errors"][0]["extensions"]["code"] == code
    token = await token_for(http, made)
    fhir = await http.get("/fhir/Organization", headers={"authorization": f"Bearer {token}"})
    assert fhir.status_code == 200

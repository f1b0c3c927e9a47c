"""Talking to the app as a client does: post a GraphQL document and read the JSON, either as
whoever the cookie says (``gql``) or as an actor named by a test-only header (``gql_as``, for
an app built by ``app_with_named_actors``).

Fixture: ``actors``, the names such an app resolves."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request

from access.actor import ANONYMOUS, Actor
from api.app import create_app
from api.settings import Settings
from core.clock import FixedClock

ACTOR_HEADER = "x-test-actor"


async def gql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """POST a document as the web client does and return the decoded body."""
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def gql_as(
    client: httpx.AsyncClient,
    actor: str | None,
    query: str,
    variables: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """POST a document as the named actor (None: anonymous)."""
    headers = {ACTOR_HEADER: actor} if actor else {}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def app_with_named_actors(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    actors: dict[str, Actor],
) -> Starlette:
    """The app, resolving the actor named by the ``x-test-actor`` header (else anonymous)."""

    async def resolve(request: Request, _session: AsyncSession) -> Actor:
        return actors.get(request.headers.get(ACTOR_HEADER, ""), ANONYMOUS)

    return create_app(settings, sessions=sessions, clock=clock, resolve_actor=resolve)


@pytest.fixture
def actors() -> dict[str, Actor]:
    """Tests register actors by name; requests pick one with the ``x-test-actor`` header."""
    return {}

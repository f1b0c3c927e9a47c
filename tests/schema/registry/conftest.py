"""GraphQL tests of the registry: the app resolves the actor named by a test-only header,
and the workflow runs with stand-ins for identity's certification and notification ports."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request

from access.actor import ANONYMOUS, Actor
from api.app import create_app
from api.settings import Settings
from core.clock import FixedClock
from tests.registry.workflow.support import (
    City,
    FakeCertification,
    RecordingNotifier,
    workflow_sessions,
)

ACTOR_HEADER = "x-test-actor"


@pytest.fixture
def certification() -> FakeCertification:
    return FakeCertification()


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
def sessions(
    connection: AsyncConnection,
    clock: FixedClock,
    certification: FakeCertification,
    notifier: RecordingNotifier,
) -> async_sessionmaker[AsyncSession]:
    return workflow_sessions(connection, clock, certification, notifier)


@pytest.fixture
def actors() -> dict[str, Actor]:
    """Tests register actors by name; requests pick one with the ``x-test-actor`` header."""
    return {}


@pytest.fixture
def app(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    actors: dict[str, Actor],
) -> Starlette:
    async def resolve(request: Request, _session: AsyncSession) -> Actor:
        return actors.get(request.headers.get(ACTOR_HEADER, ""), ANONYMOUS)

    return create_app(settings, sessions=sessions, clock=clock, resolve_actor=resolve)


@pytest.fixture
async def city(
    session: AsyncSession,
    certification: FakeCertification,
    notifier: RecordingNotifier,
    actors: dict[str, Actor],
) -> City:
    built = await City.build(session, certification, notifier)
    actors.update(
        officer_pudong=built.officer_pudong,
        officer_xuhui=built.officer_xuhui,
        officer_city=built.officer_city,
        op_pudong=built.op_pudong,
        op_pudong_b=built.op_pudong_b,
        op_xuhui=built.op_xuhui,
        op_city=built.op_city,
    )
    await session.commit()
    return built


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

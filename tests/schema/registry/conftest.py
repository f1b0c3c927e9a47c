"""GraphQL tests of the registry: the app resolves the actor named by a test-only header
(``actors``), and the workflow runs with stand-ins for identity's certification and
notification ports (``certification``, ``notifier``)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from access.actor import Actor
from api.settings import Settings
from core.clock import FixedClock
from tests.factories.clients import app_with_named_actors
from tests.factories.workflow import (
    City,
    FakeCertification,
    RecordingNotifier,
    city_with_named_actors,
    workflow_sessions,
)


@pytest.fixture
def sessions(
    connection: AsyncConnection,
    clock: FixedClock,
    certification: FakeCertification,
    notifier: RecordingNotifier,
) -> async_sessionmaker[AsyncSession]:
    return workflow_sessions(connection, clock, certification, notifier)


@pytest.fixture
def app(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    actors: dict[str, Actor],
) -> Starlette:
    return app_with_named_actors(settings, sessions, clock, actors)


@pytest.fixture
async def city(
    session: AsyncSession,
    certification: FakeCertification,
    notifier: RecordingNotifier,
    actors: dict[str, Actor],
) -> City:
    return await city_with_named_actors(session, certification, notifier, actors)

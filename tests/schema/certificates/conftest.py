"""Licence tests over HTTP: the registry's GraphQL harness (actors picked by a test header,
stand-ins for certification and notifications; see ``tests/schema/registry/conftest.py``),
with a development PKI in the data directory and every response recorded for the leak check."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from access.actor import Actor
from api.settings import Settings
from core.clock import FixedClock
from tests.factories.clients import app_with_named_actors
from tests.factories.licences import licence_settings
from tests.factories.workflow import (
    City,
    FakeCertification,
    RecordingNotifier,
    city_with_named_actors,
    workflow_sessions,
)


@pytest.fixture
def settings(licence_home: Path) -> Settings:
    return licence_settings(licence_home)


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


@pytest.fixture
def responses() -> list[httpx.Response]:
    return []


@pytest.fixture
async def client(
    app: Starlette, responses: list[httpx.Response]
) -> AsyncIterator[httpx.AsyncClient]:
    async def record(response: httpx.Response) -> None:
        await response.aread()
        responses.append(response)

    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(
        transport=transport, base_url="https://testserver", event_hooks={"response": [record]}
    ) as c:
        yield c

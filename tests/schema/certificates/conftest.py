"""Licence tests over HTTP: the registry's GraphQL harness (actors picked by a test header,
stand-ins for certification and notifications), with a development PKI in the data
directory and every response recorded for the leak check."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from api.settings import Settings
from tests.licence_fixtures import licence_home, licence_pki, licence_settings
from tests.schema.registry.conftest import actors, app, certification, city, notifier, sessions

__all__ = [
    "actors",
    "app",
    "certification",
    "city",
    "licence_home",
    "licence_pki",
    "notifier",
    "sessions",
]


@pytest.fixture
def settings(licence_home: Path) -> Settings:
    return licence_settings(licence_home)


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

"""Machine clients: the app with a PKI (tokens are signed with the commission's key), a
client created in the database and its bearer token from ``POST /oauth/token``.

Fixtures: ``machine_app`` and ``machine_http`` (a client of it, no credentials)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from api.app import create_app
from core.clock import FixedClock
from interop.clients.service import NewClient, create
from tests.factories.licences import licence_settings


@pytest.fixture
def machine_app(
    licence_home: Path, sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> Starlette:
    """Tokens live an hour here (tests move the clock by minutes between steps); webhooks may
    target the tests' own receivers on the loopback address."""
    settings = licence_settings(licence_home, oauth_token_ttl_s=3600, webhook_allow_private=True)
    return create_app(settings, sessions=sessions, clock=clock)


@pytest.fixture
async def machine_http(machine_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=machine_app, client=("203.0.113.9", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
        yield c


async def new_client(
    session: AsyncSession, scopes: str = "fhir.read", rate_limit: str = "600/minute"
) -> NewClient:
    made = await create(session, name="测试雇主", scopes=scopes.split(","), rate_limit=rate_limit)
    await session.commit()
    return made


async def token_for(http: httpx.AsyncClient, made: NewClient, scope: str | None = None) -> str:
    form = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    answer = await http.post("/oauth/token", data=form, auth=(made.client.client_id, made.secret))
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


async def bearer(
    http: httpx.AsyncClient, session: AsyncSession, scopes: str = "fhir.read"
) -> dict[str, str]:
    token = await token_for(http, await new_client(session, scopes))
    return {"authorization": f"Bearer {token}"}

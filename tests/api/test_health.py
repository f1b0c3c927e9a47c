from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from api.app import create_app
from api.settings import Settings


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.json() == {"status": "alive"}


async def test_readyz_at_head(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"


async def test_readyz_reports_pending_migrations(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from api import health

    monkeypatch.setattr(health, "head_revision", lambda: "9999")
    app: Starlette = create_app(settings, sessions=sessions)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://t") as c:
        response = await c.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "migrations pending"


async def test_readyz_reports_certificates_near_their_end(
    sessions: async_sessionmaker[AsyncSession], licence_home: Path
) -> None:
    from certificates.pki import load_pki
    from core.clock import FixedClock
    from tests.factories.licences import licence_settings

    settings = licence_settings(licence_home)
    root = load_pki(settings.signing_config()).root
    clock = FixedClock(root.not_valid_before_utc + timedelta(days=1))
    app: Starlette = create_app(settings, sessions=sessions, clock=clock)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://t") as c:
        calm = (await c.get("/readyz")).json()
        clock.at = root.not_valid_after_utc - timedelta(days=10)
        near = await c.get("/readyz")
    assert calm["pki"]["status"] == "ok"
    assert near.status_code == 200  # a warning, not a reason to take the process out
    details = near.json()["pki"]
    assert details["status"] == "attention"
    assert any(line.startswith("certificate root root ends") for line in details["due"])

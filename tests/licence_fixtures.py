"""A development PKI for tests of the licence surface (made once per run), settings that
point at it, and helpers to sign what is pending and read licence rows."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import undefer
from starlette.applications import Starlette

from api.settings import Settings
from api.worker import sign_round
from certificates.models import Licence
from certificates.pki import Pki, init_pki, load_pki
from certificates.runtime import LicenceRuntime
from tests.certificates.factories import AUTHORITIES
from tests.conftest import database_url

PUBLIC_URL = "https://testserver"


def licence_settings(home: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "development",
        "database_url": database_url(),
        "data_dir": home,
        "master_key": None,
        "web_dist": home / "no-web",
        "public_url": PUBLIC_URL,
        "licence_lookup_limits": "3/minute",
        **overrides,
    }
    return Settings(**values)


@pytest.fixture(scope="session")
def licence_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding a development PKI for the 17 authorities."""
    home = tmp_path_factory.mktemp("licence-home")
    init_pki(licence_settings(home).signing_config(), AUTHORITIES, now=datetime.now(UTC))
    return home


@pytest.fixture
def licence_pki(licence_home: Path) -> Pki:
    return load_pki(licence_settings(licence_home).signing_config())


def runtime_of(app: Starlette) -> LicenceRuntime:
    runtime: LicenceRuntime = app.state.services.licences
    return runtime


async def sign_all(sessions: async_sessionmaker[AsyncSession], app: Starlette) -> int:
    """What the worker does after the commit: sign every pending licence."""
    signed = 0
    while batch := await sign_round(sessions, runtime_of(app)):
        signed += batch
    return signed


async def licence_rows(session: AsyncSession, number: str) -> list[Licence]:
    stmt = (
        select(Licence)
        .where(Licence.number == number)
        .order_by(Licence.version)
        .options(undefer(Licence.pdf))
        .execution_options(populate_existing=True)
    )
    return list((await session.scalars(stmt)).all())

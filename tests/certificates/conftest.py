"""Fixtures of the certificates tests: one development PKI and one signed PDF per kind per
run, and a private SQLite database per test for the licence lifecycle."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import certificates.models  # noqa: F401  (registers the licence table)
import core.audit  # noqa: F401  (registers the audit table)
from certificates.config import SigningConfig
from certificates.pki import Pki, init_pki, load_pki
from certificates.render import render_licence
from certificates.signing import sign_licence
from certificates.tokens import issue_token
from certificates.values import LicenceKind
from core.clock import FixedClock
from core.db import Base, create_engine
from tests.factories.licences import AUTHORITIES, SignedSample, licence_data, require_tool

PUBLIC_URL = "https://medreg.example.gov.cn"


@pytest.fixture(scope="session")
def signing_config(tmp_path_factory: pytest.TempPathFactory) -> SigningConfig:
    return SigningConfig(
        data_dir=tmp_path_factory.mktemp("medreg-data"),
        key_passphrase=b"test passphrase",
        public_url=PUBLIC_URL + "/",
    )


@pytest.fixture(scope="session")
def pki(signing_config: SigningConfig) -> Pki:
    init_pki(signing_config, AUTHORITIES, now=datetime.now(UTC))
    return load_pki(signing_config)


@pytest.fixture(scope="session")
async def signed(pki: Pki, signing_config: SigningConfig) -> dict[LicenceKind, SignedSample]:
    """One signed licence of each kind, made once: the tests only read them."""
    samples = {}
    for kind in LicenceKind:
        data = licence_data(kind)
        token = issue_token(data, pki)
        url = signing_config.verify_url(token)
        pdf = await sign_licence(
            render_licence(data, url, signing_config), data.authority_code, pki, signing_config
        )
        samples[kind] = SignedSample(data, token, url, pdf)
    return samples


@pytest.fixture(scope="session")
def nss_trusting_root(tmp_path_factory: pytest.TempPathFactory, pki: Pki) -> Path:
    """An NSS database in which the commission's root is a trusted CA (for pdfsig)."""
    certutil = require_tool("certutil", "libnss3-tools")
    directory = tmp_path_factory.mktemp("nss")
    subprocess.run([certutil, "-N", "-d", f"sql:{directory}", "--empty-password"], check=True)
    root = pki.directory / "root.crt.pem"
    subprocess.run(
        [certutil, "-A", "-d", f"sql:{directory}", "-n", "medreg-root", "-t", "C,C,C", "-i", root],
        check=True,
    )
    return directory


@pytest.fixture(scope="session")
def nss_empty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    certutil = require_tool("certutil", "libnss3-tools")
    directory = tmp_path_factory.mktemp("nss-empty")
    subprocess.run([certutil, "-N", "-d", f"sql:{directory}", "--empty-password"], check=True)
    return directory


@pytest.fixture
def licence_clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 25, 2, 0, tzinfo=UTC))


@pytest.fixture
async def licence_sessions(
    tmp_path: Path, licence_clock: FixedClock
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """A fresh SQLite file per test; sessions commit for real (crash tests need that)."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/licences.db")
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield async_sessionmaker(engine, expire_on_commit=False, info={"clock": licence_clock})
    await engine.dispose()

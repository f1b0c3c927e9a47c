"""The worker's licence jobs: two workers share a backlog and sign each licence once; the
daily sweep expires what lapsed; the start-up refuses a missing font."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.app import create_app
from api.settings import SettingsError
from api.worker import LicenceJobs, sign_round
from certificates import jobs, service
from certificates.errors import FontMissing
from certificates.models import Licence
from certificates.values import LicenceStatus
from core.clock import FixedClock
from core.db import session_factory
from tests.factories.database import TEST_KEYRING, committed_engine
from tests.factories.licences import licence_settings, request

BACKLOG = 6


async def test_two_workers_sign_each_licence_exactly_once(
    licence_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = licence_settings(licence_home).licence_runtime()
    clock = FixedClock(datetime(2026, 11, 25, 2, 0, tzinfo=UTC))
    real_sign = jobs.sign_licence
    signed: list[str] = []

    async def counting_sign(pdf: bytes, authority: str, *args: object) -> bytes:
        result = await real_sign(pdf, authority, *args)  # type: ignore[arg-type]
        signed.append(authority)
        return result

    monkeypatch.setattr(jobs, "sign_licence", counting_sign)
    async with committed_engine() as engine:
        sessions = session_factory(engine, keyring=TEST_KEYRING, clock=clock)
        async with sessions() as session:
            for i in range(BACKLOG):
                await service.reserve_licence(
                    session, request(holder_ref=f"reg-{i}", number=f"HS310115-2026-9{i:05d}")
                )
            await session.commit()

        async def worker() -> int:
            done = 0
            while batch := await sign_round(sessions, runtime, limit=2):
                done += batch
            return done

        first, second = await asyncio.gather(worker(), worker())
        async with sessions() as session:
            unsigned = await session.scalar(
                select(func.count()).select_from(Licence).where(Licence.signed_at.is_(None))
            )
            hashes = (await session.scalars(select(Licence.pdf_sha256))).all()
    assert first + second == BACKLOG
    assert len(signed) == BACKLOG  # no licence was signed twice, not even to be discarded
    assert unsigned == 0
    assert len(set(hashes)) == BACKLOG


async def test_the_daily_sweep_expires_lapsed_licences_once_a_day(
    licence_home: Path, sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> None:
    runtime = licence_settings(licence_home).licence_runtime()
    async with sessions() as session:
        await service.reserve_licence(
            session, request(holder_ref="sweep-1", valid_until=date(2026, 11, 30))
        )
        await service.reserve_licence(
            session, request(holder_ref="sweep-2", valid_until=date(2031, 11, 24))
        )
        await session.commit()
    jobs = LicenceJobs(sessions, runtime, clock)
    assert await jobs.step() == 2  # signs both; nothing is due yet
    clock.advance(timedelta(days=6))  # 1 December in Shanghai
    assert await jobs.step() == 0
    async with sessions() as session:
        statuses = (
            await session.scalars(select(Licence.status).order_by(Licence.valid_until))
        ).all()
    assert statuses == [LicenceStatus.EXPIRED, LicenceStatus.VALID]
    assert jobs.swept_on == date(2026, 12, 1)


def test_a_missing_font_stops_start_up(tmp_path: Path) -> None:
    settings = licence_settings(tmp_path, font_path=tmp_path / "missing.ttc")
    with pytest.raises(FontMissing, match="MEDREG_FONT_PATH"):
        settings.signing_config()
    with pytest.raises(FontMissing, match="fonts-noto-cjk"):
        create_app(settings)


def test_signing_settings_are_checked(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="MEDREG_PKCS11_TOKEN_LABEL"):
        licence_settings(tmp_path, pkcs11_module=tmp_path / "lib.so").signing_config()
    with pytest.raises(SettingsError, match="MEDREG_KEY_PASSPHRASE"):
        licence_settings(tmp_path, environment="production").signing_config()
    config = licence_settings(
        tmp_path,
        pkcs11_module=tmp_path / "lib.so",
        pkcs11_token_label="medreg",
        pkcs11_user_pin="1234",
        tsa_url="https://tsa.example.gov.cn",
    ).signing_config()
    assert config.pkcs11 is not None
    assert config.pkcs11.label_for("310115") == "medreg-310115"
    assert config.tsa_url == "https://tsa.example.gov.cn"
    assert "1234" not in repr(config)


async def test_the_serving_process_signs_in_the_background(
    licence_home: Path, tmp_path: Path
) -> None:
    """Development: no worker runs; the app's lifespan signs what requests left pending."""
    from api.migrate import upgrade
    from core.db import create_engine

    url = f"sqlite+aiosqlite:///{tmp_path}/serve.db"
    await asyncio.to_thread(upgrade, url)
    settings = licence_settings(licence_home, database_url=url)
    engine = create_engine(url)
    sessions = session_factory(engine, keyring=TEST_KEYRING)
    async with sessions() as session:
        await service.reserve_licence(session, request(holder_ref="serve-1"))
        await session.commit()
    app = create_app(settings)
    assert settings.licence_runtime().signing == "inprocess"
    signed_at = None
    async with app.router.lifespan_context(app):
        for _ in range(600):  # the loop signs within its first round; give it up to a minute
            async with sessions() as session:
                signed_at = await session.scalar(select(Licence.signed_at))
            if signed_at is not None:
                break
            await asyncio.sleep(0.1)
    await engine.dispose()
    assert signed_at is not None


async def test_a_signer_that_died_loses_its_claim_when_the_lease_ends(
    licence_home: Path, sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> None:
    runtime = licence_settings(licence_home).licence_runtime()
    async with sessions() as session:
        await service.reserve_licence(session, request(holder_ref="lease-1"))
        claimed = await jobs.claim_for_signing(session, limit=5)
        await session.commit()  # ... and the signer dies before storing anything
    assert len(claimed) == 1
    assert await sign_round(sessions, runtime) == 0  # still claimed: left alone
    clock.advance(jobs.SIGNING_LEASE + timedelta(seconds=1))
    assert await sign_round(sessions, runtime) == 1
    assert await sign_round(sessions, runtime) == 0

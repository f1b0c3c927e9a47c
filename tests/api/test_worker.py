"""The background jobs: two workers share a backlog and sign each licence once; a licence
decided now is signed before a bulk backlog; a job outlives a crash of whoever queued it; the
daily sweep expires what lapsed; the start-up refuses a missing font. The runner is the one
of the test database: procrastinate on PostgreSQL, the in-process runner on SQLite."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from croniter import croniter
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.app import create_app
from api.queue import JobRunner, build_runner
from api.settings import Settings, SettingsError
from api.worker import EXPIRE_TASK, Background
from certificates import bulk, jobs, service
from certificates.errors import FontMissing
from certificates.models import Licence
from certificates.values import LicenceData, LicenceStatus
from core.clock import SHANGHAI, FixedClock
from core.db import session_factory
from core.jobs import Priority
from identity.runtime import IdentityRuntime
from tests.factories.database import TEST_KEYRING, committed_engine
from tests.factories.licences import licence_settings, request

BACKLOG = 6


@asynccontextmanager
async def running(
    engine: AsyncEngine, settings: Settings, clock: FixedClock
) -> AsyncIterator[tuple[JobRunner, async_sessionmaker[Any]]]:
    """A runner of the test database with the app's tasks, and sessions that defer into it."""
    runner = build_runner(engine.url.render_as_string(hide_password=False), name="test")
    sessions = session_factory(engine, keyring=TEST_KEYRING, clock=clock, jobs=runner.queue)
    channel = IdentityRuntime.build(settings.identity_config()).channel
    runner.register(Background(sessions, settings.licence_runtime(), channel, clock).tasks())
    await runner.open()
    try:
        yield runner, sessions
    finally:
        await runner.close()


def _record_signing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The numbers of the licences signed, in order (every signature, kept or not)."""
    real = jobs.prepare_signed
    numbers: list[str] = []

    async def recording(data: LicenceData, *args: Any) -> jobs.SignedLicence:
        result = await real(data, *args)
        numbers.append(data.number)
        return result

    monkeypatch.setattr(jobs, "prepare_signed", recording)
    return numbers


async def test_two_workers_sign_each_licence_exactly_once(
    licence_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = licence_settings(licence_home)
    clock = FixedClock(datetime(2026, 11, 25, 2, 0, tzinfo=UTC))
    signed = _record_signing(monkeypatch)
    async with (
        committed_engine() as engine,
        running(engine, settings, clock) as (first, sessions),
        running(engine, settings, clock) as (second, _),
    ):
        async with sessions() as session:
            for i in range(BACKLOG):
                await service.reserve_licence(
                    session, request(holder_ref=f"reg-{i}", number=f"HS310115-2026-9{i:05d}")
                )
            await session.commit()
        await asyncio.gather(first.run_until_idle(), second.run_until_idle())
        async with sessions() as session:
            unsigned = await session.scalar(
                select(func.count()).select_from(Licence).where(Licence.signed_at.is_(None))
            )
            hashes = (await session.scalars(select(Licence.pdf_sha256))).all()
    assert sorted(signed) == sorted(f"HS310115-2026-9{i:05d}" for i in range(BACKLOG))
    assert unsigned == 0
    assert len(set(hashes)) == BACKLOG


async def test_a_licence_decided_now_is_signed_before_the_backlog(
    licence_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = licence_settings(licence_home)
    clock = FixedClock(datetime(2026, 11, 25, 2, 0, tzinfo=UTC))
    signed = _record_signing(monkeypatch)
    async with committed_engine() as engine, running(engine, settings, clock) as (runner, sessions):
        async with sessions() as session:
            backlog = [
                request(holder_ref=f"bulk-{i}", number=f"HS310115-2026-8{i:05d}") for i in range(5)
            ]
            await bulk.reserve_many(session, backlog, priority=Priority.BULK)
            await session.commit()
        async with sessions() as session:
            fresh = await service.reserve_licence(
                session, request(holder_ref="fresh", number="HS310115-2026-700000")
            )
            await session.commit()
        await runner.run_until_idle()
    assert fresh.signing_priority == Priority.FRESH
    assert signed[0] == "HS310115-2026-700000"
    assert sorted(signed[1:]) == [f"HS310115-2026-8{i:05d}" for i in range(5)]


async def test_a_licence_job_outlives_a_crash_and_a_rollback_leaves_none(
    licence_home: Path,
) -> None:
    """The job is written with the licence: a runner that starts after the process that
    queued it died signs it; a rolled-back reservation leaves nothing to sign."""
    settings = licence_settings(licence_home)
    clock = FixedClock(datetime(2026, 11, 25, 2, 0, tzinfo=UTC))
    async with committed_engine() as engine:
        async with running(engine, settings, clock) as (_crashed, sessions):
            async with sessions() as session:
                await service.reserve_licence(session, request(holder_ref="kept"))
                await session.commit()
            async with sessions() as session:
                await service.reserve_licence(session, request(holder_ref="rolled-back"))
                await session.rollback()
            # ... and this process dies before its runner ran anything.
        async with running(engine, settings, clock) as (runner, sessions):
            await runner.run_until_idle()
            async with sessions() as session:
                rows = (await session.execute(select(Licence.holder_ref, Licence.signed_at))).all()
    assert [row.holder_ref for row in rows] == ["kept"]
    assert rows[0].signed_at is not None


async def test_the_daily_sweep_expires_lapsed_licences(
    licence_home: Path, sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> None:
    settings = licence_settings(licence_home)
    handlers = Background(
        sessions,
        settings.licence_runtime(),
        IdentityRuntime.build(settings.identity_config()).channel,
        clock,
    )
    async with sessions() as session:
        await service.reserve_licence(
            session, request(holder_ref="sweep-1", valid_until=date(2026, 11, 30))
        )
        await service.reserve_licence(
            session, request(holder_ref="sweep-2", valid_until=date(2031, 11, 24))
        )
        await session.commit()
    assert await handlers.expire_licences() == 0  # nothing is due yet
    clock.advance(timedelta(days=6))  # 1 December in Shanghai
    assert await handlers.expire_licences() == 1
    assert await handlers.expire_licences() == 0  # a second run the same day changes nothing
    async with sessions() as session:
        statuses = (
            await session.scalars(select(Licence.status).order_by(Licence.valid_until))
        ).all()
    assert statuses == [LicenceStatus.EXPIRED, LicenceStatus.VALID]


async def test_before_the_keys_exist_the_archive_round_waits_quietly(
    tmp_path: Path,
    sessions: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = licence_settings(tmp_path)  # no `medreg keys init`: no PKI directory
    handlers = Background(
        sessions,
        settings.licence_runtime(),
        IdentityRuntime.build(settings.identity_config()).channel,
        clock,
    )
    assert await handlers.renew_archives() == 0
    assert not (tmp_path / "pki").exists()  # nothing half-made in the data directory
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_the_sweep_is_scheduled_once_a_day_just_after_midnight_in_shanghai(
    licence_home: Path, sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> None:
    settings = licence_settings(licence_home)
    handlers = Background(sessions, settings.licence_runtime(), lambda _s: None, clock)  # type: ignore[arg-type, return-value]
    (spec,) = [task for task in handlers.tasks() if task.name == EXPIRE_TASK]
    assert spec.cron is not None
    assert spec.on_start  # and when a runner starts, in case the slot passed while none ran
    slots = croniter(spec.cron, datetime(2026, 11, 30, tzinfo=UTC))
    runs = [slots.get_next(datetime).replace(tzinfo=UTC).astimezone(SHANGHAI) for _ in range(7)]
    assert [run.date() for run in runs] == [date(2026, 12, d) for d in range(1, 8)]
    assert {(run.hour, run.minute) for run in runs} == {(0, 5)}


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
    assert settings.job_runner == "inprocess"
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
    settings = licence_settings(licence_home)
    handlers = Background(
        sessions,
        settings.licence_runtime(),
        IdentityRuntime.build(settings.identity_config()).channel,
        clock,
    )
    async with sessions() as session:
        licence = await service.reserve_licence(session, request(holder_ref="lease-1"))
        claimed = await jobs.claim(session, licence.id)
        await session.commit()  # ... and the signer dies before storing anything
    assert claimed is not None
    assert await handlers.sign_licence(str(licence.id)) is False  # still claimed: left alone
    clock.advance(jobs.SIGNING_LEASE + timedelta(seconds=1))
    assert await handlers.sign_licence(str(licence.id)) is True
    assert await handlers.sign_licence(str(licence.id)) is False  # signed: nothing to do

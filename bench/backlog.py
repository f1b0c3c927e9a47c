"""A licence decided while a bulk backlog waits (``python -m bench.licences --backlog N``):
the real job runner of the database (the in-process one on SQLite, a procrastinate worker on
PostgreSQL) works through N bulk licences while licences are decided one by one; each decided
licence's wait runs from the commit that reserved it to the commit that stored its PDF."""

from __future__ import annotations

import asyncio
import secrets
import time
import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from api.migrate import upgrade
from api.queue import build_runner
from api.worker import Background
from certificates.bulk import reserve_many
from certificates.config import SigningConfig
from certificates.models import Licence
from certificates.runtime import LicenceRuntime, PublicLimits, PublicThrottle
from certificates.service import reserve_licence
from certificates.values import LicenceContent, LicenceKind, LicenceRequest
from core.clock import Clock
from core.crypto import Keyring
from core.db import create_engine, session_factory
from core.jobs import Priority
from core.uow import unit_of_work

WARM_UP_S = 3.0
"""How long the runner works on the backlog before the first licence is decided."""
PAUSE_S = 1.0


def _request(serial: int) -> LicenceRequest:
    content = LicenceContent(
        number=f"HS310115-2026-{serial:06d}",
        kind=LicenceKind.NURSE_PRACTICE,
        holder_name="王" + "芳娜秀英敏静丽"[serial % 7],
        valid_from=date(2026, 11, 25),
        valid_until=date(2031, 11, 24),
        authority_code="310115",
        authority_name_zh="上海市浦东新区卫生健康委员会",
        authority_name_en="Pudong New Area Health Commission",
        institution_name="复旦大学附属中山医院",
    )
    return LicenceRequest(f"bench-{serial}", 1, content)


class _NoChannel:
    """The bench queues no messages (bulk and decided licences here announce nothing)."""

    async def send_sms(self, mobile: str, text: str, *, reference: str, template: str) -> None:
        raise RuntimeError("the backlog bench sends no messages")

    async def send_email(
        self, address: str, subject: str, text: str, *, reference: str, template: str
    ) -> None:
        raise RuntimeError("the backlog bench sends no messages")


def _no_channel(_session: AsyncSession) -> _NoChannel:
    return _NoChannel()


async def _empty_public_schema(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


async def decided_licence_latencies(
    config: SigningConfig, url: str, backlog: int, rounds: int
) -> list[float]:
    if url.startswith("postgresql"):
        await _empty_public_schema(url)
    await asyncio.to_thread(upgrade, url)
    runner = build_runner(url, name="bench")
    engine = create_engine(url)
    sessions = session_factory(
        engine, keyring=Keyring.from_master(secrets.token_bytes(32)), jobs=runner.queue
    )
    runtime = LicenceRuntime(config=config, throttle=PublicThrottle(PublicLimits()))
    runner.register(Background(sessions, runtime, _no_channel, Clock()).tasks())
    await runner.open()
    async with unit_of_work(sessions) as session:
        await reserve_many(session, [_request(i) for i in range(backlog)], priority=Priority.BULK)
    stop = asyncio.Event()
    started = time.perf_counter()
    running = asyncio.create_task(runner.run(stop))
    await asyncio.sleep(WARM_UP_S)
    latencies = []
    for serial in range(backlog, backlog + rounds):
        async with unit_of_work(sessions) as session:
            licence_id = (await reserve_licence(session, _request(serial))).id
        latencies.append(await _until_signed(sessions, licence_id))
        await asyncio.sleep(PAUSE_S)
    async with sessions() as session:
        signed = await session.scalar(
            select(func.count()).select_from(Licence).where(Licence.signed_at.is_not(None))
        )
    elapsed = time.perf_counter() - started
    print(
        f"signed meanwhile: {signed:,} licences in {elapsed:.0f} s ({signed - rounds:,} of the "
        f"backlog); oldest first, a licence decided now would wait ≈ "
        f"{backlog / max(signed / elapsed, 1e-9) / 60:.0f} min"
    )
    stop.set()
    await running
    await runner.close()
    await engine.dispose()
    return latencies


async def _until_signed(sessions: Any, licence_id: uuid.UUID) -> float:
    started = time.perf_counter()
    while True:
        async with sessions() as session:
            signed_at = await session.scalar(
                select(Licence.signed_at).where(Licence.id == licence_id)
            )
        if signed_at is not None:
            return time.perf_counter() - started
        await asyncio.sleep(0.02)

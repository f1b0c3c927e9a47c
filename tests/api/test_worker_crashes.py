"""``medreg worker`` killed with SIGKILL at each step of licence signing and of SMS delivery
(``MEDREG_CRASH_AT``, see ``core/faults.py``), then a fresh worker: every licence ends with one
stored PDF, every queued SMS is in the development channel's table exactly once.

Real processes on a database with real commits (either engine: SQLite recovers an interrupted
write transaction on the next open, PostgreSQL rolls back a dropped connection's)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import undefer

from certificates import service
from certificates.jobs import SIGNING_LEASE
from certificates.models import Licence
from core.db import session_factory
from core.outbox import OutboxEvent
from notifications.messages import SMS_TOPIC, send_sms
from notifications.models import Notification
from tests import factories
from tests.factories.database import committed_engine, is_postgres
from tests.factories.licences import licence_settings, request

LICENCES = 3
SMS = 3
MEDREG = Path(sys.executable).with_name("medreg")


@dataclass
class Queue:
    """A database with pending licences and queued SMS, and what a worker needs to reach it."""

    url: str
    home: Path
    sessions: async_sessionmaker[AsyncSession]

    async def worker(self, crash_at: str | None = None) -> subprocess.CompletedProcess[str]:
        """``medreg worker --once`` in a process of its own, armed to crash at ``crash_at``."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("MEDREG_")}
        env |= {
            "MEDREG_DATABASE_URL": self.url,
            "MEDREG_DATA_DIR": str(self.home),
            "MEDREG_ENVIRONMENT": "development",
            "MEDREG_CRASH_AT": crash_at or "",
        }
        return await asyncio.to_thread(
            subprocess.run,
            [str(MEDREG), "worker", "--once"],
            env=env,
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    async def signed(self) -> int:
        async with self.sessions() as session:
            count = await session.scalar(
                select(func.count()).select_from(Licence).where(Licence.signed_at.is_not(None))
            )
        return int(count or 0)

    async def sent(self) -> int:
        async with self.sessions() as session:
            count = await session.scalar(select(func.count()).select_from(Notification))
        return int(count or 0)

    async def killed_worker_silent(self) -> None:
        """On PostgreSQL, the killed worker's heartbeat grows old: its running job is stalled
        and the next worker puts it back in the queue (SQLite's queue has no workers table)."""
        if not is_postgres():
            return
        async with self.sessions() as session:
            await session.execute(
                text(
                    "UPDATE procrastinate_workers"
                    " SET last_heartbeat = last_heartbeat - interval '10 minutes'"
                )
            )
            await session.commit()

    async def lease_ends(self) -> None:
        """Five minutes pass: claims of the dead worker lapse (the worker's clock is real)."""
        async with self.sessions() as session:
            await session.execute(
                update(Licence)
                .where(Licence.signing_claimed_at.is_not(None), Licence.signed_at.is_(None))
                .values(signing_claimed_at=datetime.now(UTC) - SIGNING_LEASE - timedelta(minutes=1))
            )
            await session.commit()


@pytest.fixture
async def queue(licence_home: Path, tmp_path: Path) -> AsyncIterator[Queue]:
    home = tmp_path / "data"
    shutil.copytree(licence_home, home)  # the worker writes its audit key and master key here
    async with committed_engine(pool_size=2) as engine:
        url = engine.url.render_as_string(hide_password=False)
        keyring = licence_settings(home, database_url=url).keyring
        sessions = session_factory(engine, keyring=keyring)
        async with sessions() as session:
            for i in range(LICENCES):
                await service.reserve_licence(
                    session, request(holder_ref=f"crash-{i}", number=f"HS310115-2026-7{i:05d}")
                )
            for _ in range(SMS):
                code = {"code": "123456", "minutes": 10}
                await send_sms(session, factories.mobile(), "activation_code", code)
            await session.commit()
        yield Queue(url, home, sessions)


async def assert_everything_done_once(queue: Queue) -> None:
    async with queue.sessions() as session:
        licences = (await session.scalars(select(Licence).options(undefer(Licence.pdf)))).all()
        per_event = (
            await session.execute(
                select(Notification.event_id, func.count()).group_by(Notification.event_id)
            )
        ).all()
        events = (
            await session.scalars(select(OutboxEvent).where(OutboxEvent.topic == SMS_TOPIC))
        ).all()
    assert len(licences) == LICENCES
    for licence in licences:
        assert licence.signed_at is not None, licence.number
        assert licence.pdf is not None
        assert licence.pdf.startswith(b"%PDF-")
        assert hashlib.sha256(licence.pdf).hexdigest() == licence.pdf_sha256
    assert len({licence.pdf_sha256 for licence in licences}) == LICENCES
    assert sorted(count for _, count in per_event) == [1] * SMS
    assert {event_id for event_id, _ in per_event} == {event.id for event in events}
    assert all(event.delivered_at is not None for event in events)


async def assert_killed(queue: Queue, result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == -signal.SIGKILL, (result.returncode, result.stdout, result.stderr)
    await queue.killed_worker_silent()


async def test_a_worker_killed_at_any_step_loses_and_repeats_nothing(queue: Queue) -> None:
    """One worker after another, each killed at the next step; then one that finishes."""
    await assert_killed(queue, await queue.worker("notification-sent:2"))
    assert await queue.sent() == 0  # stored in the delivery's transaction, which died

    await assert_killed(queue, await queue.worker("licence-claim"))
    assert await queue.sent() == SMS  # its delivery round committed before it died
    assert await queue.signed() == 0

    await assert_killed(queue, await queue.worker("licence-signed"))
    assert await queue.signed() == 0  # claimed, signed in memory, never stored
    await queue.lease_ends()

    await assert_killed(queue, await queue.worker("licence-stored:2"))
    assert await queue.signed() == 1  # the first was committed, the second never was
    await queue.lease_ends()

    finished = await queue.worker()
    assert finished.returncode == 0, finished.stderr
    assert f"delivered 0, signed {LICENCES - 1} licences" in finished.stdout
    await assert_everything_done_once(queue)

"""``medreg sync`` on a database of its own (the CLI commits): status per topic, retry of
dead events, and the refusals when the sync is not configured or nothing is named."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import create_engine
from interop.sync.models import DeliveryStatus, NationalDelivery
from tests.factories.database import database_url

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


async def dead_event(url: str) -> uuid.UUID:
    engine = create_engine(url)
    event_id = uuid.uuid4()
    async with AsyncSession(engine) as session:
        session.add(
            NationalDelivery(
                event_id=event_id,
                topic="registration.completed",
                order_key="person:x",
                body={"number": "HS1"},
                occurred_at=NOW,
                status=DeliveryStatus.DEAD,
                attempts=8,
                next_attempt_at=NOW,
                last_error="HTTP 500 boom",
            )
        )
        await session.commit()
    await engine.dispose()
    return event_id


def test_status_and_retry(tmp_path: Path) -> None:
    if not database_url().startswith("sqlite"):
        pytest.skip("the CLI commits: it runs on a SQLite file of its own (the SQLite run)")
    url = f"sqlite+aiosqlite:///{tmp_path}/sync.db"
    env = {
        **os.environ,
        "MEDREG_DATABASE_URL": url,
        "MEDREG_DATA_DIR": str(tmp_path),
        "COLUMNS": "200",
    }
    env.pop("MEDREG_NATIONAL_URL", None)

    def medreg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "api.cli.main", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert medreg("migrate").returncode == 0
    event_id = asyncio.run(dead_event(url))
    status = medreg("sync", "status", "--dead")
    assert status.returncode == 0, status.stderr
    row = next(line for line in status.stdout.splitlines() if "registration.completed" in line)
    assert [cell.strip() for cell in row.split("│")[2:7]] == ["0", "0", "0", "0", "1"]
    assert f"{event_id}  registration.completed  attempts 8  HTTP 500 boom" in status.stdout
    assert medreg("sync", "retry").returncode == 2
    assert medreg("sync", "retry", "--event", "not-a-uuid").returncode == 2
    retried = medreg("sync", "retry", "--event", str(event_id))
    assert "1 dead events queued again" in retried.stdout
    after = medreg("sync", "status")
    row = next(line for line in after.stdout.splitlines() if "registration.completed" in line)
    assert [cell.strip() for cell in row.split("│")[2:7]] == ["0", "1", "0", "0", "0"]
    off = medreg("sync", "run")
    assert off.returncode == 1
    assert "MEDREG_NATIONAL_URL" in off.stdout

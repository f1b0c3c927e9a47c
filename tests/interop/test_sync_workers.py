"""Several workers on PostgreSQL share the national sync: rows another worker holds are
skipped (``FOR UPDATE SKIP LOCKED``) and a person's later event waits for the earlier one, so
two workers racing deliver every event once and in order."""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from certificates.pki import Pki
from certificates.tokens import signing_key
from core import outbox
from core.clock import FixedClock
from core.db import session_factory
from interop.sync import service
from interop.sync.config import SyncConfig
from interop.sync.platform import NationalPlatform
from tests.factories.database import TEST_KEYRING, committed_engine, database_url
from tests.factories.national import DevPlatform, write_jwks

pytestmark = pytest.mark.skipif(
    not database_url().startswith("postgresql"),
    reason="several sync workers run on PostgreSQL; SQLite runs one in-process runner",
)


@pytest.fixture
def platform_home(tmp_path: Path, licence_pki: Pki) -> Iterator[DevPlatform]:
    dev = DevPlatform(tmp_path, write_jwks(licence_pki, tmp_path / "jwks.json"))
    dev.start()
    yield dev
    dev.stop()


async def test_two_workers_deliver_once_and_in_order(
    licence_pki: Pki, platform_home: DevPlatform
) -> None:
    clock = FixedClock(datetime(2026, 11, 25, 2, 0, tzinfo=UTC))
    cfg = SyncConfig(url=platform_home.url, batch=5, concurrency=3)
    async with committed_engine() as engine:
        sessions = session_factory(engine, keyring=TEST_KEYRING, clock=clock)
        expected: dict[str, list[str]] = defaultdict(list)
        regs = [str(uuid.uuid4()) for _ in range(8)]
        async with sessions() as session:
            for n in range(40):
                clock.advance(timedelta(seconds=1))
                reg = regs[n % len(regs)]
                event = await outbox.emit(
                    session, "registration.completed", {"registration_id": reg, "number": reg}
                )
                expected[f"ref:{reg}"].append(str(event.id))
            await session.commit()
        kid, key = signing_key(licence_pki, cfg.signer_authority)
        workers = [NationalPlatform(cfg.url, key, kid, timeout_s=5) for _ in range(2)]
        for _ in range(20):
            rounds = await asyncio.gather(
                *(service.deliver_round(sessions, w, cfg) for w in workers)
            )
            if sum(r.delivered for r in rounds) == 0:
                break
        for worker in workers:
            await worker.close()
    stats = platform_home.stats()
    assert (stats["stored"], stats["duplicates"]) == (40, 0)
    arrived: dict[str, list[str]] = defaultdict(list)
    for event in stats["events"]:
        arrived[event["subject"]].append(event["id"])
    assert dict(arrived) == dict(expected)

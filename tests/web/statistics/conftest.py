"""The statistics pages' portal: the same app as the other browser tests, on a database of
its own holding the generated city of the statistics tests (so its many institutions and
practitioners never show up in the other pages' tests)."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy.ext.asyncio import async_sessionmaker

from api.app import create_app
from api.migrate import upgrade
from core.db import create_engine
from tests.factories import statistics as generated
from tests.factories.network import free_port
from tests.web.portal import Portal, PortalSettings, in_thread


@pytest.fixture(scope="package")
def portal(web_dist: Path) -> Iterator[Portal]:
    data_dir = Path(tempfile.mkdtemp(prefix="medreg-stats-web-"))
    settings = PortalSettings(
        environment="development",
        database_url=f"sqlite+aiosqlite:///{data_dir}/portal.db",
        data_dir=data_dir,
        web_dist=web_dist,
        master_key=None,
        password_hash_time_cost=1,
        password_hash_memory_kib=8,
        password_hash_parallelism=1,
    )

    async def seed() -> None:
        engine = create_engine(settings.database_url)
        try:
            async with async_sessionmaker(engine, expire_on_commit=False)() as session:
                city = await generated.city(session, sizes=generated.PORTAL_SIZES)
                await generated.rollout(session, city)
                await generated.verifications(session)
                await session.commit()
        finally:
            await engine.dispose()

    def prepare() -> None:
        upgrade(settings.database_url)
        asyncio.run(seed())

    in_thread(prepare)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive(), "the app stopped while starting"
        assert time.monotonic() < deadline, "the app did not start within 20 s"
        time.sleep(0.05)
    yield Portal(base_url=f"http://127.0.0.1:{port}", settings=settings)
    server.should_exit = True
    thread.join(timeout=10)
    shutil.rmtree(data_dir, ignore_errors=True)

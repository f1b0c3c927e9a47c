"""Statistics reads on the city-scale demo (≈6,000 institutions, 195,000 practitioners with
their registration histories). Budget (DESIGN.md §8, issue "Statistics and supervision"): each
read ≤ 300 ms on PostgreSQL and ≤ 1 s on SQLite, median of 5.

    python -m bench.statistics [--url sqlite+aiosqlite:///… | postgresql+psycopg://…] [--runs 5]

Without ``--url`` it runs on a temporary SQLite file. A PostgreSQL database named in ``--url``
is created when missing and emptied first (``--reuse`` keeps one that holds the demo). It
rebuilds the materialised summary once (timed: the worker's job), then prints one line per
read: median, min and max. The reads for today use the groups the rebuild stored for its day;
the reads for a past date group the periods then and there (two dates: a month end and a day
within a month).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 25)
BUDGET_MS = {"postgresql": 300.0, "sqlite": 1000.0}


async def _has_data(url: str) -> bool:
    from sqlalchemy import text

    from core.db import create_engine

    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return bool((await conn.execute(text("SELECT count(*) FROM institution"))).scalar())
    except Exception:
        return False
    finally:
        await engine.dispose()


async def _fresh(url: str) -> Any:
    from sqlalchemy import text

    from api.migrate import upgrade_connection
    from core.db import create_engine

    if url.startswith("postgresql"):
        import psycopg
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(
            hide_password=False
        )
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{parsed.database}"')
    engine = create_engine(url)
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await conn.run_sync(upgrade_connection)
    return engine


async def run(url: str, runs: int, reuse: bool) -> None:

    from api.migrate import upgrade_connection
    from core.clock import SHANGHAI
    from core.crypto import Keyring
    from core.db import create_engine, session_factory
    from core.uow import unit_of_work
    from demo import Scale, load_demo
    from registry.statistics import census
    from registry.statistics.resources import build_resources
    from registry.statistics.scope import Area
    from registry.statistics.summary import refresh, tidy
    from registry.statistics.supervision import build_supervision

    keyring = Keyring.from_master(b"medreg-bench-statistics-master-key-0123")
    if reuse and await _has_data(url):
        engine = create_engine(url)
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_connection)
        print(f"{engine.dialect.name}: reusing the city demo already loaded")
    else:
        engine = await _fresh(url)
        started = time.perf_counter()
        await load_demo(engine, keyring, seed=2026, scale=Scale.CITY, today=TODAY)
        print(f"{engine.dialect.name}: city demo loaded in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    async with unit_of_work(session_factory(engine, keyring=keyring)) as session:
        periods = await refresh(session)
    await tidy(session_factory(engine, keyring=keyring))
    print(
        f"{engine.dialect.name}: summary rebuilt ({periods} periods) in "
        f"{time.perf_counter() - started:.1f} s (the worker's job, every 10 minutes)"
    )
    city, pudong = Area("310000", census.DISTRICTS), Area("310115", ("310115",))
    today = datetime.now(SHANGHAI).date()
    year_ago = today - timedelta(days=364)
    reads: dict[str, Callable[[Any], Awaitable[Any]]] = {
        "resources city today": lambda s: build_resources(s, city, today),
        "resources city 2025-06-30": lambda s: build_resources(s, city, date(2025, 6, 30)),
        "resources city 2026-03-17": lambda s: build_resources(s, city, date(2026, 3, 17)),
        "resources Pudong today": lambda s: build_resources(s, pudong, today),
        "resources Pudong 2025-06-30": lambda s: build_resources(s, pudong, date(2025, 6, 30)),
        "supervision city 12 months": lambda s: build_supervision(s, city, year_ago, today, today),
        "supervision city to 2026-06-30": lambda s: build_supervision(
            s, city, date(2025, 7, 1), date(2026, 6, 30), today
        ),
        "supervision Pudong 12 months": lambda s: build_supervision(
            s, pudong, year_ago, today, today
        ),
    }
    sessions = session_factory(engine, keyring=keyring)
    budget = BUDGET_MS[engine.dialect.name]
    for name, read in reads.items():
        timings, cpu = [], []
        for _ in range(runs):
            async with sessions() as session:
                t0, c0 = time.perf_counter(), time.process_time()
                await read(session)
                timings.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
        median = statistics.median(timings)
        verdict = "ok" if median <= budget else "OVER BUDGET"
        print(
            f"{engine.dialect.name:10} {name:32} median {median:7.1f} ms "
            f"(min {min(timings):.1f}, max {max(timings):.1f}; budget {budget:.0f} ms) {verdict}; "
            f"this process's CPU {statistics.median(cpu):.0f} ms; load {os.getloadavg()[0]:.1f}"
        )
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", action="append", help="Database URL (repeatable).")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--reuse", action="store_true", help="Keep a database that holds data (no reload)."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        urls = args.url or [f"sqlite+aiosqlite:///{tmp}/statistics.db"]
        for url in urls:
            asyncio.run(run(url, args.runs, args.reuse))


if __name__ == "__main__":
    main()

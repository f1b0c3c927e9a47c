"""Demo data loading benchmark: the city scale must load in at most 60 s on SQLite.

    .venv/bin/python -m bench.demo_load [--scale CITY] [--seed 2026] [--schema migrations]

Creates a temporary SQLite database (by running the migrations, which also insert the 17
authorities, or from the metadata with the authorities inserted here), loads the demo data and
prints the seconds taken, the rows per table and the institutions and practitioners per district.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from core.crypto import Keyring
from core.db import Base, create_engine
from demo import DemoSummary, Scale, load_demo
from demo.geography import DISTRICTS, MUNICIPAL_CODE
from directory.models import Authority, AuthorityLevel

BUDGET_SECONDS = 60.0
TODAY = date(2026, 11, 25)
KEYRING = Keyring.from_master(b"medreg-bench-demo-master-key-0123456789")


async def prepare(engine: AsyncEngine, schema: str) -> None:
    async with engine.begin() as conn:
        if schema == "migrations":
            from api.migrate import upgrade_connection

            await conn.run_sync(upgrade_connection)
            return
        await conn.run_sync(Base.metadata.create_all)
        municipal = {
            "code": MUNICIPAL_CODE,
            "name_zh": "上海市卫生健康委员会",
            "name_en": "Shanghai Municipal Health Commission",
            "level": AuthorityLevel.MUNICIPAL,
            "parent_code": None,
        }
        districts = [
            {
                "code": d.code,
                "name_zh": f"{d.name}卫生健康委员会",
                "name_en": f"{d.name_en} Health Commission",
                "level": AuthorityLevel.DISTRICT,
                "parent_code": MUNICIPAL_CODE,
            }
            for d in DISTRICTS
        ]
        await conn.execute(insert(Authority), [municipal, *districts])


def report(summary: DemoSummary, path: Path) -> None:
    verdict = "within" if summary.seconds <= BUDGET_SECONDS else "OVER"
    print(
        f"{summary.scale.name} scale, seed {summary.seed}: {summary.seconds:.1f} s "
        f"({verdict} the {BUDGET_SECONDS:.0f} s budget), {summary.total_rows:,} rows, "
        f"{path.stat().st_size / 2**20:.0f} MiB"
    )
    for table, count in sorted(summary.rows.items()):
        print(f"  {table:<20} {count:>9,}")
    print(f"  {'district':<8} {'institutions':>12} {'doctors':>8} {'nurses':>8}")
    for code, d in summary.districts.items():
        print(f"  {code:<8} {d.institutions:>12,} {d.doctors:>8,} {d.nurses:>8,}")


async def main(scale: Scale, seed: int, schema: str) -> None:
    with tempfile.TemporaryDirectory(prefix="medreg-demo-bench-") as tmp:
        path = Path(tmp) / "demo.db"
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await prepare(engine, schema)
            last = time.perf_counter()

            def progress(stage: str, done: int, total: int) -> None:
                nonlocal last
                now = time.perf_counter()
                if done == total or now - last > 5:
                    print(f"  {stage}: {done:,}/{total:,}", flush=True)
                    last = now

            summary = await load_demo(
                engine, KEYRING, seed=seed, scale=scale, today=TODAY, progress=progress
            )
        finally:
            await engine.dispose()
        report(summary, path)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=[s.name for s in Scale], default=Scale.CITY.name)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--schema", choices=["migrations", "metadata"], default="migrations")
    args = parser.parse_args()
    asyncio.run(main(Scale[args.scale], args.seed, args.schema))

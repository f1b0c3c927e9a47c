"""City-scale import benchmark: the three old systems' exports into an empty registry.

    .venv/bin/python -m bench.import [--dir DIR] [--scale city] [--dirty 0.05]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/DB]

Writes the sample exports (``medreg demo export-legacy``) unless ``--dir`` holds them, then for
SQLite (a temporary file) and, when given, PostgreSQL (the database is emptied first!) runs the
migrations and imports institutions, doctors and nurses, each engine in a process of its own so
its peak memory is its own. Prints the seconds per file, the total against the budget (90 s on
SQLite, 60 s on PostgreSQL), the seconds per phase (reading and cleaning, matching, building
rows, inserts, licences), the peak resident memory against 500 MB, the load average (the
machine is shared: read absolute times beside it), the outcome counts and the report's counts
per reason, then re-imports the nurses to show an unchanged file changes nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

from core.audit import AuditActor
from core.clock import Clock
from core.crypto import Keyring
from core.db import create_engine, session_factory
from registry.imports.columns import REGISTRIES, ImportKind
from registry.imports.service import import_file

BUDGETS = {"sqlite": 90.0, "postgresql": 60.0}
MEMORY_BUDGET_MB = 500
KEYRING = Keyring.from_master(b"medreg-bench-import-master-key-0123456789")
ACTOR = AuditActor("bench", "SYSTEM_ADMIN")


async def _reset(url: str) -> None:
    from api.migrate import upgrade_connection

    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                await conn.execute(text("CREATE SCHEMA public"))
            await conn.run_sync(upgrade_connection)
    finally:
        await engine.dispose()


async def _import_all(url: str, folder: Path, again: bool) -> dict[str, Any]:
    await _reset(url)
    engine = create_engine(url)
    factory = session_factory(engine, keyring=KEYRING, clock=Clock())
    results: dict[str, Any] = {}
    try:
        kinds = list(REGISTRIES) + ([ImportKind.NURSES] if again else [])
        for i, kind in enumerate(kinds):
            started, cpu = time.perf_counter(), time.process_time()
            async with factory() as session:
                summary = await import_file(session, ACTOR, kind, folder / f"{kind.value}.csv")
                await session.commit()
            label = kind.value if i < 3 else "nurses again"
            results[label] = summary.as_dict() | {
                "seconds": time.perf_counter() - started,
                "cpu": time.process_time() - cpu,
            }
    finally:
        await engine.dispose()
    results["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results["load"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return results


def _child(url: str, folder: Path) -> None:
    print(json.dumps(asyncio.run(_import_all(url, folder, again=True)), ensure_ascii=False))


def _run_engine(url: str, folder: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.import", "--child", url, "--dir", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _print(engine: str, results: dict[str, Any]) -> None:
    total = sum(results[k.value]["seconds"] for k in REGISTRIES)
    cpu = sum(results[k.value]["cpu"] for k in REGISTRIES)
    print(f"\n== {engine} ==")
    for label in (*(k.value for k in REGISTRIES), "nurses again"):
        r = results[label]
        print(
            f"  {label:<13} {r['rows']:>7} rows {r['seconds']:7.1f} s (CPU {r['cpu']:5.1f} s)"
            f"  new {r['created']:>6}"
            f"  changed {r['changed']:>4}  unchanged {r['unchanged']:>6}"
            f"  rejected {r['rejected']:>5}"
            f"  quarantined {r['quarantined']:>4}  normalised {r['normalised']:>6}"
        )
        phases = ", ".join(f"{name} {seconds:.1f}" for name, seconds in r["phases"].items())
        print(f"  {'':<13} phases (s): {phases}")
    budget = BUDGETS[engine]
    verdict = "within" if total <= budget else "OVER"
    print(f"  total {total:.1f} s, CPU {cpu:.1f} s (budget {budget:.0f} s: {verdict})")
    peak = results["peak_mb"]
    verdict = "within" if peak <= MEMORY_BUDGET_MB else "OVER"
    print(f"  peak memory {peak:.0f} MB (budget {MEMORY_BUDGET_MB} MB: {verdict})")
    print(f"  load average at the end of the run {results['load']} (1, 5, 15 min)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--scale", default="city")
    parser.add_argument("--dirty", type=float, default=0.05)
    parser.add_argument("--postgres")
    parser.add_argument("--child")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only.")
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.dir)
        return
    folder = args.dir or Path(tempfile.mkdtemp(prefix="medreg-legacy-"))
    if not (folder / "nurses.csv").exists():
        from demo import Scale
        from demo.legacy import export_legacy

        started = time.perf_counter()
        exported = asyncio.run(
            export_legacy(
                folder,
                scale=Scale[args.scale.upper()],
                dirty=args.dirty,
                today=date(2026, 11, 25),
            )
        )
        print(f"exported {dict(exported.rows)} in {time.perf_counter() - started:.0f} s")
    print(f"files in {folder}")
    engines = {}
    if not args.no_sqlite:
        engines["sqlite"] = f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='medreg-bench-')}/i.db"
    if args.postgres:
        engines["postgresql"] = args.postgres
    reasons: Counter[str] = Counter()
    for engine, url in engines.items():
        results = _run_engine(url, folder)
        _print(engine, results)
        reasons = Counter()
        for kind in REGISTRIES:
            reasons.update(results[kind.value]["reasons"])
    print("\nreport, counts per reason (the three files):")
    for reason, count in sorted(reasons.items()):
        print(f"  {reason:<22} {count:>7}")


if __name__ == "__main__":
    main()

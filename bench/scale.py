"""Growth: do the hot pages stay flat from 100,000 to 1,000,000 practitioners?

    python -m bench.scale [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/medreg_scale]
        [--sizes 100000,1000000] [--requests 200]

Loads the small demo into PostgreSQL (the database is dropped and re-created on the first run;
its data directory, holding the master key, is var/bench-scale), then grows it to each size in
turn with COPY: every institution and practitioner of the demo (person, practitioner,
registrations and their periods and events, licences) is copied generation after generation
under new ids, numbers and blind indexes, each generation's practitioners at that generation's
institutions: the city grows, its institutions keep their size (a roster's cost follows its
institution's staff, which the printed blocks of the roster show at the demo's size). After each
size it runs ANALYZE and times, in one process over ASGI, the directory, an institution's
roster, an officer's workbench, lookupLicence and verifyLicence (the documents of
bench/load.py), and prints p50/p95 per page, the shared blocks its statements touch in
PostgreSQL (EXPLAIN (ANALYZE, BUFFERS): unlike the wall time, not moved by the machine's load),
and the growth of each from the first size to the last (budget: p50 ≤ 1.5×). Copies are never
shown in full (their ciphertexts belong to the original rows); the pages read what the directory
and the queues read.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import env_for, medreg  # noqa: E402
from bench.load_mix import make_fixture, mix  # noqa: E402

SCALE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/medreg_scale"
PAGES = ("directory", "roster", "workbench", "lookupLicence", "verifyLicence")
BUDGET_GROWTH = 1.5
NEW_ID = "md5({column}::text || '/' || g)::uuid"
"""A copy's id (or reference to a copied row): the same for every reference to one row."""

COPIED: dict[str, dict[str, str]] = {
    # table: {column: expression over the original row and the generation g}
    "institution": {
        "id": NEW_ID.format(column="id"),
        "uscc": "upper(left(md5(uscc || '/' || g), 18))",
        "licence_number": "licence_number || '-' || g",
        "name": "name || ' ' || g",
    },
    "person": {
        "id": NEW_ID.format(column="id"),
        "id_number_index": "md5(id_number_index || '/' || g)",
        "mobile_index": "md5(mobile_index || '/' || g)",
    },
    "practitioner": {
        "id": NEW_ID.format(column="id"),
        "person_id": NEW_ID.format(column="person_id"),
    },
    "registration": {
        "id": NEW_ID.format(column="id"),
        "practitioner_id": NEW_ID.format(column="practitioner_id"),
        "institution_id": NEW_ID.format(column="institution_id"),
        "number": "number || '-' || g",
    },
    "registration_period": {
        "id": "",  # a serial: left to its sequence
        "registration_id": NEW_ID.format(column="registration_id"),
        "person_id": NEW_ID.format(column="person_id"),
        "institution_id": NEW_ID.format(column="institution_id"),
    },
    "registration_event": {
        "id": NEW_ID.format(column="id"),
        "registration_id": NEW_ID.format(column="registration_id"),
    },
    "licence": {
        "id": NEW_ID.format(column="id"),
        "number": "number || '-' || g",
        "holder_ref": NEW_ID.format(column="holder_ref") + "::text",
        "token": "NULL",
        "pdf": "NULL",
    },
}
ORIGINS = {
    # table: the rows of the demo that are copied (kept in scale_origin_<table>)
    "institution": "SELECT id FROM institution",
    "person": "SELECT id FROM person",
    "practitioner": "SELECT id FROM practitioner",
    "registration": "SELECT id FROM registration WHERE practitioner_id IS NOT NULL",
    "registration_period": (
        "SELECT p.id FROM registration_period p JOIN registration r ON r.id = p.registration_id"
        " WHERE r.practitioner_id IS NOT NULL"
    ),
    "registration_event": (
        "SELECT e.id FROM registration_event e JOIN registration r ON r.id = e.registration_id"
        " WHERE r.practitioner_id IS NOT NULL"
    ),
    "licence": (
        "SELECT l.id FROM licence l JOIN registration r ON r.id::text = l.holder_ref"
        " WHERE r.practitioner_id IS NOT NULL"
    ),
}


def dsn_of(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def prepare(url: str, data_dir: Path) -> None:
    """A fresh database with the small demo and the origin tables (once; later runs reuse
    it, already grown)."""
    import psycopg

    marker = data_dir / "bench-scale-loaded"
    if marker.exists() and marker.read_text() == url:
        return
    dsn = dsn_of(url)
    admin, name = dsn.rsplit("/", 1)[0] + "/postgres", dsn.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = env_for(url, data_dir)
    started = time.perf_counter()
    medreg(env, "migrate")
    medreg(env, "keys", "init")
    medreg(env, "demo", "--scale", "small")
    with psycopg.connect(dsn) as conn:
        for table, origin in ORIGINS.items():
            conn.execute(f"CREATE TABLE scale_origin_{table} AS {origin}")
        conn.execute("CREATE TABLE scale_generation (done integer NOT NULL)")
        conn.execute("INSERT INTO scale_generation VALUES (0)")
    print(f"small demo loaded in {time.perf_counter() - started:.0f} s", flush=True)
    marker.write_text(url)


def _columns(conn: Any, table: str) -> list[str]:
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
        (table,),
    ).fetchall()
    return [row[0] for row in rows]


def grow(url: str, practitioners: int) -> None:
    """Copy generations of the demo's practitioners until there are ``practitioners``."""
    import psycopg

    dsn = dsn_of(url)
    with psycopg.connect(dsn, autocommit=True) as source, psycopg.connect(dsn) as target:
        current = source.execute("SELECT count(*) FROM practitioner").fetchone()[0]
        per_generation = source.execute("SELECT count(*) FROM scale_origin_practitioner")
        per = per_generation.fetchone()[0]
        done = source.execute("SELECT done FROM scale_generation").fetchone()[0]
        wanted = done + max(0, math.ceil((practitioners - current) / per))
        if wanted == done:
            return
        started = time.perf_counter()
        for table, overrides in COPIED.items():
            columns = [c for c in _columns(source, table) if overrides.get(c) != ""]
            select = ", ".join(overrides.get(c) or c for c in columns)
            query = (
                f"SELECT {select} FROM {table} JOIN scale_origin_{table} USING (id)"  # noqa: S608 - our own table and column names
                f" CROSS JOIN generate_series({done + 1}, {wanted}) AS g"
            )
            names = ", ".join(columns)
            with (
                source.cursor().copy(f"COPY ({query}) TO STDOUT (FORMAT BINARY)") as out,
                target.cursor().copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as into,
            ):
                for block in out:
                    into.write(block)
        target.execute("UPDATE scale_generation SET done = %s", (wanted,))
        target.commit()
        source.execute("ANALYZE")
        total = source.execute("SELECT count(*) FROM practitioner").fetchone()[0]
    print(
        f"grown to {total:,} practitioners (generations {done + 1}–{wanted}) with COPY in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )


@dataclass
class PageFigures:
    milliseconds: list[float]
    """Wall time of each request, one at a time, in this process."""
    blocks: int
    """Buffers the page's SELECT statements touch in PostgreSQL (shared hits and reads, from
    EXPLAIN (ANALYZE, BUFFERS)): what the data makes a page cost, whatever the machine's
    load does to its wall time."""

    def p(self, q: int) -> float:
        values = self.milliseconds
        return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def blocks_of(url: str, statements: list[tuple[str, Any]]) -> int:
    """Shared blocks the SELECTs touch, each explained as it ran (with its parameters)."""
    import psycopg

    total = 0
    with psycopg.connect(dsn_of(url)) as conn:
        for statement, parameters in statements:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            row = conn.execute(
                "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, parameters
            ).fetchone()
            plan = row[0][0]["Plan"]
            total += plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)
        conn.rollback()
    return total


async def measure(url: str, data_dir: Path, requests: int) -> dict[str, PageFigures]:
    """Each page timed ``requests`` times, and its statements explained once."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from api.app import create_app
    from api.logging import configure_logging
    from api.settings import Settings

    configure_logging("WARNING")
    settings = Settings(
        database_url=url, data_dir=data_dir, licence_lookup_limits="100000000/minute"
    )
    app = create_app(settings)
    wanted = [r for r in mix(await make_fixture(url, settings)) if r.name in PAGES]
    figures: dict[str, PageFigures] = {}
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for r in wanted:
            headers = {"cookie": r.cookie} if r.cookie else {}
            for _ in range(20):  # warm the caches and the connection pool
                response = await client.post(r.path, json=r.body, headers=headers)
            body = response.json()
            if response.status_code != 200 or "errors" in body:
                print(f"  {r.name:<14} FAILED {response.text[:300]}")
                continue
            seen.clear()
            event.listen(Engine, "before_cursor_execute", record)
            try:
                await client.post(r.path, json=r.body, headers=headers)
            finally:
                event.remove(Engine, "before_cursor_execute", record)
            statements = list(seen)
            spent = []
            for _ in range(requests):
                t0 = time.perf_counter()
                await client.post(r.path, json=r.body, headers=headers)
                spent.append((time.perf_counter() - t0) * 1000)
            figures[r.name] = PageFigures(spent, blocks_of(url, statements))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", default=os.environ.get("MEDREG_SCALE_DATABASE_URL", SCALE_URL))
    parser.add_argument("--sizes", default="100000,1000000", help="practitioners, ascending")
    parser.add_argument("--requests", type=int, default=200, help="per page and size")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    data_dir = ROOT / "var" / "bench-scale"
    data_dir.mkdir(parents=True, exist_ok=True)
    prepare(args.pg_url, data_dir)
    results: dict[int, dict[str, PageFigures]] = {}
    for size in sizes:
        grow(args.pg_url, size)
        load = os.getloadavg()[0]
        results[size] = asyncio.run(measure(args.pg_url, data_dir, args.requests))
        for page, f in results[size].items():
            print(
                f"  {size:>9,} practitioners  {page:<14} p50 {f.p(50):7.2f} ms"
                f"  p95 {f.p(95):7.2f} ms  {f.blocks:6} blocks  (load average {load:.2f})",
                flush=True,
            )
    first, last = sizes[0], sizes[-1]
    print()
    for page in PAGES:
        if page in results[first] and page in results[last]:
            before, after = results[first][page], results[last][page]
            growth = after.p(50) / before.p(50)
            blocks = after.blocks / max(1, before.blocks)
            verdict = "ok" if growth <= BUDGET_GROWTH else "OVER"
            print(
                f"{page:<14} p50 {before.p(50):6.2f} ms at {first:,} → {after.p(50):6.2f} ms at"
                f" {last:,}: {growth:4.2f}× (budget ≤ {BUDGET_GROWTH}×: {verdict}); blocks"
                f" {before.blocks} → {after.blocks}: {blocks:4.2f}×"
            )
    subprocess.run(["uptime"], check=False)


if __name__ == "__main__":
    main()

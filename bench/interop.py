"""Interconnection benchmark on PostgreSQL at city scale:

- **sync throughput**: events per second pushed (signed, in order per person) to the
  development national platform (``medreg dev national-platform``, a real HTTP server that
  verifies every signature);
- **FHIR latency**: ``GET /fhir/Practitioner?_count=100`` against ``medreg serve``, first pages
  and deep pages (following ``next`` links), median and p95 over HTTP with a bearer token.
  Budget: median ≤ 150 ms.

    .venv/bin/python -m bench.interop [--database-url postgresql+psycopg://…] [--events 2000]

Ports: ``MEDREG_BENCH_PORT`` (default 8390) for ``medreg serve``, the next one for the platform.

The database (``--database-url``, default ``MEDREG_TEST_DATABASE_URL`` or the local
``medreg_test``) is emptied, migrated and loaded with ``medreg demo --scale city`` first
(``--reuse`` keeps a city loaded by an earlier run), then ANALYZEd.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select, text

from core import outbox
from core.db import create_engine, session_factory
from registry.registrations.models import Registration, RegistrationSubject

BUDGET_MS = 150.0
DEFAULT_URL = os.environ.get(
    "MEDREG_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/medreg_test"
)
"""Emptied by the run: a test database, never one that matters."""
SERVE_PORT = int(os.environ.get("MEDREG_BENCH_PORT", "8390"))
"""``medreg serve`` listens here and the development national platform on the next port."""
PLATFORM_PORT = SERVE_PORT + 1


def medreg(env: dict[str, str], *args: str, check: bool = True) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "api.cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if check and done.returncode != 0:
        raise SystemExit(f"medreg {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


async def reset(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


async def add_missing_tables(url: str) -> None:
    from api.model_index import load_metadata

    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(load_metadata().create_all)
    await engine.dispose()


async def analyze(url: str) -> None:
    """Planner statistics as autovacuum keeps them in a running system (a bulk load leaves
    them stale until its next pass)."""
    engine = create_engine(url)
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("ANALYZE"))
    await engine.dispose()


async def in_process(url: str, rounds: int) -> tuple[float, float]:
    """``interop.fhir.service.search`` alone (SQL, resources, validation): medians in ms of
    the first page and of the page after it, to tell the search from the HTTP stack."""
    from urllib.parse import parse_qs, urlsplit

    from interop.fhir import service

    engine = create_engine(url)
    sessions = session_factory(engine, keyring=None)
    first: list[float] = []
    deep: list[float] = []
    params = {"_count": ["100"]}
    async with sessions() as session:
        page = await service.search(session, "Practitioner", params, "http://x/fhir")
    nxt = next(link["url"] for link in page["link"] if link["relation"] == "next")
    after = parse_qs(urlsplit(nxt).query)
    for _ in range(rounds):
        async with sessions() as session:
            started = time.perf_counter()
            await service.search(session, "Practitioner", params, "http://x/fhir")
            middle = time.perf_counter()
            await service.search(session, "Practitioner", after, "http://x/fhir")
            first.append((middle - started) * 1000)
            deep.append((time.perf_counter() - middle) * 1000)
    await engine.dispose()
    return statistics.median(first), statistics.median(deep)


async def emit_events(url: str, keyring: Any, count: int) -> int:
    """``count`` registration events over the city's registrations (several per person)."""
    engine = create_engine(url)
    sessions = session_factory(engine, keyring=keyring)
    async with sessions() as session:
        regs = list(
            (
                await session.execute(
                    select(Registration.id, Registration.number, Registration.version)
                    .where(Registration.subject != RegistrationSubject.INSTITUTION)
                    .limit(max(count // 4, 1))
                )
            ).all()
        )
        for n in range(count):
            reg_id, number, version = regs[n % len(regs)]
            await outbox.emit(
                session,
                "registration.completed",
                {
                    "registration_id": str(reg_id),
                    "registration_version": version,
                    "number": number,
                    "action": ("ISSUE", "NONE", "RENEW", "REVOKE")[(n // len(regs)) % 4],
                    "content": {"number": number},
                },
            )
        await session.commit()
    await engine.dispose()
    return count


async def sync_throughput(url: str, settings: Any) -> tuple[int, float]:
    from interop.sync.config import SyncConfig
    from interop.sync.runtime import NationalSync

    engine = create_engine(url)
    sessions = session_factory(engine, keyring=settings.keyring)
    sync = NationalSync(
        SyncConfig(url=f"http://127.0.0.1:{PLATFORM_PORT}", batch=100),
        settings.licence_runtime().pki,
    )
    started = time.perf_counter()
    done = await sync.run(sessions)
    seconds = time.perf_counter() - started
    await sync.close()
    await engine.dispose()
    return done.delivered, seconds


def fhir_latency(client_id: str, secret: str, rounds: int) -> tuple[list[float], list[float]]:
    base = f"http://127.0.0.1:{SERVE_PORT}"
    with httpx.Client(base_url=base, timeout=30) as http:
        token = http.post(
            "/oauth/token",
            data={"grant_type": "client_credentials", "scope": "fhir.read"},
            auth=(client_id, secret),
        ).json()["access_token"]
        http.headers["authorization"] = f"Bearer {token}"
        first: list[float] = []
        deep: list[float] = []
        url = "/fhir/Practitioner?_count=100"
        for _ in range(5):  # warm up
            http.get(url).raise_for_status()
        for _ in range(rounds):
            started = time.perf_counter()
            answer = http.get(url)
            first.append((time.perf_counter() - started) * 1000)
            answer.raise_for_status()
        page = http.get(url).json()
        for _ in range(rounds):
            following = [link["url"] for link in page["link"] if link["relation"] == "next"]
            if not following:
                break
            started = time.perf_counter()
            answer = http.get(following[0])
            deep.append((time.perf_counter() - started) * 1000)
            page = answer.json()
            assert len(page["entry"]) == 100
    return first, deep


def p95(values: list[float]) -> float:
    return sorted(values)[max(int(len(values) * 0.95) - 1, 0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Keep the city already loaded by an earlier run (only add missing tables).",
    )
    args = parser.parse_args()
    from api.settings import Settings

    with tempfile.TemporaryDirectory(prefix="medreg-bench-interop-") as tmp:
        env = {
            **os.environ,
            "MEDREG_DATABASE_URL": args.database_url,
            "MEDREG_DATA_DIR": tmp,
            "MEDREG_PUBLIC_URL": f"http://127.0.0.1:{SERVE_PORT}",
            "MEDREG_LOG_LEVEL": "WARNING",
            "MEDREG_JOBS": "worker",
            "COLUMNS": "200",
        }
        if args.reuse:
            asyncio.run(add_missing_tables(args.database_url))
        else:
            asyncio.run(reset(args.database_url))
            medreg(env, "migrate")
            started = time.perf_counter()
            medreg(env, "demo", "--scale", "city")
            print(f"city-scale demo loaded in {time.perf_counter() - started:.0f} s")
        asyncio.run(analyze(args.database_url))
        medreg(env, "keys", "init")
        made = medreg(
            env,
            "clients",
            "create",
            "--name",
            "bench",
            "--scopes",
            "fhir.read",
            "--rate-limit",
            "100000/minute",
        )
        fields = dict(
            line.split(None, 1) for line in made.splitlines() if line.startswith("client")
        )
        settings = Settings(
            database_url=args.database_url,
            data_dir=Path(tmp),
            master_key=None,
            public_url=env["MEDREG_PUBLIC_URL"],
        )
        processes = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "api.cli.main",
                    "dev",
                    "national-platform",
                    "--port",
                    str(PLATFORM_PORT),
                    "--jwks",
                    f"{env['MEDREG_PUBLIC_URL']}/.well-known/jwks.json",
                    "--store",
                    f"{tmp}/platform.db",
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
            subprocess.Popen(
                [sys.executable, "-m", "api.cli.main", "serve", "--port", str(SERVE_PORT)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
        ]
        try:
            wait_for(f"http://127.0.0.1:{SERVE_PORT}/healthz")
            wait_for(f"http://127.0.0.1:{PLATFORM_PORT}/_dev/stats")
            first, deep = fhir_latency(fields["client_id"], fields["client_secret"], args.rounds)
            median = statistics.median(first + deep)
            verdict = "within" if median <= BUDGET_MS else "OVER"
            print(
                "FHIR Practitioner?_count=100: first page median "
                f"{statistics.median(first):.1f} ms p95 {p95(first):.1f} ms; "
                "deep pages (next links) median "
                f"{statistics.median(deep):.1f} ms p95 {p95(deep):.1f} ms; overall median "
                f"{median:.1f} ms ({verdict} the {BUDGET_MS:.0f} ms budget)"
            )
            alone = asyncio.run(in_process(args.database_url, 30))
            print(
                f"  the search alone (in process): first page {alone[0]:.1f} ms, "
                f"next page {alone[1]:.1f} ms (median)"
            )
            asyncio.run(emit_events(args.database_url, settings.keyring, args.events))
            delivered, seconds = asyncio.run(sync_throughput(args.database_url, settings))
            stats = httpx.get(f"http://127.0.0.1:{PLATFORM_PORT}/_dev/stats", timeout=10).json()
            print(
                f"national sync: {delivered} events in {seconds:.1f} s = "
                f"{delivered / seconds:.0f} events/s (platform stored {stats['stored']}, "
                f"duplicates {stats['duplicates']}, rejected {stats['rejected']})"
            )
        finally:
            for process in processes:
                process.terminate()
                process.wait(20)


if __name__ == "__main__":
    main()

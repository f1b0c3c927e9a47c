"""Realistic load: each role's pages over GraphQL, driven by wrk at concurrency 1 and 16, on
SQLite (small demo) and PostgreSQL (city demo), with hand-written Starlette + SQLAlchemy Core
routes for the directory and workbench pages served from the same database in the same run.
Prints requests/s, p50/p99 per page and the GraphQL/hand-written ratio.

Budgets (DESIGN.md §8; printed, never asserted): directory and workbench ≥ 0.5 × hand-written
at concurrency 1 and 16 on both engines; PostgreSQL city scale with `serve --workers 2` at
concurrency 16: every page p50 ≤ 5 ms and p99 ≤ 50 ms; SQLite p99 ≤ 4 × p50 at concurrency 16.

    python -m bench.load [--engines sqlite,postgres] [--seconds 5] [--workers 2]
        [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/medreg_bench] [--port 8500]

The PostgreSQL database is dropped and loaded with the city demo once (its data directory,
holding the master key, is kept under var/bench-postgres); later runs reuse it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import wrk  # noqa: E402
from bench.load_mix import Request, fixture, mix  # noqa: E402

MEDREG = Path(sys.executable).with_name("medreg")
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/medreg_bench"


def env_for(url: str, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "MEDREG_DATABASE_URL": url,
        "MEDREG_DATA_DIR": str(data_dir),
        "MEDREG_LOG_LEVEL": "WARNING",
        # The public lookup is throttled per client address; the load comes from one address.
        "MEDREG_LICENCE_LOOKUP_LIMITS": "100000000/minute",
    }


def medreg(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(MEDREG), *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def prepare(engine: str, url: str, data_dir: Path) -> None:
    """Migrate, create the PKI and load the demo (SQLite: small, fresh; PostgreSQL: city,
    once)."""
    env = env_for(url, data_dir)
    marker = data_dir / "bench-demo-loaded"
    if marker.exists() and marker.read_text() == url:
        return
    if engine == "postgresql":
        import psycopg

        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        admin_dsn = dsn.rsplit("/", 1)[0] + "/postgres"
        name = dsn.rsplit("/", 1)[1]
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    scale = "city" if engine == "postgresql" else "small"
    started = time.perf_counter()
    medreg(env, "migrate")
    medreg(env, "keys", "init")
    medreg(env, "demo", "--scale", scale)
    print(f"{engine}: {scale} demo loaded in {time.perf_counter() - started:.0f} s", flush=True)
    marker.write_text(url)


def compile_bytecode() -> None:
    """Compile medreg's modules, as installing the package does (``pip install``, the
    Dockerfile): an editable checkout run with ``PYTHONDONTWRITEBYTECODE=1`` never writes
    its bytecode, so every server start compiled some 300 modules again, a second of CPU
    that ``medreg serve``'s time to ready is not about."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        found = tomllib.load(f)["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = [pattern.rstrip("*") for pattern in found]  # the packages pip installs
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-j", "0", *packages], cwd=ROOT, check=True
    )


def wait_ready(base: str, process: subprocess.Popen[bytes], path: str = "/healthz") -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < 300:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {process.returncode})")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(base + path, timeout=1).status_code < 500:
                return time.perf_counter() - started
        time.sleep(0.05)
    raise RuntimeError(f"{base} did not answer within 300 s")


@contextlib.contextmanager
def servers(env: dict[str, str], port: int, workers: int) -> Iterator[tuple[str, str, int]]:
    """`medreg serve` on ``port`` and the hand-written routes on ``port + 1``."""
    serve = subprocess.Popen(
        [str(MEDREG), "serve", "--port", str(port), "--workers", str(workers)], env=env, cwd=ROOT
    )
    hand: subprocess.Popen[bytes] | None = None
    try:
        base, hand_base = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}"
        # The hand-written routes start once medreg is ready: starting beside it, they took
        # half the cores its start was timed on.
        ready = wait_ready(base, serve, "/readyz")
        print(f"medreg serve --workers {workers} answered /readyz after {ready:.2f} s")
        hand = subprocess.Popen(
            [sys.executable, "-m", "bench.handwritten", str(port + 1), str(workers)],
            env={**env, "PYTHONPATH": str(ROOT)},
            cwd=ROOT,
        )
        wait_ready(hand_base, hand, "/")
        yield base, hand_base, serve.pid
    finally:
        processes = [serve] if hand is None else [serve, hand]
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def check(base: str, hand_base: str, requests: list[Request]) -> list[Request]:
    """Every page answers without errors, and each hand-written route with the same JSON.
    Pages that fail are reported and left out of the measurement."""
    answers: dict[str, Any] = {}
    working = []
    with httpx.Client(timeout=60) as client:
        for r in requests:
            url = (hand_base if r.ceiling_of else base) + r.path
            headers = {"cookie": r.cookie} if r.cookie else {}
            try:
                for _ in range(20):  # warm the caches and the connection pools
                    response = client.post(url, json=r.body, headers=headers)
                    body = response.json()
                    if response.status_code != 200 or "errors" in body or not body.get("data"):
                        raise RuntimeError(f"{response.status_code} {response.text[:300]}")
            except (RuntimeError, httpx.HTTPError, ValueError) as exc:
                print(f"  FAILED {r.name}: {exc!r}", flush=True)
                continue
            answers[r.name] = body["data"]
            working.append(r)
            if r.ceiling_of and body["data"] != answers.get(r.ceiling_of, body["data"]):
                raise SystemExit(
                    f"{r.name} differs from GraphQL:\n{json.dumps(body['data'])[:800]}\n"
                    f"{json.dumps(answers[r.ceiling_of])[:800]}"
                )
    return working


def warm(base: str, hand_base: str, requests: list[Request], concurrency: int) -> None:
    """A second of each page at the highest concurrency, so that every server process has
    its connections, prepared statements and caches before anything is measured: the first
    page measured used to meet a process that had served none of the checks' requests."""
    for r in requests:
        try:
            wrk.run(hand_base if r.ceiling_of else base, r, concurrency=concurrency, seconds=1)
        except (subprocess.SubprocessError, RuntimeError) as exc:
            print(f"  warming {r.name} FAILED: {exc}", flush=True)


def profile(
    args: argparse.Namespace, engine: str, r: Request, concurrency: int, pid: int
) -> subprocess.Popen[bytes] | None:
    """With ``--profile PAGE``: py-spy records the server processes while wrk drives PAGE."""
    if args.profile != r.name:
        return None
    out = ROOT / "var" / f"profile-{engine}-{r.name}-c{concurrency}.svg"
    print(f"  py-spy flame graph: {out}")
    spy = Path(sys.executable).with_name("py-spy")
    command = [str(spy), "record", "--subprocesses", "--nonblocking", "-o", str(out)]
    command += ["--duration", str(args.seconds), "--pid", str(pid)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL)


Row = tuple[str, int, str, wrk.Figures]
Pairs = dict[tuple[str, int, str], list[float]]
"""The GraphQL/hand-written ratios of alternating runs, by engine, concurrency and page."""


def measure(
    engine: str, url: str, data_dir: Path, args: argparse.Namespace, port: int
) -> tuple[list[Row], Pairs]:
    prepare(engine, url, data_dir)
    env = env_for(url, data_dir)
    from api.settings import Settings

    settings = Settings(database_url=url, data_dir=data_dir)
    requests = mix(fixture(url, settings))
    if args.only:
        wanted = set(args.only.split(","))
        requests = [r for r in requests if r.name in wanted or r.ceiling_of in wanted]
    rows = []
    with servers(env, port, args.workers) as (base, hand_base, pid):
        requests = check(base, hand_base, requests)
        warm(base, hand_base, requests, max(args.concurrency))
        for concurrency in args.concurrency:
            for r in requests:
                target = hand_base if r.ceiling_of else base
                profiler = profile(args, engine, r, concurrency, pid)
                try:
                    figures = wrk.run(target, r, concurrency=concurrency, seconds=args.seconds)
                except (subprocess.SubprocessError, RuntimeError) as exc:
                    print(f"  {engine:<10} c={concurrency:<3} {r.name:<20} wrk FAILED: {exc}")
                    continue
                if profiler is not None:
                    profiler.wait()
                rows.append((engine, concurrency, r.name, figures))
                print(
                    f"  {engine:<10} c={concurrency:<3} {r.name:<20} {figures.rps:8.0f}/s "
                    f"p50 {figures.p50_ms:7.2f} ms  p99 {figures.p99_ms:7.2f} ms"
                    f"  (load average {os.getloadavg()[0]:.2f})"
                    + (f"  BAD {figures.bad}" if figures.bad else ""),
                    flush=True,
                )
        pairs = side_by_side(engine, base, hand_base, requests, args)
    return rows, pairs


def side_by_side(
    engine: str, base: str, hand_base: str, requests: list[Request], args: argparse.Namespace
) -> Pairs:
    """Each page that has a hand-written route and that route, run in turn ``--pairs``
    times: a ratio of two runs a minute apart moved with the machine's speed (by up to a
    fifth here), a ratio of runs seconds apart much less; the budget is judged on the
    median."""
    pairs: Pairs = {}
    ceilings = {r.ceiling_of: r for r in requests if r.ceiling_of}
    for concurrency in args.concurrency:
        for r in requests:
            hand = ceilings.get(r.name)
            if hand is None:
                continue
            ratios = pairs.setdefault((engine, concurrency, r.name), [])
            for _ in range(args.pairs):
                try:
                    page = wrk.run(base, r, concurrency=concurrency, seconds=args.pair_seconds)
                    ceiling = wrk.run(
                        hand_base, hand, concurrency=concurrency, seconds=args.pair_seconds
                    )
                except (subprocess.SubprocessError, RuntimeError) as exc:
                    print(f"  {engine:<10} c={concurrency:<3} {r.name:<20} pair FAILED: {exc}")
                    continue
                ratios.append(page.rps / ceiling.rps)
            print(
                f"  {engine:<10} c={concurrency:<3} {r.name:<20} side by side: "
                + " ".join(f"{ratio:.2f}" for ratio in ratios),
                flush=True,
            )
    return pairs


def report(rows: list[Row], pairs: Pairs) -> None:
    print()
    print(f"{'engine':<10} {'conc':>4} {'page':<20} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} bad")
    for engine, concurrency, name, f in rows:
        print(
            f"{engine:<10} {concurrency:>4} {name:<20} {f.rps:8.0f} {f.p50_ms:8.2f} "
            f"{f.p99_ms:8.2f} {f.bad}"
        )
    print()
    by_key = {(e, c, n): f for e, c, n, f in rows}
    for (engine, concurrency, name), f in by_key.items():
        if name.startswith("hand "):
            page = name.removeprefix("hand ")
            if (engine, concurrency, page) in by_key:
                alone = by_key[(engine, concurrency, page)].rps / f.rps
                ratios = pairs.get((engine, concurrency, page))
                ratio = statistics.median(ratios) if ratios else alone
                verdict = "ok" if ratio >= 0.5 else "BELOW"
                print(
                    f"ratio GraphQL/hand-written {engine:<10} c={concurrency:<3} {page:<10} "
                    f"{ratio:5.2f} (budget ≥ 0.5: {verdict}; median of "
                    f"{len(ratios or [])} side by side, the runs above: {alone:.2f})"
                )
    for (engine, concurrency, name), f in by_key.items():
        if concurrency < 16 or name.startswith("hand "):
            continue
        if engine == "sqlite":
            spread = f.p99_ms / f.p50_ms if f.p50_ms else 0.0
            verdict = "ok" if spread <= 4 else "OVER"
            print(f"sqlite c=16 {name:<20} p99/p50 {spread:5.2f} (budget ≤ 4: {verdict})")
        else:
            verdict = "ok" if f.p50_ms <= 5 and f.p99_ms <= 50 else "OVER"
            print(
                f"postgresql c=16 {name:<20} p50 {f.p50_ms:6.2f} ms p99 {f.p99_ms:6.2f} ms "
                f"(budget ≤ 5 / ≤ 50: {verdict})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--concurrency", type=lambda s: [int(c) for c in s.split(",")])
    parser.add_argument("--workers", type=int, default=2, help="medreg serve --workers")
    parser.add_argument("--pg-url", default=os.environ.get("MEDREG_BENCH_DATABASE_URL", PG_URL))
    parser.add_argument("--port", type=int, default=8500)
    parser.add_argument("--only", help="comma-separated page names")
    parser.add_argument("--pairs", type=int, default=3, help="alternating runs for the ratio")
    parser.add_argument("--pair-seconds", type=int, default=3)
    parser.add_argument("--profile", metavar="PAGE", help="py-spy flame graph of PAGE's run")
    args = parser.parse_args()
    args.concurrency = args.concurrency or [1, 16]
    compile_bytecode()
    rows: list[Row] = []
    pairs: Pairs = {}
    for engine in args.engines.split(","):
        engine = "postgresql" if engine.startswith("postgres") else engine
        data_dir = ROOT / "var" / f"bench-{engine}"
        data_dir.mkdir(parents=True, exist_ok=True)
        if engine == "sqlite":
            url = f"sqlite+aiosqlite:///{data_dir}/bench.db"
            found, paired = measure(engine, url, data_dir, args, args.port)
        else:
            found, paired = measure(engine, args.pg_url, data_dir, args, args.port + 2)
        rows += found
        pairs.update(paired)
    report(rows, pairs)


if __name__ == "__main__":
    main()

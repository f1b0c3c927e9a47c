"""Hostile PDF uploads against a running server (DESIGN.md §8: a PDF check never blocks other
requests). Budget: `/healthz` p99 ≤ 100 ms while the attack runs. Printed, never asserted.

    python bench/pdf_check.py [--seconds 15] [--attackers 8]

Starts `medreg serve` (uvicorn, SQLite, a development PKI) twice: once as configured by
default, where the screen in the server refuses most hostile files before a worker sees them,
and once with the screen's object and nesting bounds lifted, so that every file reaches a
worker and meets its CPU, memory and recursion limits. Each time it measures `/healthz`
sequentially, first alone and then while `--attackers` clients post the hostile files of
`tests.factories.hostile_pdfs` in turn as fast as they are answered (the rate limits are
lifted: one bench address stands for many). It prints the latencies, the answers the attackers
got, and the verdict on a genuine licence uploaded afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_P99_MS = 100.0
QUERY = """query Check($pdf: String!) { verifyLicencePdf(pdfBase64: $pdf) {
  __typename ... on PdfVerification { genuine problems }
  ... on Error { reason params { name value } } } }"""
UNLIMITED = "100000/minute"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(data_dir: Path) -> dict[str, bytes]:
    """Migrate the database, make the PKI, sign a licence; the uploads by name."""
    from api.migrate import upgrade
    from api.settings import Settings
    from certificates.pki import init_pki, load_pki
    from certificates.render import render_licence
    from certificates.signing import sign_licence
    from certificates.tokens import issue_token
    from tests.factories import hostile_pdfs as hostile
    from tests.factories.licences import AUTHORITIES, licence_data

    settings = Settings()
    upgrade(settings.database_url)
    config = settings.signing_config()
    init_pki(config, AUTHORITIES, now=datetime.now(UTC))
    pki = load_pki(config)
    data = licence_data()
    url = config.verify_url(issue_token(data, pki))
    licence = asyncio.run(
        sign_licence(render_licence(data, url, config), data.authority_code, pki, config)
    )
    return {
        "genuine": licence,
        "many-objects": hostile.many_objects(licence),
        "garbage": hostile.garbage(),
        "nested": hostile.nested(),
        "truncated": hostile.truncated(licence),
        "garbage-with-trailer": hostile.garbage_with_trailer(),
    }


def body(pdf: bytes) -> bytes:
    variables = {"pdf": base64.b64encode(pdf).decode()}
    return json.dumps({"query": QUERY, "variables": variables}).encode()


def answer(response: httpx.Response) -> str:
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    result = response.json()["data"]["verifyLicencePdf"]
    if result["__typename"] == "PdfVerification":
        return f"PdfVerification genuine={result['genuine']}"
    params = {p["name"]: p["value"] for p in result["params"]}
    limit = f" ({params['limit']})" if "limit" in params else ""
    return f"{result['__typename']} {result['reason']}{limit}"


async def attack(
    base: str, files: dict[str, bytes], attackers: int, seconds: float
) -> Counter[str]:
    bodies = [(name, body(pdf)) for name, pdf in files.items() if name != "genuine"]
    answers: Counter[str] = Counter()
    deadline = time.monotonic() + seconds

    async def attacker(offset: int) -> None:
        headers = {"content-type": "application/json"}
        async with httpx.AsyncClient(base_url=base, timeout=120) as client:
            turn = offset
            while time.monotonic() < deadline:
                name, content = bodies[turn % len(bodies)]
                turn += 1
                response = await client.post("/graphql", content=content, headers=headers)
                answers[f"{name:<21} -> {answer(response)}"] += 1

    await asyncio.gather(*(attacker(i) for i in range(attackers)))
    return answers


def probe(base: str, seconds: float) -> list[float]:
    """Sequential `/healthz` requests for ``seconds``: their latencies in ms."""
    latencies = []
    with httpx.Client(base_url=base, timeout=60) as client:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            client.get("/healthz").raise_for_status()
            latencies.append((time.perf_counter() - t0) * 1000)
    return latencies


def summary(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    return (
        f"{len(ordered):6d} requests  p50 {statistics.median(ordered):7.2f} ms  "
        f"p99 {p99:7.2f} ms  max {ordered[-1]:8.2f} ms"
    )


def run_phase(title: str, env: dict[str, str], files: dict[str, bytes], args: Any) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    medreg = Path(sys.executable).with_name("medreg")
    server = subprocess.Popen([medreg, "serve", "--port", str(port)], env=env, cwd=ROOT)
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/healthz", timeout=0.5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        probe(base, 1.0)  # warm up
        quiet = probe(base, args.quiet_seconds)
        attackers = subprocess.Popen(
            [sys.executable, __file__, "--attack", base, "--seconds", str(args.seconds)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
        )
        loaded = probe(base, args.seconds)
        out, _ = attackers.communicate()
        answers = json.loads(out)
        with httpx.Client(base_url=base, timeout=120) as client:
            headers = {"content-type": "application/json"}
            response = client.post("/graphql", content=body(files["genuine"]), headers=headers)
            genuine = answer(response)
    finally:
        server.terminate()
        server.wait()
    print(f"\n== {title}")
    print(f"/healthz alone          {summary(quiet)}")
    print(f"/healthz under attack   {summary(loaded)}")
    p99 = sorted(loaded)[max(0, int(len(loaded) * 0.99) - 1)]
    verdict = "within" if p99 <= BUDGET_P99_MS else "OVER"
    print(f"budget p99 ≤ {BUDGET_P99_MS:.0f} ms under attack: {verdict}")
    print(f"answers to {sum(answers.values())} hostile uploads:")
    for line, count in sorted(answers.items()):
        print(f"  {count:5d}  {line}")
    print(f"a genuine licence afterwards: {genuine}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--quiet-seconds", type=float, default=5.0)
    parser.add_argument("--attackers", type=int, default=8)
    parser.add_argument("--attack", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.attack:
        files = json.loads(os.environ["BENCH_FILES"])
        pdfs = {name: Path(path).read_bytes() for name, path in files.items()}
        attackers = int(os.environ["BENCH_ATTACKERS"])
        answers = asyncio.run(attack(args.attack, pdfs, attackers, args.seconds))
        print(json.dumps(answers))
        return
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "MEDREG_DATA_DIR": tmp,
            "MEDREG_DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bench.db",
            "MEDREG_LOG_LEVEL": "WARNING",
            "MEDREG_LICENCE_PDF_CHECK_LIMITS": UNLIMITED,
            "MEDREG_LICENCE_PDF_CHECK_GLOBAL_LIMITS": UNLIMITED,
            "BENCH_ATTACKERS": str(args.attackers),
        }
        os.environ.update(env)
        files = prepare(Path(tmp))
        paths = {}
        for name, pdf in files.items():
            path = Path(tmp) / f"{name}.pdf"
            path.write_bytes(pdf)
            paths[name] = str(path)
        env["BENCH_FILES"] = json.dumps(paths)
        sizes = ", ".join(f"{name} {len(pdf) / 1e6:.1f} MB" for name, pdf in files.items())
        print(f"uploads: {sizes}; {args.attackers} attackers, {args.seconds:.0f} s each phase")
        run_phase("default limits (the screen refuses most files in the server)", env, files, args)
        unscreened = {
            **env,
            "MEDREG_PDF_CHECK_MAX_OBJECTS": str(10**9),
            "MEDREG_PDF_CHECK_MAX_NESTING": str(10**9),
        }
        run_phase("screen lifted (every file goes to a worker)", unscreened, files, args)


if __name__ == "__main__":
    main()

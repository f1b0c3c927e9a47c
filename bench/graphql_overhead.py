"""GraphQL overhead: `{ __typename }` over /graphql against a plain Starlette JSON route served
by the same app and process under uvicorn. Budget (DESIGN.md §8): ratio ≥ 0.25, p99 ≤ 2× p50.

    python bench/graphql_overhead.py [--requests 3000]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_app() -> object:
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    from api.app import create_app
    from api.settings import Settings

    settings = Settings()
    app = create_app(settings)

    async def plain(_request: Request) -> Response:
        return JSONResponse({"data": {"__typename": "Query"}})

    app.router.routes.insert(0, Route("/plain", plain, methods=["POST"]))
    return app


def serve(port: int) -> None:
    import uvicorn

    from api.logging import configure_logging

    configure_logging("WARNING")
    uvicorn.run(build_app(), host="127.0.0.1", port=port, log_config=None, access_log=False)  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def measure(client: httpx.Client, path: str, n: int) -> tuple[float, float, float]:
    body = {"query": "{ __typename }"}
    for _ in range(200):  # warm up caches and the connection
        client.post(path, json=body)
    latencies = []
    started = time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.post(path, json=body)
        latencies.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.text
    elapsed = time.perf_counter() - started
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    return n / elapsed, p50, p99


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "MEDREG_DATA_DIR": tmp,
            "MEDREG_DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bench.db",
        }
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(port)], env=env, cwd=ROOT
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    httpx.get(base + "/healthz", timeout=0.5)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            with httpx.Client(base_url=base) as client:
                plain = measure(client, "/plain", args.requests)
                graphql = measure(client, "/graphql", args.requests)
        finally:
            server.terminate()
            server.wait()
    print(f"{'endpoint':<10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for name, (rps, p50, p99) in (("plain", plain), ("graphql", graphql)):
        print(f"{name:<10} {rps:8.0f} {p50:8.3f} {p99:8.3f}")
    ratio = graphql[0] / plain[0]
    print(
        f"ratio graphql/plain = {ratio:.2f} (budget ≥ 0.25); "
        f"graphql p99/p50 = {graphql[2] / graphql[1]:.2f} (budget ≤ 2.0)"
    )


if __name__ == "__main__":
    main()

"""CPU per request of each page of bench/load.py, in one process over ASGI (no sockets, no load
generator), GraphQL beside the hand-written routes: on a busy shared machine CPU time per
request is steadier than requests/s. Uses the databases bench/load.py prepared.

    python -m bench.page_cpu [--engine sqlite|postgresql] [--requests 300]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import PG_URL  # noqa: E402
from bench.load_mix import make_fixture, mix  # noqa: E402


async def run(url: str, data_dir: Path, requests: int) -> None:
    from api.app import create_app
    from api.heap import settle_for_serving
    from api.logging import configure_logging
    from api.settings import Settings
    from bench import handwritten

    configure_logging("WARNING")
    settings = Settings(database_url=url, data_dir=data_dir)
    app, hand = create_app(settings), handwritten.build(url)
    settle_for_serving()  # as api.main does for the served app
    results: dict[str, float] = {}
    for r in mix(await make_fixture(url, settings)):
        target = hand if r.ceiling_of else app
        transport = httpx.ASGITransport(app=target)
        headers = {"cookie": r.cookie} if r.cookie else {}
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for _ in range(30):
                response = await client.post(r.path, json=r.body, headers=headers)
            body = response.json()
            if response.status_code != 200 or "errors" in body:
                print(f"{r.name:<20} FAILED {response.text[:200]}")
                continue
            started = time.process_time()
            for _ in range(requests):
                await client.post(r.path, json=r.body, headers=headers)
            ms = (time.process_time() - started) * 1000 / requests
        results[r.name] = ms
        print(f"{r.name:<20} {ms:7.2f} ms CPU a request", flush=True)
    for name, ms in results.items():
        if name.startswith("hand "):
            page = name.removeprefix("hand ")
            if page in results:
                print(f"ratio hand-written/GraphQL CPU, {page}: {ms / results[page]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", default="sqlite")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--pg-url", default=PG_URL)
    args = parser.parse_args()
    engine = "postgresql" if args.engine.startswith("postgres") else "sqlite"
    data_dir = ROOT / "var" / f"bench-{engine}"
    url = f"sqlite+aiosqlite:///{data_dir}/bench.db" if engine == "sqlite" else args.pg_url
    asyncio.run(run(url, data_dir, args.requests))


if __name__ == "__main__":
    main()

"""CPU per request of each page of bench/load.py, in one process, each request handed to the
ASGI app directly (no sockets, no HTTP client, no load generator), GraphQL beside the
hand-written routes: on a busy shared machine CPU time per request is steadier than
requests/s, and the best of a few rounds steadier still. Uses the databases bench/load.py
prepared.

    python -m bench.page_cpu [--engine sqlite|postgresql] [--requests 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import PG_URL  # noqa: E402
from bench.load_mix import make_fixture, mix  # noqa: E402


async def call(app: Any, path: str, body: dict[str, Any], cookie: str | None) -> bytes:
    """One POST handed to the ASGI app as a server would; the response body."""
    raw = json.dumps(body).encode()
    headers = [(b"host", b"bench"), (b"content-type", b"application/json")]
    headers.append((b"content-length", str(len(raw)).encode()))
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("bench", 80),
    }
    messages = [{"type": "http.request", "body": raw, "more_body": False}]
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        await asyncio.Event().wait()  # the client never disconnects
        raise AssertionError

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return b"".join(chunks)


async def run(url: str, data_dir: Path, requests: int, rounds: int) -> None:
    from api.app import create_app
    from api.heap import settle_for_serving
    from api.logging import configure_logging
    from api.settings import Settings
    from bench import handwritten

    configure_logging("WARNING")
    # As bench/load.py: the public lookup is throttled per client address, and every request
    # here comes from one.
    os.environ.setdefault("MEDREG_LICENCE_LOOKUP_LIMITS", "100000000/minute")
    settings = Settings(database_url=url, data_dir=data_dir)
    app, hand = create_app(settings), handwritten.build(url)
    settle_for_serving()  # as api.main does for the served app
    pages = mix(await make_fixture(url, settings))
    results: dict[str, float] = {}
    for r in pages:
        answer = json.loads(await call(hand if r.ceiling_of else app, r.path, r.body, r.cookie))
        if "errors" in answer or "data" not in answer:
            print(f"{r.name:<20} FAILED {str(answer)[:200]}")
    for _ in range(rounds):  # interleaved, so a busy moment does not fall on one page only
        for r in pages:
            target = hand if r.ceiling_of else app
            for _ in range(30):
                await call(target, r.path, r.body, r.cookie)
            started = time.process_time()
            for _ in range(requests):
                last = await call(target, r.path, r.body, r.cookie)
            ms = (time.process_time() - started) * 1000 / requests
            if b'"errors"' in last:  # a refusal is cheaper than the page: say so
                print(f"{r.name:<20} answered with errors: {last[:200]!r}")
            results[r.name] = min(results.get(r.name, ms), ms)
    for name, ms in results.items():
        print(f"{name:<20} {ms:7.2f} ms CPU a request (best of {rounds} rounds)", flush=True)
    for name, ms in results.items():
        if name.startswith("hand "):
            page = name.removeprefix("hand ")
            if page in results:
                print(f"ratio hand-written/GraphQL CPU, {page}: {ms / results[page]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", default="sqlite")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pg-url", default=PG_URL)
    args = parser.parse_args()
    engine = "postgresql" if args.engine.startswith("postgres") else "sqlite"
    data_dir = ROOT / "var" / f"bench-{engine}"
    url = f"sqlite+aiosqlite:///{data_dir}/bench.db" if engine == "sqlite" else args.pg_url
    asyncio.run(run(url, data_dir, args.requests, args.rounds))


if __name__ == "__main__":
    main()

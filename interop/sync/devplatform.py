"""``medreg dev national-platform``: a development national platform that behaves like the
real one where it matters. It verifies each body's detached JWS against our published JWKS,
de-duplicates by ``Idempotency-Key``, stores events (a SQLite file, so a restart loses
nothing it acknowledged), lists what it acknowledged for reconciliation, and can be told to
fail or be slow (``/_dev/mode``) so retries can be watched and tested.

Routes: ``POST /events``, ``GET /events/acknowledged?from=&to=``, ``GET /`` (a summary),
``GET /_dev/stats[?events=1]``, ``POST /_dev/mode``, ``DELETE /_dev/events/{id}``."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite
import httpx
import structlog
from joserfc.jwk import KeySet
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from interop.sync.signing import HEADER, BadSignature, verify_detached

log = structlog.get_logger("medreg.dev.national")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS event (
  arrival INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  subject TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  occurred_at TEXT NOT NULL,
  kid TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


@dataclass
class Mode:
    fail_every: int = 0
    """Every n-th event request answers 500 without storing (0: never; 1: always)."""
    delay_s: float = 0.0
    """Store, then wait this long before answering (a slow platform: clients time out)."""


class JwksSource:
    """Our JWKS from a URL (fetched when first needed, again for an unknown ``kid``) or a
    file."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.keys: KeySet | None = None

    async def load(self) -> KeySet:
        if self.location.startswith(("http://", "https://")):
            async with httpx.AsyncClient(timeout=5) as http:
                answer = await http.get(self.location)
                answer.raise_for_status()
                document = answer.json()
        else:
            document = json.loads(await asyncio.to_thread(Path(self.location).read_text))
        self.keys = KeySet.import_key_set(document)
        return self.keys

    async def verify(self, body: bytes, detached: str) -> str:
        keys = self.keys or await self.load()
        try:
            return verify_detached(body, detached, keys)
        except BadSignature:
            if self.location.startswith(("http://", "https://")):
                return verify_detached(body, detached, await self.load())  # rotated keys
            raise


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db: aiosqlite.Connection | None = None

    async def open(self) -> aiosqlite.Connection:
        if self.db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = await aiosqlite.connect(self.path)
            # WAL: a killed process loses nothing it committed, without a sync per event.
            await self.db.execute("PRAGMA journal_mode=WAL")
            await self.db.execute("PRAGMA synchronous=NORMAL")
            await self.db.executescript(_SCHEMA)
            await self.db.commit()
        return self.db

    async def close(self) -> None:
        if self.db is not None:
            await self.db.close()
            self.db = None

    async def count(self, name: str) -> None:
        db = await self.open()
        await db.execute(
            "INSERT INTO counter VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1",
            (name,),
        )
        await db.commit()

    async def store(self, envelope: dict[str, Any], kid: str) -> bool:
        """``False`` when the event was stored before (a retry)."""
        db = await self.open()
        cursor = await db.execute(
            "INSERT OR IGNORE INTO event (id, type, subject, sequence, occurred_at, kid, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                envelope["id"],
                envelope["type"],
                envelope["subject"],
                envelope["sequence"],
                envelope["occurred_at"],
                kid,
                json.dumps(envelope["data"], ensure_ascii=False),
            ),
        )
        await db.commit()
        return cursor.rowcount == 1

    async def stats(self, *, with_events: bool) -> dict[str, Any]:
        db = await self.open()
        counters = {row[0]: row[1] async for row in await db.execute("SELECT * FROM counter")}
        stored = (await (await db.execute("SELECT count(*) FROM event")).fetchone() or (0,))[0]
        result: dict[str, Any] = {
            "stored": stored,
            "duplicates": counters.get("duplicates", 0),
            "rejected": counters.get("rejected", 0),
            "failed_on_purpose": counters.get("failed", 0),
        }
        if with_events:
            rows = await db.execute(
                "SELECT arrival, id, type, subject, sequence, occurred_at FROM event "
                "ORDER BY arrival"
            )
            keys = ("arrival", "id", "type", "subject", "sequence", "occurred_at")
            result["events"] = [dict(zip(keys, row, strict=True)) async for row in rows]
        return result

    async def acknowledged(self, since: datetime, until: datetime) -> list[str]:
        db = await self.open()
        rows = await db.execute("SELECT id, occurred_at FROM event")
        return [
            event_id async for event_id, at in rows if since <= datetime.fromisoformat(at) < until
        ]

    async def forget(self, event_id: str) -> bool:
        db = await self.open()
        cursor = await db.execute("DELETE FROM event WHERE id = ?", (event_id,))
        await db.commit()
        return cursor.rowcount == 1


def _problem(status: int, code: str) -> JSONResponse:
    return JSONResponse({"code": code}, status_code=status)


def create_platform(store_path: Path, jwks: str, mode: Mode | None = None) -> Starlette:
    store, keys, state = Store(store_path), JwksSource(jwks), mode or Mode()
    requests = 0

    async def receive(request: Request) -> Response:
        nonlocal requests
        requests += 1
        if state.fail_every and requests % state.fail_every == 0:
            await store.count("failed")
            return _problem(500, "FAILING_ON_PURPOSE")
        body = await request.body()
        try:
            kid = await keys.verify(body, request.headers.get(HEADER, ""))
        except (BadSignature, httpx.HTTPError, OSError, ValueError) as exc:
            await store.count("rejected")
            log.info("event refused", reason="SIGNATURE_INVALID", detail=type(exc).__name__)
            return _problem(401, "SIGNATURE_INVALID")
        try:
            envelope = json.loads(body)
            if request.headers.get("idempotency-key") != envelope["id"]:
                raise ValueError("idempotency key")
            datetime.fromisoformat(envelope["occurred_at"])
            new = await store.store(envelope, kid)
        except (ValueError, KeyError, TypeError):
            await store.count("rejected")
            return _problem(400, "BODY_INVALID")
        if new:
            log.info(
                "event received",
                id=envelope["id"],
                type=envelope["type"],
                action=envelope["data"].get("action") or envelope["data"].get("to"),
                number=envelope["data"].get("number"),
            )
        else:
            await store.count("duplicates")
        if state.delay_s:
            await asyncio.sleep(state.delay_s)
        return JSONResponse({"id": envelope["id"], "status": "stored" if new else "duplicate"})

    async def acknowledged(request: Request) -> Response:
        try:
            since = datetime.fromisoformat(request.query_params["from"])
            until = datetime.fromisoformat(request.query_params["to"])
        except (KeyError, ValueError):
            return _problem(400, "RANGE_INVALID")
        return JSONResponse({"ids": await store.acknowledged(since, until)})

    async def stats(request: Request) -> Response:
        with_events = request.query_params.get("events") == "1"
        return JSONResponse({**await store.stats(with_events=with_events), "mode": asdict(state)})

    async def set_mode(request: Request) -> Response:
        change = await request.json()
        state.fail_every = int(change.get("fail_every", state.fail_every))
        state.delay_s = float(change.get("delay_s", state.delay_s))
        log.info("mode changed", **asdict(state))
        return JSONResponse(asdict(state))

    async def forget(request: Request) -> Response:
        found = await store.forget(request.path_params["event_id"])
        return Response(status_code=204 if found else 404)

    async def summary(_request: Request) -> Response:
        data = await store.stats(with_events=True)
        lines = [
            "national platform (development)",
            f"stored {data['stored']}  duplicates {data['duplicates']}  "
            f"rejected {data['rejected']}  failed on purpose {data['failed_on_purpose']}",
            f"mode: {asdict(state)}",
            "",
            *(
                f"{e['arrival']:>6}  {e['occurred_at']}  {e['type']:<24} {e['subject']}"
                for e in data["events"][-30:]
            ),
        ]
        return PlainTextResponse("\n".join(lines) + "\n")

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await store.open()
        yield
        await store.close()

    return Starlette(
        routes=[
            Route("/", summary, methods=["GET"]),
            Route("/events", receive, methods=["POST"]),
            Route("/events/acknowledged", acknowledged, methods=["GET"]),
            Route("/_dev/stats", stats, methods=["GET"]),
            Route("/_dev/mode", set_mode, methods=["POST"]),
            Route("/_dev/events/{event_id}", forget, methods=["DELETE"]),
        ],
        lifespan=lifespan,
    )

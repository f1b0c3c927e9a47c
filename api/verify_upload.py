"""``POST /api/verify/csv``: bulk verification of a CSV file by signed-in institution (and
authority) staff, answered line by line as ``POST /api/verify`` answers machine clients.

The file is the raw body with the header ``X-Medreg-Upload: 1`` (a custom header cannot be
sent cross-site without a CORS preflight, which this app never grants), read up to 1 MB and
parsed in a worker thread so a hostile file never holds the event loop. Each account may send
a few files a minute. Names and numbers are never logged."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio.to_thread
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from access.actor import Actor
from access.permissions import Permission, has_permission
from certificates.errors import PkiMissing
from core.ratelimit import moving_window, parse_limits
from interop import verify_csv
from interop.verify import BulkError, verify_lines

log = structlog.get_logger("medreg.verify")
ActorResolver = Callable[[Request, AsyncSession], Awaitable[Actor]]
UPLOAD_HEADER = "x-medreg-upload"
FILES_PER_ACCOUNT = "6/minute;200/day"


def _refuse(status: int, code: str, **params: int) -> JSONResponse:
    return JSONResponse({"code": code, **params}, status_code=status)


async def _read_capped(request: Request) -> bytes | None:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > verify_csv.MAX_CSV_BYTES:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > verify_csv.MAX_CSV_BYTES:
            return None
    return bytes(body)


def route(
    sessions: async_sessionmaker[Any],
    resolve_actor: ActorResolver,
    keys: Callable[[], Any],
    *,
    storage_uri: str,
    key_prefix: str,
) -> Route:
    limiter = moving_window(storage_uri, key_prefix=key_prefix)
    limits = parse_limits(FILES_PER_ACCOUNT)

    async def upload(request: Request) -> Response:
        if request.headers.get(UPLOAD_HEADER) != "1":
            return _refuse(403, "UPLOAD_HEADER_MISSING")
        async with sessions() as session:
            actor = await resolve_actor(request, session)
        if actor.is_anonymous:
            return _refuse(401, "UNAUTHENTICATED")
        if not has_permission(actor, Permission.INTEROP_VERIFICATION_BULK):
            return _refuse(403, "FORBIDDEN")
        account = str(actor.account_id)
        if not all([await limiter.test(item, "verify-csv", account) for item in limits]):
            return _refuse(429, "RATE_LIMITED")
        for item in limits:
            await limiter.hit(item, "verify-csv", account)
        data = await _read_capped(request)
        if data is None:
            return _refuse(413, "BODY_TOO_LARGE", maximum=verify_csv.MAX_CSV_BYTES)
        try:
            parsed = await anyio.to_thread.run_sync(verify_csv.read, data)
        except BulkError as exc:
            log.info("bulk verification file refused", code=exc.code, account=account)
            status = 413 if exc.code in ("TOO_MANY_LINES", "BODY_TOO_LARGE") else 400
            return _refuse(status, exc.code, maximum=verify_csv.MAX_LINES)
        try:
            keyset = keys()
        except PkiMissing:
            return _refuse(503, "KEYS_MISSING")
        async with sessions() as session:
            results = await verify_lines(session, parsed.lines, keyset)
        for result, row in zip(results, parsed.rows, strict=True):
            result["line"] = row
        log.info("bulk verification file", lines=len(results), account=account)
        return JSONResponse({"results": results}, headers={"cache-control": "private, no-store"})

    return Route("/api/verify/csv", upload, methods=["POST"])

"""Liveness and readiness; readiness also reports certificates and CRLs near their end."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.revisions import current_revision, head_revision
from certificates.errors import PkiMissing
from certificates.lifecycle import expiries
from certificates.runtime import LicenceRuntime
from core.clock import Clock


async def healthz(_request: Request) -> Response:
    return JSONResponse({"status": "alive"})


def pki_details(runtime: LicenceRuntime, clock: Clock) -> dict[str, Any]:
    """``attention`` with what needs action (a certificate within 30 days of its end, an
    overdue CRL), else ``ok`` with the next end; never a reason to be unready."""
    try:
        pki = runtime.pki()
    except PkiMissing:
        return {"status": "missing", "action": "run `medreg keys init`"}
    rows = expiries(pki, clock.now())
    due = [row.describe() for row in rows if row.due]
    if due:
        return {"status": "attention", "due": due, "action": "see `medreg keys status`"}
    return {"status": "ok", "next": rows[0].describe() if rows else None}


def readyz_endpoint(
    sessions: async_sessionmaker[Any],
    licences: LicenceRuntime | None = None,
    clock: Clock | None = None,
) -> Callable[[Request], Awaitable[Response]]:
    head = head_revision()

    async def readyz(_request: Request) -> Response:
        try:
            async with sessions() as session:
                await session.execute(text("SELECT 1"))
                connection = await session.connection()
                current = await connection.run_sync(current_revision)
        except Exception as exc:
            return JSONResponse(
                {"status": "unavailable", "reason": type(exc).__name__}, status_code=503
            )
        if current != head:
            body = {"status": "migrations pending", "current": current, "head": head}
            return JSONResponse(body, status_code=503)
        body = {"status": "ready", "revision": current}
        if licences is not None:
            body["pki"] = pki_details(licences, clock or Clock())
        return JSONResponse(body)

    return readyz

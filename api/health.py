"""Liveness and readiness."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.migrate import head_revisions


async def healthz(_request: Request) -> Response:
    return JSONResponse({"status": "alive"})


def _current_revisions(connection: Connection) -> frozenset[str]:
    return frozenset(MigrationContext.configure(connection).get_current_heads())


def readyz_endpoint(sessions: async_sessionmaker[Any]) -> Callable[[Request], Awaitable[Response]]:
    heads = head_revisions()

    async def readyz(_request: Request) -> Response:
        try:
            async with sessions() as session:
                await session.execute(text("SELECT 1"))
                connection = await session.connection()
                current = await connection.run_sync(_current_revisions)
        except Exception as exc:
            return JSONResponse(
                {"status": "unavailable", "reason": type(exc).__name__}, status_code=503
            )
        if current != heads:
            body = {
                "status": "migrations pending",
                "current": sorted(current),
                "head": sorted(heads),
            }
            return JSONResponse(body, status_code=503)
        return JSONResponse({"status": "ready", "revision": sorted(current)})

    return readyz

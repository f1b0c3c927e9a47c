"""Liveness and readiness."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.migrate import head_revision


async def healthz(_request: Request) -> Response:
    return JSONResponse({"status": "alive"})


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def readyz_endpoint(sessions: async_sessionmaker[Any]) -> Callable[[Request], Awaitable[Response]]:
    head = head_revision()

    async def readyz(_request: Request) -> Response:
        try:
            async with sessions() as session:
                await session.execute(text("SELECT 1"))
                connection = await session.connection()
                current = await connection.run_sync(_current_revision)
        except Exception as exc:
            return JSONResponse(
                {"status": "unavailable", "reason": type(exc).__name__}, status_code=503
            )
        if current != head:
            body = {"status": "migrations pending", "current": current, "head": head}
            return JSONResponse(body, status_code=503)
        return JSONResponse({"status": "ready", "revision": current})

    return readyz

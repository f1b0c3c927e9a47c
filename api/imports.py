"""``GET /imports/{batch}/report.csv``: an import's report, for municipal officers (404 for
everyone else, 401 when not signed in)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from access.actor import Actor
from core.errors import NotFound
from registry.imports.batches import report_of

ActorResolver = Callable[[Request, AsyncSession], Awaitable[Actor]]


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"code": code, "message": message}]}, status_code=status)


def routes(sessions: async_sessionmaker[Any], resolve_actor: ActorResolver) -> list[Route]:
    async def report(request: Request) -> Response:
        try:
            batch_id = uuid.UUID(request.path_params["batch"])
        except ValueError:
            return _error(404, "NOT_FOUND", "no such import")
        async with sessions() as session:
            actor = await resolve_actor(request, session)
            if actor.is_anonymous:
                return _error(401, "UNAUTHENTICATED", "sign in to download an import report")
            try:
                batch = await report_of(session, actor, batch_id)
            except NotFound:
                return _error(404, "NOT_FOUND", "no such import")
            body = batch.report_csv
        filename = f"import-{batch_id}-report.csv"
        return Response(
            body,
            media_type="text/csv; charset=utf-8",
            headers={
                "content-disposition": f'attachment; filename="{filename}"',
                "cache-control": "private, no-store",
            },
        )

    return [Route("/imports/{batch}/report.csv", report, methods=["GET"])]

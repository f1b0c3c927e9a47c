"""Statistics exports for officers:

- ``GET /statistics/resources.csv|.xlsx?authority=310000&asOf=2026-11-25[&table=districts]``
- ``GET /statistics/supervision.csv|.xlsx?authority=310115&from=2026-01-01&to=2026-11-25``

The same scope and audit as the GraphQL reads (each download is one audited read); refusals
are JSON with the same codes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from access.actor import Actor
from core.clock import SHANGHAI, clock_of
from core.errors import DomainError, Problem, ValidationFailed
from core.uow import unit_of_work
from registry.statistics import resources, supervision
from registry.statistics.tables import Report

ActorResolver = Callable[[Request, AsyncSession], Awaitable[Actor]]
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_STATUS = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403, "VALIDATION": 400}
log = structlog.get_logger(__name__)


def _day(request: Request, name: str, default: date | None = None) -> date:
    raw = request.query_params.get(name)
    if raw is None:
        if default is None:
            raise ValidationFailed.on(name, "required", Problem.REQUIRED)
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed.on(name, "not a date (YYYY-MM-DD)", Problem.INVALID) from None


def routes(sessions: async_sessionmaker[Any], resolve_actor: ActorResolver) -> list[Route]:
    async def download(request: Request) -> Response:
        kind, fmt = request.path_params["kind"], request.path_params["fmt"]
        if kind not in ("resources", "supervision") or fmt not in MEDIA:
            return JSONResponse({"errors": [{"code": "NOT_FOUND"}]}, status_code=404)
        authority = request.query_params.get("authority", "")
        try:
            async with unit_of_work(sessions) as session:
                actor = await resolve_actor(request, session)
                today = clock_of(session).now().astimezone(SHANGHAI).date()
                report: Report
                if kind == "resources":
                    as_of = _day(request, "asOf", today)
                    report = await resources.resource_statistics(session, actor, authority, as_of)
                else:
                    start, end = _day(request, "from"), _day(request, "to")
                    report = await supervision.rollout_supervision(
                        session, actor, authority, start, end
                    )
        except DomainError as exc:
            log.info("statistics export refused", code=exc.code.value, reason=exc.reason.value)
            fields = [
                {"field": p.field, "code": p.code.value} for p in getattr(exc, "problems", [])
            ]
            return JSONResponse(
                {
                    "errors": [
                        {"code": exc.code.value, "reason": exc.reason.value, "fields": fields}
                    ]
                },
                status_code=_STATUS.get(exc.code.value, 400),
            )
        # openpyxl is imported by the first export, not by every server's start-up.
        from registry.statistics import export

        if fmt == "csv":
            body = export.to_csv(report, request.query_params.get("table"))
        else:
            body = export.to_xlsx(report)
        name = f"medreg-{kind}-{report.authority}-{report.as_of.isoformat()}.{fmt}"
        return Response(
            body,
            media_type=MEDIA[fmt],
            headers={
                "content-disposition": f'attachment; filename="{name}"',
                "cache-control": "private, no-store",
            },
        )

    return [Route("/statistics/{kind}.{fmt}", download)]

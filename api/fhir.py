"""The FHIR R4 registry at ``/fhir`` (read-only, IHE mCSD): ``GET /fhir/metadata``,
``GET /fhir/{type}?…`` (search) and ``GET /fhir/{type}/{id}`` (read), answering
``application/fhir+json``; problems are an ``OperationOutcome`` whose ``details`` code names
what went wrong (``UNKNOWN_PARAMETER``, ``INVALID_DATE``…)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from functools import cache
from typing import TYPE_CHECKING, Any

import structlog
from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from interop.fhir.search import PARAMETERS, SearchError

if TYPE_CHECKING:
    from fhir.resources.R4B.capabilitystatement import CapabilityStatement

log = structlog.get_logger("medreg.fhir")
FHIR_JSON = "application/fhir+json"
Guard = Callable[[Request], Awaitable[Response | None]]
"""Checks the caller (a bearer token with the scope); a response refuses the request."""


def _json(model: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A validated model, or the JSON values that were validated."""
    body = (
        json.dumps(model, ensure_ascii=False, separators=(",", ":"))
        if isinstance(model, dict)
        else model.model_dump_json(exclude_none=True)
    )
    return Response(
        body,
        status_code=status,
        media_type=FHIR_JSON,
        headers=headers,
    )


def outcome(
    status: int,
    code: str,
    issue: str,
    diagnostics: str = "",
    headers: dict[str, str] | None = None,
) -> Response:
    from fhir.resources.R4B.operationoutcome import OperationOutcome

    body = OperationOutcome.model_validate(
        {
            "resourceType": "OperationOutcome",
            "issue": [
                {
                    "severity": "error",
                    "code": issue,
                    "details": {"coding": [{"code": code}], "text": code},
                    **({"diagnostics": diagnostics} if diagnostics else {}),
                }
            ],
        }
    )
    return _json(body, status, headers)


def routes(
    sessions: async_sessionmaker[Any], base: str, guard: Guard, *, token_url: str | None
) -> list[Route]:
    # The FHIR models (fhir.resources, pydantic) are imported by the first FHIR request, not
    # by every server's start-up.
    @cache
    def metadata() -> CapabilityStatement:
        from interop.fhir.capability import capability_statement

        return capability_statement(base, token_url=token_url)

    async def capabilities(_request: Request) -> Response:
        return _json(metadata())

    async def search(request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in PARAMETERS:
            return outcome(404, "UNKNOWN_RESOURCE_TYPE", "not-supported", kind)
        if (refused := await guard(request)) is not None:
            return refused
        from interop.fhir import service

        params: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            params.setdefault(key, []).append(value)
        try:
            async with sessions() as session:
                bundle = await service.search(session, kind, params, base)
        except SearchError as exc:
            log.info("fhir search refused", code=exc.code, parameter=exc.parameter)
            return outcome(400, exc.code, "invalid", exc.parameter)
        return _json(bundle)

    async def read(request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in PARAMETERS:
            return outcome(404, "UNKNOWN_RESOURCE_TYPE", "not-supported", kind)
        if (refused := await guard(request)) is not None:
            return refused
        from interop.fhir import service

        async with sessions() as session:
            found = await service.read(session, kind, request.path_params["id"], base)
        if found is None:
            return outcome(404, "NOT_FOUND", "not-found")
        return _json(found)

    return [
        Route("/fhir/metadata", capabilities, methods=["GET"]),
        Route("/fhir/{kind}", search, methods=["GET"]),
        Route("/fhir/{kind}/{id}", read, methods=["GET"]),
    ]

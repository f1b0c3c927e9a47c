"""Employers' webhooks over HTTP (bearer token with the ``webhooks`` scope):

- ``POST /api/webhooks`` ``{"url", "numbers": [...]}``: subscribe; the answer holds the
  signing secret, once;
- ``GET /api/webhooks``; ``DELETE /api/webhooks/{id}``;
- ``GET /api/webhooks/{id}/deliveries``: the delivery log, newest first;
- ``POST /api/webhooks/{id}/test``: send a ``webhook.test`` message now and answer its log
  entry."""

from __future__ import annotations

import json
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api.machine import MachineAccess, Refusal, problem
from core.errors import DomainError, NotFound, ValidationFailed
from core.uow import unit_of_work
from interop.hooks import Webhooks
from interop.webhooks import service
from interop.webhooks.models import WebhookDelivery, WebhookSubscription

log = structlog.get_logger("medreg.webhooks")
MAX_BODY = 512_000


def _subscription(sub: WebhookSubscription) -> dict[str, Any]:
    return {
        "id": str(sub.id),
        "url": sub.url,
        "numbers": sub.numbers,
        "createdAt": sub.created_at.isoformat(),
    }


def _delivery(row: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": f"msg_{row.id.hex}",
        "type": row.type,
        "status": row.status.value,
        "attempts": row.attempts,
        "lastStatusCode": row.last_status_code,
        "lastError": row.last_error,
        "createdAt": row.created_at.isoformat(),
        "deliveredAt": row.delivered_at.isoformat() if row.delivered_at else None,
        "nextAttemptAt": row.next_attempt_at.isoformat(),
        "data": row.payload.get("data"),
    }


def _domain_error(exc: DomainError) -> Response:
    if isinstance(exc, ValidationFailed):
        fields = [{"field": p.field, "code": p.code.value} for p in exc.problems]
        return JSONResponse({"code": "VALIDATION", "fields": fields}, status_code=400)
    status = 404 if isinstance(exc, NotFound) else 400
    return JSONResponse({"code": exc.reason.value}, status_code=status)


def routes(
    sessions: async_sessionmaker[Any],
    machine: MachineAccess,
    webhooks: Webhooks,
    *,
    allow_http: bool,
    allow_private: bool,
) -> list[Route]:
    async def caller(request: Request) -> str | Response:
        checked = await machine.check(request, "webhooks")
        return problem(checked) if isinstance(checked, Refusal) else checked.client_id

    async def collection(request: Request) -> Response:
        client_id = await caller(request)
        if isinstance(client_id, Response):
            return client_id
        if request.method == "GET":
            async with sessions() as session:
                subs = await service.listing(session, client_id)
            return JSONResponse({"subscriptions": [_subscription(s) for s in subs]})
        body = await request.body()
        if len(body) > MAX_BODY:
            return JSONResponse({"code": "BODY_TOO_LARGE"}, status_code=413)
        try:
            wanted = json.loads(body)
            url, numbers = wanted["url"], wanted["numbers"]
            if not isinstance(url, str):
                raise TypeError(url)
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"code": "BODY_INVALID"}, status_code=400)
        try:
            async with unit_of_work(sessions) as session:
                sub, secret = await service.subscribe(
                    session,
                    client_id,
                    url,
                    numbers,
                    allow_http=allow_http,
                    allow_private=allow_private,
                )
        except DomainError as exc:
            log.info("webhook subscription refused", reason=exc.reason.value)
            return _domain_error(exc)
        return JSONResponse({**_subscription(sub), "secret": secret}, status_code=201)

    async def one(request: Request) -> Response:
        client_id = await caller(request)
        if isinstance(client_id, Response):
            return client_id
        try:
            async with unit_of_work(sessions) as session:
                await service.unsubscribe(session, client_id, request.path_params["id"])
        except DomainError as exc:
            return _domain_error(exc)
        return Response(status_code=204)

    async def log_of(request: Request) -> Response:
        client_id = await caller(request)
        if isinstance(client_id, Response):
            return client_id
        try:
            async with sessions() as session:
                rows = await service.deliveries(session, client_id, request.path_params["id"])
        except DomainError as exc:
            return _domain_error(exc)
        return JSONResponse({"deliveries": [_delivery(r) for r in rows]})

    async def test_send(request: Request) -> Response:
        client_id = await caller(request)
        if isinstance(client_id, Response):
            return client_id
        try:
            async with unit_of_work(sessions) as session:
                queued = await service.queue_test(session, client_id, request.path_params["id"])
        except DomainError as exc:
            return _domain_error(exc)
        await webhooks.run(sessions, only=queued.id)
        async with sessions() as session:
            row = await session.get(WebhookDelivery, queued.id)
        assert row is not None
        return JSONResponse(_delivery(row))

    return [
        Route("/api/webhooks", collection, methods=["GET", "POST"]),
        Route("/api/webhooks/{id}", one, methods=["DELETE"]),
        Route("/api/webhooks/{id}/deliveries", log_of, methods=["GET"]),
        Route("/api/webhooks/{id}/test", test_send, methods=["POST"]),
    ]

"""Attachment upload and download for signed-in users.

``POST /attachments?kind=HEALTH_CERTIFICATE&filename=体检.pdf`` with the raw file as the body
and the header ``X-Medreg-Upload: 1``: a custom header cannot be sent cross-site without a
CORS preflight (which this app never grants), so a forged form post cannot upload with the
user's cookie. The body is read up to 10 MB and the type is judged by content.
``GET /attachments/{id}`` serves a file to those who may see it, as a download."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any
from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from access.actor import Actor
from core import errors as domain
from core.db import read_only_transactions
from registry.errors import RegistryProblem
from registry.workflow import attachments
from schema.node import to_global_id

UPLOAD_HEADER = "x-medreg-upload"
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded", "text/plain")
ActorResolver = Callable[[Request, AsyncSession], Awaitable[Actor]]


def _error(
    status: int,
    code: str,
    message: str,
    reason: StrEnum,
    params: domain.Params | None = None,
    fields: list[Any] | None = None,
) -> JSONResponse:
    """The GraphQL error shape as JSON: the kind, the precise reason and its parameters (what
    the client localises), an English message for logs, and the field problems if any."""
    error: dict[str, Any] = {
        "code": code,
        "reason": reason.value,
        "params": dict(params or {}),
        "message": message,
    }
    if fields is not None:
        error["fields"] = fields
    return JSONResponse({"errors": [error]}, status_code=status)


def _refusal(exc: domain.DomainError) -> JSONResponse:
    fields = None
    if isinstance(exc, domain.ValidationFailed):
        status = 422
        if isinstance(exc, attachments.FileTooLarge):
            status = 413
        elif isinstance(exc, attachments.UnsupportedFile):
            status = 415
        fields = [
            {"field": p.field, "message": p.message, "code": p.code.value, "params": dict(p.params)}
            for p in exc.problems
        ]
    elif isinstance(exc, domain.AuthenticationRequired):
        status = 401
    elif isinstance(exc, domain.PermissionDenied):
        status = 403
    elif isinstance(exc, domain.NotFound):
        status = 404
    else:
        status = 409
    return _error(status, exc.code.value, exc.message, exc.reason, exc.params, fields)


async def _read_capped(request: Request) -> bytes:
    """The body, or FileTooLarge as soon as it passes the limit (never buffered beyond it)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > attachments.MAX_BYTES:
        raise attachments.FileTooLarge()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > attachments.MAX_BYTES:
            raise attachments.FileTooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


def _no_attachment() -> JSONResponse:
    return _error(
        404,
        "NOT_FOUND",
        "no such attachment",
        RegistryProblem.ATTACHMENT_NOT_FOUND,
    )


def _disposition(filename: str, kind: str = "attachment") -> str:
    fallback = filename.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


# Shown in the officer's preview pane (``?inline=1``): a PDF or an image, framed by the portal
# only, running nothing of its own.
PREVIEWABLE = frozenset({"application/pdf", "image/png", "image/jpeg"})
PREVIEW_HEADERS = {
    "x-frame-options": "SAMEORIGIN",
    "content-security-policy": "default-src 'none'; img-src 'self'; frame-ancestors 'self'",
}


def routes(sessions: async_sessionmaker[Any], resolve_actor: ActorResolver) -> list[Route]:
    async def upload(request: Request) -> Response:
        if request.headers.get(UPLOAD_HEADER) != "1":
            return _error(
                403,
                "FORBIDDEN",
                "uploads need the header X-Medreg-Upload: 1",
                RegistryProblem.UPLOAD_HEADER_MISSING,
            )
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type in FORM_TYPES:
            return _error(
                415,
                "BAD_REQUEST",
                "send the file itself as the body, not a form",
                RegistryProblem.UPLOAD_AS_FORM,
            )
        try:
            data = await _read_capped(request)
        except domain.DomainError as exc:
            return _refusal(exc)
        async with sessions() as session:
            actor = await resolve_actor(request, session)
            if actor.is_anonymous:
                return _refusal(domain.AuthenticationRequired("sign in to upload"))
            try:
                stored = await attachments.store(
                    session,
                    actor,
                    kind=request.query_params.get("kind", ""),
                    filename=request.query_params.get("filename", "attachment"),
                    data=data,
                )
                await session.commit()
            except domain.DomainError as exc:
                await session.rollback()
                return _refusal(exc)
            return JSONResponse(
                {
                    "id": to_global_id("Attachment", stored.id),
                    "kind": stored.kind,
                    "filename": stored.filename,
                    "contentType": stored.content_type,
                    "size": stored.size,
                    "sha256": stored.sha256,
                    "url": f"/attachments/{stored.id}",
                },
                status_code=201,
            )

    async def download(request: Request) -> Response:
        try:
            attachment_id = uuid.UUID(request.path_params["attachment_id"])
        except ValueError:
            return _no_attachment()
        with read_only_transactions():
            async with sessions() as session:
                actor = await resolve_actor(request, session)
                if actor.is_anonymous:
                    return _refusal(domain.AuthenticationRequired("sign in to download"))
                try:
                    found = await attachments.load_for_download(session, actor, attachment_id)
                except domain.NotFound:
                    return _no_attachment()
                inline = (
                    request.query_params.get("inline") == "1" and found.content_type in PREVIEWABLE
                )
                headers = {
                    "content-disposition": _disposition(
                        found.filename, "inline" if inline else "attachment"
                    ),
                    "cache-control": "private, no-store",
                }
                if inline:
                    headers.update(PREVIEW_HEADERS)
                return Response(found.data, media_type=found.content_type, headers=headers)

    return [
        Route("/attachments", upload, methods=["POST"]),
        Route("/attachments/{attachment_id}", download, methods=["GET"]),
    ]

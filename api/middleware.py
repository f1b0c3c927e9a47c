"""ASGI middleware: a request id for every request and log line, and security headers."""

from __future__ import annotations

import secrets
import time
from contextvars import ContextVar

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
log = structlog.get_logger("medreg.http")

SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(self), microphone=(), geolocation=()"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        b"script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; frame-ancestors 'none'; "
        b"base-uri 'none'; form-action 'self'",
    ),
]
# GraphiQL loads its assets from a CDN; it only runs in development.
GRAPHIQL_CSP = (
    b"default-src 'self'; script-src 'self' 'unsafe-inline' https://unpkg.com; "
    b"style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data:; "
    b"connect-src 'self'; frame-ancestors 'none'"
)


def _loggable_path(path: str) -> str:
    """Verification tokens carry the holder's name: log the route, not the token."""
    return "/v/…" if path.startswith("/v/") else path


class RequestContextMiddleware:
    """Give every request an id (echoed as ``X-Request-Id``), bind it to the logs, add
    security headers, and log one line per request without its query string."""

    def __init__(self, app: ASGIApp, *, hsts: bool = False) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = secrets.token_hex(8)
        token = request_id_var.set(request_id)
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.append((b"x-request-id", request_id.encode()))
                for name, value in SECURITY_HEADERS:
                    if name not in present:
                        headers.append((name, value))
                if self.hsts:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            log.info(
                "request",
                method=scope.get("method"),
                path=_loggable_path(scope.get("path", "")),
                status=status,
                ms=round((time.perf_counter() - started) * 1000, 2),
            )
            structlog.contextvars.unbind_contextvars("request_id")
            request_id_var.reset(token)

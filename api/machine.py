"""Machine clients over HTTP: ``POST /oauth/token`` (client credentials) and the guard that
checks a bearer token, its scope, the client's standing and its rate limit before /fhir and
/api/verify run."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import structlog
from joserfc.jwk import ECKey, KeySet
from limits import RateLimitItem
from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from certificates.errors import PkiMissing
from certificates.pki import Pki
from certificates.tokens import jwks, signing_key
from core.clock import Clock
from core.ratelimit import moving_window, parse_limits
from interop.clients.oauth import FormRequest, TokenServer, requested_client_id
from interop.clients.service import by_client_id
from interop.clients.tokens import AccessClaims, InvalidToken, TokenConfig, verify

log = structlog.get_logger("medreg.oauth")
_MAX_FORM = 4096


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    headers: dict[str, str]


class MachineAccess:
    """Token issuing and checking, sharing the commission's key and the clock."""

    def __init__(
        self,
        sessions: async_sessionmaker[Any],
        pki: Callable[[], Pki],
        config: TokenConfig,
        clock: Clock,
        *,
        storage_uri: str,
        key_prefix: str,
        signer_authority: str = "310000",
    ) -> None:
        self.sessions, self.pki, self.config, self.clock = sessions, pki, config, clock
        self.signer_authority = signer_authority
        self.server = TokenServer(config, self._signer, clock)
        self.limiter = moving_window(storage_uri, key_prefix=key_prefix)
        self._limits: dict[str, list[RateLimitItem]] = {}

    def _signer(self) -> tuple[str, ECKey]:
        return signing_key(self.pki(), self.signer_authority)

    def _keys(self) -> KeySet:
        pki = self.pki()
        cached = pki.cache.get("machine-token-keys")
        if isinstance(cached, KeySet):
            return cached
        keys = KeySet.import_key_set(jwks(pki))  # type: ignore[arg-type]
        pki.cache["machine-token-keys"] = keys
        return keys

    async def token(self, request: Request) -> Response:
        if int(request.headers.get("content-length") or 0) > _MAX_FORM:
            return JSONResponse({"error": "invalid_request"}, status_code=413)
        async with request.form(max_files=0, max_fields=10) as form:
            fields = {k: v for k, v in form.items() if isinstance(v, str)}
        client_id = requested_client_id(request.headers, fields)
        row = None
        if client_id:
            async with self.sessions() as session:
                row = await by_client_id(session, client_id)
        try:
            status, body, headers = self.server.respond(
                FormRequest(request.method, str(request.url), request.headers, fields), row
            )
        except PkiMissing:
            return JSONResponse({"error": "temporarily_unavailable"}, status_code=503)
        if status != 200:
            log.info("token refused", error=body.get("error"), client_id=client_id)
        return JSONResponse(body, status_code=status, headers=dict(headers))

    async def check(self, request: Request, scope: str) -> AccessClaims | Refusal:
        """The caller's claims, or why it is refused (one INFO line, no traceback)."""
        auth = request.headers.get("authorization", "")
        if auth[:7].lower() != "bearer ":
            return self._refuse(401, "TOKEN_MISSING", scope)
        try:
            claims = verify(auth[7:].strip(), self._keys(), self.config, self.clock.now())
        except InvalidToken as exc:
            return self._refuse(401, exc.code, scope)
        except PkiMissing:
            return Refusal(503, "KEYS_MISSING", {})
        if scope not in claims.scopes:
            return self._refuse(403, "INSUFFICIENT_SCOPE", scope, claims.client_id)
        async with self.sessions() as session:
            client = await by_client_id(session, claims.client_id)
        if client is None or client.revoked_at is not None:
            return self._refuse(401, "CLIENT_REVOKED", scope, claims.client_id)
        wait = await self._hit(client.client_id, client.rate_limit)
        if wait:
            log.info("machine client throttled", client_id=client.client_id)
            return Refusal(429, "RATE_LIMITED", {"retry-after": str(wait)})
        return claims

    async def _hit(self, client_id: str, spec: str) -> int:
        items = self._limits.get(spec) or self._limits.setdefault(spec, parse_limits(spec))
        wait = 0.0
        for item in items:
            if not await self.limiter.test(item, "machine", client_id):
                stats = await self.limiter.get_window_stats(item, "machine", client_id)
                wait = max(wait, stats.reset_time - time.time(), 1)
        if wait:
            return math.ceil(wait)
        for item in items:
            await self.limiter.hit(item, "machine", client_id)
        return 0

    def _refuse(self, status: int, code: str, scope: str, client_id: str = "") -> Refusal:
        log.info("machine request refused", code=code, scope=scope, client_id=client_id or None)
        error = "insufficient_scope" if status == 403 else "invalid_token"
        challenge = f'Bearer error="{error}", scope="{scope}"'
        return Refusal(status, code, {"www-authenticate": challenge})

    def routes(self) -> list[Route]:
        return [Route("/oauth/token", self.token, methods=["POST"])]


def problem(refusal: Refusal) -> Response:
    return JSONResponse({"code": refusal.code}, status_code=refusal.status, headers=refusal.headers)


MAX_BULK_BYTES = 3_000_000


def verify_route(
    sessions: async_sessionmaker[Any], machine: MachineAccess, keys: Callable[[], Any]
) -> Route:
    """``POST /api/verify``: bulk verification with the ``verify.bulk`` scope."""
    import json

    from interop.verify import BulkError, parse, verify_lines

    async def bulk(request: Request) -> Response:
        checked = await machine.check(request, "verify.bulk")
        if isinstance(checked, Refusal):
            return problem(checked)
        if int(request.headers.get("content-length") or 0) > MAX_BULK_BYTES:
            return JSONResponse({"code": "BODY_TOO_LARGE"}, status_code=413)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BULK_BYTES:
                return JSONResponse({"code": "BODY_TOO_LARGE"}, status_code=413)
        try:
            lines = parse(json.loads(body))
        except (ValueError, UnicodeDecodeError):
            return JSONResponse({"code": "BODY_INVALID"}, status_code=400)
        except BulkError as exc:
            log.info("bulk verification refused", code=exc.code, client_id=checked.client_id)
            status = 413 if exc.code == "TOO_MANY_LINES" else 400
            return JSONResponse({"code": exc.code, "maximum": 1000}, status_code=status)
        try:
            keyset = keys()
        except PkiMissing:
            return JSONResponse({"code": "KEYS_MISSING"}, status_code=503)
        async with sessions() as session:
            results = await verify_lines(session, lines, keyset)
        log.info("bulk verification", lines=len(results), client_id=checked.client_id)
        return JSONResponse({"results": results})

    return Route("/api/verify", bulk, methods=["POST"])

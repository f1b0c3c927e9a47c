"""Licence routes outside GraphQL.

- ``GET /v/{token}``: the page a QR code opens (one ECDSA verification, one status lookup);
- ``GET /s/{token}``: a holder's share link: the live status until it expires or is revoked,
  then a page saying so;
- ``GET /.well-known/jwks.json``: the authorities' token keys, for offline checks;
- ``GET /pki/crl/{name}.crl``, ``/pki/root.crt`` (DER) and ``/pki/root.pem``: revocation
  list and trust anchor, for PDF validators (``pdfsig``, Acrobat, pyHanko);
- ``GET /licences/{number}.pdf?version=N``: the signed PDF, as a download, to the holder,
  the holder's institution and officers in scope; 404 for everyone else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from access.actor import Actor
from api.verify_page import UNAVAILABLE, render_share_closed, render_verification
from certificates.errors import ForgedToken, PkiMissing, ShareClosed
from certificates.pki import Pki, crl_file
from certificates.runtime import LicenceRuntime
from certificates.scans import VerificationResult, verify_scan
from certificates.tokens import jwks, keyset
from certificates.values import VerificationStatus
from core.clock import clock_of
from core.db import read_only_transactions
from core.errors import NotFound
from core.uow import unit_of_work
from registry.licences.service import pdf_for_download, sign_when_opened
from registry.licences.sharing import open_share

ActorResolver = Callable[[Request, AsyncSession], Awaitable[Actor]]
RETRY_AFTER_S = 3
"""A licence decided or opened now is signed within seconds (its job runs first)."""
_PUBLIC = {"access-control-allow-origin": "*", "cross-origin-resource-policy": "cross-origin"}


def _error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"code": code, "message": message}]}, status_code=status, headers=headers
    )


def routes(
    sessions: async_sessionmaker[Any], resolve_actor: ActorResolver, runtime: LicenceRuntime
) -> list[Route]:
    def pki_or_none() -> Pki | None:
        try:
            return runtime.pki()
        except PkiMissing:
            return None

    async def verify(request: Request) -> Response:
        pki = pki_or_none()
        if pki is None:
            return HTMLResponse(UNAVAILABLE, status_code=503)
        with read_only_transactions():
            async with sessions() as session:
                result = await verify_scan(session, request.path_params["token"], keyset(pki))
        runtime.verifications.add(result)
        authority = pki.authorities.get(result.authority_code or "")
        page = render_verification(result, authority.info if authority else None)
        return HTMLResponse(page, headers={"cache-control": "no-store"})

    async def shared(request: Request) -> Response:
        pki = pki_or_none()
        if pki is None:
            return HTMLResponse(UNAVAILABLE, status_code=503)
        headers = {"cache-control": "no-store", "referrer-policy": "no-referrer"}
        with read_only_transactions():
            async with sessions() as session:
                try:
                    opened = await open_share(session, keyset(pki), request.path_params["token"])
                except ForgedToken:
                    forged = VerificationResult(VerificationStatus.FORGED, clock_of(session).now())
                    return HTMLResponse(render_verification(forged, None), 404, headers)
                except ShareClosed as exc:
                    return HTMLResponse(render_share_closed(exc.reason.value), 410, headers)
        result = opened.result
        authority = pki.authorities.get(result.authority_code or "")
        page = render_verification(
            result, authority.info if authority else None, shared_until=opened.expires_at
        )
        return HTMLResponse(page, headers=headers)

    async def jwks_document(_request: Request) -> Response:
        pki = pki_or_none()
        if pki is None:
            return _error(503, "UNAVAILABLE", "no keys yet")
        headers = {**_PUBLIC, "cache-control": "public, max-age=3600"}
        return JSONResponse(jwks(pki), headers=headers, media_type="application/jwk-set+json")

    async def crl(request: Request) -> Response:
        path = crl_file(runtime.config, request.path_params["name"])
        if path is None:
            return _error(404, "NOT_FOUND", "no such revocation list")
        headers = {**_PUBLIC, "cache-control": "public, max-age=3600"}
        return Response(path.read_bytes(), media_type="application/pkix-crl", headers=headers)

    async def root_certificate(request: Request) -> Response:
        pki = pki_or_none()
        if pki is None:
            return _error(404, "NOT_FOUND", "no root certificate yet")
        pem = request.url.path.endswith(".pem")
        body = pki.root.public_bytes(Encoding.PEM if pem else Encoding.DER)
        media = "application/x-pem-file" if pem else "application/pkix-cert"
        name = "medreg-root.pem" if pem else "medreg-root.crt"
        headers = {
            **_PUBLIC,
            "cache-control": "public, max-age=86400",
            "content-disposition": f'attachment; filename="{name}"',
        }
        return Response(body, media_type=media, headers=headers)

    async def download(request: Request) -> Response:
        number = request.path_params["number"]
        raw_version = request.query_params.get("version")
        if raw_version is not None and not raw_version.isdigit():
            return _error(404, "NOT_FOUND", "no such licence")
        version = int(raw_version) if raw_version is not None else None
        with read_only_transactions():
            async with sessions() as session:
                actor = await resolve_actor(request, session)
                if actor.is_anonymous:
                    return _error(401, "UNAUTHENTICATED", "sign in to download a licence")
                try:
                    licence, pdf = await pdf_for_download(session, actor, number, version)
                except NotFound:
                    return _error(404, "NOT_FOUND", "no such licence")
        if pdf is None:
            async with unit_of_work(sessions) as session:
                await sign_when_opened(session, [licence])
            return _error(
                503,
                "NOT_READY",
                "the licence is being signed; try again shortly",
                {"retry-after": str(RETRY_AFTER_S), "cache-control": "no-store"},
            )
        filename = f"{licence.number}-v{licence.version}.pdf"
        return Response(
            pdf,
            media_type="application/pdf",
            headers={
                "content-disposition": f'attachment; filename="{filename}"; '
                f"filename*=UTF-8''{quote(filename)}",
                "cache-control": "private, no-store",
            },
        )

    return [
        Route("/v/{token}", verify, methods=["GET"]),
        Route("/s/{token}", shared, methods=["GET"]),
        Route("/.well-known/jwks.json", jwks_document, methods=["GET"]),
        Route("/pki/crl/{name}.crl", crl, methods=["GET"]),
        Route("/pki/root.crt", root_certificate, methods=["GET"]),
        Route("/pki/root.pem", root_certificate, methods=["GET"]),
        Route("/licences/{number}.pdf", download, methods=["GET"]),
    ]

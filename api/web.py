"""The built portal (web/dist): index.html at every SPA path, the service worker at /sw.js and
the hashed assets, each sent as the brotli or gzip file the build wrote beside it when the
browser accepts that encoding."""

from __future__ import annotations

import mimetypes
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

# Preferred first: brotli is ~15 % smaller than gzip on our scripts.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
VARY = "Accept-Encoding"
IMMUTABLE = "public, max-age=31536000, immutable"

PLACEHOLDER = """<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>medreg 医疗机构和医护人员电子化注册</title>
<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">
<h1>医疗机构和医护人员电子化注册系统</h1><p>Electronic registration of medical institutions,
doctors and nurses.</p><p>The web portal is not built yet: run <code>make run</code>.</p>
<p>API: <a href="/graphql">/graphql</a></p></body></html>"""


def accepted_encodings(header: str | None) -> set[str]:
    """The content codings an ``Accept-Encoding`` header allows (RFC 9110 §12.5.3): listed
    with a non-zero weight, or covered by ``*`` and not refused by name."""
    allowed: set[str] = set()
    refused: set[str] = set()
    wildcard = False
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if name == "*":
            wildcard = weight > 0
        elif weight > 0:
            allowed.add(name)
        else:
            refused.add(name)
    if wildcard:
        allowed |= {coding for coding, _ in ENCODINGS} - refused
    return allowed


class CompressedStatic(StaticFiles):
    """Hashed build assets: cached for a year, sent precompressed when the client accepts it."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if scope["method"] in ("GET", "HEAD"):
            accepted = accepted_encodings(Headers(scope=scope).get("accept-encoding"))
            for coding, suffix in ENCODINGS:
                if coding not in accepted:
                    continue
                full_path, found = await anyio.to_thread.run_sync(self.lookup_path, path + suffix)
                if found is not None and stat.S_ISREG(found.st_mode):
                    return self._encoded(path, full_path, found, coding, scope)
        response = await super().get_response(path, scope)
        response.headers["vary"] = VARY
        return response

    def _encoded(
        self, path: str, full_path: str, found: Any, coding: str, scope: Scope
    ) -> Response:
        media_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        response = FileResponse(full_path, stat_result=found, media_type=media_type)
        response.headers["content-encoding"] = coding
        response.headers["vary"] = VARY
        response.headers["cache-control"] = IMMUTABLE
        if self.is_not_modified(response.headers, Headers(scope=scope)):
            return Response(status_code=304, headers=_not_modified(response.headers))
        return response

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["cache-control"] = IMMUTABLE
        return response


def _not_modified(headers: Any) -> dict[str, str]:
    keep = ("cache-control", "content-location", "date", "etag", "expires", "vary")
    return {k: v for k, v in headers.items() if k in keep}


@dataclass(frozen=True)
class IndexPage:
    """index.html and its precompressed forms, read once at start-up."""

    raw: bytes
    encoded: dict[str, bytes]

    @classmethod
    def read(cls, dist: Path) -> IndexPage:
        index = dist / "index.html"
        encoded = {
            coding: (dist / f"index.html{suffix}").read_bytes()
            for coding, suffix in ENCODINGS
            if (dist / f"index.html{suffix}").exists()
        }
        return cls(raw=index.read_bytes(), encoded=encoded)

    def response(self, request: Request) -> Response:
        headers = {"cache-control": "no-cache", "vary": VARY}
        accepted = accepted_encodings(request.headers.get("accept-encoding"))
        for coding, _suffix in ENCODINGS:
            if coding in accepted and coding in self.encoded:
                headers["content-encoding"] = coding
                return HTMLResponse(self.encoded[coding], headers=headers)
        return HTMLResponse(self.raw, headers=headers)


def web_routes(dist: Path) -> list[Any]:
    """The portal's routes, or a placeholder page when web/dist was not built."""
    if (dist / "index.html").exists():
        index = IndexPage.read(dist)

        async def spa(request: Request) -> Response:
            return index.response(request)

        worker = dist / "sw.js"

        async def service_worker(_request: Request) -> Response:
            # Checked at every visit, so a new build's worker replaces the old one.
            return FileResponse(
                worker, media_type="text/javascript", headers={"cache-control": "no-cache"}
            )

        return [
            *([Route("/sw.js", service_worker)] if worker.exists() else []),
            Mount("/assets", app=CompressedStatic(directory=dist / "assets"), name="assets"),
            Route("/", spa),
            Route("/{path:path}", spa),
        ]

    async def placeholder(_request: Request) -> Response:
        return HTMLResponse(PLACEHOLDER)

    return [Route("/", placeholder)]

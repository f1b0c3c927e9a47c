"""The built portal's files: sent as the precompressed brotli or gzip file when the client
accepts that coding (negotiated on Accept-Encoding, with Vary), as they are otherwise."""

from __future__ import annotations

import gzip
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from api.web import accepted_encodings, web_routes

SCRIPT = b"export const greeting = 'hello';\n" * 200
INDEX = b"<!doctype html><title>medreg</title><div id=app></div>" * 40
# The server never decodes a .br file: distinct bytes prove which file was sent.
BROTLI_SCRIPT = b"brotli form of app.js"
BROTLI_INDEX = b"brotli form of index.html"


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_bytes(INDEX)
    (tmp_path / "index.html.br").write_bytes(BROTLI_INDEX)
    (tmp_path / "index.html.gz").write_bytes(gzip.compress(INDEX))
    (tmp_path / "assets" / "app-1a2b.js").write_bytes(SCRIPT)
    (tmp_path / "assets" / "app-1a2b.js.br").write_bytes(BROTLI_SCRIPT)
    (tmp_path / "assets" / "app-1a2b.js.gz").write_bytes(gzip.compress(SCRIPT))
    (tmp_path / "assets" / "reader-9f.wasm").write_bytes(b"\0asm" + bytes(2000))
    (tmp_path / "assets" / "reader-9f.wasm.gz").write_bytes(gzip.compress(b"\0asm" + bytes(2000)))
    (tmp_path / "assets" / "tiny.svg").write_bytes(b"<svg/>")
    return tmp_path


def client(dist: Path) -> httpx.AsyncClient:
    app = Starlette(routes=web_routes(dist))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


async def raw_get(c: httpx.AsyncClient, path: str, accept: str | None) -> httpx.Response:
    """The response as sent (httpx would decode gzip itself)."""
    headers = {"accept-encoding": accept} if accept is not None else {"accept-encoding": ""}
    request = c.build_request("GET", path, headers=headers)
    response = await c.send(request, stream=True)
    response._content = b"".join([chunk async for chunk in response.aiter_raw()])
    return response


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br, zstd", {"gzip", "deflate", "br", "zstd"}),
        ("br;q=0, gzip", {"gzip"}),
        ("GZIP;q=0.5", {"gzip"}),
        ("*", {"br", "gzip"}),
        ("*;q=1, br;q=0", {"gzip"}),
        ("identity", {"identity"}),
        ("gzip;q=nonsense", set()),
        ("", set()),
        (None, set()),
    ],
)
def test_accepted_encodings(header: str | None, expected: set[str]) -> None:
    assert accepted_encodings(header) == expected


async def test_script_is_sent_as_brotli_when_accepted(dist: Path) -> None:
    async with client(dist) as c:
        response = await raw_get(c, "/assets/app-1a2b.js", "gzip, deflate, br")
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "br"
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.content == BROTLI_SCRIPT


async def test_script_is_sent_as_gzip_without_brotli(dist: Path) -> None:
    async with client(dist) as c:
        response = await raw_get(c, "/assets/app-1a2b.js", "gzip, br;q=0")
    assert response.headers["content-encoding"] == "gzip"
    assert gzip.decompress(response.content) == SCRIPT


async def test_script_is_sent_as_is_without_accepted_coding(dist: Path) -> None:
    async with client(dist) as c:
        response = await raw_get(c, "/assets/app-1a2b.js", None)
    assert "content-encoding" not in response.headers
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.content == SCRIPT


async def test_wasm_keeps_its_type_when_compressed(dist: Path) -> None:
    async with client(dist) as c:
        response = await raw_get(c, "/assets/reader-9f.wasm", "br, gzip")
    # No .br written for it: the gzip form is the best the client accepts.
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["content-type"] == "application/wasm"
    assert gzip.decompress(response.content).startswith(b"\0asm")


async def test_file_without_compressed_form_is_sent_as_is(dist: Path) -> None:
    async with client(dist) as c:
        response = await raw_get(c, "/assets/tiny.svg", "br, gzip")
    assert "content-encoding" not in response.headers
    assert response.content == b"<svg/>"


async def test_compressed_asset_revalidates_with_its_own_etag(dist: Path) -> None:
    async with client(dist) as c:
        first = await raw_get(c, "/assets/app-1a2b.js", "br")
        plain = await raw_get(c, "/assets/app-1a2b.js", None)
        again = await c.get(
            "/assets/app-1a2b.js",
            headers={"accept-encoding": "br", "if-none-match": first.headers["etag"]},
        )
    assert first.headers["etag"] != plain.headers["etag"]
    assert again.status_code == 304
    assert again.headers["vary"] == "Accept-Encoding"


async def test_missing_asset_is_not_found(dist: Path) -> None:
    async with client(dist) as c:
        response = await raw_get(c, "/assets/nothing.js", "br")
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/", "/me/licences", "/authority/workbench"])
async def test_index_is_negotiated_at_every_spa_path(dist: Path, path: str) -> None:
    async with client(dist) as c:
        brotli = await raw_get(c, path, "gzip, br")
        gzipped = await raw_get(c, path, "gzip")
        plain = await raw_get(c, path, None)
    assert brotli.headers["content-encoding"] == "br"
    assert brotli.content == BROTLI_INDEX
    assert gzip.decompress(gzipped.content) == INDEX
    assert plain.content == INDEX
    for response in (brotli, gzipped, plain):
        assert response.headers["vary"] == "Accept-Encoding"
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["content-type"].startswith("text/html")


async def test_placeholder_without_a_built_portal(tmp_path: Path) -> None:
    async with client(tmp_path) as c:
        response = await c.get("/")
    assert "make run" in response.text


async def test_service_worker_is_served_from_the_root_and_checked_at_every_visit(
    dist: Path,
) -> None:
    worker = b"self.addEventListener('fetch', () => {});\n"
    (dist / "sw.js").write_bytes(worker)
    async with client(dist) as c:
        response = await raw_get(c, "/sw.js", None)
    assert response.status_code == 200
    assert response.content == worker
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"


async def test_without_a_service_worker_sw_js_is_the_portal_page(dist: Path) -> None:
    async with client(dist) as c:
        response = await raw_get(c, "/sw.js", None)
    assert response.content == INDEX

"""``tsa_url`` set: time-stamps come from an RFC 3161 service over HTTP instead of in-process."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import tsp

from certificates.config import SigningConfig
from certificates.pki import Pki
from certificates.render import render_licence
from certificates.signing import as_asn1_cert, sign_licence
from certificates.tokens import issue_token
from certificates.tsa import LocalTimeStamper
from certificates.verification import verify_pdf
from tests.factories.licences import licence_data


@pytest.fixture
def tsa_server(pki: Pki) -> Iterator[tuple[str, list[int]]]:
    """A minimal RFC 3161 endpoint answering with the PKI's TSA key; counts its requests."""
    stamper = LocalTimeStamper(as_asn1_cert(pki.tsa_cert), pki.tsa_key())
    served: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            assert self.headers["Content-Type"] == "application/timestamp-query"
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            served.append(len(reply))
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsa", served
    server.shutdown()
    server.server_close()


async def test_signing_with_a_remote_tsa_gives_a_genuine_b_lta_licence(
    tsa_server: tuple[str, list[int]], pki: Pki, signing_config: SigningConfig
) -> None:
    url, served = tsa_server
    config = SigningConfig(
        data_dir=signing_config.data_dir,
        key_passphrase=signing_config.key_passphrase,
        public_url=signing_config.public_url,
        tsa_url=url,
    )
    data = licence_data()
    verify_url = config.verify_url(issue_token(data, pki))
    pdf = await sign_licence(render_licence(data, verify_url, config), "310115", pki, config)
    assert len(served) >= 2  # signature time-stamp and document time-stamp, at least
    result = await verify_pdf(pdf, pki)
    assert result.genuine, result.problems
    assert result.archived_until is not None

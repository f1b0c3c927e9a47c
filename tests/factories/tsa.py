"""An RFC 3161 time-stamping service over HTTP, answering with the development PKI's TSA key:
what ``SigningConfig.tsa_url`` points at in production, run in a thread of the test."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import tsp

from certificates.pki import Pki
from certificates.signing import as_asn1_cert
from certificates.tsa import LocalTimeStamper


@dataclass
class ServedTsa:
    url: str
    replies: list[int] = field(default_factory=list)
    """The size of each reply, in the order served."""


@contextmanager
def serving_tsa(pki: Pki, before_reply: Callable[[], None] = lambda: None) -> Iterator[ServedTsa]:
    """A TSA at ``ServedTsa.url`` while the block runs; ``before_reply`` runs as each request
    arrives, before the token is made (a TSA that takes its time, say)."""
    stamper = LocalTimeStamper(as_asn1_cert(pki.tsa_cert), pki.tsa_key())
    replies: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            assert self.headers["Content-Type"] == "application/timestamp-query"
            before_reply()
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            replies.append(len(reply))
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
    try:
        yield ServedTsa(f"http://127.0.0.1:{server.server_address[1]}/tsa", replies)
    finally:
        server.shutdown()
        server.server_close()

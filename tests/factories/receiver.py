"""An employer's webhook endpoint: a real HTTP server (uvicorn, in the test's event loop) on a
port of our range that records what it receives and can be told to fail."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
import uvicorn
from standardwebhooks.webhooks import Webhook
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.factories.national import free_port


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    port: int
    received: list[Received] = field(default_factory=list)
    fail_next: int = 0
    """Answer 500 to this many requests, then 200."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def app(self) -> Starlette:
        async def hook(request: Request) -> Response:
            self.received.append(Received(dict(request.headers), await request.body()))
            if self.fail_next:
                self.fail_next -= 1
                return Response(status_code=500)
            return Response(status_code=204)

        return Starlette(routes=[Route("/hooks", hook, methods=["POST"])])


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    target = Receiver(free_port())
    server = uvicorn.Server(
        uvicorn.Config(target.app(), host="127.0.0.1", port=target.port, log_config=None)
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no event to wait on
        await asyncio.sleep(0.02)
    yield target
    server.should_exit = True
    await task


def summary(item: Received) -> dict[str, Any]:
    import json

    return dict(json.loads(item.body))


def assert_signed(secret: str, item: Received) -> None:
    """The message carries a valid Standard Webhooks signature (checked by its library)."""
    at = datetime.fromtimestamp(int(item.headers["webhook-timestamp"]), UTC)
    expected = Webhook(secret).sign(item.headers["webhook-id"], at, item.body.decode())
    assert item.headers["webhook-signature"] == expected

"""The audit chain's public face and its checkpoint loop.

- ``GET /audit/checkpoint``: the latest signed checkpoint (size and head hash of the chain,
  time, key id, compact JWS); no personal data;
- ``GET /audit/jwks.json``: the public key that signs checkpoints.

``checkpoint_loop`` runs in ``medreg serve`` and ``medreg worker``: it writes a checkpoint
whenever one is due and a last one when the process stops.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from core.checkpoint_writer import ChainDiverged, CheckpointWriter, latest_checkpoint
from core.checkpoints import CheckpointKeyMissing, ForgedCheckpoint, SignedCheckpoint
from core.checkpoints import open_checkpoint as open_token

log = structlog.get_logger("medreg.audit")
_PUBLIC = {"access-control-allow-origin": "*", "cross-origin-resource-policy": "cross-origin"}


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"code": code, "message": message}]}, status_code=status)


def routes(sessions: async_sessionmaker[Any], writer: CheckpointWriter) -> list[Route]:
    async def checkpoint(_request: Request) -> Response:
        async with sessions() as session:
            row = await latest_checkpoint(session)
        if row is None:
            return _error(404, "NOT_FOUND", "no audit checkpoint has been written yet")
        try:
            # Never publish a row someone altered in the database: it must still verify.
            signed = SignedCheckpoint(open_token(row.jws, writer.key.keys), row.jws)
        except (ForgedCheckpoint, CheckpointKeyMissing) as exc:
            log.error("the latest audit checkpoint cannot be served", reason=str(exc))
            return _error(503, "UNAVAILABLE", "the latest audit checkpoint cannot be verified")
        headers = {**_PUBLIC, "cache-control": "public, max-age=10"}
        return JSONResponse(signed.to_json(), headers=headers)

    async def jwks(_request: Request) -> Response:
        try:
            document = writer.key.jwks()
        except CheckpointKeyMissing:
            return _error(503, "UNAVAILABLE", "the audit checkpoint key is not available")
        headers = {**_PUBLIC, "cache-control": "public, max-age=3600"}
        return JSONResponse(document, headers=headers, media_type="application/jwk-set+json")

    return [
        Route("/audit/checkpoint", checkpoint, methods=["GET"]),
        Route("/audit/jwks.json", jwks, methods=["GET"]),
    ]


class _Problems:
    """Logs a problem when it appears or changes, not on every round of the loop."""

    def __init__(self) -> None:
        self.last: str | None = None

    def report(self, event: str, reason: str, *, exc_info: bool = False) -> None:
        if reason != self.last:
            log.error(event, reason=reason, exc_info=exc_info)
        self.last = reason


async def write_checkpoint(
    writer: CheckpointWriter, *, final: bool = False, problems: _Problems | None = None
) -> bool:
    """One attempt, logged; whether a checkpoint was written."""
    problems = problems or _Problems()
    try:
        signed = await writer.write(final=final)
    except ChainDiverged as exc:
        problems.report("audit chain no longer matches its last checkpoint", str(exc))
        return False
    except CheckpointKeyMissing as exc:
        problems.report("audit checkpoints cannot be signed", str(exc))
        return False
    except Exception as exc:
        problems.report("audit checkpoint failed", repr(exc), exc_info=True)
        return False
    problems.last = None
    if signed is not None:
        log.info("audit checkpoint", tree_size=signed.checkpoint.tree_size)
    return signed is not None


async def checkpoint_loop(
    writer: CheckpointWriter, *, stop: asyncio.Event, interval_s: float = 2.0
) -> None:
    """Check every ``interval_s`` whether a checkpoint is due (two indexed reads), until
    ``stop``; then one more for the entries written since the last."""
    problems = _Problems()
    while not stop.is_set():
        await write_checkpoint(writer, problems=problems)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval_s)
    await write_checkpoint(writer, final=True, problems=problems)

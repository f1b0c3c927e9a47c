"""The development national platform (``medreg dev national-platform``) as a real process on a
port of its own, and sync events built from real registrations."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from certificates.pki import Pki
from certificates.tokens import jwks
from core import outbox
from registry.registrations.models import Registration

PORTS = range(8300, 8400)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8300-8399")


def write_jwks(pki: Pki, path: Path) -> Path:
    path.write_text(json.dumps(jwks(pki)))
    return path


@dataclass
class DevPlatform:
    """One ``medreg dev national-platform`` process; ``kill`` and ``start`` again keep its
    store (what it acknowledged survives)."""

    home: Path
    jwks_file: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, fail_every: int = 0) -> None:
        env = {**os.environ, "MEDREG_DATA_DIR": str(self.home), "MEDREG_LOG_LEVEL": "WARNING"}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "api.cli.main",
                "dev",
                "national-platform",
                "--port",
                str(self.port),
                "--jwks",
                str(self.jwks_file),
                "--store",
                str(self.home / "platform.db"),
                "--fail-every",
                str(fail_every),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    self.process.stderr.read().decode() if self.process.stderr else ""
                )
            try:
                httpx.get(f"{self.url}/_dev/stats", timeout=1).raise_for_status()
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the development national platform did not start")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None

    def stats(self) -> dict[str, Any]:
        answer = httpx.get(f"{self.url}/_dev/stats", params={"events": "1"}, timeout=5)
        answer.raise_for_status()
        return dict(answer.json())

    def mode(self, **change: float) -> None:
        httpx.post(f"{self.url}/_dev/mode", json=change, timeout=5).raise_for_status()

    def forget(self, event_id: str) -> None:
        assert httpx.delete(f"{self.url}/_dev/events/{event_id}", timeout=5).status_code == 204


async def registration_event(
    session: AsyncSession, reg: Registration, action: str
) -> outbox.OutboxEvent:
    """A ``registration.completed`` event as the workflow writes it (the fields the sync
    reads; masked personal data only)."""
    return await outbox.emit(
        session,
        "registration.completed",
        {
            "registration_id": str(reg.id),
            "registration_version": reg.version,
            "registration_status": "CANCELLED" if action == "REVOKE" else "ACTIVE",
            "number": reg.number,
            "action": action,
            "content": {"number": reg.number, "id_number_masked": "3101**********123X"},
        },
    )

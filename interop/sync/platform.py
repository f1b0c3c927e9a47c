"""The national platform as our side sees it: an HTTP endpoint that acknowledges signed events
and lists what it acknowledged. ``medreg dev national-platform`` is its development twin."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from joserfc.jwk import ECKey

from interop.sync.signing import HEADER, sign_detached

RETRYABLE = frozenset({408, 425, 429})


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    retry: bool
    """A failure worth retrying (network, timeout, 5xx, 429); otherwise final."""
    error: str = ""


def encode(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


class NationalPlatform:
    """An HTTP client for one platform; ``close`` when done."""

    def __init__(self, url: str, key: ECKey, kid: str, *, timeout_s: float) -> None:
        self.url = url.rstrip("/")
        self.key, self.kid = key, kid
        self.http = httpx.AsyncClient(timeout=timeout_s)

    async def close(self) -> None:
        await self.http.aclose()

    async def send(self, event_id: str, body: dict[str, Any]) -> Outcome:
        data = encode(body)
        headers = {
            "content-type": "application/json",
            "idempotency-key": event_id,
            HEADER: sign_detached(data, self.key, self.kid),
        }
        try:
            answer = await self.http.post(f"{self.url}/events", content=data, headers=headers)
        except httpx.TimeoutException:
            return Outcome(False, True, "TIMEOUT")
        except httpx.HTTPError as exc:
            return Outcome(False, True, f"NETWORK {type(exc).__name__}")
        if answer.is_success:
            return Outcome(True, False)
        error = f"HTTP {answer.status_code} {answer.text[:200]}"
        return Outcome(False, answer.status_code >= 500 or answer.status_code in RETRYABLE, error)

    async def acknowledged(self, since: datetime, until: datetime) -> set[str]:
        """Ids of the events the platform holds that occurred in ``[since, until)``."""
        answer = await self.http.get(
            f"{self.url}/events/acknowledged",
            params={"from": since.isoformat(), "to": until.isoformat()},
        )
        answer.raise_for_status()
        return {str(x) for x in answer.json()["ids"]}

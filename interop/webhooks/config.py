"""How webhooks are delivered: read with the settings, which must not import the sender
(httpx, the models) for a command that never sends one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WebhookConfig:
    timeout_s: float = 10.0
    max_attempts: int = 8
    backoff_s: float = 10.0
    backoff_max_s: float = 3600.0
    batch: int = 50
    allow_private: bool = False
    """Deliver to private, loopback and link-local addresses too (development and tests only)."""

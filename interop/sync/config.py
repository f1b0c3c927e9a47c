"""How the national sync runs, as ``api/settings.py`` builds it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SyncConfig:
    url: str
    """Base URL of the national platform (``MEDREG_NATIONAL_URL``); events go to ``/events``."""
    signer_authority: str = "310000"
    """The authority whose ES256 key signs the bodies (the commission's): its ``kid`` is in our
    JWKS at ``/.well-known/jwks.json``."""
    timeout_s: float = 10.0
    """One request's limit; a slower answer counts as a failure and is retried."""
    max_attempts: int = 8
    """Attempts before an event becomes DEAD (and blocks later events of its person)."""
    backoff_s: float = 5.0
    """First retry after about this long, doubling each time (with jitter)."""
    backoff_max_s: float = 3600.0
    batch: int = 100
    concurrency: int = 8
    """Requests in flight at once (each for a different person or institution)."""

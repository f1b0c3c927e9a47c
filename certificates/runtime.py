"""What the licence surface needs at run time: the signing configuration, the PKI (loaded on
first use), the throttle of the public lookups (counters in a ``limits`` storage) and the
worker processes that check uploaded PDFs."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from limits import RateLimitItem

from certificates.config import SigningConfig
from certificates.errors import CertificateProblem
from certificates.isolation import PdfChecks
from certificates.pki import Pki, load_pki
from certificates.verification_tally import VerificationTally
from core.errors import RateLimited
from core.ratelimit import moving_window, parse_limits


@dataclass(frozen=True)
class PublicLimits:
    """Per client address limits of the anonymous licence checks."""

    storage_uri: str = "memory://"
    """``memory://`` for one process; ``redis://…`` to share the counters between processes."""
    key_prefix: str = "medreg"
    """Namespace of the counters in a shared Redis."""
    lookup: str = "10/minute;60/hour"
    """Lookups by licence number + holder name (each one, found or not)."""
    pdf_check: str = "10/minute;100/hour"
    """Uploaded PDFs checked (each costs a full signature validation)."""
    pdf_check_everyone: str = "60/minute;1000/hour"
    """Uploaded PDFs checked from all addresses together (shared between processes when the
    storage is)."""


class PublicThrottle:
    def __init__(self, limits: PublicLimits) -> None:
        self.limiter = moving_window(limits.storage_uri, key_prefix=limits.key_prefix)
        self.items: dict[str, list[RateLimitItem]] = {
            "lookup": parse_limits(limits.lookup),
            "pdf-check": parse_limits(limits.pdf_check),
            "pdf-check-everyone": parse_limits(limits.pdf_check_everyone),
        }

    async def hit(self, what: str, address: str | None) -> None:
        """Count one ``what`` from ``address``; ``RateLimited`` when a window is full."""
        await self._hit(
            what,
            address or "unknown",
            "Too many licence checks from this network; wait a little and try again.",
            CertificateProblem.CHECKS_THROTTLED,
        )

    async def hit_everyone(self, what: str) -> None:
        """Count one ``what`` against the limit of all clients together."""
        await self._hit(
            f"{what}-everyone",
            "all",
            "Many licence files are being checked right now; try again shortly.",
            CertificateProblem.CHECKS_BUSY,
        )

    async def _hit(self, what: str, key: str, message: str, reason: CertificateProblem) -> None:
        items = self.items[what]
        blocked, wait = False, 0.0
        for item in items:
            if not await self.limiter.test(item, "licence", what, key):
                blocked = True
                stats = await self.limiter.get_window_stats(item, "licence", what, key)
                wait = max(wait, stats.reset_time - time.time())
        if blocked:
            raise RateLimited(message, retry_after_seconds=max(1, math.ceil(wait)), reason=reason)
        for item in items:
            await self.limiter.hit(item, "licence", what, key)


@dataclass(frozen=True)
class LicenceRuntime:
    config: SigningConfig
    throttle: PublicThrottle
    pdf_checks: PdfChecks = field(default_factory=PdfChecks)
    """The worker processes that check uploaded PDFs (started on first use)."""
    verifications: VerificationTally = field(default_factory=VerificationTally)
    """This process's verification counts, saved every minute (the app's lifespan)."""

    def pki(self) -> Pki:
        """The PKI of the data directory (read once per process); ``PkiMissing`` before
        ``medreg keys init``."""
        return load_pki(self.config)

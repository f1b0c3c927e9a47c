"""Retry delays shared by the national sync and the webhooks."""

from __future__ import annotations

import random
from datetime import timedelta


def backoff(base_s: float, cap_s: float, attempts: int, rng: random.Random) -> timedelta:
    """Exponential (``base_s`` × 2^(attempts−1)), capped at ``cap_s``, with equal jitter (half
    fixed, half random): retries of many deliveries that failed together spread out instead
    of hitting a recovering receiver at once."""
    delay = min(cap_s, base_s * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=delay / 2 + rng.uniform(0, delay / 2))

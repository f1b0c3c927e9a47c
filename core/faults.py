"""Crash points for the fault tests: a process armed with a point kills itself there with
SIGKILL (no rollback, no ``finally``, no flush), as the OOM killer or a power cut would.

Off unless armed, and only ``medreg worker`` arms it (from ``MEDREG_CRASH_AT``: ``point``, or
``point:n`` for the n-th time the point is reached). The points name steps of background work,
not the loop that drives them: ``licence-claim`` (about to claim licences), ``licence-signed``
(a PDF signed, not stored), ``licence-stored`` (its row written, not committed),
``notification-sent`` (handed to the channel, not yet marked delivered).
"""

from __future__ import annotations

import os
import signal

_armed: tuple[str, int] | None = None
_reached = 0


def arm(spec: str | None) -> None:
    """Crash at ``spec`` (``point`` or ``point:n``); ``None`` or ``""`` disarms."""
    global _armed, _reached
    _reached = 0
    if not spec:
        _armed = None
        return
    point, _, nth = spec.partition(":")
    _armed = (point, int(nth or 1))


def crash_point(name: str) -> None:
    global _reached
    if _armed is None or _armed[0] != name:
        return
    _reached += 1
    if _reached == _armed[1]:
        os.kill(os.getpid(), signal.SIGKILL)

"""What statistics read from the licences, as SQL to aggregate (never rows)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select

from certificates.models import Licence


def issued_between(start: datetime, end: datetime) -> Select[str]:
    """The number of every licence version issued in ``[start, end)``."""
    return select(Licence.number).where(Licence.issued_at >= start, Licence.issued_at < end)

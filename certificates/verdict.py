"""The verdict on an uploaded PDF, apart from the checking itself: the server and the pages
that show a verdict import it without importing pyHanko (only the check workers do)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from certificates.tokens import TokenClaims


@dataclass(frozen=True)
class PdfVerification:
    """The verdict on an uploaded PDF. ``genuine`` is the one bit a page should show."""

    genuine: bool
    problems: tuple[str, ...] = ()
    authority_code: str | None = None
    signer: str | None = None
    signed_at: datetime | None = None
    """Time of the signature's time-stamp (trusted time), if there is one."""
    archived_until: datetime | None = None
    """Time of the last document time-stamp (B-LTA), if there is one."""
    claims: TokenClaims | None = None
    """The licence the PDF says it is (from its signed metadata); ask ``live_status`` next."""
    details: dict[str, str] = field(default_factory=dict)
    signed: bool = True
    """False when the PDF carries no signature at all (an ordinary PDF, not a forgery)."""

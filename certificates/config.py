"""Typed configuration of the licence machinery, built by ``api/settings.py`` and passed down."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from certificates.errors import FontMissing

DEFAULT_FONT_PATH = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
NOTO_CJK_SC_INDEX = 2
"""Index of the Simplified Chinese face inside Debian's ``NotoSansCJK-Regular.ttc``."""


@dataclass(frozen=True)
class Pkcs11Config:
    """Where the authorities' signing keys live when they are kept in an HSM."""

    module_path: Path
    """Path of the PKCS#11 module (``/usr/lib/softhsm/libsofthsm2.so`` for SoftHSM2)."""

    token_label: str
    """Label of the token that holds the keys."""

    user_pin: str = field(repr=False)
    """User PIN of the token; never printed."""

    key_label: str = "medreg-{authority}"
    """Label of an authority's private key; ``{authority}`` is replaced by its code."""

    raw_ecdsa: bool = True
    """Hash here and ask the token for plain ``CKM_ECDSA``; SoftHSM2 and many HSMs do not
    offer the combined ``CKM_ECDSA_SHA256`` mechanism."""

    def label_for(self, authority_code: str) -> str:
        return self.key_label.format(authority=authority_code)


@dataclass(frozen=True)
class SigningConfig:
    """Everything needed to render, sign and verify electronic licences."""

    data_dir: Path
    """Data directory; the development PKI lives in ``data_dir/pki``."""

    key_passphrase: bytes = field(repr=False)
    """Passphrase encrypting the PEM private keys of the development PKI."""

    public_url: str
    """Public base URL (no trailing slash); QR codes point at ``{public_url}/v/{token}``
    and certificates name ``{public_url}/pki/crl/{name}.crl`` as CRL distribution point."""

    font_path: Path = DEFAULT_FONT_PATH
    """A CJK font (``.ttc``, ``.otf`` or ``.ttf``) with Simplified Chinese glyphs."""

    font_index: int = NOTO_CJK_SC_INDEX
    """Face inside a font collection; ignored for single-face fonts."""

    tsa_url: str | None = None
    """RFC 3161 time-stamping service; ``None`` uses the in-process TSA of the PKI."""

    pkcs11: Pkcs11Config | None = None
    """Sign with keys held in a PKCS#11 token instead of the PEM files."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "public_url", self.public_url.rstrip("/"))
        self.check_font()

    @property
    def pki_dir(self) -> Path:
        return self.data_dir / "pki"

    def verify_url(self, token: str) -> str:
        return f"{self.public_url}/v/{token}"

    def share_url(self, token: str) -> str:
        return f"{self.public_url}/s/{token}"

    def crl_url(self, name: str) -> str:
        return f"{self.public_url}/pki/crl/{name}.crl"

    def check_font(self) -> None:
        """Fail at start-up, not at the first licence, when the CJK font is missing."""
        if not self.font_path.is_file():
            raise FontMissing(self.font_path)


MAX_PDF_BYTES = 10 * 1024 * 1024
"""The largest PDF anyone may upload for a check (a licence is well under 100 kB)."""


@dataclass(frozen=True)
class PdfCheckLimits:
    """Bounds of the check of an uploaded PDF (``certificates.isolation``). A licence this
    system issued is one page of a few dozen objects, checked in a fraction of a second with
    well under 200 MB: the bounds only ever stop hostile or broken files."""

    workers: int = 2
    """Worker processes checking PDFs at once, each at a lower CPU priority than the server."""

    queue: int = 4
    """Checks that may wait for a free worker; past ``workers + queue`` a check is refused at
    once (``RateLimited``, ``CHECKS_BUSY``) instead of queueing without end."""

    max_bytes: int = MAX_PDF_BYTES
    """Larger files are refused before anything reads them."""

    max_objects: int = 5000
    """Objects a PDF may have (its ``obj`` keywords and the largest ``/Size`` it declares),
    counted in the server before a worker parses it."""

    max_nesting: int = 64
    """The longest run of opening brackets (``[``, ``<`` counting once each, so ``<<``
    twice) with no closing one between them that the count in the server lets through;
    deeper structures of other shapes meet the worker's recursion limit."""

    cpu_seconds: int = 10
    """CPU seconds of one check (``RLIMIT_CPU`` of the worker process)."""

    wall_seconds: float = 30.0
    """Wall-clock seconds of one check, counted in the server; a worker still busy then is
    killed and replaced."""

    memory_mb: int = 512
    """Address space a check may add to what its worker process starts with (``RLIMIT_AS``),
    in MiB."""

    recursion_limit: int = 2000
    """Python frames in a worker: a structure nested deeper ends the check, not the worker."""

    def __post_init__(self) -> None:
        if self.workers < 1 or self.queue < 0:
            raise ValueError("PDF checks need at least one worker and a queue of zero or more")
        if min(self.max_objects, self.max_nesting, self.cpu_seconds, self.memory_mb) < 1:
            raise ValueError("PDF check limits must be positive")
        if self.wall_seconds <= 0:
            raise ValueError("PDF check limits must be positive")

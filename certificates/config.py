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

    def crl_url(self, name: str) -> str:
        return f"{self.public_url}/pki/crl/{name}.crl"

    def check_font(self) -> None:
        """Fail at start-up, not at the first licence, when the CJK font is missing."""
        if not self.font_path.is_file():
            raise FontMissing(self.font_path)

"""The development PKI: a commission root, one signing certificate per authority, a TSA, a CRL.

``init_pki`` writes it once under ``data_dir/pki``; ``load_pki`` reads it once per process and
decrypts each private key the first time it is needed, then keeps the key object. Replaced
certificates (``certificates.lifecycle``) move to ``pki/retired``: they sign nothing any more
but still validate what they signed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from certificates.config import SigningConfig
from certificates.errors import PkiMissing, UnknownAuthority
from certificates.values import AuthorityInfo
from certificates.x509_builder import (
    CRL_RENEW_BEFORE,
    ROOT_CRL,
    make_authority,
    make_crl,
    make_root,
    make_tsa,
    revoked_entry,
)

RETIRED = "retired"
"""Sub-directory of the PKI holding replaced certificates as ``{role}-{name}-{serial}.crt.pem``."""


@dataclass(frozen=True)
class PkiSummary:
    """What ``init_pki`` found or made."""

    directory: Path
    created: bool
    root_fingerprint: str
    authority_codes: tuple[str, ...]
    added_authorities: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeyDescription:
    """One certificate as ``medreg keys show`` prints it."""

    role: str
    name: str
    subject: str
    key_type: str
    fingerprint_sha256: str
    not_before: datetime
    not_after: datetime
    serial_number: int


@dataclass(frozen=True)
class AuthorityCert:
    info: AuthorityInfo
    cert: x509.Certificate
    key_path: Path


@dataclass(frozen=True)
class RetiredCert:
    """A replaced certificate, kept to validate what it signed or issued."""

    role: str
    """``root``, ``tsa`` or ``authority``."""
    name: str
    """``root``, ``tsa`` or the authority code."""
    cert: x509.Certificate


@dataclass
class Pki:
    """Certificates in memory; private keys decrypted on first use and then reused."""

    directory: Path
    root: x509.Certificate
    tsa_cert: x509.Certificate
    authorities: dict[str, AuthorityCert]
    crls: dict[str, bytes]
    passphrase: bytes = field(repr=False)
    retired: tuple[RetiredCert, ...] = ()
    revoked: frozenset[int] = frozenset()
    """Serial numbers of revoked certificates (they are on the root's CRL)."""
    _keys: dict[str, Any] = field(default_factory=dict, repr=False)
    cache: dict[str, Any] = field(default_factory=dict, repr=False)
    """Objects other modules derive from this PKI (signers, token key set), built once."""

    def authority(self, code: str) -> AuthorityCert:
        try:
            return self.authorities[code]
        except KeyError:
            raise UnknownAuthority(code) from None

    def authority_key(self, code: str) -> ec.EllipticCurvePrivateKey:
        key = self._private_key(f"authority:{code}", self.authority(code).key_path)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise TypeError(f"the key of authority {code} is not an EC key")
        return key

    def tsa_key(self) -> rsa.RSAPrivateKey:
        key = self._private_key("tsa", self.directory / "tsa.key.pem")
        if not isinstance(key, rsa.RSAPrivateKey):
            raise TypeError("the TSA key is not an RSA key")
        return key

    def authority_certs(self, code: str) -> Iterator[x509.Certificate]:
        """The authority's current certificate, then the ones it replaced."""
        if code in self.authorities:
            yield self.authorities[code].cert
        for retired in self.retired:
            if retired.role == "authority" and retired.name == code:
                yield retired.cert

    def every_cert(self) -> list[x509.Certificate]:
        """Every certificate of the commission, current and retired."""
        certs = [self.root, self.tsa_cert, *(a.cert for a in self.authorities.values())]
        return certs + [r.cert for r in self.retired]

    def _private_key(self, name: str, path: Path) -> Any:
        if name not in self._keys:
            self._keys[name] = serialization.load_pem_private_key(
                path.read_bytes(), password=self.passphrase
            )
        return self._keys[name]


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


# --- creation --------------------------------------------------------------------------------


def write_key(
    path: Path, key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey, passphrase: bytes
) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )
    write_atomic(path, pem, mode=0o600)


def write_atomic(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    tmp.replace(path)


def write_cert(path: Path, cert: x509.Certificate) -> None:
    write_atomic(path, cert.public_bytes(serialization.Encoding.PEM))


def _manifest_path(directory: Path) -> Path:
    return directory / "manifest.json"


def read_manifest(directory: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_manifest_path(directory).read_text(encoding="utf-8"))
    return data


def init_pki(
    config: SigningConfig, authorities: list[AuthorityInfo], *, now: datetime
) -> PkiSummary:
    """Create the development PKI, or complete an existing one with missing authorities.

    An existing root, TSA and authority certificate is never replaced; its CRL is renewed
    when it is due (within a week of its next update).
    """
    directory = config.pki_dir
    if _manifest_path(directory).exists():
        return _complete_existing(config, authorities, now=now)
    (directory / "authorities").mkdir(parents=True, exist_ok=True)
    (directory / "crl").mkdir(exist_ok=True)
    root, root_key = make_root(now)
    write_cert(directory / "root.crt.pem", root)
    write_key(directory / "root.key.pem", root_key, config.key_passphrase)
    tsa, tsa_key = make_tsa(root, root_key, config.crl_url(ROOT_CRL), now)
    write_cert(directory / "tsa.crt.pem", tsa)
    write_key(directory / "tsa.key.pem", tsa_key, config.key_passphrase)
    for info in authorities:
        _add_authority(directory, info, root, root_key, config, now)
    manifest: dict[str, Any] = {
        "format": 1,
        "created_at": now.isoformat(),
        "authorities": {a.code: {"name_zh": a.name_zh, "name_en": a.name_en} for a in authorities},
    }
    write_crl(directory, manifest, root, root_key, now)
    write_manifest(directory, manifest)
    forget(directory)
    return PkiSummary(directory, True, fingerprint(root), tuple(a.code for a in authorities))


def write_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest; its new mtime tells every process to reload the PKI."""
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
    write_atomic(_manifest_path(directory), text.encode("utf-8"))


def load_root_key(config: SigningConfig) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(
        (config.pki_dir / "root.key.pem").read_bytes(), password=config.key_passphrase
    )
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise TypeError("the root key is not an EC key")
    return key


def write_crl(
    directory: Path,
    manifest: dict[str, Any],
    root: x509.Certificate,
    root_key: ec.EllipticCurvePrivateKey,
    now: datetime,
) -> datetime:
    """Issue the root's CRL (every revocation in the manifest) valid from ``now``; its next
    update. The caller writes the manifest afterwards so that loaded PKIs see the new CRL."""
    revoked = [
        revoked_entry(int(serial, 16), datetime.fromisoformat(entry["at"]))
        for serial, entry in sorted(manifest.get("revoked", {}).items())
    ]
    der = make_crl(root, root_key, now, revoked)
    write_atomic(directory / "crl" / f"{ROOT_CRL}.crl", der)
    next_update = x509.load_der_x509_crl(der).next_update_utc
    assert next_update is not None
    manifest["crl_next_update"] = next_update.isoformat()
    return next_update


def crl_due(directory: Path, now: datetime) -> bool:
    """Whether the root's CRL should be re-issued now (missing, or near its next update)."""
    try:
        crl = x509.load_der_x509_crl((directory / "crl" / f"{ROOT_CRL}.crl").read_bytes())
    except FileNotFoundError:
        return True
    next_update = crl.next_update_utc
    return next_update is None or next_update - now < CRL_RENEW_BEFORE


def _add_authority(
    directory: Path,
    info: AuthorityInfo,
    root: x509.Certificate,
    root_key: ec.EllipticCurvePrivateKey,
    config: SigningConfig,
    now: datetime,
) -> None:
    cert, key = make_authority(info, root, root_key, config.crl_url(ROOT_CRL), now)
    write_key(directory / "authorities" / f"{info.code}.key.pem", key, config.key_passphrase)
    write_cert(directory / "authorities" / f"{info.code}.crt.pem", cert)


def _complete_existing(
    config: SigningConfig, authorities: list[AuthorityInfo], *, now: datetime
) -> PkiSummary:
    directory = config.pki_dir
    manifest = read_manifest(directory)
    root = x509.load_pem_x509_certificate((directory / "root.crt.pem").read_bytes())
    missing = [a for a in authorities if a.code not in manifest["authorities"]]
    if missing or crl_due(directory, now):
        root_key = load_root_key(config)
        for info in missing:
            _add_authority(directory, info, root, root_key, config, now)
            manifest["authorities"][info.code] = {"name_zh": info.name_zh, "name_en": info.name_en}
        write_crl(directory, manifest, root, root_key, now)
        write_manifest(directory, manifest)
        forget(directory)
    return PkiSummary(
        directory,
        False,
        fingerprint(root),
        tuple(sorted(manifest["authorities"])),
        tuple(a.code for a in missing),
    )


# --- loading ---------------------------------------------------------------------------------

_LOADED: dict[Path, tuple[int, Pki]] = {}
"""Loaded PKIs by directory, with the manifest's mtime: ``init_pki`` rewrites the manifest
when it adds an authority or renews the CRL, and every process then picks the change up."""


def forget(directory: Path) -> None:
    _LOADED.pop(directory.resolve(), None)


def load_pki(config: SigningConfig) -> Pki:
    """The PKI of ``config.data_dir``, read from disk once per process."""
    directory = config.pki_dir.resolve()
    try:
        stamp = _manifest_path(directory).stat().st_mtime_ns
    except FileNotFoundError:
        raise PkiMissing(directory) from None
    cached = _LOADED.get(directory)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    manifest = read_manifest(directory)
    authorities = {}
    for code, names in sorted(manifest["authorities"].items()):
        pem = (directory / "authorities" / f"{code}.crt.pem").read_bytes()
        authorities[code] = AuthorityCert(
            AuthorityInfo(code, names["name_zh"], names["name_en"]),
            x509.load_pem_x509_certificate(pem),
            directory / "authorities" / f"{code}.key.pem",
        )
    pki = Pki(
        directory=directory,
        root=x509.load_pem_x509_certificate((directory / "root.crt.pem").read_bytes()),
        tsa_cert=x509.load_pem_x509_certificate((directory / "tsa.crt.pem").read_bytes()),
        authorities=authorities,
        crls={p.stem: p.read_bytes() for p in sorted((directory / "crl").glob("*.crl"))},
        passphrase=config.key_passphrase,
        retired=tuple(_retired(directory)),
        revoked=frozenset(int(serial, 16) for serial in manifest.get("revoked", {})),
    )
    _LOADED[directory] = (stamp, pki)
    return pki


def retired_path(directory: Path, role: str, name: str, cert: x509.Certificate) -> Path:
    return directory / RETIRED / f"{role}-{name}-{cert.serial_number:x}.crt.pem"


def _retired(directory: Path) -> Iterator[RetiredCert]:
    for path in sorted((directory / RETIRED).glob("*.crt.pem")):
        role, name, _serial = path.name.removesuffix(".crt.pem").split("-")
        yield RetiredCert(role, name, x509.load_pem_x509_certificate(path.read_bytes()))


def crl_file(config: SigningConfig, name: str) -> Path | None:
    """The DER file to serve at ``/pki/crl/{name}.crl``; ``None`` for an unknown name."""
    if not name.isidentifier():
        return None
    path = config.pki_dir / "crl" / f"{name}.crl"
    return path if path.is_file() else None


def _describe(role: str, name: str, cert: x509.Certificate) -> KeyDescription:
    public_key = cert.public_key()
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        key_type = f"ECDSA {public_key.curve.name}"
    elif isinstance(public_key, rsa.RSAPublicKey):
        key_type = f"RSA {public_key.key_size}"
    else:
        key_type = type(public_key).__name__
    return KeyDescription(
        role=role,
        name=name,
        subject=cert.subject.rfc4514_string(),
        key_type=key_type,
        fingerprint_sha256=fingerprint(cert),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        serial_number=cert.serial_number,
    )


def describe(pki: Pki, *, retired: bool = False) -> list[KeyDescription]:
    """Root, TSA and every authority certificate with fingerprint and validity; with
    ``retired`` the replaced certificates follow (role ``retired-…``)."""
    rows = [_describe("root", ROOT_CRL, pki.root), _describe("tsa", "tsa", pki.tsa_cert)]
    rows.extend(_describe("authority", code, a.cert) for code, a in pki.authorities.items())
    if retired:
        rows.extend(_describe(f"retired-{r.role}", r.name, r.cert) for r in pki.retired)
    return rows

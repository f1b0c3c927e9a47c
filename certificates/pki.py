"""The development PKI: a commission root, one signing certificate per authority, a TSA, a CRL.

``init_pki`` writes it once under ``data_dir/pki``; ``load_pki`` reads it once per process and
decrypts each private key the first time it is needed, then keeps the key object.
"""

from __future__ import annotations

import json
import os
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
)


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


@dataclass
class Pki:
    """Certificates in memory; private keys decrypted on first use and then reused."""

    directory: Path
    root: x509.Certificate
    tsa_cert: x509.Certificate
    authorities: dict[str, AuthorityCert]
    crls: dict[str, bytes]
    passphrase: bytes = field(repr=False)
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

    def _private_key(self, name: str, path: Path) -> Any:
        if name not in self._keys:
            self._keys[name] = serialization.load_pem_private_key(
                path.read_bytes(), password=self.passphrase
            )
        return self._keys[name]


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


# --- creation --------------------------------------------------------------------------------


def _write_key(
    path: Path, key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey, passphrase: bytes
) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )
    _write_atomic(path, pem, mode=0o600)


def _write_atomic(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    tmp.replace(path)


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    _write_atomic(path, cert.public_bytes(serialization.Encoding.PEM))


def _manifest_path(directory: Path) -> Path:
    return directory / "manifest.json"


def _read_manifest(directory: Path) -> dict[str, Any]:
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
    _write_cert(directory / "root.crt.pem", root)
    _write_key(directory / "root.key.pem", root_key, config.key_passphrase)
    tsa, tsa_key = make_tsa(root, root_key, config.crl_url(ROOT_CRL), now)
    _write_cert(directory / "tsa.crt.pem", tsa)
    _write_key(directory / "tsa.key.pem", tsa_key, config.key_passphrase)
    for info in authorities:
        _add_authority(directory, info, root, root_key, config, now)
    _write_atomic(directory / "crl" / f"{ROOT_CRL}.crl", make_crl(root, root_key, now))
    manifest = {
        "format": 1,
        "created_at": now.isoformat(),
        "authorities": {a.code: {"name_zh": a.name_zh, "name_en": a.name_en} for a in authorities},
    }
    _write_manifest(directory, manifest)
    _forget(directory)
    return PkiSummary(directory, True, fingerprint(root), tuple(a.code for a in authorities))


def _write_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
    _write_atomic(_manifest_path(directory), text.encode("utf-8"))


def _add_authority(
    directory: Path,
    info: AuthorityInfo,
    root: x509.Certificate,
    root_key: ec.EllipticCurvePrivateKey,
    config: SigningConfig,
    now: datetime,
) -> None:
    cert, key = make_authority(info, root, root_key, config.crl_url(ROOT_CRL), now)
    _write_key(directory / "authorities" / f"{info.code}.key.pem", key, config.key_passphrase)
    _write_cert(directory / "authorities" / f"{info.code}.crt.pem", cert)


def _complete_existing(
    config: SigningConfig, authorities: list[AuthorityInfo], *, now: datetime
) -> PkiSummary:
    directory = config.pki_dir
    manifest = _read_manifest(directory)
    root = x509.load_pem_x509_certificate((directory / "root.crt.pem").read_bytes())
    missing = [a for a in authorities if a.code not in manifest["authorities"]]
    crl_path = directory / "crl" / f"{ROOT_CRL}.crl"
    crl_due = x509.load_der_x509_crl(crl_path.read_bytes()).next_update_utc
    if missing or crl_due is None or crl_due - now < CRL_RENEW_BEFORE:
        root_key = serialization.load_pem_private_key(
            (directory / "root.key.pem").read_bytes(), password=config.key_passphrase
        )
        if not isinstance(root_key, ec.EllipticCurvePrivateKey):
            raise TypeError("the root key is not an EC key")
        for info in missing:
            _add_authority(directory, info, root, root_key, config, now)
            manifest["authorities"][info.code] = {"name_zh": info.name_zh, "name_en": info.name_en}
        _write_atomic(crl_path, make_crl(root, root_key, now))
        _write_manifest(directory, manifest)
        _forget(directory)
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


def _forget(directory: Path) -> None:
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
    manifest = _read_manifest(directory)
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
    )
    _LOADED[directory] = (stamp, pki)
    return pki


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


def describe(pki: Pki) -> list[KeyDescription]:
    """Root, TSA and every authority certificate with fingerprint and validity."""
    rows = [_describe("root", ROOT_CRL, pki.root), _describe("tsa", "tsa", pki.tsa_cert)]
    rows.extend(_describe("authority", code, a.cert) for code, a in pki.authorities.items())
    return rows

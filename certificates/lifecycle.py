"""Keeping the PKI alive: the CRL re-issued before it lapses, authority keys rotated, the TSA
and the root certificate renewed, and a report of what expires when.

Every change happens under a file lock in the PKI directory (several workers and serving
processes may try the same renewal at once) and ends by rewriting the manifest, whose new
mtime makes every process reload the PKI (``load_pki``). A replaced certificate moves to
``pki/retired``: it signs nothing any more, yet still validates what it signed.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509

from certificates.config import SigningConfig
from certificates.errors import KeyLifecycleRefused
from certificates.pki import (
    RETIRED,
    Pki,
    crl_due,
    forget,
    load_pki,
    load_root_key,
    read_manifest,
    retired_path,
    write_cert,
    write_crl,
    write_key,
    write_manifest,
)
from certificates.values import AuthorityInfo
from certificates.x509_builder import (
    CRL_RENEW_BEFORE,
    ROOT_CRL,
    make_authority,
    make_tsa,
    renew_root,
)

EXPIRY_WARNING = timedelta(days=30)
"""Certificates this close to their end are reported (``/readyz``, logs, CLI)."""

CRL_WARNING = CRL_RENEW_BEFORE / 2
"""A CRL is renewed when ``CRL_RENEW_BEFORE`` remain; this much less means renewal is failing."""


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    with (directory / "lifecycle.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _root(directory: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate((directory / "root.crt.pem").read_bytes())


def renew_crl(config: SigningConfig, now: datetime, *, force: bool = False) -> datetime | None:
    """Re-issue the root's CRL when it is due (or ``force``); its next update, or ``None``
    when nothing was due. Cheap when nothing is due: one small file is read."""
    directory = config.pki_dir
    if not force and not crl_due(directory, now):
        return None
    with _locked(directory):
        if not force and not crl_due(directory, now):
            return None  # another process renewed it while this one waited
        manifest = read_manifest(directory)
        next_update = write_crl(directory, manifest, _root(directory), load_root_key(config), now)
        write_manifest(directory, manifest)
        forget(directory)
    return next_update


def _retire(directory: Path, role: str, name: str, current: Path) -> x509.Certificate:
    cert = x509.load_pem_x509_certificate(current.read_bytes())
    (directory / RETIRED).mkdir(exist_ok=True)
    write_cert(retired_path(directory, role, name, cert), cert)
    return cert


def rotate_authority(
    config: SigningConfig, code: str, now: datetime, *, compromised: bool = False
) -> x509.Certificate:
    """A new key and certificate for authority ``code``; the old certificate is retired (its
    licences stay genuine) and its private key destroyed. ``compromised`` also revokes the
    old certificate as of ``now``: licences time-stamped before stay genuine."""
    if config.pkcs11 is not None:
        raise KeyLifecycleRefused(
            f"the key of authority {code} lives in the PKCS#11 token {config.pkcs11.token_label}: "
            "generate its successor in the token and install its certificate by hand"
        )
    directory = config.pki_dir
    with _locked(directory):
        manifest = read_manifest(directory)
        names = manifest["authorities"].get(code)
        if names is None:
            raise KeyLifecycleRefused(f"authority {code} has no key in {directory}")
        current = directory / "authorities" / f"{code}.crt.pem"
        old = _retire(directory, "authority", code, current)
        root_key = load_root_key(config)
        info = AuthorityInfo(code, names["name_zh"], names["name_en"])
        cert, key = make_authority(info, _root(directory), root_key, config.crl_url(ROOT_CRL), now)
        write_key(directory / "authorities" / f"{code}.key.pem", key, config.key_passphrase)
        write_cert(current, cert)
        if compromised:
            revoked = manifest.setdefault("revoked", {})
            revoked[f"{old.serial_number:x}"] = {"at": now.isoformat(), "authority": code}
            write_crl(directory, manifest, _root(directory), root_key, now)
        write_manifest(directory, manifest)
        forget(directory)
    return cert


def renew_tsa(config: SigningConfig, now: datetime) -> x509.Certificate:
    """A new key and certificate for the time-stamping authority; the old certificate is
    retired (the time-stamps it made stay valid; ``renew_archive`` re-stamps before it ends)."""
    directory = config.pki_dir
    with _locked(directory):
        manifest = read_manifest(directory)
        _retire(directory, "tsa", "tsa", directory / "tsa.crt.pem")
        cert, key = make_tsa(_root(directory), load_root_key(config), config.crl_url(ROOT_CRL), now)
        write_key(directory / "tsa.key.pem", key, config.key_passphrase)
        write_cert(directory / "tsa.crt.pem", cert)
        write_manifest(directory, manifest)
        forget(directory)
    return cert


def renew_root_certificate(config: SigningConfig, now: datetime) -> x509.Certificate:
    """A new root certificate for the same key (``x509_builder.renew_root``); publish it as
    the trust anchor. The old certificate is retired."""
    directory = config.pki_dir
    with _locked(directory):
        manifest = read_manifest(directory)
        old = _retire(directory, "root", ROOT_CRL, directory / "root.crt.pem")
        cert = renew_root(old, load_root_key(config), now)
        write_cert(directory / "root.crt.pem", cert)
        write_manifest(directory, manifest)
        forget(directory)
    return cert


@dataclass(frozen=True)
class Expiry:
    """One certificate or CRL and when it ends."""

    kind: str
    """``certificate`` or ``crl``."""
    role: str
    """``root``, ``tsa``, ``authority`` or (for a CRL) its issuer ``root``."""
    name: str
    expires_at: datetime
    remaining: timedelta
    warn_within: timedelta = EXPIRY_WARNING

    @property
    def due(self) -> bool:
        """Close enough to its end (or past it) that an operator should act."""
        return self.remaining < self.warn_within

    def describe(self) -> str:
        days = self.remaining.days
        when = f"in {days} days" if days >= 0 else f"{-days} days ago"
        return f"{self.kind} {self.role} {self.name} ends {self.expires_at:%Y-%m-%d} ({when})"


def expiries(pki: Pki, now: datetime) -> list[Expiry]:
    """Every certificate in use and every CRL, soonest end first."""
    rows = [
        _cert_row("root", ROOT_CRL, pki.root, now),
        _cert_row("tsa", "tsa", pki.tsa_cert, now),
        *(_cert_row("authority", code, a.cert, now) for code, a in pki.authorities.items()),
    ]
    for name, der in pki.crls.items():
        next_update = x509.load_der_x509_crl(der).next_update_utc
        if next_update is not None:
            rows.append(Expiry("crl", "root", name, next_update, next_update - now, CRL_WARNING))
    return sorted(rows, key=lambda row: row.expires_at)


def _cert_row(role: str, name: str, cert: x509.Certificate, now: datetime) -> Expiry:
    end = cert.not_valid_after_utc
    return Expiry("certificate", role, name, end, end - now)


def due_soon(pki: Pki, now: datetime) -> list[Expiry]:
    """Certificates within ``EXPIRY_WARNING`` of their end, CRLs whose renewal is overdue."""
    return [row for row in expiries(pki, now) if row.due]


@dataclass(frozen=True)
class Maintenance:
    """What one maintenance pass did and found."""

    crl_renewed_until: datetime | None
    """The new CRL's next update, when one was issued."""
    due: list[Expiry]
    """What an operator must act on (``due_soon``)."""


def maintain(config: SigningConfig, now: datetime) -> Maintenance:
    """The periodic pass the worker and the development server run: re-issue the CRL when
    it is due, report what nears its end. Reads one small file when nothing is due."""
    load_pki(config)  # PkiMissing before `medreg keys init`
    renewed = renew_crl(config, now)
    return Maintenance(renewed, due_soon(load_pki(config), now))

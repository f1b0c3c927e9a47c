from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID

from certificates.config import SigningConfig
from certificates.errors import FontMissing, PkiMissing, UnknownAuthority
from certificates.pki import Pki, crl_file, describe, init_pki, load_pki
from certificates.x509_builder import DOCUMENT_SIGNING
from tests.factories.licences import AUTHORITIES


def test_every_authority_has_an_ecdsa_signing_certificate_under_the_root(pki: Pki) -> None:
    assert sorted(pki.authorities) == sorted(a.code for a in AUTHORITIES)
    root_key = pki.root.public_key()
    assert isinstance(root_key, ec.EllipticCurvePublicKey)
    for code, authority in pki.authorities.items():
        cert = authority.cert
        assert cert.issuer == pki.root.subject
        cert.verify_directly_issued_by(pki.root)
        public_key = cert.public_key()
        assert isinstance(public_key, ec.EllipticCurvePublicKey)
        assert public_key.curve.name == "secp256r1"
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        assert usage.digital_signature
        assert usage.content_commitment
        assert not usage.key_cert_sign
        eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        assert DOCUMENT_SIGNING in list(eku)
        cdp = cert.extensions.get_extension_for_oid(ExtensionOID.CRL_DISTRIBUTION_POINTS).value
        urls = [name.value for point in cdp for name in point.full_name or []]
        assert urls == ["https://medreg.example.gov.cn/pki/crl/root.crl"]
        names = [a.value for a in cert.subject]
        assert authority.info.name_zh in names
        assert authority.info.name_en in names
        assert code in names


def test_the_time_stamping_authority_is_rsa_with_critical_timestamping_eku(pki: Pki) -> None:
    assert isinstance(pki.tsa_cert.public_key(), rsa.RSAPublicKey)
    eku = pki.tsa_cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert eku.critical
    assert list(eku.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    pki.tsa_cert.verify_directly_issued_by(pki.root)


def test_root_is_a_ten_year_ca(pki: Pki) -> None:
    constraints = pki.root.extensions.get_extension_for_class(x509.BasicConstraints).value
    assert constraints.ca
    lifetime = pki.root.not_valid_after_utc - pki.root.not_valid_before_utc
    assert timedelta(days=3650) <= lifetime <= timedelta(days=3653)


def test_the_root_crl_is_der_signed_by_the_root_and_served_by_name(
    pki: Pki, signing_config: SigningConfig
) -> None:
    path = crl_file(signing_config, "root")
    assert path is not None
    crl = x509.load_der_x509_crl(path.read_bytes())
    assert crl.is_signature_valid(pki.root.public_key())  # type: ignore[arg-type]
    assert len(list(crl)) == 0
    assert crl_file(signing_config, "../root") is None
    assert crl_file(signing_config, "nope") is None


def test_private_keys_are_encrypted_with_the_passphrase(pki: Pki) -> None:
    pem = (pki.directory / "authorities" / "310115.key.pem").read_bytes()
    assert b"ENCRYPTED PRIVATE KEY" in pem
    with pytest.raises((TypeError, ValueError)):
        serialization.load_pem_private_key(pem, password=None)
    with pytest.raises(ValueError, match=r"(?i)bad decrypt|incorrect password"):
        serialization.load_pem_private_key(pem, password=b"wrong")
    key = pki.authority_key("310115")
    assert key.public_key() == pki.authorities["310115"].cert.public_key()
    assert pki.authority_key("310115") is key  # decrypted once, then kept


def test_init_is_idempotent_and_adds_only_missing_authorities(
    tmp_path: Path, signing_config: SigningConfig
) -> None:
    config = SigningConfig(data_dir=tmp_path, key_passphrase=b"pw", public_url="http://x")
    now = datetime.now(UTC)
    first = init_pki(config, AUTHORITIES[:2], now=now)
    root_pem = (tmp_path / "pki" / "root.crt.pem").read_bytes()
    key_pem = (tmp_path / "pki" / "authorities" / "310000.key.pem").read_bytes()
    again = init_pki(config, AUTHORITIES[:2], now=now)
    assert first.created
    assert not again.created
    assert again.root_fingerprint == first.root_fingerprint
    extended = init_pki(config, AUTHORITIES[:3], now=now)
    assert extended.added_authorities == (AUTHORITIES[2].code,)
    assert (tmp_path / "pki" / "root.crt.pem").read_bytes() == root_pem
    assert (tmp_path / "pki" / "authorities" / "310000.key.pem").read_bytes() == key_pem
    assert sorted(load_pki(config).authorities) == sorted(a.code for a in AUTHORITIES[:3])


def test_describe_lists_fingerprints_and_validity(pki: Pki) -> None:
    rows = describe(pki)
    assert [r.role for r in rows[:2]] == ["root", "tsa"]
    assert len(rows) == 2 + len(AUTHORITIES)
    pudong = next(r for r in rows if r.name == "310115")
    assert len(pudong.fingerprint_sha256) == 64
    assert pudong.key_type == "ECDSA secp256r1"
    assert pudong.not_before < datetime.now(UTC) < pudong.not_after


def test_unknown_authority_and_missing_pki_are_clear_errors(tmp_path: Path, pki: Pki) -> None:
    with pytest.raises(UnknownAuthority):
        pki.authority("999999")
    config = SigningConfig(data_dir=tmp_path, key_passphrase=b"pw", public_url="http://x")
    with pytest.raises(PkiMissing):
        load_pki(config)


def test_a_missing_font_fails_when_the_configuration_is_built(tmp_path: Path) -> None:
    with pytest.raises(FontMissing, match="fonts-noto-cjk"):
        SigningConfig(
            data_dir=tmp_path,
            key_passphrase=b"pw",
            public_url="http://x",
            font_path=tmp_path / "NoSuchFont.ttc",
        )


def test_a_due_crl_is_renewed_and_loaded_pkis_see_it(tmp_path: Path) -> None:
    config = SigningConfig(data_dir=tmp_path, key_passphrase=b"pw", public_url="http://x")
    start = datetime.now(UTC)
    init_pki(config, AUTHORITIES[:1], now=start)
    before = load_pki(config)
    crl_path = tmp_path / "pki" / "crl" / "root.crl"
    first = x509.load_der_x509_crl(crl_path.read_bytes())
    init_pki(config, AUTHORITIES[:1], now=start + timedelta(days=1))  # not due: untouched
    assert crl_path.read_bytes() == before.crls["root"]
    init_pki(config, AUTHORITIES[:1], now=start + timedelta(days=25))  # due within a week
    renewed = x509.load_der_x509_crl(crl_path.read_bytes())
    assert renewed.next_update_utc is not None
    assert first.next_update_utc is not None
    assert renewed.next_update_utc > first.next_update_utc
    after = load_pki(config)
    assert after is not before
    assert after.crls["root"] == crl_path.read_bytes()

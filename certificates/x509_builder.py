"""X.509 objects of the development PKI: root, authority signing certificates, TSA, CRL."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from certificates.values import AuthorityInfo

ROOT_VALIDITY = timedelta(days=3652)
AUTHORITY_VALIDITY = timedelta(days=5 * 365)
TSA_VALIDITY = timedelta(days=3652)
CRL_VALIDITY = timedelta(days=30)
CRL_RENEW_BEFORE = timedelta(days=20)
"""A CRL is re-issued once fewer days than this remain before its next update, i.e. every ten
days: a relying party that fetched it keeps a current one even if a renewal is missed."""
ROOT_CRL = "root"

COMMISSION_ZH = "上海市卫生健康委员会"
COMMISSION_EN = "Shanghai Municipal Health Commission"

# RFC 9336 document signing, Adobe Authentic Documents, and e-mail protection: NSS (pdfsig)
# checks signer certificates for the e-mail signing usage.
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
ADOBE_AUTHENTIC_DOCUMENTS = ObjectIdentifier("1.2.840.113583.1.1.5")


def _name(name_zh: str, name_en: str, *, code: str | None = None) -> x509.Name:
    # cryptography caps a CN at 64 UTF-8 bytes, which a Chinese and an English name together
    # exceed: the CN carries the Chinese name, an OU the English one.
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "Shanghai"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, COMMISSION_EN),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, name_en),
    ]
    if code:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, code))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, name_zh))
    return x509.Name(attributes)


def _issued(
    subject: x509.Name,
    public_key: ec.EllipticCurvePublicKey | rsa.RSAPublicKey,
    issuer: x509.Certificate,
    issuer_key: ec.EllipticCurvePrivateKey,
    *,
    now: datetime,
    validity: timedelta,
    crl_url: str,
) -> x509.CertificateBuilder:
    ski = x509.SubjectKeyIdentifier.from_public_key(public_key)
    aki = x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key())
    cdp = x509.DistributionPoint(
        full_name=[x509.UniformResourceIdentifier(crl_url)],
        relative_name=None,
        reasons=None,
        crl_issuer=None,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + validity)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(ski, critical=False)
        .add_extension(aki, critical=False)
        .add_extension(x509.CRLDistributionPoints([cdp]), critical=False)
    )


def make_root(now: datetime) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(f"{COMMISSION_ZH}根证书", f"{COMMISSION_EN} Root CA")
    return _root_certificate(name, key, now - timedelta(minutes=5), now), key


def renew_root(
    root: x509.Certificate, root_key: ec.EllipticCurvePrivateKey, now: datetime
) -> x509.Certificate:
    """A new self-signed certificate for the same root name and key, valid from ``now``.

    Everything the old certificate issued (authority and TSA certificates, CRLs) names the
    same issuer and key identifier, so it chains to the new certificate as well: relying
    parties swap the trust anchor and every licence ever signed stays verifiable. It starts
    when the old one started: the binding of name and key it asserts held from then on, and a
    licence is validated as of its signing time."""
    return _root_certificate(root.subject, root_key, root.not_valid_before_utc, now)


def _root_certificate(
    name: x509.Name, key: ec.EllipticCurvePrivateKey, not_before: datetime, now: datetime
) -> x509.Certificate:
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(now + ROOT_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _key_usage(
    *,
    digital_signature: bool = False,
    non_repudiation: bool = False,
    key_cert_sign: bool = False,
    crl_sign: bool = False,
) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=non_repudiation,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=key_cert_sign,
        crl_sign=crl_sign,
        encipher_only=False,
        decipher_only=False,
    )


def make_authority(
    info: AuthorityInfo,
    root: x509.Certificate,
    root_key: ec.EllipticCurvePrivateKey,
    crl_url: str,
    now: datetime,
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(info.name_zh, info.name_en, code=info.code)
    eku = x509.ExtendedKeyUsage(
        [DOCUMENT_SIGNING, ADOBE_AUTHENTIC_DOCUMENTS, ExtendedKeyUsageOID.EMAIL_PROTECTION]
    )
    cert = (
        _issued(
            subject,
            key.public_key(),
            root,
            root_key,
            now=now,
            validity=AUTHORITY_VALIDITY,
            crl_url=crl_url,
        )
        .add_extension(_key_usage(digital_signature=True, non_repudiation=True), critical=True)
        .add_extension(eku, critical=False)
        .sign(root_key, hashes.SHA256())
    )
    return cert, key


def make_tsa(
    root: x509.Certificate,
    root_key: ec.EllipticCurvePrivateKey,
    crl_url: str,
    now: datetime,
) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    # pyHanko's in-process time stamper signs with RSA only.
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = _name(f"{COMMISSION_ZH}时间戳服务", f"{COMMISSION_EN} Time-Stamping Authority")
    cert = (
        _issued(
            subject,
            key.public_key(),
            root,
            root_key,
            now=now,
            validity=TSA_VALIDITY,
            crl_url=crl_url,
        )
        .add_extension(_key_usage(digital_signature=True, non_repudiation=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    return cert, key


def revoked_entry(serial_number: int, revoked_at: datetime) -> x509.RevokedCertificate:
    return (
        x509.RevokedCertificateBuilder()
        .serial_number(serial_number)
        .revocation_date(revoked_at)
        .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
        .build()
    )


def make_crl(
    root: x509.Certificate,
    root_key: ec.EllipticCurvePrivateKey,
    now: datetime,
    revoked: Iterable[x509.RevokedCertificate] = (),
) -> bytes:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.subject)
        .last_update(now - timedelta(minutes=5))
        .next_update(now + CRL_VALIDITY)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
            critical=False,
        )
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
    )
    for entry in revoked:
        builder = builder.add_revoked_certificate(entry)
    return builder.sign(root_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

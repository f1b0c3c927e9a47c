"""PAdES baseline B-LTA signatures on licence PDFs, with pyHanko's async API.

One ``_SigningKit`` per loaded PKI holds what is expensive to build: the signer per authority
with its decrypted key object (pyHanko's ``SimpleSigner`` re-parses the DER key on every
signature), the in-process TSA, the validation context (its path and CRL caches).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from io import BytesIO

from asn1crypto import keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.font.basic import SimpleFontEngineFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from certificates.config import Pkcs11Config, SigningConfig
from certificates.errors import SigningKeyUnusable
from certificates.layout import SEAL_FIELD_BOX, SEAL_FIELD_NAME
from certificates.pki import Pki
from certificates.tsa import LocalTimeStamper

SIGNATURE_BYTES_RESERVED = 24 * 1024
"""Hex digits reserved for the CMS, i.e. 12 KiB: ours (signature, certificate, signature
time-stamp token) is about 4.6 KiB; an external TSA's token with its chain still fits.
Known in advance, so pyHanko does not build a dummy CMS to estimate it."""

VALIDATION_CONTEXT_TTL = timedelta(minutes=5)
"""How long a validation context (and its idea of "now") is reused before it is rebuilt."""

DOC_TIMESTAMP_FIELD = "LicenceArchiveTimestamp"


def as_asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    """A ``cryptography`` certificate as the asn1crypto object pyHanko works with."""
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class _KeptKeySigner(signers.SimpleSigner):
    """A ``SimpleSigner`` that signs with a key object loaded once, not re-parsed per call."""

    def __init__(
        self,
        cert: asn1_x509.Certificate,
        key: ec.EllipticCurvePrivateKey,
        registry: SimpleCertificateStore,
    ) -> None:
        der = key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        # The root goes into the DSS too: a verifier trusts its own copy, but a past
        # validation (PAdES-LTA) needs proof that the issuer existed while the signer's
        # certificate was valid, and only embedded, time-stamped certificates give that.
        super().__init__(
            signing_cert=cert,
            signing_key=keys.PrivateKeyInfo.load(der),
            cert_registry=registry,
            embed_roots=True,
        )
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        algorithm = get_pyca_cryptography_hash(digest_algorithm)
        return self._key.sign(data, ec.ECDSA(algorithm))


@dataclass
class _SigningKit:
    pki: Pki
    config: SigningConfig
    root: asn1_x509.Certificate
    chain: list[asn1_x509.Certificate]
    timestamper: timestamps.TimeStamper
    by_authority: dict[str, signers.Signer] = field(default_factory=dict)
    _context: ValidationContext | None = None
    _context_built: datetime | None = None

    def validation_context(self, now: datetime) -> ValidationContext:
        built = self._context_built
        if self._context is None or built is None or abs(now - built) > VALIDATION_CONTEXT_TTL:
            self._context = ValidationContext(
                trust_roots=[self.root],
                other_certs=self.chain,
                crls=list(self.pki.crls.values()),
                allow_fetching=False,
                revocation_mode="hard-fail",
                moment=now,
            )
            self._context_built = now
        return self._context

    def refuse_unusable(self, authority_code: str, now: datetime) -> None:
        """Never sign with an expired, not yet valid or revoked certificate: say which and
        what the operator runs instead (the worker logs it for every licence it skips)."""
        usable(
            "authority",
            authority_code,
            self.pki.authority(authority_code).cert,
            self.pki.revoked,
            now,
            f"run `medreg keys rotate --authority {authority_code}`",
        )
        if not self.config.tsa_url:
            usable(
                "TSA",
                "tsa",
                self.pki.tsa_cert,
                self.pki.revoked,
                now,
                "run `medreg keys renew-tsa`",
            )

    def signer_for(self, authority_code: str) -> signers.Signer:
        signer = self.by_authority.get(authority_code)
        if signer is None:
            signer = self._make_signer(authority_code)
            self.by_authority[authority_code] = signer
        return signer

    def _make_signer(self, authority_code: str) -> signers.Signer:
        cert = as_asn1_cert(self.pki.authority(authority_code).cert)
        if self.config.pkcs11 is not None:
            return _pkcs11_signer(self.config.pkcs11, authority_code, cert, self.root)
        registry = SimpleCertificateStore.from_certs([self.root])
        return _KeptKeySigner(cert, self.pki.authority_key(authority_code), registry)


def usable(
    role: str,
    name: str,
    cert: x509.Certificate,
    revoked: frozenset[int],
    now: datetime,
    remedy: str,
) -> None:
    """Raise ``SigningKeyUnusable`` unless ``cert`` may sign at ``now``."""
    if cert.serial_number in revoked:
        raise SigningKeyUnusable(role, name, "was revoked", remedy)
    if now >= cert.not_valid_after_utc:
        raise SigningKeyUnusable(role, name, f"expired {cert.not_valid_after_utc:%Y-%m-%d}", remedy)
    if now < cert.not_valid_before_utc:
        raise SigningKeyUnusable(role, name, "is not valid yet", remedy)


def _pkcs11_signer(
    config: Pkcs11Config,
    authority_code: str,
    cert: asn1_x509.Certificate,
    root: asn1_x509.Certificate,
) -> signers.Signer:
    # Imported here: python-pkcs11 is an optional dependency.
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    session = pkcs11.open_pkcs11_session(
        str(config.module_path),
        token_criteria=TokenCriteria(label=config.token_label),
        user_pin=config.user_pin,
    )
    return pkcs11.PKCS11Signer(
        session,
        key_label=config.label_for(authority_code),
        signing_cert=cert,
        ca_chain=[root],
        other_certs_to_pull=(),
        use_raw_mechanism=config.raw_ecdsa,
    )


def _kit(pki: Pki, config: SigningConfig) -> _SigningKit:
    key = ("signing", config.tsa_url, config.pkcs11)
    kit = pki.cache.get(str(key))
    if isinstance(kit, _SigningKit):
        return kit
    root = as_asn1_cert(pki.root)
    tsa_cert = as_asn1_cert(pki.tsa_cert)
    timestamper: timestamps.TimeStamper
    if config.tsa_url:
        timestamper = timestamps.HTTPTimeStamper(config.tsa_url)
    else:
        timestamper = LocalTimeStamper(tsa_cert, pki.tsa_key())
    kit = _SigningKit(pki, config, root, [tsa_cert], timestamper)
    pki.cache[str(key)] = kit
    return kit


def archive_timestamper(pki: Pki, config: SigningConfig, now: datetime) -> timestamps.TimeStamper:
    """The TSA for archive renewals; ``SigningKeyUnusable`` if the local TSA's certificate
    has ended or was revoked."""
    kit = _kit(pki, config)
    if not config.tsa_url:
        remedy = "run `medreg keys renew-tsa`"
        usable("TSA", "tsa", pki.tsa_cert, pki.revoked, now, remedy)
    return kit.timestamper


_STAMP_STYLE = TextStampStyle(
    stamp_text="Digitally signed %(ts)s",
    timestamp_format="%Y-%m-%d %H:%M:%S %Z",
    text_box_style=TextBoxStyle(
        font=SimpleFontEngineFactory("Helvetica", 0.5), font_size=7, text_color=(0.42, 0.42, 0.45)
    ),
    border_width=0,
    background=None,
    inner_content_layout=SimpleBoxLayoutRule(
        x_align=AxisAlignment.ALIGN_MID,
        y_align=AxisAlignment.ALIGN_MID,
        margins=Margins.uniform(2),
    ),
)


class _ExpectedOfflineEmbedding(logging.Filter):
    """Validation data comes from our own PKI, so fetching is off on purpose; pyHanko warns
    about that on every signature."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "fetching is not allowed" not in record.getMessage()


logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_ExpectedOfflineEmbedding())


async def sign_licence(
    pdf: bytes,
    authority_code: str,
    pki: Pki,
    config: SigningConfig,
    *,
    now: datetime | None = None,
) -> bytes:
    """Certify ``pdf`` as the authority (no later changes allowed) at PAdES B-LTA level.

    The signature carries a time-stamp; the root's CRL and the certificates go into the DSS;
    a document time-stamp seals them. ``SigningKeyUnusable`` when the authority's (or the
    local TSA's) certificate has expired or was revoked.
    """
    # The time-stamps carry the TSA's time: the key check uses the same wall clock.
    now = now or datetime.now(UTC)
    kit = _kit(pki, config)
    kit.refuse_unusable(authority_code, now)
    context = kit.validation_context(now)
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        reason="电子证照签发 / Electronic licence issuance",
        location="Shanghai",
        embed_validation_info=True,
        use_pades_lta=True,
        timestamp_field_name=DOC_TIMESTAMP_FIELD,
        validation_context=context,
        signer_key_usage={"non_repudiation"},
        dss_settings=DSSContentSettings(
            include_vri=False, placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE
        ),
    )
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=kit.signer_for(authority_code),
        timestamper=kit.timestamper,
        stamp_style=_STAMP_STYLE,
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=SEAL_FIELD_NAME, on_page=0, box=SEAL_FIELD_BOX
        ),
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    output = BytesIO()
    await pdf_signer.async_sign_pdf(writer, bytes_reserved=SIGNATURE_BYTES_RESERVED, output=output)
    return output.getvalue()

"""Check an uploaded licence PDF: a signature by one of our authorities, trusted to the
commission's root, and nothing changed after signing except PAdES maintenance (DSS and
document time-stamps). ``pdfsig`` alone would call an extended file valid; this does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from urllib.parse import urlsplit

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import async_validate_pdf_signature, async_validate_pdf_timestamp
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from certificates.errors import ForgedToken
from certificates.pki import Pki
from certificates.signing import as_asn1_cert
from certificates.tokens import TokenClaims, keyset, verify_token

_ACCEPTED_LEVELS = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)
_UNREADABLE = (
    PdfError,
    SignatureValidationError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    OverflowError,
)


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


def _context(pki: Pki) -> ValidationContext:
    return ValidationContext(
        trust_roots=[as_asn1_cert(pki.root)],
        crls=list(pki.crls.values()),
        allow_fetching=False,
        revocation_mode="hard-fail",
    )


def _authority_of(pki: Pki, sig: EmbeddedPdfSignature) -> str | None:
    fingerprint = sig.signer_cert.sha256
    for code, authority in pki.authorities.items():
        if as_asn1_cert(authority.cert).sha256 == fingerprint:
            return code
    return None


def _signed_token(reader: PdfFileReader, sig: EmbeddedPdfSignature) -> str | None:
    """The verification URL's token, read from the revision the signature covers (a later
    update may rewrite the metadata, and pyHanko counts that as harmless)."""
    revision = reader.get_historical_resolver(sig.signed_revision)
    info_ref = revision.trailer_view.raw_get("/Info")
    if not isinstance(info_ref, generic.IndirectObject):
        return None
    info = revision.get_object(info_ref.reference)
    keywords = info.get("/Keywords") if isinstance(info, generic.DictionaryObject) else None
    if keywords is None:
        return None
    path = urlsplit(str(keywords)).path
    return path.rsplit("/v/", 1)[1] if "/v/" in path else None


async def verify_pdf(pdf: bytes, pki: Pki) -> PdfVerification:
    """Validate the PAdES signature of ``pdf`` against the commission's root, offline."""
    try:
        return await _verify(pdf, pki)
    except _UNREADABLE as exc:
        # An upload can be anything: a broken file is simply not a genuine licence.
        return PdfVerification(False, (f"not a readable signed PDF: {exc!r}",))


async def _verify(pdf: bytes, pki: Pki) -> PdfVerification:
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    signatures = reader.embedded_regular_signatures
    timestamps = reader.embedded_timestamp_signatures
    if len(signatures) != 1:
        return PdfVerification(False, (f"expected one licence signature, found {len(signatures)}",))
    sig = signatures[0]
    problems: list[str] = []
    context = _context(pki)
    status = await async_validate_pdf_signature(
        sig, signer_validation_context=context, ts_validation_context=context
    )
    if not status.intact:
        problems.append("the signed content was altered")
    if not status.valid:
        problems.append("the signature does not verify")
    if not status.trusted:
        problems.append("the signer is not trusted by the commission's root")
    if status.modification_level not in _ACCEPTED_LEVELS or not status.docmdp_ok:
        level = status.modification_level.name if status.modification_level else "UNKNOWN"
        problems.append(f"the document was changed after signing ({level})")
    if not status.bottom_line:
        problems.append("the signature's overall validation failed")
    authority_code = _authority_of(pki, sig)
    if authority_code is None:
        problems.append("the signer is not one of the commission's authorities")
    signed_at = status.timestamp_validity.timestamp if status.timestamp_validity else None
    if status.timestamp_validity is None or not status.timestamp_validity.valid:
        problems.append("the signature has no valid time-stamp")
    archived_until = None
    for ts in timestamps:
        ts_status = await async_validate_pdf_timestamp(ts, validation_context=context)
        if not (ts_status.valid and ts_status.intact and ts_status.trusted):
            problems.append("a document time-stamp is invalid")
        archived_until = ts_status.timestamp
        last_ts_coverage = ts_status.coverage
    # pyHanko accepts some later edits (metadata) as harmless; a licence has no reason to
    # carry anything after its last archive time-stamp.
    if timestamps and last_ts_coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problems.append("content was appended after the last document time-stamp")
    claims = _claims(reader, sig, pki, authority_code, problems)
    return PdfVerification(
        genuine=not problems,
        problems=tuple(problems),
        authority_code=authority_code,
        signer=sig.signer_cert.subject.human_friendly,
        signed_at=signed_at,
        archived_until=archived_until,
        claims=claims,
        details={"summary": status.summary(), "coverage": str(status.coverage)},
    )


def _claims(
    reader: PdfFileReader,
    sig: EmbeddedPdfSignature,
    pki: Pki,
    authority_code: str | None,
    problems: list[str],
) -> TokenClaims | None:
    token = _signed_token(reader, sig)
    if token is None:
        problems.append("the PDF carries no licence token")
        return None
    try:
        claims = verify_token(token, keyset(pki))
    except ForgedToken as exc:
        problems.append(f"the embedded licence token is not genuine ({exc.detail})")
        return None
    if authority_code is not None and claims.issuer != authority_code:
        problems.append("the token's issuer is not the signer")
    return claims

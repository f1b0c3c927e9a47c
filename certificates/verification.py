"""Check an uploaded licence PDF: a signature by one of our authorities, trusted to the
commission's root, and nothing changed after signing except PAdES maintenance (DSS and
document time-stamps, any number of archive renewals). ``pdfsig`` alone would call an
extended file valid; this does not. Validity is judged as PAdES-LTA intends (``ltv``): as of
the time-stamps that prove when each piece existed, not as of today.
"""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO
from urllib.parse import urlsplit

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import async_validate_pdf_signature, async_validate_pdf_timestamp
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

from certificates import ltv
from certificates.errors import ForgedToken, PdfNotReadable
from certificates.pki import Pki
from certificates.signing import as_asn1_cert
from certificates.tokens import TokenClaims, keyset, verify_token
from certificates.verdict import PdfVerification

_ACCEPTED_LEVELS = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)
_DETAIL_CHARS = 200
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


def _authority_of(pki: Pki, sig: EmbeddedPdfSignature) -> str | None:
    """The authority whose certificate (current or retired) made the signature."""
    fingerprint = sig.signer_cert.sha256
    for code in pki.authorities:
        if any(as_asn1_cert(cert).sha256 == fingerprint for cert in pki.authority_certs(code)):
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


async def verify_pdf(pdf: bytes, pki: Pki, *, now: datetime | None = None) -> PdfVerification:
    """Validate the PAdES signature of ``pdf`` against the commission's root, offline, with
    ``now`` (default: the wall clock) as the time of the last document time-stamp's check."""
    try:
        return await inspect_pdf(pdf, pki, now=now)
    except PdfNotReadable as exc:
        # An upload can be anything: a broken file is simply not a genuine licence.
        return PdfVerification(False, (f"not a readable signed PDF: {exc.detail}",))


async def inspect_pdf(pdf: bytes, pki: Pki, *, now: datetime | None = None) -> PdfVerification:
    """``verify_pdf``, except that a file pyHanko cannot read raises ``PdfNotReadable``
    instead of coming back as a verdict."""
    try:
        return await _verify(pdf, pki, now or datetime.now(UTC))
    except _UNREADABLE as exc:
        # pyHanko's messages may quote the file: keep them short.
        raise PdfNotReadable(repr(exc)[:_DETAIL_CHARS]) from exc


async def _verify(pdf: bytes, pki: Pki, now: datetime) -> PdfVerification:
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    signatures = reader.embedded_regular_signatures
    timestamps = list(reader.embedded_timestamp_signatures)
    if not signatures:
        return PdfVerification(False, ("the PDF carries no signature",), signed=False)
    if len(signatures) != 1:
        return PdfVerification(False, (f"expected one licence signature, found {len(signatures)}",))
    sig = signatures[0]
    problems: list[str] = []
    found = ltv.evidence(reader, pki)
    proven_at = ltv.proof_times(timestamps, now)
    signed_at = ltv.signature_timestamp_time(sig)
    status = await async_validate_pdf_signature(
        sig,
        signer_validation_context=ltv.context_at(pki, found, signed_at or now),
        ts_validation_context=ltv.context_at(pki, found, proven_at[0]),
    )
    if not status.intact:
        problems.append("the signed content was altered")
    if not status.valid:
        problems.append("the signature does not verify")
    if not status.trusted:
        problems.append("the signer was not trusted by the commission's root when it signed")
    if status.modification_level not in _ACCEPTED_LEVELS or not status.docmdp_ok:
        level = status.modification_level.name if status.modification_level else "UNKNOWN"
        problems.append(f"the document was changed after signing ({level})")
    if not status.bottom_line:
        problems.append("the signature's overall validation failed")
    authority_code = _authority_of(pki, sig)
    if authority_code is None:
        problems.append("the signer is not one of the commission's authorities")
    if status.timestamp_validity is None or not status.timestamp_validity.valid:
        problems.append("the signature has no valid time-stamp")
    elif not status.timestamp_validity.trusted:
        problems.append("the signature time-stamp is not trusted")
    archived_until = None
    for ts, moment in zip(timestamps, proven_at, strict=True):
        context = ltv.context_at(pki, found, moment)
        ts_status = await async_validate_pdf_timestamp(ts, validation_context=context)
        if not (ts_status.valid and ts_status.intact and ts_status.trusted):
            problems.append("a document time-stamp is invalid")
        archived_until = ts_status.timestamp
    # pyHanko accepts some later edits (metadata) as harmless; after its last archive
    # time-stamp a licence may only gain validation data for the next renewal.
    if not timestamps:
        problems.append("the licence has no document time-stamp")
    elif not ltv.tail_is_maintenance(reader, timestamps[-1]):
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

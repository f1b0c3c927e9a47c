"""Tampered licences: none of them may come out of ``verify_pdf`` as genuine."""

from __future__ import annotations

import random
import re
from io import BytesIO
from pathlib import Path

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from certificates.pki import Pki
from certificates.values import LicenceKind
from certificates.verification import verify_pdf
from tests.factories.forgery import add_annotation, overlay_text, pdfsig_report, update
from tests.factories.licences import SignedSample


def _nurse(signed: dict[LicenceKind, SignedSample]) -> bytes:
    return signed[LicenceKind.NURSE_PRACTICE].pdf


def _first_signed_range_end(pdf: bytes) -> int:
    (signature,) = PdfFileReader(BytesIO(pdf)).embedded_regular_signatures
    start, length = signature.byte_range[0], signature.byte_range[1]
    return int(start) + int(length)


async def test_a_flipped_byte_inside_the_signed_range_is_detected(
    signed: dict[LicenceKind, SignedSample], pki: Pki, tmp_path: Path
) -> None:
    pdf = bytearray(_nurse(signed))
    end = _first_signed_range_end(bytes(pdf))
    # The middle of the longest stream: the file still parses, only a digest can notice.
    spans = [
        (m.end(), bytes(pdf).index(b"endstream", m.end()))
        for m in re.finditer(rb"[^d]stream\r?\n", bytes(pdf[:end]))
    ]
    start, stop = max(spans, key=lambda span: span[1] - span[0])
    position = (start + stop) // 2
    assert position < end
    pdf[position] ^= 0x01
    tampered = bytes(pdf)
    result = await verify_pdf(tampered, pki)
    assert not result.genuine
    assert "the signed content was altered" in result.problems
    report = pdfsig_report(tampered, tmp_path)
    assert "Signature is Valid." not in report.split("Signature #2:")[0]


async def test_an_annotation_added_after_signing_is_rejected(
    signed: dict[LicenceKind, SignedSample], pki: Pki
) -> None:
    tampered = update(_nurse(signed), add_annotation)
    result = await verify_pdf(tampered, pki)
    assert not result.genuine
    assert any("changed after signing" in p for p in result.problems), result.problems


async def test_text_painted_over_after_signing_is_rejected_although_pdfsig_says_valid(
    signed: dict[LicenceKind, SignedSample], pki: Pki, tmp_path: Path
) -> None:
    tampered = update(_nurse(signed), overlay_text)
    # The known pitfall: poppler still calls the signature valid.
    report = pdfsig_report(tampered, tmp_path)
    assert "Signature is Valid." in report.split("Signature #2:")[0]
    result = await verify_pdf(tampered, pki)
    assert not result.genuine
    assert any("changed after signing" in p for p in result.problems), result.problems


async def test_metadata_rewritten_after_signing_cannot_change_which_licence_it_is(
    signed: dict[LicenceKind, SignedSample], pki: Pki
) -> None:
    other = signed[LicenceKind.PHYSICIAN_PRACTICE]

    def retarget(writer: IncrementalPdfFileWriter) -> None:
        info = writer.trailer["/Info"].get_object()
        info[generic.NameObject("/Keywords")] = generic.TextStringObject(other.url)
        writer.update_container(info)

    result = await verify_pdf(update(_nurse(signed), retarget), pki)
    assert not result.genuine
    assert "content was appended after the last document time-stamp" in result.problems
    # Even so, the licence it names is the one that was signed.
    assert result.claims is not None
    assert result.claims.number == signed[LicenceKind.NURSE_PRACTICE].data.number


async def test_garbage_and_unsigned_pdfs_are_not_genuine(
    signed: dict[LicenceKind, SignedSample], pki: Pki
) -> None:
    assert not (await verify_pdf(b"not a pdf at all", pki)).genuine
    pdf = _nurse(signed)
    truncated = pdf[: _first_signed_range_end(pdf) - 10]
    assert not (await verify_pdf(truncated, pki)).genuine


async def test_no_single_flipped_byte_anywhere_outside_the_signature_values_passes(
    signed: dict[LicenceKind, SignedSample], pki: Pki
) -> None:
    pdf = signed[LicenceKind.PHYSICIAN_PRACTICE].pdf
    holes = []
    for signature in PdfFileReader(BytesIO(pdf)).embedded_signatures:
        first_start, first_length, second_start, _ = (int(x) for x in signature.byte_range)
        holes.append((first_start + first_length, second_start))
    rng = random.Random(20261125)
    positions = [
        p for p in rng.sample(range(len(pdf)), 400) if not any(a <= p < b for a, b in holes)
    ][:25]
    for position in positions:
        tampered = bytearray(pdf)
        tampered[position] ^= 0x20
        result = await verify_pdf(bytes(tampered), pki)
        assert not result.genuine, position

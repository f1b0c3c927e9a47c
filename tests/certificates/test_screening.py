"""The look at an upload's bytes in the server: what it refuses, counted right across the
slices it reads, and a genuine licence let through."""

from __future__ import annotations

import pytest

from certificates.config import PdfCheckLimits
from certificates.errors import PdfNotReadable, PdfTooComplex
from certificates.screening import SLICE, screen
from tests.factories.licences import SignedSample

LIMITS = PdfCheckLimits(max_objects=100, max_nesting=10)
TRAILER = b"\nstartxref\n9\n%%EOF\n"


def _pdf(body: bytes, *, at: int = 0) -> bytes:
    """A header, ``body`` placed ``at`` bytes in, and a trailer."""
    head = b"%PDF-1.7\n"
    return head + b" " * max(0, at - len(head)) + body + TRAILER


async def test_a_genuine_licence_passes(licence_sample: SignedSample) -> None:
    await screen(licence_sample.pdf, PdfCheckLimits())


@pytest.mark.parametrize(
    "pdf",
    [
        b"%PDF-1.7\n" + b"x" * 5000,  # no trailer at all
        _pdf(b"") + b" " * 2000,  # %%EOF further from the end than pyHanko looks
        b"GIF89a" + TRAILER,
    ],
)
async def test_what_pyhanko_could_not_read_is_refused(pdf: bytes) -> None:
    with pytest.raises(PdfNotReadable):
        await screen(pdf, LIMITS)


@pytest.mark.parametrize("at", [0, SLICE - 5, 3 * SLICE - 1])
async def test_brackets_open_at_once_are_counted_across_slices(at: int) -> None:
    await screen(_pdf(b"[ 1 " * 10 + b"]" * 10, at=at), LIMITS)
    with pytest.raises(PdfTooComplex) as refused:
        await screen(_pdf(b"[ 1 " * 11 + b"]" * 11, at=at), LIMITS)
    assert refused.value.limit == "nesting"


async def test_dictionaries_count_twice() -> None:
    await screen(_pdf(b"<<" * 5 + b">>" * 5), LIMITS)
    with pytest.raises(PdfTooComplex):
        await screen(_pdf(b"<</A " * 6 + b">>" * 6), LIMITS)


@pytest.mark.parametrize("at", [0, SLICE - 5, SLICE - 6])  # `obj` across the first boundary
async def test_objects_are_counted_across_slices(at: int) -> None:
    objects = b"".join(b"%d 0 obj null endobj " % n for n in range(100))
    await screen(_pdf(objects, at=at), LIMITS)
    with pytest.raises(PdfTooComplex) as refused:
        await screen(_pdf(objects + b"101 0 obj null endobj", at=at), LIMITS)
    assert refused.value.limit == "objects"


async def test_a_declared_size_past_the_bound_is_refused() -> None:
    await screen(_pdf(b"trailer <</Size 100>>"), LIMITS)
    with pytest.raises(PdfTooComplex):
        await screen(_pdf(b"trailer <</Size 101>>", at=SLICE - 8), LIMITS)


async def test_a_run_of_brackets_longer_than_a_slice_is_counted_whole() -> None:
    limits = PdfCheckLimits(max_nesting=SLICE + 5)
    run = b"[" * (SLICE + 5)
    await screen(_pdf(run + b"]" * len(run), at=SLICE - 3), limits)
    with pytest.raises(PdfTooComplex):
        await screen(_pdf(run + b"[]" + b"]" * len(run), at=SLICE - 3), limits)

"""A look at an uploaded PDF's bytes, in the server, before any worker parses it: the header,
the trailer pyHanko needs, how many objects it has and how deeply its brackets nest, all
counted without parsing.

The bytes are read a slice at a time, and the event loop runs other requests between slices:
up to 10 MB are screened without holding it for more than a few milliseconds at once.
"""

from __future__ import annotations

import asyncio
import re
from functools import cache

from certificates.config import PdfCheckLimits
from certificates.errors import PdfNotReadable, PdfTooComplex

SLICE = 1 << 20
"""Bytes read between two turns of the event loop."""
TRAILER_WINDOW = 1024
"""pyHanko (like Acrobat) looks for ``%%EOF`` in the last 1024 bytes, ``startxref`` before it."""
_OVERLAP = 64
_SIZE = re.compile(rb"/Size[ \t\r\n\f\x00]{1,16}(\d{1,12})")
# Keep the four bracket bytes, with `<` as `[` and `>` as `]`: a dictionary's `<<` opens two.
_BRACKETS = bytes.maketrans(b"<>", b"[]")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]<>")


@cache
def _run_longer_than(brackets: int) -> bytes:
    # No run inside one slice is longer than the slice; longer ones are counted across slices.
    return b"[" * (min(brackets, SLICE) + 1)


async def screen(pdf: bytes, limits: PdfCheckLimits) -> None:
    """Raise ``PdfNotReadable`` or ``PdfTooComplex`` for what is plain from the bytes."""
    if len(pdf) > limits.max_bytes:
        raise PdfTooComplex("size", f"{len(pdf)} bytes, at most {limits.max_bytes}")
    if not pdf.startswith(b"%PDF-"):
        raise PdfNotReadable("no %PDF- header")
    if b"%%EOF" not in pdf[-TRAILER_WINDOW:]:
        raise PdfNotReadable("no %%EOF marker at the end: truncated, or not a PDF")
    if b"startxref" not in pdf[-(TRAILER_WINDOW + _OVERLAP) :]:
        raise PdfNotReadable("no startxref before the %%EOF marker")
    keywords, declared, opening = 0, 0, 0
    too_deep = _run_longer_than(limits.max_nesting)
    for start in range(0, len(pdf), SLICE):
        end = min(start + SLICE, len(pdf))
        # "obj" cannot overlap itself: counting in [start, end + 2) takes each one once.
        keywords += pdf.count(b"obj", start, end + 2)
        for match in _SIZE.finditer(pdf, start, min(end + _OVERLAP, len(pdf))):
            if match.start() < end:
                declared = max(declared, int(match[1]))
        brackets = pdf[start:end].translate(_BRACKETS, _NOT_BRACKETS)
        leading = len(brackets) - len(brackets.lstrip(b"["))
        if opening + leading > limits.max_nesting or too_deep in brackets:
            raise PdfTooComplex("nesting", f"over {limits.max_nesting} brackets open at once")
        trailing = len(brackets) - len(brackets.rstrip(b"["))
        opening = opening + leading if leading == len(brackets) else trailing
        # Every object has an `obj` and an `endobj`.
        if keywords // 2 > limits.max_objects or declared > limits.max_objects:
            raise PdfTooComplex(
                "objects", f"over {limits.max_objects} objects ({keywords // 2}, /Size {declared})"
            )
        await asyncio.sleep(0)

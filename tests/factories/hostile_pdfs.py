"""Hostile uploads for the PDF check, built from bytes (``bench/pdf_check.py`` fires the same
ones at a running server):

- ``many_objects``: a genuine licence with an incremental update adding 150,000 form fields
  (about 9 MB); pyHanko, left alone, spends minutes and most of a gigabyte comparing them;
- ``garbage``: ``%PDF-`` and then 10 MB of random bytes;
- ``nested``: arrays nested 200,000 deep (a recursive parser runs out of stack);
- ``truncated``: the first half of a genuine licence;
- ``garbage_with_trailer``: random bytes between a header and a plausible trailer, for what
  gets past a look at the trailer.
"""

from __future__ import annotations

import random
import re
from io import BytesIO

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

FIELDS = 150_000
DEPTH = 200_000
GARBAGE_BYTES = 10 * 1024 * 1024 - 64


def _last(pattern: bytes, pdf: bytes) -> bytes:
    last: bytes = re.findall(pattern, pdf)[-1]
    return last


def many_objects(licence: bytes, fields: int = FIELDS) -> bytes:
    """``licence`` plus one update: ``fields`` new text fields, and the catalog again with
    its AcroForm naming the licence's own fields and all the new ones."""
    reader = PdfFileReader(BytesIO(licence))
    root_ref = reader.trailer.raw_get("/Root")
    root = reader.root
    first = int(_last(rb"/Size\s+(\d+)", licence))
    prev = int(_last(rb"startxref\s+(\d+)", licence))
    out = bytearray(licence)
    offsets = []
    for number in range(first, first + fields):
        offsets.append(len(out))
        out += b"%d 0 obj<</T(%d)>>endobj\n" % (number, number)
    own = [f.reference for f in root["/AcroForm"].raw_get("/Fields")]
    refs = b" ".join(b"%d %d R" % (r.idnum, r.generation) for r in own)
    refs += b" " + b" ".join(b"%d 0 R" % n for n in range(first, first + fields))
    body = BytesIO()
    generic.DictionaryObject(
        {key: root.raw_get(key) for key in root if key != "/AcroForm"}
    ).write_to_stream(body, None)
    catalog = body.getvalue()[:-2] + b"/AcroForm<</SigFlags 3/Fields[" + refs + b"]>>>>"
    catalog_at = len(out)
    out += b"%d 0 obj\n%s\nendobj\n" % (root_ref.idnum, catalog)
    xref = len(out)
    out += b"xref\n%d 1\n%010d 00000 n \n" % (root_ref.idnum, catalog_at)
    out += b"%d %d\n" % (first, fields)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root %d 0 R/Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (
        first + fields,
        root_ref.idnum,
        prev,
        xref,
    )
    return bytes(out)


def garbage(size: int = GARBAGE_BYTES, seed: int = 20261125) -> bytes:
    return b"%PDF-1.7\n" + random.Random(seed).randbytes(size)


def garbage_with_trailer(size: int = 1024 * 1024, seed: int = 20261126) -> bytes:
    return garbage(size, seed) + b"\nstartxref\n4096\n%%EOF\n"


def _document(catalog_extra: bytes) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    catalog_at = len(out)
    out += b"1 0 obj\n<</Type/Catalog/Pages 2 0 R/Extra " + catalog_extra + b">>\nendobj\n"
    pages_at = len(out)
    out += b"2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n"
    xref = len(out)
    out += b"xref\n0 3\n0000000000 65535 f \n%010d 00000 n \n%010d 00000 n \n" % (
        catalog_at,
        pages_at,
    )
    out += b"trailer\n<</Size 3/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def nested(depth: int = DEPTH) -> bytes:
    return _document(b"[" * depth + b"]" * depth)


def truncated(licence: bytes) -> bytes:
    return licence[: len(licence) // 2]

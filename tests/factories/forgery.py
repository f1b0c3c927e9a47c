"""Forged licences: incremental updates a forger would append to a genuine PDF (an overlay
painted over the validity line, an annotation), and what poppler's ``pdfsig`` says of them."""

from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from tests.factories.licences import require_tool


def pdfsig_report(pdf: bytes, tmp_path: Path) -> str:
    pdfsig = require_tool("pdfsig", "poppler-utils")
    path = tmp_path / "tampered.pdf"
    path.write_bytes(pdf)
    return subprocess.run([pdfsig, path], capture_output=True, check=False).stdout.decode()


def update(pdf: bytes, change: object) -> bytes:
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    change(writer)  # type: ignore[operator]
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def add_annotation(writer: IncrementalPdfFileWriter) -> None:
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    annotation = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
            generic.NameObject("/Rect"): generic.ArrayObject(
                [generic.FloatObject(v) for v in (200, 400, 400, 430)]
            ),
            generic.NameObject("/Contents"): generic.TextStringObject("有效期至 2099年"),
            generic.NameObject("/DA"): generic.TextStringObject("/Helv 14 Tf 0 g"),
        }
    )
    annotations = page.get("/Annots", generic.ArrayObject())
    annotations.append(writer.add_object(annotation))
    page[generic.NameObject("/Annots")] = annotations
    writer.update_container(page)


def overlay_text(writer: IncrementalPdfFileWriter) -> None:
    """Paint over the validity line and print a new one: a changed text, visually."""
    content = (
        b"q 0.99 0.98 0.95 rg 200 370 320 30 re f Q "
        b"BT /Fx9 14 Tf 205 380 Td (2026-11-25 to 2099-12-31) Tj ET"
    )
    font = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Font"),
            generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
            generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
        }
    )
    resources = generic.DictionaryObject(
        {
            generic.NameObject("/Font"): generic.DictionaryObject(
                {generic.NameObject("/Fx9"): writer.add_object(font)}
            )
        }
    )
    stream = writer.add_object(generic.StreamObject(stream_data=content))
    writer.add_stream_to_page(0, stream, resources=resources)

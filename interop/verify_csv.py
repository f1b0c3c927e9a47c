"""Bulk verification from a CSV file (the web upload of institution staff): the file's rows
as the lines of ``interop.verify``.

Each row is ``licence number, holder name`` or a single cell holding a QR token (or the
``…/v/{token}`` address the QR code encodes). A first row naming the columns is skipped. The
file is UTF-8 (with or without BOM) or GB18030 (what spreadsheet programs save in Chinese);
anything else is refused whole with ``ENCODING_INVALID``. Parsing is plain CPU work: callers
run it off the event loop."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from interop.verify import MAX_FIELD, MAX_LINES, BulkError, Line

MAX_CSV_BYTES = 1_000_000
HEADER_CELLS = frozenset(
    {
        "number",
        "licence number",
        "license number",
        "token",
        "证照编号",
        "证书编号",
        "执业证书编号",
        "编号",
        "二维码",
    }
)


@dataclass(frozen=True)
class CsvLines:
    lines: list[Line | str]
    rows: list[int]
    """The file's row number (from 1, the header counted) of each line."""


def decode(data: bytes) -> str:
    if len(data) > MAX_CSV_BYTES:
        raise BulkError("BODY_TOO_LARGE")
    if b"\x00" in data:
        raise BulkError("ENCODING_INVALID")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BulkError("ENCODING_INVALID")


def _token(cell: str) -> str | None:
    """The token of a cell holding one (a compact JWS, or its short form of four
    dot-separated parts) or the address a QR code encodes; ``None`` for anything else."""
    if cell.startswith(("https://", "http://")) and "/v/" in cell:
        cell = cell.rsplit("/v/", 1)[1]
    return cell if cell.count(".") in (2, 3) and " " not in cell else None


def _line(cells: list[str]) -> Line | str:
    if any(len(c) > MAX_FIELD for c in cells):
        return "LINE_INVALID"
    token = _token(cells[0]) if len(cells) == 1 else None
    if token:
        return Line(token=token)
    if len(cells) == 2 and all(cells):
        return Line(number=cells[0], name=cells[1])
    return "NUMBER_AND_NAME_OR_TOKEN_REQUIRED"


def read(data: bytes) -> CsvLines:
    """The lines of the file, or ``BulkError`` for a file that cannot be read as a whole
    (``BODY_TOO_LARGE``, ``ENCODING_INVALID``, ``CSV_INVALID``, ``NO_LINES``,
    ``TOO_MANY_LINES``)."""
    text = decode(data)
    lines: list[Line | str] = []
    rows: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row_number, row in enumerate(reader, start=1):
            cells = [c.strip() for c in row]
            if not any(cells):
                continue
            if row_number == 1 and cells[0].lower() in HEADER_CELLS:
                continue
            if len(lines) == MAX_LINES:
                raise BulkError("TOO_MANY_LINES")
            lines.append(_line(cells))
            rows.append(row_number)
    except csv.Error:
        raise BulkError("CSV_INVALID") from None
    if not lines:
        raise BulkError("NO_LINES")
    return CsvLines(lines, rows)

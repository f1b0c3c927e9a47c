"""Reading the old systems' exports: CSV (UTF-8 with or without a BOM, or GB18030, detected)
and XLSX (the first sheet), streamed row by row so a city's file never sits in memory."""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

_CHUNK = 1 << 20
XLSX_MAGIC = b"PK\x03\x04"


class UnreadableFile(Exception):
    """The file is neither a CSV in a known encoding nor an XLSX workbook."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FileFacts:
    sha256: str
    format: str
    """``csv`` or ``xlsx``."""
    encoding: str | None
    """``utf-8-sig``, ``utf-8`` or ``gb18030`` for a CSV."""
    rows: int
    """Data rows (lines after the header, blank ones included): the progress bar's total."""


def inspect(path: Path, sheets: tuple[str, ...] = ()) -> FileFacts:
    """One pass over the bytes: the digest, the format, the encoding and the row count."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        head = f.read(4)
        digest.update(head)
        if head == XLSX_MAGIC:
            for chunk in iter(lambda: f.read(_CHUNK), b""):
                digest.update(chunk)
            return FileFacts(digest.hexdigest(), "xlsx", None, _xlsx_rows(path, sheets))
        decoder = codecs.getincrementaldecoder("utf-8")()
        utf8, lines, last = True, head.count(b"\n"), head[-1:]
        if utf8:
            utf8 = _feeds(decoder, head)
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            digest.update(chunk)
            lines += chunk.count(b"\n")
            last = chunk[-1:]
            if utf8:
                utf8 = _feeds(decoder, chunk)
        if utf8:
            utf8 = _feeds(decoder, b"", final=True)
    if last not in (b"\n", b""):
        lines += 1
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif utf8:
        encoding = "utf-8"
    else:
        encoding = "gb18030"
    return FileFacts(digest.hexdigest(), "csv", encoding, max(lines - 1, 0))


def _feeds(decoder: codecs.IncrementalDecoder, data: bytes, *, final: bool = False) -> bool:
    try:
        decoder.decode(data, final)
    except UnicodeDecodeError:
        return False
    return True


def _sheet(workbook: Any, names: tuple[str, ...]) -> Any:
    """The sheet with one of ``names`` as its title, else the first."""
    for sheet in workbook.worksheets:
        if str(sheet.title).strip() in names:
            return sheet
    return workbook.worksheets[0]


def _xlsx_rows(path: Path, sheets: tuple[str, ...]) -> int:
    workbook = _open_workbook(path)
    try:
        sheet = _sheet(workbook, sheets)
        return max((sheet.max_row or 1) - 1, 0)
    finally:
        workbook.close()


def _open_workbook(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken archive
        raise UnreadableFile("XLSX_UNREADABLE") from exc


def read_rows(
    path: Path, facts: FileFacts, sheets: tuple[str, ...] = ()
) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)``: the header is line 1, the first data row line 2. Blank rows
    are skipped (they keep their line numbers)."""
    if facts.format == "xlsx":
        yield from _xlsx(path, sheets)
        return
    try:
        with path.open(encoding=facts.encoding, newline="") as f:
            for number, cells in enumerate(csv.reader(f), start=1):
                if any(c.strip() for c in cells):
                    yield number, cells
    except (UnicodeDecodeError, csv.Error) as exc:
        raise UnreadableFile("CSV_UNREADABLE") from exc


def _xlsx(path: Path, sheets: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    workbook = _open_workbook(path)
    try:
        sheet = _sheet(workbook, sheets)
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                yield number, cells
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """Spreadsheet values as the text the CSV would hold: dates as ISO dates, whole numbers
    without a decimal point (an ID number typed as a number has already lost its digits, and
    the checksum will say so)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

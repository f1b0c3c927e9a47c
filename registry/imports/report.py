"""The import report: one CSV line per thing said about a cell (row, column, value masked,
outcome, reason code, reason in Chinese and in English), UTF-8 with a BOM so spreadsheet
programs open it in the right encoding."""

from __future__ import annotations

import csv
import io
from collections import Counter

from core.crypto import mask_id_number, mask_mobile
from registry.imports.columns import ImportKind, header_of
from registry.imports.reasons import ImportReason, en, zh

HEADER = ("行号 row", "列 column", "值 value", "结果 outcome", "原因代码 reason", "原因", "reason")
_MASKED = {"id_number": mask_id_number, "mobile": mask_mobile, "contact_mobile": mask_mobile}


class Outcome:
    REJECTED = "REJECTED"
    QUARANTINED = "QUARANTINED"
    NORMALISED = "NORMALISED"


class Report:
    def __init__(self, kind: ImportKind) -> None:
        self.kind = kind
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)
        self._writer.writerow(HEADER)
        self.reasons: Counter[str] = Counter()

    def add(self, row: int, field: str, value: str, outcome: str, reason: ImportReason) -> None:
        self.reasons[reason.value] += 1
        shown = value.strip()
        if field in _MASKED and shown:
            shown = _MASKED[field](shown)
        elif len(shown) > 80:
            shown = shown[:80] + "…"
        column = f"{header_of(self.kind, field)} {field}"
        self._writer.writerow((row, column, shown, outcome, reason.value, zh(reason), en(reason)))

    def content(self) -> bytes:
        return "\ufeff".encode() + self._buffer.getvalue().encode()

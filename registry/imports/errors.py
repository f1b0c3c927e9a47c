"""Why a whole file is refused (before any row is looked at)."""

from __future__ import annotations

from enum import StrEnum

from core.errors import DomainError, ErrorCode


class ImportProblem(StrEnum):
    CSV_UNREADABLE = "CSV_UNREADABLE"
    XLSX_UNREADABLE = "XLSX_UNREADABLE"
    FILE_EMPTY = "FILE_EMPTY"
    COLUMNS_MISSING = "COLUMNS_MISSING"
    ISSUE_NOT_FOUND = "ISSUE_NOT_FOUND"
    ISSUE_DECIDED = "ISSUE_DECIDED"
    BATCH_NOT_FOUND = "BATCH_NOT_FOUND"
    ROW_REFUSED = "ROW_REFUSED"


class FileRefused(DomainError):
    """The file cannot be imported at all; ``params`` name the missing columns."""

    code = ErrorCode.VALIDATION
    reason: StrEnum = ImportProblem.CSV_UNREADABLE

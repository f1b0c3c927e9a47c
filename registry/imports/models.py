"""An import batch (one file, audited, with its report) and the rows it quarantined."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, IdMixin, JSONDict, enum_column


class IssueStatus(StrEnum):
    OPEN = "OPEN"
    RESOLVED = "RESOLVED"
    """The officer accepted the file's value: the row was applied."""
    REJECTED = "REJECTED"
    """The officer kept the registry's value: the row was dropped."""


class ImportBatch(IdMixin, Base):
    """One imported file: what it was (kind, name, sha256), who imported it, what came of it
    (counts by outcome and by reason) and the report, for officers to download."""

    __tablename__ = "import_batch"

    kind: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    actor_id: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime]
    rows: Mapped[int] = mapped_column(Integer)
    counts: Mapped[dict[str, Any]] = mapped_column(JSONDict, default=dict)
    """``{"created": n, "changed": n, "unchanged": n, "rejected": n, "quarantined": n,
    "reasons": {"ID_CHECKSUM": n, …}}``."""
    report_csv: Mapped[bytes] = mapped_column(LargeBinary)


class ImportIssue(IdMixin, Base):
    """A quarantined row: the same ID number with another name than the registry's. The row's
    cleaned values wait here (ID number and mobile encrypted) until an officer decides."""

    __tablename__ = "import_issue"
    __table_args__ = (Index("ix_import_issue_status_created", "status", "created_at", "id"),)

    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("import_batch.id"), index=True)
    row_number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    registry_name: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(64))
    id_number_masked: Mapped[str] = mapped_column(String(24))
    authority_code: Mapped[str | None] = mapped_column(ForeignKey("authority.code"))
    """The authority of the row's institution: whose officers may decide."""
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDict, default=dict)
    """The cleaned row, ID number and mobile left out (they are in ``sealed``)."""
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    """The row's ID number and mobile, AES-GCM bound to this issue."""
    status: Mapped[IssueStatus] = mapped_column(
        enum_column(IssueStatus, "import_issue_status"), default=IssueStatus.OPEN
    )
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(64))

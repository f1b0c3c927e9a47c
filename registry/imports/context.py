"""What the writers of one import share: the session, the batch, the report, the counts."""

from __future__ import annotations

import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from certificates.values import LicenceRequest
from core.bulk import insert_rows
from core.db import Base
from core.sealing import FieldSealer
from registry.imports.cleaning import Cleaner
from registry.imports.columns import ImportKind
from registry.imports.reasons import ImportReason
from registry.imports.report import Outcome, Report
from registry.licences import backfill


@dataclass
class ImportContext:
    session: AsyncSession
    kind: ImportKind
    batch_id: uuid.UUID
    sealer: FieldSealer
    report: Report
    now: datetime
    today: date
    counts: Counter[str] = field(default_factory=Counter)
    """created, changed, unchanged, rejected, quarantined, normalised (rows)."""
    changed_registrations: list[uuid.UUID] = field(default_factory=list)
    """Registrations this import gave a new version: their licences are re-issued."""
    licences: int = 0
    """Licences reserved for the registrations this import created."""
    phases: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    """Seconds spent per phase (reading and cleaning, matching, inserts, licences)."""

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] += time.perf_counter() - started

    def reject(self, row: int, raw: dict[str, str], field_name: str, reason: ImportReason) -> None:
        self.report.add(row, field_name, raw.get(field_name, ""), Outcome.REJECTED, reason)
        self.counts["rejected"] += 1

    def rejected(self, row: int, cleaner: Cleaner) -> None:
        for note in cleaner.problems:
            value = cleaner.raw.get(note.field, "")
            self.report.add(row, note.field, value, Outcome.REJECTED, note.reason)
        self.counts["rejected"] += 1

    def normalised(self, row: int, cleaner: Cleaner) -> None:
        for note in cleaner.normalised:
            value = cleaner.raw.get(note.field, "")
            self.report.add(row, note.field, value, Outcome.NORMALISED, note.reason)
        if cleaner.normalised:
            self.counts["normalised"] += 1

    async def reserve(self, requests: list[LicenceRequest]) -> None:
        """Reserve the licences of registrations just inserted, in the same transaction, so
        no imported active registration is ever seen without its licence."""
        with self.phase("licences"):
            self.licences += await backfill.reserve(self.session, requests)

    async def insert(self, model: type[Base], rows: list[dict[str, Any]]) -> None:
        """New rows in bulk (``bulk.insert_rows``); every row carries the same keys."""
        table: Table = model.__table__  # type: ignore[assignment]
        with self.phase("inserts"):
            await insert_rows(self.session, table, rows)

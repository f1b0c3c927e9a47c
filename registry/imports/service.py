"""``import_file``: one export of an old system into the registry, as one audited batch.

Rows are read as a stream, cleaned one by one (a row is imported whole or not at all) and
written in chunks with Core bulk statements; the blind indexes of a chunk's ID numbers are
computed together and matched in one statement. The caller commits (or, for a dry run,
rolls back): the service only flushes."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import audit
from core.bulk import roomy_page_cache
from core.clock import clock_of
from core.crypto import keyring_of
from core.db import refresh_planner_statistics
from core.jobs import Priority
from core.sealing import FieldSealer
from directory.models import Profession
from registry.imports.cleaning import Cleaner, clean_filing, clean_institution, clean_practitioner
from registry.imports.columns import SHEETS, ImportKind, match_headers
from registry.imports.context import ImportContext
from registry.imports.errors import FileRefused, ImportProblem
from registry.imports.filings import FilingWriter
from registry.imports.institutions import InstitutionWriter
from registry.imports.models import ImportBatch
from registry.imports.practitioners import PractitionerWriter
from registry.imports.reading import FileFacts, UnreadableFile, inspect, read_rows
from registry.imports.report import Report
from registry.licences.backfill import reissue, reserve_missing

CHUNK = 2_000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportSummary:
    batch_id: uuid.UUID
    kind: ImportKind
    filename: str
    sha256: str
    encoding: str | None
    rows: int
    created: int
    changed: int
    unchanged: int
    rejected: int
    quarantined: int
    normalised: int
    licences: int = 0
    """Licence versions reserved (new registrations, changed ones)."""
    reasons: dict[str, int] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)
    """Seconds per phase of the import, for the benchmark and the curious."""
    report_csv: bytes = b""

    def as_dict(self) -> dict[str, Any]:
        return {
            "batch": str(self.batch_id),
            "kind": self.kind.value,
            "file": self.filename,
            "sha256": self.sha256,
            "encoding": self.encoding,
            "rows": self.rows,
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "quarantined": self.quarantined,
            "normalised": self.normalised,
            "licences": self.licences,
            "reasons": dict(sorted(self.reasons.items())),
            "phases": {k: round(v, 2) for k, v in sorted(self.phases.items())},
        }


def _facts(path: Path, kind: ImportKind) -> FileFacts:
    try:
        return inspect(path, SHEETS.get(kind, ()))
    except UnreadableFile as exc:
        raise FileRefused("the file cannot be read", reason=ImportProblem(exc.reason)) from exc


def _rows(path: Path, facts: FileFacts, kind: ImportKind) -> Iterator[tuple[int, dict[str, str]]]:
    """The data rows as ``{field: text}``; the header is checked before this returns."""
    stream = read_rows(path, facts, SHEETS.get(kind, ()))
    try:
        first = next(stream, None)
    except UnreadableFile as exc:
        raise FileRefused("the file cannot be read", reason=ImportProblem(exc.reason)) from exc
    if first is None:
        raise FileRefused("the file holds no header row", reason=ImportProblem.FILE_EMPTY)
    positions, missing = match_headers(kind, first[1])
    if missing:
        raise FileRefused(
            f"required columns missing: {', '.join(missing)}",
            reason=ImportProblem.COLUMNS_MISSING,
            params={"columns": ",".join(missing)},
        )
    return _cells(stream, positions)


def _cells(
    stream: Iterator[tuple[int, list[str]]], positions: dict[int, str]
) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        for number, cells in stream:
            yield number, {f: cells[i] for i, f in positions.items() if i < len(cells)}
    except UnreadableFile as exc:
        raise FileRefused("the file cannot be read", reason=ImportProblem(exc.reason)) from exc


async def import_file(
    session: AsyncSession,
    actor: audit.AuditActor,
    kind: ImportKind,
    path: Path,
    *,
    filename: str | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import ``path``; raises ``FileRefused`` (nothing written) when the file cannot be read
    or lacks a required column. Rejected rows are reported, not raised."""
    facts = _facts(path, kind)
    stream = _rows(path, facts, kind)
    clock = clock_of(session)
    started = clock.now()
    batch_id = uuid.uuid4()
    ctx = ImportContext(
        session=session,
        kind=kind,
        batch_id=batch_id,
        sealer=FieldSealer(keyring_of(session)),
        report=Report(kind),
        now=started,
        today=clock.today(),
    )
    session.add(
        ImportBatch(
            id=batch_id,
            kind=kind.value,
            filename=(filename or path.name)[:255],
            sha256=facts.sha256,
            actor_id=actor.actor_id,
            started_at=started,
            finished_at=started,
            rows=0,
            counts={},
            report_csv=b"",
        )
    )
    await session.flush()
    async with roomy_page_cache(session):
        rows = await _run(ctx, kind, stream, facts.rows, progress)
        # Licences follow the licence rules: reserved in the transaction, signed by the
        # worker behind everything interactive. New registrations got theirs chunk by chunk;
        # what is left (a registration a newer export made active again) is reserved here,
        # and a changed registration's licence gets a new version.
        with ctx.phase("licences"):
            licences = ctx.licences + await reserve_missing(session, priority=Priority.BULK)
            licences += await reissue(session, ctx.changed_registrations, priority=Priority.BULK)
    summary = ImportSummary(
        batch_id=batch_id,
        kind=kind,
        filename=filename or path.name,
        sha256=facts.sha256,
        encoding=facts.encoding,
        rows=rows,
        created=ctx.counts["created"],
        changed=ctx.counts["changed"],
        unchanged=ctx.counts["unchanged"],
        rejected=ctx.counts["rejected"],
        quarantined=ctx.counts["quarantined"],
        normalised=ctx.counts["normalised"],
        licences=licences,
        reasons=dict(ctx.report.reasons),
        phases=dict(ctx.phases),
        report_csv=ctx.report.content(),
    )
    batch = await session.get(ImportBatch, batch_id)
    assert batch is not None
    batch.finished_at = clock.now()
    batch.rows = rows
    batch.counts = {k: v for k, v in summary.as_dict().items() if k in _COUNTED}
    batch.report_csv = summary.report_csv
    await session.flush()
    await audit.record(
        session,
        actor,
        "registry.import.batch",
        target_type="import_batch",
        target_id=batch_id,
        summary={"kind": kind.value, "sha256": facts.sha256, **batch.counts},
    )
    await refresh_planner_statistics(session)
    return summary


_COUNTED = frozenset(
    {
        "rows",
        "created",
        "changed",
        "unchanged",
        "rejected",
        "quarantined",
        "normalised",
        "licences",
        "reasons",
    }
)


async def _run(
    ctx: ImportContext,
    kind: ImportKind,
    stream: Iterator[tuple[int, dict[str, str]]],
    total: int,
    progress: Progress | None,
) -> int:
    clean: Callable[[dict[str, str]], tuple[Any, Cleaner]]
    writer: InstitutionWriter | PractitionerWriter | FilingWriter
    if kind is ImportKind.INSTITUTIONS:
        writer, clean = InstitutionWriter(ctx), clean_institution
    elif kind is ImportKind.FILINGS:
        writer, clean = FilingWriter(ctx), clean_filing
    else:
        profession = Profession.DOCTOR if kind is ImportKind.DOCTORS else Profession.NURSE
        writer = PractitionerWriter(ctx, profession)
        clean = partial(clean_practitioner, profession=profession)
    await writer.load()
    chunk: list[Any] = []
    count = last = 0
    started = time.perf_counter()
    for number, raw in stream:
        count += 1
        last = number
        cleaned, cleaner = clean(raw)
        if cleaned is None:
            ctx.rejected(number, cleaner)
        else:
            chunk.append((number, cleaned, cleaner))
        if len(chunk) >= CHUNK:
            ctx.phases["reading and cleaning"] += time.perf_counter() - started
            await writer.write(chunk)
            chunk = []
            if progress is not None:
                progress(last - 1, total)
            started = time.perf_counter()
    ctx.phases["reading and cleaning"] += time.perf_counter() - started
    if chunk:
        await writer.write(chunk)
    if progress is not None:
        progress(total, total)
    return count

"""``export_legacy`` writes the old systems' files with known dirt; importing them finds
exactly that dirt, reason by reason (both engines)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import SYSTEM
from demo import Scale
from demo.legacy import ENCODINGS, export_legacy
from directory.models import Person, Practitioner
from registry.imports.columns import REGISTRIES, ImportKind
from registry.imports.service import import_file


async def test_dirty_exports_are_cleaned_reason_by_reason(
    session: AsyncSession, tmp_path: Path
) -> None:
    exported = await export_legacy(
        tmp_path, seed=7, scale=Scale.TINY, dirty=0.2, today=date(2026, 11, 25)
    )
    dirt = exported.dirt
    persons_before = await session.scalar(select(func.count()).select_from(Person))
    summaries = {}
    for kind in REGISTRIES:
        summaries[kind] = await import_file(session, SYSTEM, kind, exported.files[kind.value])
        assert summaries[kind].encoding == ENCODINGS[kind.value]
        assert summaries[kind].rows == exported.rows[kind.value]
    reasons: Counter[str] = Counter()
    for summary in summaries.values():
        reasons.update(summary.reasons)

    def made(kind: str) -> int:
        return sum(n for key, n in dirt.items() if key.endswith(f":{kind}"))

    assert reasons["ID_CHECKSUM"] == made("id_checksum") > 0
    assert reasons["USCC_CHECKSUM"] == made("uscc_checksum")
    assert reasons["MOBILE_FORMAT"] == made("bad_mobile") > 0
    assert reasons["LOWER_X"] == made("lower_x")
    assert reasons["TRADITIONAL"] == made("traditional")
    # An institution rejected for its checksum takes its staff's rows with it.
    assert reasons["INSTITUTION_UNKNOWN"] >= made("unknown_institution") > 0
    assert 0 < reasons["NAME_CONFLICT"] <= made("conflicting_name")
    assert 0 < reasons["DUPLICATE_IN_FILE"] <= made("duplicate")
    assert reasons["FULL_WIDTH"] >= made("full_width") > 0

    # Every row is accounted for exactly once.
    for summary in summaries.values():
        outcomes = (
            summary.created + summary.changed + summary.unchanged + summary.rejected
        ) + summary.quarantined
        assert outcomes == summary.rows
    # The nurses who were also in the doctors' file are one Person each.
    imported = summaries[ImportKind.DOCTORS].created + summaries[ImportKind.NURSES].created
    persons = await session.scalar(select(func.count()).select_from(Person))
    practitioners = await session.scalar(select(func.count()).select_from(Practitioner))
    assert persons is not None
    assert persons_before is not None
    assert practitioners is not None
    assert made("also_doctor") > 0
    assert persons - persons_before < imported
    assert practitioners >= imported

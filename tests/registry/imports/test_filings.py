"""Doctors' multi-institution filings from a file of their own or from the 多机构备案 sheet of
the doctors' workbook: new filings recorded, known ones unchanged, unknown registrations and
institutions reported, the same file twice changes nothing (both engines)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import SYSTEM
from directory.models import Institution
from registry.imports.columns import COLUMNS, ImportKind
from registry.imports.service import import_file
from registry.registrations.models import Filing, FilingStatus, Registration
from tests.factories.imports import institution_row, practitioner_row, write_csv

K = ImportKind


async def _doctors(session: AsyncSession, tmp_path: Path) -> list[dict[str, str]]:
    places = [institution_row(n) for n in (91, 92, 93)]
    await import_file(
        session, SYSTEM, K.INSTITUTIONS, write_csv(tmp_path / "i.csv", K.INSTITUTIONS, places)
    )
    doctors = [practitioner_row(n, 91, female=False) for n in (95, 96)]
    await import_file(session, SYSTEM, K.DOCTORS, write_csv(tmp_path / "d.csv", K.DOCTORS, doctors))
    return doctors


async def _filed(session: AsyncSession, number: str) -> set[str]:
    rows = await session.scalars(
        select(Institution.uscc)
        .join(Filing, Filing.institution_id == Institution.id)
        .join(Registration, Registration.id == Filing.registration_id)
        .where(Registration.number == number, Filing.status == FilingStatus.ACTIVE)
    )
    return set(rows)


async def test_filings_from_a_file_of_their_own(session: AsyncSession, tmp_path: Path) -> None:
    doctors = await _doctors(session, tmp_path)
    usccs = {n: institution_row(n)["uscc"] for n in (91, 92, 93)}
    rows = [
        {"licence_number": doctors[0]["licence_number"], "institution_uscc": usccs[92]},
        {"licence_number": doctors[0]["licence_number"], "institution_uscc": usccs[93]},
        {"licence_number": doctors[1]["licence_number"], "institution_uscc": usccs[91]},  # own
        {"licence_number": "ZS99999999", "institution_uscc": usccs[92]},  # no such doctor
        {"licence_number": doctors[1]["licence_number"], "institution_uscc": "91310000MA1FL0000X"},
    ]
    path = write_csv(tmp_path / "filings.csv", K.FILINGS, rows)
    first = await import_file(session, SYSTEM, K.FILINGS, path)
    assert (first.created, first.unchanged, first.rejected) == (2, 1, 2)
    assert first.reasons["REGISTRATION_UNKNOWN"] == 1
    assert sum(first.reasons.values()) >= 2
    assert await _filed(session, doctors[0]["licence_number"]) == {usccs[92], usccs[93]}
    assert await _filed(session, doctors[1]["licence_number"]) == set()
    lines = list(csv.DictReader(io.StringIO(first.report_csv.decode("utf-8-sig"))))
    assert any("未找到该执业证书编号的医师注册" in " ".join(line.values()) for line in lines)

    again = await import_file(session, SYSTEM, K.FILINGS, path)
    assert (again.created, again.unchanged) == (0, 3)


async def test_filings_from_the_doctors_workbook_sheet(
    session: AsyncSession, tmp_path: Path
) -> None:
    doctors = await _doctors(session, tmp_path)
    workbook = Workbook()
    first_sheet = workbook.active
    assert first_sheet is not None
    first_sheet.title = "医师"
    first_sheet.append(["姓名"])  # the doctors' own sheet: not what a filings import reads
    sheet = workbook.create_sheet("多机构备案")
    sheet.append([c.header for c in COLUMNS[K.FILINGS]])
    sheet.append([doctors[1]["licence_number"], institution_row(93)["uscc"]])
    path = tmp_path / "doctors.xlsx"
    workbook.save(path)
    summary = await import_file(session, SYSTEM, K.FILINGS, path)
    assert (summary.rows, summary.created) == (1, 1)
    assert await _filed(session, doctors[1]["licence_number"]) == {institution_row(93)["uscc"]}

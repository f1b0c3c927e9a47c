"""``import_file`` on the real database: matching, association, quarantine, whole rows,
the report, re-imports and the batch record (both engines)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import SYSTEM, AuditEntry
from core.crypto import mask_id_number
from directory import service as directory
from directory.models import Institution, Person, Practitioner, Profession
from registry.imports.columns import ImportKind
from registry.imports.errors import FileRefused, ImportProblem
from registry.imports.models import ImportBatch, ImportIssue, IssueStatus
from registry.imports.service import ImportSummary, import_file
from registry.registrations.models import (
    Filing,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
)
from tests.factories.imports import institution_row, practitioner_row, write_csv

K = ImportKind


def report_lines(summary: ImportSummary) -> list[dict[str, str]]:
    text = summary.report_csv.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


async def institutions(session: AsyncSession, tmp_path: Path, *numbers: int) -> ImportSummary:
    path = write_csv(
        tmp_path / "institutions.csv",
        K.INSTITUTIONS,
        [institution_row(n) for n in numbers],
        encoding="gb18030",
    )
    return await import_file(session, SYSTEM, K.INSTITUTIONS, path)


async def person(session: AsyncSession, id_number: str) -> Person | None:
    return await directory.find_person_by_id_number(session, id_number)


async def test_doctors_and_nurses_become_persons_linked_to_their_institutions(
    session: AsyncSession, tmp_path: Path
) -> None:
    summary = await institutions(session, tmp_path, 1, 2)
    assert (summary.created, summary.rejected, summary.encoding) == (2, 0, "gb18030")
    a = practitioner_row(1, 1, female=False, sex="男")
    doctors = [
        a,
        practitioner_row(2, 2, filing_usccs=institution_row(1)["uscc"]),
        a | {"licence_number": "ZS-AGAIN"},  # the same person twice in one file
        practitioner_row(3, 77),  # an institution the registry does not know
    ]
    summary = await import_file(
        session, SYSTEM, K.DOCTORS, write_csv(tmp_path / "doctors.csv", K.DOCTORS, doctors)
    )
    assert (summary.created, summary.rejected, summary.quarantined) == (2, 2, 0)
    assert summary.reasons == {"DUPLICATE_IN_FILE": 1, "INSTITUTION_UNKNOWN": 1}
    # The same person in the nurse file: one Person, two practitioner records.
    nurses = [a | {"licence_number": "HS-A", "valid_until": "2030-01-31"}]
    summary = await import_file(
        session, SYSTEM, K.NURSES, write_csv(tmp_path / "nurses.csv", K.NURSES, nurses)
    )
    assert summary.created == 1
    holder = await person(session, a["id_number"])
    assert holder is not None
    assert holder.name == a["name"]
    professions = set(
        (
            await session.scalars(
                select(Practitioner.profession).where(Practitioner.person_id == holder.id)
            )
        ).all()
    )
    assert professions == {Profession.DOCTOR, Profession.NURSE}
    assert directory.reveal_mobile(session, holder) == a["mobile"]
    # Association by USCC, and the doctor's multi-institution filing.
    second = await session.scalar(select(Registration).where(Registration.number == "ZS00000002"))
    site = await session.scalar(
        select(Institution).where(Institution.uscc == institution_row(2)["uscc"])
    )
    assert second is not None
    assert site is not None
    assert second.institution_id == site.id
    filed = await session.scalar(
        select(Filing.institution_id).where(Filing.registration_id == second.id)
    )
    other = await session.scalar(
        select(Institution.id).where(Institution.uscc == institution_row(1)["uscc"])
    )
    assert filed == other
    # Whole row or nothing: the row of the unknown institution left no person behind.
    assert await person(session, practitioner_row(3, 77)["id_number"]) is None


async def test_a_different_name_for_a_known_id_number_is_quarantined(
    session: AsyncSession, tmp_path: Path
) -> None:
    await institutions(session, tmp_path, 3)
    first = practitioner_row(10, 3)
    path = write_csv(tmp_path / "d1.csv", K.DOCTORS, [first])
    await import_file(session, SYSTEM, K.DOCTORS, path)
    renamed = first | {"name": "改名", "licence_number": "ZS-OTHER"}
    path = write_csv(tmp_path / "d2.csv", K.DOCTORS, [renamed])
    summary = await import_file(session, SYSTEM, K.DOCTORS, path)
    assert (summary.quarantined, summary.created) == (1, 0)
    issue = await session.scalar(
        select(ImportIssue).where(ImportIssue.batch_id == summary.batch_id)
    )
    assert issue is not None
    assert (issue.status, issue.registry_name, issue.file_name) == (
        IssueStatus.OPEN,
        first["name"],
        "改名",
    )
    assert issue.id_number_masked == mask_id_number(first["id_number"])
    assert first["id_number"] not in str(issue.payload)
    assert (
        await session.scalar(select(Registration).where(Registration.number == "ZS-OTHER")) is None
    )
    [line] = report_lines(summary)
    assert line["结果 outcome"] == "QUARANTINED"
    assert line["原因代码 reason"] == "NAME_CONFLICT"
    # The same file again waits on the same issue.
    again = await import_file(session, SYSTEM, K.DOCTORS, path)
    assert again.quarantined == 1
    count = await session.scalar(
        select(func.count())
        .select_from(ImportIssue)
        .where(ImportIssue.person_id == issue.person_id)
    )
    assert count == 1


async def test_the_report_names_row_column_and_reason_and_masks_personal_data(
    session: AsyncSession, tmp_path: Path
) -> None:
    await institutions(session, tmp_path, 4)
    good = practitioner_row(20, 4)
    bad_id = practitioner_row(21, 4)
    bad_id["id_number"] = bad_id["id_number"][:-1] + (
        "1" if bad_id["id_number"][-1] == "0" else "0"
    )
    spaced = practitioner_row(22, 4, registered_on="2019/3/1")
    spaced["id_number"] = spaced["id_number"][:6] + " " + spaced["id_number"][6:]
    path = write_csv(tmp_path / "n.csv", K.NURSES, [good, bad_id, spaced])
    summary = await import_file(session, SYSTEM, K.NURSES, path)
    assert (summary.created, summary.rejected, summary.normalised) == (2, 1, 1)
    lines = report_lines(summary)
    rejected = [x for x in lines if x["结果 outcome"] == "REJECTED"]
    assert rejected == [
        {
            "行号 row": "3",
            "列 column": "身份证号 id_number",
            "值 value": mask_id_number(bad_id["id_number"]),
            "结果 outcome": "REJECTED",
            "原因代码 reason": "ID_CHECKSUM",
            "原因": "身份证号校验位错误",
            "reason": "the ID number's check digit does not match",
        }
    ]
    normalised = {
        (x["行号 row"], x["原因代码 reason"]) for x in lines if x["结果 outcome"] == "NORMALISED"
    }
    assert normalised == {("4", "SPACES"), ("4", "DATE_FORMAT")}
    assert bad_id["id_number"] not in summary.report_csv.decode("utf-8-sig")
    assert good["mobile"] not in summary.report_csv.decode("utf-8-sig")


async def test_reimport_is_idempotent_and_a_newer_export_makes_new_versions(
    session: AsyncSession, tmp_path: Path
) -> None:
    await institutions(session, tmp_path, 5, 6)
    rows = [practitioner_row(30, 5), practitioner_row(31, 5)]
    path = write_csv(tmp_path / "nurses.csv", K.NURSES, rows)
    first = await import_file(session, SYSTEM, K.NURSES, path)
    assert (first.created, first.changed, first.unchanged) == (2, 0, 0)
    events = await session.scalar(select(func.count()).select_from(RegistrationEvent))

    same = await import_file(session, SYSTEM, K.NURSES, path)
    assert (same.created, same.changed, same.unchanged) == (0, 0, 2)
    assert same.sha256 == first.sha256
    assert await session.scalar(select(func.count()).select_from(RegistrationEvent)) == events

    rows[1] = rows[1] | {
        "valid_until": "2025-02-28",
        "institution_uscc": institution_row(6)["uscc"],
    }
    newer = await import_file(
        session, SYSTEM, K.NURSES, write_csv(tmp_path / "nurses2.csv", K.NURSES, rows)
    )
    assert (newer.created, newer.changed, newer.unchanged) == (0, 1, 1)
    registration = await session.scalar(
        select(Registration).where(Registration.number == rows[1]["licence_number"])
    )
    assert registration is not None
    await session.refresh(registration)
    assert registration.version == 2
    assert registration.status is RegistrationStatus.EXPIRED  # the clock is 2026-11-25
    history = (
        await session.scalars(
            select(RegistrationEvent)
            .where(RegistrationEvent.registration_id == registration.id)
            .order_by(RegistrationEvent.version)
        )
    ).all()
    assert [(e.version, e.action) for e in history] == [(1, "IMPORTED"), (2, "IMPORT_CHANGED")]
    assert history[1].changes["validUntil"] == "2025-02-28"
    assert history[1].changes["status"] == "EXPIRED"
    assert history[1].changes["batch"] == str(newer.batch_id)

    batches = (await session.scalars(select(ImportBatch).where(ImportBatch.kind == "nurses"))).all()
    assert len(batches) == 3
    audited = (
        await session.scalars(
            select(AuditEntry).where(AuditEntry.action == "registry.import.batch")
        )
    ).all()
    by_batch = {e.target_id: e.summary for e in audited}
    assert by_batch[str(same.batch_id)]["sha256"] == first.sha256
    assert by_batch[str(same.batch_id)]["created"] == 0


async def test_institutions_reimport_records_what_changed(
    session: AsyncSession, tmp_path: Path
) -> None:
    await institutions(session, tmp_path, 7)
    again = await institutions(session, tmp_path, 7)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 1)
    path = write_csv(
        tmp_path / "i2.csv",
        K.INSTITUTIONS,
        [institution_row(7, beds="450", name="上海市新名称医院")],
    )
    changed = await import_file(session, SYSTEM, K.INSTITUTIONS, path)
    assert changed.changed == 1
    inst = await session.scalar(
        select(Institution).where(Institution.uscc == institution_row(7)["uscc"])
    )
    assert inst is not None
    await session.refresh(inst)
    assert (inst.beds, inst.name) == (450, "上海市新名称医院")
    event = await session.scalar(
        select(RegistrationEvent)
        .join(Registration, Registration.id == RegistrationEvent.registration_id)
        .where(Registration.institution_id == inst.id, RegistrationEvent.version == 2)
    )
    assert event is not None
    assert event.changes["beds"] == 450


async def test_xlsx_with_english_headers(session: AsyncSession, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    row = institution_row(8)
    sheet.append(["Name", "USCC", "Licence Number", "Type", "District", "Beds", "Valid_Until"])
    sheet.append([row["name"], row["uscc"], row["licence_number"], "CLINIC", "Xuhui", 0, None])
    sheet.append([])  # a blank line is skipped
    sheet.append(["", "", "", "", "", "", ""])
    path = tmp_path / "institutions.xlsx"
    workbook.save(path)
    summary = await import_file(session, SYSTEM, K.INSTITUTIONS, path)
    assert (summary.created, summary.rejected, summary.rows) == (1, 0, 1)
    inst = await session.scalar(select(Institution).where(Institution.uscc == row["uscc"]))
    assert inst is not None
    assert inst.district_code == "310104"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
async def test_csv_encodings_are_detected(
    session: AsyncSession, tmp_path: Path, encoding: str
) -> None:
    path = write_csv(tmp_path / "i.csv", K.INSTITUTIONS, [institution_row(9)], encoding=encoding)
    summary = await import_file(session, SYSTEM, K.INSTITUTIONS, path)
    assert (summary.encoding, summary.created) == (encoding, 1)
    inst = await session.scalar(
        select(Institution).where(Institution.uscc == institution_row(9)["uscc"])
    )
    assert inst is not None
    assert inst.name == "上海市测试第9医院"


async def test_unusable_files_are_refused_before_anything_is_written(
    session: AsyncSession, tmp_path: Path
) -> None:
    path = tmp_path / "few.csv"
    path.write_text("机构名称,地址\n某医院,某路\n", encoding="utf-8")
    with pytest.raises(FileRefused) as caught:
        await import_file(session, SYSTEM, K.INSTITUTIONS, path)
    assert caught.value.reason is ImportProblem.COLUMNS_MISSING
    assert caught.value.params["columns"] == "uscc,licence_number,type,district"
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(FileRefused) as caught:
        await import_file(session, SYSTEM, K.INSTITUTIONS, broken)
    assert caught.value.reason is ImportProblem.XLSX_UNREADABLE
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(FileRefused) as caught:
        await import_file(session, SYSTEM, K.INSTITUTIONS, empty)
    assert caught.value.reason is ImportProblem.FILE_EMPTY
    assert await session.scalar(select(func.count()).select_from(ImportBatch)) == 0


async def test_the_planner_learns_the_imported_rows_on_postgresql(
    session: AsyncSession, tmp_path: Path
) -> None:
    """ANALYZE in the import's transaction: the next queries are planned from the rows, not
    from a guess (SQLite plans from its indexes alone)."""
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")
    reltuples = text("SELECT reltuples FROM pg_class WHERE relname = 'institution'")
    await session.execute(text("UPDATE pg_class SET reltuples = -1 WHERE relname = 'institution'"))
    summary = await institutions(session, tmp_path, 1, 2, 3)
    assert summary.created == 3
    assert await session.scalar(reltuples) >= 3

"""Statistics as files: CSV (UTF-8 with a byte-order mark, so Excel reads the Chinese) and
XLSX (one sheet per table). Each starts with what the figures are: the report, the authority,
the as-of date or period, when it was generated, the suppression rule and the sources."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from registry.statistics.tables import Report, Table

BOM = "\ufeff"
TITLES = {
    "RESOURCES": "医疗资源配置统计 / Resource allocation statistics",
    "SUPERVISION": "推进情况督导 / Rollout supervision",
}


def header_lines(report: Report) -> list[list[str]]:
    lines = [
        [TITLES.get(report.kind, report.kind)],
        ["authority / 机关", report.authority],
    ]
    if report.period_from is not None and report.period_to is not None:
        lines.append(
            [
                "period / 统计期间",
                f"{report.period_from.isoformat()} – {report.period_to.isoformat()}",
            ]
        )
    lines.append(["as of / 截至", report.as_of.isoformat()])
    lines.append(["generated at / 生成时间", report.generated_at.isoformat(timespec="seconds")])
    for key in ("suppressionZh", "suppression", "populationSource"):
        if key in report.notes:
            lines.append([key, report.notes[key]])
    return lines


def _table_rows(table: Table) -> list[list[str]]:
    rows = [[*table.dimensions, *table.measures]]
    rows.extend([*row.keys, *(v.text() for v in row.values)] for row in table.rows)
    return rows


def to_csv(report: Report, table_id: str | None = None) -> bytes:
    """One table (``table_id``) or every table, each after a line with its id."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(header_lines(report))
    for table in report.tables:
        if table_id is not None and table.id != table_id:
            continue
        writer.writerow([])
        writer.writerow([f"table: {table.id}"])
        writer.writerows(_table_rows(table))
    return (BOM + out.getvalue()).encode("utf-8")


def to_xlsx(report: Report) -> bytes:
    """A sheet "about" with the header, then one sheet per table; suppressed cells read "<5",
    the others are numbers."""
    book = Workbook(write_only=True)
    about = book.create_sheet("about")
    for line in header_lines(report):
        about.append(line)
    for table in report.tables:
        sheet = book.create_sheet(table.id[:31])
        sheet.append([*table.dimensions, *table.measures])
        for row in table.rows:
            sheet.append(
                [
                    *row.keys,
                    *(v.text() if v.suppressed or v.value is None else v.value for v in row.values),
                ]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

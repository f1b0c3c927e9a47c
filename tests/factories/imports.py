"""Builders of the old systems' export files (CSV with Chinese headers) for the import tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from registry.imports.columns import COLUMNS, ImportKind
from tests.factories.directory import mobile, resident_id, social_credit_code


def write_csv(
    path: Path, kind: ImportKind, rows: list[dict[str, str]], *, encoding: str = "utf-8-sig"
) -> Path:
    headers = [c.header for c in COLUMNS[kind]]
    fields = [c.field for c in COLUMNS[kind]]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(f, "") for f in fields])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def institution_row(n: int, **overrides: str) -> dict[str, str]:
    return {
        "name": f"上海市测试第{n}医院",
        "uscc": social_credit_code(9_000 + n),
        "licence_number": f"PDY{n:06d}",
        "type": "综合医院",
        "district": "浦东新区",
        "beds": "300",
        "legal_representative": "李四",
        "address": f"上海市浦东新区测试路{n}号",
        "valid_until": "2028-06-30",
        "level": "二级",
    } | overrides


def practitioner_row(
    n: int, institution: int, *, female: bool = True, **overrides: str
) -> dict[str, str]:
    return {
        "name": f"测试{n}",
        "sex": "女" if female else "男",
        "id_number": resident_id(region="310104", seq=5_000 + n, female=female),
        "mobile": mobile(70_000 + n),
        "licence_number": f"ZS{n:08d}",
        "institution_uscc": social_credit_code(9_000 + institution),
        "registered_on": "2019-03-01",
        "category": "临床",
        "scope": "内科专业",
        "valid_until": "2029-02-28",
    } | overrides

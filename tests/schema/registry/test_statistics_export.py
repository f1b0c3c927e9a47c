"""Statistics downloads: CSV with a byte-order mark and XLSX (read back with openpyxl), both
opening with the as-of date and the suppression rule, holding the same cells as the report,
within the same scope and audit as the GraphQL reads."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor, Grant, Role
from core.audit import AuditEntry
from registry.statistics import census
from registry.statistics.resources import build_resources
from registry.statistics.scope import Area
from tests.factories import statistics as generated
from tests.factories.clients import ACTOR_HEADER


@pytest.fixture
def officers(actors: dict[str, Actor]) -> None:
    for name, code in (("city", "310000"), ("pudong", "310115")):
        actors[name] = Actor(
            account_id=uuid.uuid4(), grants=(Grant(Role.AUTHORITY_OFFICER, authority_code=code),)
        )


async def _get(client: Any, actor: str | None, path: str) -> Any:
    return await client.get(path, headers={ACTOR_HEADER: actor} if actor else {})


async def test_csv_has_a_bom_the_header_and_every_cell(
    client: Any, session: AsyncSession, officers: None
) -> None:
    await generated.city(session)
    await session.commit()
    response = await _get(
        client, "city", "/statistics/resources.csv?authority=310000&asOf=2026-03-31"
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = {line[0]: line[1] for line in lines[:8] if len(line) == 2}
    assert header["as of / 截至"] == "2026-03-31"
    assert "<5" in header["suppressionZh"]
    assert "<5" in header["suppression"]
    assert "人口普查" in header["populationSource"]
    report = await build_resources(session, Area("310000", census.DISTRICTS), date(2026, 3, 31))
    start = lines.index(["table: districts"])
    table = report.table("districts")
    assert lines[start + 1] == [*table.dimensions, *table.measures]
    written = lines[start + 2 : start + 2 + len(table.rows)]
    assert written == [[*r.keys, *(v.text() for v in r.values)] for r in table.rows]
    assert any("<5" in line for line in written), "the small districts are suppressed"
    assert [line for line in lines if line and line[0].startswith("table: ")] == [
        [f"table: {t.id}"] for t in report.tables
    ]


async def test_xlsx_has_a_sheet_per_table(
    client: Any, session: AsyncSession, officers: None
) -> None:
    await generated.city(session)
    await session.commit()
    response = await _get(client, "pudong", "/statistics/resources.xlsx?authority=310115")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    report = await build_resources(session, Area("310115", ("310115",)), generated.TODAY)
    assert book.sheetnames == ["about", *(t.id for t in report.tables)]
    about = {row[0]: row[1] for row in book["about"].iter_rows(values_only=True) if len(row) > 1}
    assert about["as of / 截至"] == generated.TODAY.isoformat()
    sheet = list(book["districts"].iter_rows(values_only=True))
    table = report.table("districts")
    assert list(sheet[0]) == [*table.dimensions, *table.measures]
    expected = [
        [*r.keys, *(v.text() if v.suppressed or v.value is None else v.value for v in r.values)]
        for r in table.rows
    ]
    assert [[c if c is not None else "" for c in row] for row in sheet[1:]] == [
        [c if c is not None else "" for c in row] for row in expected
    ]


async def test_supervision_csv_names_its_period(
    client: Any, session: AsyncSession, officers: None
) -> None:
    city = await generated.city(session)
    await generated.rollout(session, city)
    await session.commit()
    response = await _get(
        client,
        "city",
        "/statistics/supervision.csv?authority=310000&from=2026-01-01&to=2026-06-30&table=supervisionItems",
    )
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["period / 统计期间", "2026-01-01 – 2026-06-30"] in lines
    assert [line for line in lines if line and line[0].startswith("table: ")] == [
        ["table: supervisionItems"]
    ]


@pytest.mark.parametrize(
    ("actor", "path", "status", "code"),
    [
        (None, "/statistics/resources.csv?authority=310000", 401, "UNAUTHENTICATED"),
        ("pudong", "/statistics/resources.csv?authority=310000", 403, "FORBIDDEN"),
        ("pudong", "/statistics/resources.xlsx?authority=310104", 403, "FORBIDDEN"),
        ("city", "/statistics/resources.csv?authority=310000&asOf=yesterday", 400, "VALIDATION"),
        ("city", "/statistics/supervision.csv?authority=310000&from=2026-01-01", 400, "VALIDATION"),
        ("city", "/statistics/other.csv?authority=310000", 404, "NOT_FOUND"),
        ("city", "/statistics/resources.pdf?authority=310000", 404, "NOT_FOUND"),
    ],
)
async def test_refusals(
    client: Any,
    session: AsyncSession,
    officers: None,
    actor: str | None,
    path: str,
    status: int,
    code: str,
) -> None:
    response = await _get(client, actor, path)
    assert response.status_code == status
    assert response.json()["errors"][0]["code"] == code
    count = await session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action.like("registry.statistics.%"))
    )
    assert count == 0


async def test_each_download_is_audited(client: Any, session: AsyncSession, officers: None) -> None:
    for _ in range(2):
        response = await _get(client, "pudong", "/statistics/resources.csv?authority=310115")
        assert response.status_code == 200
    entries = (
        await session.scalars(
            select(AuditEntry).where(AuditEntry.action == "registry.statistics.resources")
        )
    ).all()
    assert [e.target_id for e in entries] == ["310115", "310115"]

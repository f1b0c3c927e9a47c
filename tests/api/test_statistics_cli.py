"""``medreg statistics export`` writes the same report as the HTTP download, audited as a
system read; ``medreg statistics calendar`` refills the working-day table."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from api.cli.main import app
from registry.statistics.models import FIRST_DAY, LAST_DAY
from registry.workflow.calendar import working_days_between


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MEDREG_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/stats.db")
    monkeypatch.setenv("MEDREG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MEDREG_ENVIRONMENT", "development")
    assert CliRunner().invoke(app, ["migrate"]).exit_code == 0
    return tmp_path


def test_export_writes_csv_and_xlsx_and_audits(env: Path) -> None:
    runner = CliRunner()
    out = env / "r.csv"
    result = runner.invoke(
        app, ["statistics", "export", "resources", "-o", str(out), "--as-of", "2026-01-31"]
    )
    assert result.exit_code == 0, result.output
    lines = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert ["as of / 截至", "2026-01-31"] in lines
    assert ["table: districts"] in lines
    xlsx = env / "s.xlsx"
    result = runner.invoke(
        app,
        [
            *("statistics", "export", "supervision", "-o", str(xlsx)),
            *("--authority", "310115", "--from", "2026-01-01", "--to", "2026-01-31"),
        ],
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(xlsx, read_only=True)
    assert book.sheetnames == [
        "about",
        "supervisionDistricts",
        "supervisionItems",
        "laggingInstitutions",
        "verificationsByDay",
    ]
    with sqlite3.connect(env / "stats.db") as db:
        rows = db.execute(
            "SELECT actor_id, target_id FROM audit_entry"
            " WHERE action = 'registry.statistics.export'"
        ).fetchall()
    assert rows == [("system", "310000"), ("system", "310115")]


def test_export_refuses_unknown_input(env: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["statistics", "export", "other", "-o", str(env / "x.csv")])
    assert result.exit_code == 2
    result = runner.invoke(
        app, ["statistics", "export", "resources", "-o", str(env / "x.csv"), "--authority", "1"]
    )
    assert result.exit_code == 2


def test_calendar_refill(env: Path) -> None:
    with sqlite3.connect(env / "stats.db") as db:
        db.execute("DELETE FROM working_day")
    result = CliRunner().invoke(app, ["statistics", "calendar"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(env / "stats.db") as db:
        ordinals = dict(db.execute("SELECT day, ordinal FROM working_day").fetchall())
    assert len(ordinals) == (LAST_DAY - FIRST_DAY).days + 1
    # Across the National Day holiday and its adjusted weekend working days, as the
    # workflow's statutory clock counts them.
    for start, end in (
        (date(2026, 9, 25), date(2026, 10, 12)),
        (date(2025, 1, 20), date(2025, 2, 10)),
    ):
        assert ordinals[end.isoformat()] - ordinals[start.isoformat()] == working_days_between(
            start, end
        )

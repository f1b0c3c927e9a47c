"""``medreg demo export-legacy``, ``medreg import … --dry-run --report --json``, ``import list``
and ``import report`` on a database of their own."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MEDREG_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/import.db")
    monkeypatch.setenv("MEDREG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MEDREG_ENVIRONMENT", "development")
    assert CliRunner().invoke(app, ["migrate"]).exit_code == 0
    return tmp_path


def _json(output: str) -> dict[str, object]:
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_export_then_dry_run_then_import_then_list(env: Path) -> None:
    runner = CliRunner()
    out = env / "legacy"
    result = runner.invoke(app, ["demo", "export-legacy", str(out), "--dirty", "0.05"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {"institutions.csv", "doctors.csv", "nurses.csv"}

    report = env / "dry.csv"
    args = ["import", "institutions", str(out / "institutions.csv")]
    dry = runner.invoke(app, [*args, "--dry-run", "--json", "--report", str(report)])
    assert dry.exit_code == 0, dry.output
    planned = _json(dry.output)
    assert planned["dryRun"] is True
    assert planned["created"] > 0
    lines = list(csv.reader(io.StringIO(report.read_bytes().decode("utf-8-sig"))))
    assert lines[0][0] == "行号 row"
    assert len(lines) > 1

    # Nothing was written by the dry run: the real import creates the same rows.
    done = _json(runner.invoke(app, [*args, "--json"]).output)
    assert done["created"] == planned["created"]
    again = _json(runner.invoke(app, [*args, "--json"]).output)
    assert (again["created"], again["changed"]) == (0, 0)

    listed = json.loads(runner.invoke(app, ["import", "list", "--json"]).output)
    assert [b["batch"] for b in listed] == [again["batch"], done["batch"]]
    assert listed[0]["sha256"] == done["sha256"]

    saved = env / "saved.csv"
    got = runner.invoke(app, ["import", "report", str(done["batch"]), "-o", str(saved)])
    assert got.exit_code == 0, got.output
    assert saved.read_bytes().decode("utf-8-sig").startswith("行号 row")
    assert runner.invoke(app, ["import", "report", "not-a-batch", "-o", str(saved)]).exit_code == 1


def test_a_file_without_the_required_columns_is_refused(env: Path) -> None:
    path = env / "bad.csv"
    path.write_text("姓名,手机号\n张三,13812345678\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", "doctors", str(path)])
    assert result.exit_code == 1
    assert "COLUMNS_MISSING" in result.output
    assert "id_number" in result.output

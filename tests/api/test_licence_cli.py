"""``medreg keys init`` / ``keys show``, ``medreg worker --once`` signing, and
``medreg licence pdf``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.common import run_with_session
from api.cli.main import app
from api.settings import load_settings
from certificates import service
from tests.factories.licences import request


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MEDREG_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("MEDREG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MEDREG_ENVIRONMENT", "development")
    return tmp_path


def test_keys_worker_and_licence_pdf(env: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["keys", "init"])
    assert missing.exit_code == 1
    assert "medreg migrate" in missing.output
    assert runner.invoke(app, ["migrate"]).exit_code == 0

    created = runner.invoke(app, ["keys", "init"])
    assert created.exit_code == 0, created.output
    assert "development PKI created" in created.output
    assert "17 authority keys" in created.output
    fingerprint = re.search(r"root SHA-256 fingerprint: ([0-9a-f]{64})", created.output)
    assert fingerprint is not None
    again = runner.invoke(app, ["keys", "init"])
    assert "nothing to do" in again.output
    assert fingerprint.group(1) in again.output  # never replaced

    shown = runner.invoke(app, ["keys", "show"], terminal_width=200)
    assert shown.exit_code == 0, shown.output
    assert fingerprint.group(1) in shown.output
    assert shown.output.count("ECDSA secp256r1") == 18  # root + 17 authorities
    assert "RSA" in shown.output  # the local TSA

    settings = load_settings()
    number = "HS310115-2026-000777"
    run_with_session(
        settings,
        lambda session: service.reserve_licence(
            session, request(holder_ref="cli-1", number=number)
        ),
    )
    waiting = runner.invoke(app, ["licence", "pdf", number, "-o", str(env / "x.pdf")])
    assert waiting.exit_code == 1
    assert "not signed yet" in waiting.output
    worked = runner.invoke(app, ["worker", "--once"])
    assert worked.exit_code == 0, worked.output
    assert "signed 1 licences" in worked.output

    out = env / "licence.pdf"
    written = runner.invoke(app, ["licence", "pdf", number, "--version", "1", "-o", str(out)])
    assert written.exit_code == 0, written.output
    assert out.read_bytes().startswith(b"%PDF-")
    unknown = runner.invoke(app, ["licence", "pdf", "NOPE", "-o", str(env / "y.pdf")])
    assert unknown.exit_code == 1
    assert "does not exist" in unknown.output


def test_a_missing_font_is_a_clear_error(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDREG_FONT_PATH", str(env / "no-such-font.ttc"))
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 1
    assert "no-such-font.ttc" in result.output
    assert "fonts-noto-cjk" in result.output

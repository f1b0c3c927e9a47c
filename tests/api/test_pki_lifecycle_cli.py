"""What an operator runs over the years: ``keys status``, the worker renewing the CRL by
itself, ``keys rotate``, ``licences renew-archive`` (idempotent), with the clock moved."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from cryptography import x509
from typer.testing import CliRunner

from api.cli.common import run_with_session
from api.cli.main import app
from api.settings import load_settings
from certificates import service
from certificates.pki import load_pki
from certificates.verification import verify_pdf
from tests.factories.licences import request


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MEDREG_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("MEDREG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MEDREG_ENVIRONMENT", "development")
    return tmp_path


def _crl_next_update(env: Path) -> datetime:
    crl = x509.load_der_x509_crl((env / "pki" / "crl" / "root.crl").read_bytes())
    assert crl.next_update_utc is not None
    return crl.next_update_utc


def test_status_rotation_crl_and_archive_renewal(env: Path) -> None:
    runner = CliRunner()
    t0 = datetime.now(UTC)
    assert runner.invoke(app, ["migrate"]).exit_code == 0
    assert runner.invoke(app, ["keys", "init"]).exit_code == 0
    number = "HS310115-2026-000901"
    settings = load_settings()
    run_with_session(
        settings,
        lambda session: service.reserve_licence(session, request(holder_ref="l-1", number=number)),
    )
    assert runner.invoke(app, ["worker", "--once"]).exit_code == 0
    status = runner.invoke(app, ["keys", "status"], terminal_width=200)
    assert status.exit_code == 0, status.output
    assert "ACT" not in status.output

    first_crl = _crl_next_update(env)
    with time_machine.travel(t0 + timedelta(days=12), tick=True):
        assert runner.invoke(app, ["worker", "--once"]).exit_code == 0
    assert _crl_next_update(env) > first_crl  # renewed by the worker, nobody asked

    with time_machine.travel(t0 + 5 * 365 * timedelta(days=1) - timedelta(days=10), tick=True):
        due = runner.invoke(app, ["keys", "status"], terminal_width=200)
        assert due.exit_code == 1
        assert "ACT  certificate authority 310115" in due.output
        rotated = runner.invoke(app, ["keys", "rotate", "--authority", "310115"])
        assert rotated.exit_code == 0, rotated.output
        unknown = runner.invoke(app, ["keys", "rotate", "--authority", "999999"])
        assert unknown.exit_code == 1
        assert "999999" in unknown.output
        assert runner.invoke(app, ["keys", "renew-tsa"]).exit_code == 0

        before = (datetime.now(UTC) + timedelta(days=20 * 365)).strftime("%Y-%m-%d")
        renewed = runner.invoke(app, ["licences", "renew-archive", "--before", before])
        assert renewed.exit_code == 0, renewed.output
        assert "1 licence archives renewed" in renewed.output
        again = runner.invoke(app, ["licences", "renew-archive"])
        assert "0 licence archives renewed" in again.output  # nothing due any more

        out = env / "renewed.pdf"
        written = runner.invoke(app, ["licence", "pdf", number, "-o", str(out)])
        assert written.exit_code == 0, written.output
        pki = load_pki(settings.signing_config())
        result = asyncio.run(verify_pdf(out.read_bytes(), pki))
        assert result.genuine, result.problems
        assert result.authority_code == "310115"  # signed by the retired key

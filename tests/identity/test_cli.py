"""``medreg admin create``, ``medreg worker --once`` and ``medreg notifications``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.common import run_with_session
from api.cli.main import app
from api.settings import load_settings
from notifications.messages import send_sms


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MEDREG_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("MEDREG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MEDREG_ENVIRONMENT", "development")
    monkeypatch.setenv("MEDREG_PASSWORD_HASH_MEMORY_KIB", "8")
    monkeypatch.setenv("MEDREG_PASSWORD_HASH_TIME_COST", "1")
    monkeypatch.setenv("MEDREG_PASSWORD_HASH_PARALLELISM", "1")
    return tmp_path


def test_admin_create_notifications_and_worker(env: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["migrate"]).exit_code == 0
    created = runner.invoke(
        app,
        ["admin", "create", "--username", "root"],
        input="a long admin password\na long admin password\n",
    )
    assert created.exit_code == 0, created.output
    assert "system admin root created" in created.output
    secret = re.search(r"secret: ([A-Z2-7]{32})", created.output)
    assert secret is not None
    assert "otpauth://totp/medreg:root?secret=" in created.output
    taken = runner.invoke(
        app,
        ["admin", "create", "--username", "root"],
        input="a long admin password\na long admin password\n",
    )
    assert taken.exit_code == 1
    assert "taken" in taken.output

    code = runner.invoke(app, ["admin", "totp", "root"])
    assert code.exit_code == 0
    assert re.fullmatch(r"\d{6}\n", code.output)

    assert "no notifications yet" in runner.invoke(app, ["notifications"]).output
    settings = load_settings()
    run_with_session(
        settings,
        lambda session: send_sms(
            session, "13912345678", "activation_code", {"code": "123456", "minutes": 10}
        ),
    )
    delivered = runner.invoke(app, ["worker", "--once"])
    assert delivered.exit_code == 0
    assert "delivered 1" in delivered.output
    assert "delivered 0" in runner.invoke(app, ["worker", "--once"]).output
    listed = runner.invoke(app, ["notifications", "--to", "13912345678"])
    assert listed.exit_code == 0
    assert "123456" in listed.output
    assert "activation_code" in listed.output
    assert (
        "no notifications yet"
        in runner.invoke(app, ["notifications", "--to", "13900000000"]).output
    )

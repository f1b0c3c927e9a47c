"""``medreg audit checkpoint`` / ``audit verify`` on a database of their own, and the
checkpoints the server and the worker write when they stop."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from api.app import create_app
from api.cli.common import run_with_session
from api.cli.main import app
from api.settings import load_settings
from core.audit import AuditActor, record
from core.checkpoints import AuditCheckpoint
from core.db import create_engine, session_factory
from core.uow import unit_of_work

ACTOR = AuditActor(actor_id="cli", role="SYSTEM")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MEDREG_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/audit.db")
    monkeypatch.setenv("MEDREG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MEDREG_ENVIRONMENT", "development")
    assert CliRunner().invoke(app, ["migrate"]).exit_code == 0
    return tmp_path


async def _append(count: int) -> None:
    settings = load_settings()
    engine = create_engine(settings.database_url)
    try:
        async with unit_of_work(session_factory(engine, keyring=settings.keyring)) as session:
            for i in range(count):
                await record(session, ACTOR, "test.cli", target_type="t", target_id=str(i))
    finally:
        await engine.dispose()


def _record(count: int) -> None:
    asyncio.run(_append(count))


def _checkpoints() -> list[int]:
    async def sizes(session: object) -> list[int]:
        stmt = select(AuditCheckpoint.tree_size).order_by(AuditCheckpoint.id)
        return list((await session.scalars(stmt)).all())  # type: ignore[attr-defined]

    return run_with_session(load_settings(), sizes)


def test_checkpoint_then_verify_then_cut_the_tail(env: Path) -> None:
    runner = CliRunner()
    _record(3)
    unsigned = runner.invoke(app, ["audit", "verify"], terminal_width=200)
    assert unsigned.exit_code == 0, unsigned.output
    assert "audit chain intact: 3 entries" in unsigned.output
    assert "no signed checkpoint yet" in unsigned.output

    signed = runner.invoke(app, ["audit", "checkpoint"], terminal_width=200)
    assert signed.exit_code == 0, signed.output
    assert "checkpoint signed: 3 entries" in signed.output
    log = env / "data" / "audit" / "checkpoints.jsonl"
    assert json.loads(log.read_text())["tree_size"] == 3

    _record(2)
    later = runner.invoke(app, ["audit", "verify"], terminal_width=200)
    assert later.exit_code == 0, later.output
    assert "1 signed checkpoints match the chain" in later.output
    assert "entries 4-5 (2) come after the newest checkpoint" in later.output
    assert "verified by the chain only" in later.output

    with sqlite3.connect(env / "audit.db") as db:
        db.execute("DELETE FROM audit_entry WHERE seq >= 3")
    cut = runner.invoke(app, ["audit", "verify"], terminal_width=200)
    assert cut.exit_code == 1, cut.output
    assert "audit chain intact: 2 entries" in cut.output
    assert "checkpoint of 3 entries signed" in cut.output
    assert "no longer matches: the chain ends at entry 2" in cut.output

    refused = runner.invoke(app, ["audit", "checkpoint"], terminal_width=200)
    assert refused.exit_code == 1
    assert "tail was cut" in refused.output


def test_the_key_is_shown_for_publishing(env: Path) -> None:
    shown = CliRunner().invoke(app, ["audit", "key"], terminal_width=200)
    assert shown.exit_code == 0, shown.output
    assert "BEGIN PUBLIC KEY" in shown.output
    assert "PRIVATE" not in shown.output


def test_the_server_and_the_worker_sign_what_they_leave_behind(env: Path) -> None:
    _record(3)

    async def serve_while_recording() -> None:
        server = create_app(load_settings())
        async with server.router.lifespan_context(server):
            await _append(2)

    asyncio.run(serve_while_recording())
    assert _checkpoints()[-1] == 5  # written when the server stopped, at the latest

    _record(1)
    worked = CliRunner().invoke(app, ["worker", "--once"])
    assert worked.exit_code == 0, worked.output
    assert _checkpoints()[-1] == 6

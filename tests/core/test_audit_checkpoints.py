"""Signed checkpoints make a cut-off or rewritten audit chain detectable, and forged
checkpoints are refused."""

from __future__ import annotations

import asyncio
import base64
import json
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from joserfc import jws
from joserfc.jwk import KeySet
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from api.audit import checkpoint_loop
from core.audit import AuditActor, AuditEntry, _hashed_fields, chain_head, entry_hash, record
from core.audit_verify import AuditReport, verify_audit
from core.checkpoint_writer import ChainDiverged, CheckpointWriter
from core.checkpoints import (
    TOPIC,
    AuditCheckpoint,
    Checkpoint,
    CheckpointConfig,
    CheckpointKey,
    CheckpointKeyMissing,
    CheckpointLog,
    open_checkpoint,
)
from core.clock import FixedClock
from core.outbox import OutboxEvent

ACTOR = AuditActor(actor_id="a1", role="AUTHORITY_OFFICER", client_address="203.0.113.7")


def _config(home: Path, **overrides: object) -> CheckpointConfig:
    values: dict[str, object] = {
        "key_file": home / "audit" / "checkpoint-key.pem",
        "create_key": True,
        "log_file": home / "audit" / "checkpoints.jsonl",
        "every_entries": 5,
        "every_seconds": 600.0,
    }
    values.update(overrides)
    return CheckpointConfig(**values)  # type: ignore[arg-type]


@pytest.fixture
def writer(tmp_path: Path, sessions: async_sessionmaker[AsyncSession]) -> CheckpointWriter:
    return CheckpointWriter(sessions, _config(tmp_path))


async def _entries(session: AsyncSession, count: int) -> int:
    for i in range(count):
        await record(session, ACTOR, "test.checkpoint", target_type="t", target_id=str(i))
    size, _ = await chain_head(session)
    return size


async def _verify(session: AsyncSession, writer: CheckpointWriter) -> AuditReport:
    session.expunge_all()
    return await verify_audit(session, keys=writer.key.keys, log=writer.log)


async def test_a_checkpoint_is_signed_stored_logged_and_emitted(
    session: AsyncSession, writer: CheckpointWriter
) -> None:
    size = await _entries(session, 3)
    signed = await writer.write(force=True)
    assert signed is not None
    assert signed.checkpoint.tree_size == size
    assert open_checkpoint(signed.jws, writer.key.keys) == signed.checkpoint

    row = (await session.scalars(select(AuditCheckpoint))).one()
    assert (row.tree_size, row.jws) == (size, signed.jws)
    lines = writer.log.path.read_text().splitlines()
    assert [json.loads(line)["jws"] for line in lines] == [signed.jws]
    event = (await session.scalars(select(OutboxEvent).where(OutboxEvent.topic == TOPIC))).one()
    assert event.payload == signed.to_json()
    assert writer.config.key_file.stat().st_mode & 0o077 == 0  # the private key is private

    report = await _verify(session, writer)
    assert report.intact, report.problems
    assert report.newest == report.newest_in_file == report.newest_in_table == signed.checkpoint
    assert report.after_newest == 0


async def test_cutting_the_tail_after_a_checkpoint_is_detected(
    session: AsyncSession, writer: CheckpointWriter
) -> None:
    size = await _entries(session, 5)
    await writer.write(force=True)
    await session.execute(delete(AuditEntry).where(AuditEntry.seq > size - 2))

    report = await _verify(session, writer)
    assert report.broken is None  # the shortened chain is consistent in itself …
    assert not report.intact  # … but no longer holds what was signed
    message = report.problems[0].describe()
    assert f"checkpoint of {size} entries" in message
    assert f"ends at entry {size - 2}" in message
    with pytest.raises(ChainDiverged, match="tail was cut"):
        await writer.write()  # and no new checkpoint blesses the shorter chain


async def test_the_file_alone_still_reveals_a_cut(
    session: AsyncSession, writer: CheckpointWriter
) -> None:
    size = await _entries(session, 4)
    await writer.write(force=True)
    await session.execute(delete(AuditEntry).where(AuditEntry.seq == size))
    await session.execute(delete(AuditCheckpoint))  # whoever cut also hid the checkpoint rows

    report = await _verify(session, writer)
    assert not report.intact
    reasons = " | ".join(p.describe() for p in report.problems)
    assert "missing from the audit_checkpoint table" in reasons
    assert f"ends at entry {size - 1}" in reasons
    assert report.newest_in_table is None
    assert report.newest_in_file is not None


async def test_deleting_an_entry_before_the_checkpoint_is_detected(
    session: AsyncSession, writer: CheckpointWriter
) -> None:
    size = await _entries(session, 4)
    await writer.write(force=True)
    await session.execute(delete(AuditEntry).where(AuditEntry.seq == size - 2))

    report = await _verify(session, writer)
    assert report.broken is not None
    assert report.broken.seq == size - 2
    assert f"broken at entry {size - 2}, before entry {size}" in report.problems[0].reason


async def test_a_rewritten_chain_is_detected(
    session: AsyncSession, writer: CheckpointWriter
) -> None:
    """An edit followed by recomputing every later hash keeps the chain consistent; only
    the signed head shows it."""
    size = await _entries(session, 4)
    await writer.write(force=True)
    entries = (
        await session.scalars(select(AuditEntry).where(AuditEntry.seq >= size - 2).order_by("seq"))
    ).all()
    prev_hash = entries[0].prev_hash
    entries[0].action = "test.forged"
    for entry in entries:
        entry.prev_hash = prev_hash
        entry.hash = prev_hash = entry_hash(prev_hash, _hashed_fields(entry))
    await session.flush()

    report = await _verify(session, writer)
    assert report.broken is None
    assert f"entry {size} no longer has the signed hash" in report.problems[0].reason


async def test_edited_and_forged_checkpoints_are_refused(
    session: AsyncSession, writer: CheckpointWriter, tmp_path: Path
) -> None:
    await _entries(session, 3)
    signed = await writer.write(force=True)
    assert signed is not None
    header, payload, signature = signed.jws.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["tree_size"] -= 1
    edited_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    await session.execute(
        update(AuditCheckpoint).values(jws=f"{header}.{edited_payload}.{signature}")
    )
    report = await _verify(session, writer)
    assert any("signature does not verify" in p.reason for p in report.problems)

    stranger = CheckpointKey.load(tmp_path / "stranger.pem", create=True)
    forged = stranger.sign(Checkpoint("x", 1, "0" * 64, signed.checkpoint.at, stranger.key_id))
    writer.log.append(forged)
    report = await _verify(session, writer)
    assert any("unknown key" in p.reason for p in report.problems)
    assert not report.intact


async def test_a_checkpoint_is_due_after_enough_entries_or_time(
    session: AsyncSession, writer: CheckpointWriter, clock: FixedClock
) -> None:
    await _entries(session, 1)
    first = await writer.write()
    assert first is not None  # the first one is due as soon as there is an entry
    await _entries(session, writer.config.every_entries - 1)
    assert await writer.write() is None
    size = await _entries(session, 1)
    by_count = await writer.write()
    assert by_count is not None
    assert by_count.checkpoint.tree_size == size == first.checkpoint.tree_size + 5

    clock.advance(timedelta(minutes=10))
    assert await writer.write() is None  # nothing new: nothing to sign
    size = await _entries(session, 1)
    by_time = await writer.write()
    assert by_time is not None
    assert by_time.checkpoint.tree_size == size
    assert await session.scalar(select(func.count()).select_from(AuditCheckpoint)) == 3


async def test_entries_after_the_newest_checkpoint_rest_on_the_chain(
    session: AsyncSession, writer: CheckpointWriter
) -> None:
    await _entries(session, 2)
    await writer.write(force=True)
    await _entries(session, 3)
    report = await _verify(session, writer)
    assert report.intact
    assert report.after_newest == 3


async def test_a_stopping_loop_writes_the_last_checkpoint(
    session: AsyncSession, writer: CheckpointWriter
) -> None:
    size = await _entries(session, 2)
    stop = asyncio.Event()
    stop.set()
    await checkpoint_loop(writer, stop=stop)
    row = (await session.scalars(select(AuditCheckpoint))).one()
    assert row.tree_size == size


async def test_a_configured_key_must_exist(
    tmp_path: Path, sessions: async_sessionmaker[AsyncSession]
) -> None:
    config = _config(tmp_path, key_file=tmp_path / "elsewhere.pem", create_key=False)
    with pytest.raises(CheckpointKeyMissing):
        await CheckpointWriter(sessions, config).write(force=True)
    assert not (tmp_path / "elsewhere.pem").exists()


async def test_the_latest_checkpoint_is_published(
    app: Starlette, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    assert (await client.get("/audit/checkpoint")).status_code == 404
    size = await _entries(session, 2)
    writer: CheckpointWriter = app.state.checkpoints
    await writer.write(force=True)

    response = await client.get("/audit/checkpoint")
    assert response.status_code == 200
    body = response.json()
    assert body["tree_size"] == size
    assert set(body) == {"origin", "tree_size", "head_hash", "time", "key_id", "jws"}
    keys = (await client.get("/audit/jwks.json")).json()
    verified = jws.deserialize_compact(body["jws"], KeySet.import_key_set(keys), ["Ed25519"])
    assert json.loads(verified.payload)["head_hash"] == body["head_hash"]

    # A row altered in the database is not published as if it were signed.
    await session.execute(update(AuditCheckpoint).values(jws=body["jws"][:-4] + "AAAA"))
    assert (await client.get("/audit/checkpoint")).status_code == 503


def test_the_log_skips_nothing_it_cannot_read(tmp_path: Path) -> None:
    log = CheckpointLog(tmp_path / "checkpoints.jsonl")
    log.path.write_text('{"jws": "a.b.c"}\nnot json\n{"other": 1}\n')
    problems = [line.problem for line in log.read()]
    assert problems == [None, "not a JSON line", "no signed checkpoint on this line"]

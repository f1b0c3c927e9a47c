from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import AuditActor, AuditEntry, record, verify_chain

ACTOR = AuditActor(actor_id="a1", role="AUTHORITY_OFFICER", client_address="203.0.113.7")


async def _three(session: AsyncSession) -> list[AuditEntry]:
    return [
        await record(
            session, ACTOR, f"test.action.{i}", target_type="t", target_id=str(i), summary={"i": i}
        )
        for i in range(3)
    ]


async def test_intact_chain_verifies(session: AsyncSession) -> None:
    entries = await _three(session)
    assert entries[1].prev_hash == entries[0].hash
    checked, broken = await verify_chain(session)
    assert broken is None
    assert checked >= 3


async def test_edited_entry_is_reported(session: AsyncSession) -> None:
    entries = await _three(session)
    await session.execute(
        update(AuditEntry).where(AuditEntry.seq == entries[1].seq).values(action="test.forged")
    )
    session.expunge_all()
    _, broken = await verify_chain(session)
    assert broken is not None
    assert broken.seq == entries[1].seq
    assert "hash" in broken.reason


async def test_deleted_entry_is_reported(session: AsyncSession) -> None:
    entries = await _three(session)
    await session.execute(delete(AuditEntry).where(AuditEntry.seq == entries[1].seq))
    session.expunge_all()
    _, broken = await verify_chain(session)
    assert broken is not None
    assert broken.seq == entries[1].seq
    assert "missing" in broken.reason


async def test_reordered_entries_are_reported(session: AsyncSession) -> None:
    entries = await _three(session)
    first, second = entries[0].seq, entries[1].seq
    for old, new in ((first, -1), (second, first), (-1, second)):
        await session.execute(update(AuditEntry).where(AuditEntry.seq == old).values(seq=new))
    session.expunge_all()
    _, broken = await verify_chain(session)
    assert broken is not None
    assert broken.seq == first

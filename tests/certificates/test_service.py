"""The licence lifecycle on a real database: exactly-once issuance, signing, status, scans."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import undefer

from certificates import scans, service, signing
from certificates.config import SigningConfig
from certificates.errors import LicenceStateError
from certificates.models import Licence
from certificates.pki import Pki
from certificates.tokens import issue_token, keyset, verify_token
from certificates.values import LicenceKind, LicenceStatus, VerificationStatus
from certificates.verification import verify_pdf
from core.audit import AuditActor, AuditEntry
from core.clock import FixedClock
from core.db import read_only_transactions
from tests.factories.database import committed_engine
from tests.factories.licences import SignedSample, request, token_printed_before

OFFICER = AuditActor(actor_id="officer-1", role="AUTHORITY_OFFICER", client_address="203.0.113.9")
Sessions = async_sessionmaker[AsyncSession]


async def _count(sessions: Sessions, *where: object) -> int:
    async with sessions() as s:
        return int(await s.scalar(select(func.count()).select_from(Licence).where(*where)) or 0)


async def _issue_and_sign(
    sessions: Sessions, pki: Pki, config: SigningConfig, **kwargs: object
) -> Licence:
    async with sessions() as s:
        licence = await service.reserve_licence(s, request(**kwargs))  # type: ignore[arg-type]
        await s.commit()
    async with sessions() as s:
        await service.sign_pending(s, pki, config)
        await s.commit()
    async with sessions() as s:
        stmt = select(Licence).where(Licence.id == licence.id).options(undefer(Licence.pdf))
        return (await s.scalars(stmt)).one()


async def test_reserving_twice_returns_the_same_row(licence_sessions: Sessions) -> None:
    ask = request(holder_ref="reg-7", registration_version=3)
    async with licence_sessions() as s:
        first = await service.reserve_licence(s, ask)
        await s.commit()
    async with licence_sessions() as s:  # the event is delivered again
        again = await service.reserve_licence(s, ask)
        await s.commit()
    assert again.id == first.id
    assert first.version == 1
    assert first.status is LicenceStatus.VALID
    assert first.pdf_sha256 is None
    assert await _count(licence_sessions) == 1


async def test_a_new_registration_version_supersedes_the_previous_licence(
    licence_sessions: Sessions,
) -> None:
    async with licence_sessions() as s:
        v1 = await service.reserve_licence(s, request(holder_ref="reg-1", number="HS310115-1"))
        v2 = await service.reserve_licence(
            s, request(holder_ref="reg-1", registration_version=2, number="HS310115-1")
        )
        await s.commit()
    assert (v1.version, v2.version) == (1, 2)
    async with licence_sessions() as s:
        rows = (await s.scalars(select(Licence).order_by(Licence.version))).all()
    assert [r.status for r in rows] == [LicenceStatus.SUPERSEDED, LicenceStatus.VALID]
    assert rows[0].status_reason == "superseded by version 2"


async def test_sign_pending_signs_each_licence_once_and_the_pdf_verifies(
    licence_sessions: Sessions, pki: Pki, signing_config: SigningConfig
) -> None:
    licence = await _issue_and_sign(licence_sessions, pki, signing_config)
    assert licence.pdf is not None
    assert licence.pdf_sha256 is not None
    assert licence.token is not None
    verified = await verify_pdf(licence.pdf, pki)
    assert verified.genuine, verified.problems
    assert verified.claims is not None
    assert verified.claims.number == licence.number
    async with licence_sessions() as s:
        assert await service.sign_pending(s, pki, signing_config) == 0  # nothing left
        assert await service.signed_pdf(s, licence.number) == licence.pdf
        assert await service.signed_pdf(s, licence.number, 2) is None


async def test_a_crash_between_signing_and_storing_re_signs_without_duplicates(
    licence_sessions: Sessions,
    pki: Pki,
    signing_config: SigningConfig,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with licence_sessions() as s:
        await service.reserve_licence(s, request(holder_ref="reg-crash"))
        await s.commit()
    real_sign = signing.sign_licence
    signed_pdfs: list[bytes] = []

    async def sign_then_crash(*args: object) -> bytes:
        signed_pdfs.append(await real_sign(*args))  # type: ignore[arg-type]
        raise RuntimeError("worker killed after signing")

    monkeypatch.setattr(signing, "sign_licence", sign_then_crash)
    async with licence_sessions() as s:
        with pytest.raises(RuntimeError, match="worker killed"):
            await service.sign_pending(s, pki, signing_config)
        await s.rollback()
    assert len(signed_pdfs) == 1
    assert await _count(licence_sessions, Licence.signed_at.is_not(None)) == 0
    monkeypatch.setattr(signing, "sign_licence", real_sign)
    async with licence_sessions() as s:
        assert await service.sign_pending(s, pki, signing_config) == 1
        await s.commit()
    async with licence_sessions() as s:
        assert await service.sign_pending(s, pki, signing_config) == 0
    assert await _count(licence_sessions) == 1
    assert await _count(licence_sessions, Licence.signed_at.is_not(None)) == 1


async def test_a_crash_after_storing_but_before_commit_leaves_it_pending(
    licence_sessions: Sessions, pki: Pki, signing_config: SigningConfig
) -> None:
    async with licence_sessions() as s:
        await service.reserve_licence(s, request(holder_ref="reg-crash-2"))
        await s.commit()
    async with licence_sessions() as s:
        assert await service.sign_pending(s, pki, signing_config) == 1
        await s.rollback()  # the process died before its commit
    async with licence_sessions() as s:
        assert await service.sign_pending(s, pki, signing_config) == 1
        await s.commit()
    assert await _count(licence_sessions, Licence.signed_at.is_not(None)) == 1


async def test_scanning_reports_the_live_status_and_never_valid_when_it_is_not(
    licence_sessions: Sessions,
    pki: Pki,
    signing_config: SigningConfig,
    licence_clock: FixedClock,
) -> None:
    licence = await _issue_and_sign(
        licence_sessions, pki, signing_config, holder_ref="reg-s", number="HS310115-SCAN"
    )
    assert licence.token is not None
    keys = keyset(pki)

    async def scan(token: str) -> VerificationStatus:
        async with licence_sessions() as s:
            return (await scans.verify_scan(s, token, keys)).status

    assert await scan(licence.token) is VerificationStatus.VALID
    async with licence_sessions() as s:
        await service.suspend(s, OFFICER, licence.number, "under investigation")
        await s.commit()
    assert await scan(licence.token) is VerificationStatus.SUSPENDED
    async with licence_sessions() as s:
        await service.reinstate(s, OFFICER, licence.number, "cleared")
        await s.commit()
    assert await scan(licence.token) is VerificationStatus.VALID

    newer = await _issue_and_sign(
        licence_sessions,
        pki,
        signing_config,
        holder_ref="reg-s",
        registration_version=2,
        number="HS310115-SCAN",
    )
    assert newer.token is not None
    assert await scan(licence.token) is VerificationStatus.SUPERSEDED
    assert await scan(newer.token) is VerificationStatus.VALID

    licence_clock.advance(timedelta(days=5 * 366))  # past 2031-11-24
    assert await scan(newer.token) is VerificationStatus.EXPIRED  # before the sweep ran
    async with licence_sessions() as s:
        assert await service.expire_due(s, licence_clock.today()) == 1
        await s.commit()
    assert await scan(newer.token) is VerificationStatus.EXPIRED

    async with licence_sessions() as s:
        await service.revoke(s, newer.number, "registration cancelled")
        await s.commit()
    assert await scan(newer.token) is VerificationStatus.REVOKED
    assert await scan(newer.token[:-4] + "AAAA") is VerificationStatus.FORGED


async def test_a_genuine_token_for_a_licence_we_do_not_hold_is_forged(
    licence_sessions: Sessions, pki: Pki, signed: dict[LicenceKind, SignedSample]
) -> None:
    token = signed[LicenceKind.NURSE_PRACTICE].token
    async with licence_sessions() as s:
        result = await scans.live_status(s, verify_token(token, keyset(pki)))
    assert result.status is VerificationStatus.FORGED


async def test_a_token_printed_before_the_short_form_still_scans(
    licence_sessions: Sessions, pki: Pki
) -> None:
    async with licence_sessions() as s:
        licence = await service.reserve_licence(s, request(holder_ref="reg-old"))
        await s.commit()
    keys = keyset(pki)
    old = token_printed_before(licence.content, pki)
    async with licence_sessions() as s:
        result = await scans.verify_scan(s, old, keys)
    assert (result.status, result.number, result.holder_name) == (
        VerificationStatus.VALID,
        licence.number,
        licence.holder_name,
    )
    renamed = token_printed_before(replace(licence.content, holder_name="李四"), pki)
    async with licence_sessions() as s:
        assert (await scans.verify_scan(s, renamed, keys)).status is VerificationStatus.FORGED


async def test_a_short_token_shows_the_holder_from_the_registry_and_its_issuer_must_match(
    licence_sessions: Sessions, pki: Pki
) -> None:
    async with licence_sessions() as s:
        licence = await service.reserve_licence(s, request(holder_ref="reg-short"))
        await s.commit()
    keys = keyset(pki)
    async with licence_sessions() as s:
        result = await scans.verify_scan(s, issue_token(licence.content, pki), keys)
    assert (result.status, result.holder_name, result.kind) == (
        VerificationStatus.VALID,
        licence.holder_name,
        LicenceKind.NURSE_PRACTICE,
    )
    # Genuinely signed by Xuhui's key, for a licence Pudong issued: not this licence's token.
    elsewhere = issue_token(replace(licence.content, authority_code="310104"), pki)
    async with licence_sessions() as s:
        assert (await scans.verify_scan(s, elsewhere, keys)).status is VerificationStatus.FORGED


async def test_status_changes_are_checked_and_audited(licence_sessions: Sessions) -> None:
    async with licence_sessions() as s:
        licence = await service.reserve_licence(s, request(number="HS310115-AUD"))
        with pytest.raises(LicenceStateError):
            await service.reinstate(s, OFFICER, licence.number, "not suspended")
        await service.suspend(s, OFFICER, licence.number, "complaint")
        await service.revoke(s, licence.number, "fraud", actor=OFFICER)
        with pytest.raises(LicenceStateError):
            await service.suspend(s, OFFICER, licence.number, "again")
        await s.commit()
    async with licence_sessions() as s:
        entries = (await s.scalars(select(AuditEntry).order_by(AuditEntry.seq))).all()
    assert [e.action for e in entries] == ["licence.issue", "licence.suspend", "licence.revoke"]
    assert entries[1].actor_id == "officer-1"
    assert entries[1].summary["reason"] == "complaint"


async def test_reinstating_after_the_end_of_validity_gives_expired(
    licence_sessions: Sessions, licence_clock: FixedClock
) -> None:
    async with licence_sessions() as s:
        licence = await service.reserve_licence(
            s, request(number="HS310115-OLD", valid_until=date(2026, 12, 31))
        )
        await service.suspend(s, OFFICER, licence.number, "inquiry")
        licence_clock.advance(timedelta(days=60))
        reinstated = await service.reinstate(s, OFFICER, licence.number, "closed")
    assert reinstated.status is LicenceStatus.EXPIRED


async def test_expire_due_leaves_licences_without_expiry_and_the_last_day_alone(
    licence_sessions: Sessions,
) -> None:
    async with licence_sessions() as s:
        await service.reserve_licence(
            s,
            request(LicenceKind.PHYSICIAN_PRACTICE, holder_ref="doc", valid_until=None),
        )
        await service.reserve_licence(
            s, request(holder_ref="ends-today", valid_until=date(2027, 1, 1))
        )
        await service.reserve_licence(
            s, request(holder_ref="ended", valid_until=date(2026, 12, 31))
        )
        assert await service.expire_due(s, date(2027, 1, 1)) == 1
        await s.commit()
    assert await _count(licence_sessions, Licence.status == LicenceStatus.EXPIRED) == 1


async def test_lookup_by_number_and_name(licence_sessions: Sessions) -> None:
    async with licence_sessions() as s:
        licence = await service.reserve_licence(s, request(number="HS310115-LOOK"))
        found = await scans.status_by_number(s, " HS310115-LOOK ", licence.holder_name)
        wrong_name = await scans.status_by_number(s, "HS310115-LOOK", "李四")
    assert found is not None
    assert found.status is VerificationStatus.VALID
    assert wrong_name is None


async def test_a_lookup_is_answered_while_a_writer_holds_the_licence(
    licence_clock: FixedClock,
) -> None:
    """A public check only reads: it neither locks the licence (every check of one licence
    waited for the previous one) nor waits for a writer that holds it. Real commits, on
    PostgreSQL too (where the writer's lock is a row lock)."""
    async with committed_engine() as engine:
        sessions = async_sessionmaker(engine, expire_on_commit=False, info={"clock": licence_clock})
        async with sessions() as s:
            licence = await service.reserve_licence(s, request(number="HS310115-HELD"))
            await s.commit()
        async with sessions() as writer:
            await service.current(writer, "HS310115-HELD")  # FOR UPDATE on PostgreSQL
            with read_only_transactions():
                async with sessions() as reader:
                    found = await asyncio.wait_for(
                        scans.status_by_number(reader, "HS310115-HELD", licence.holder_name),
                        10,
                    )
            await writer.rollback()
    assert found is not None
    assert found.status is VerificationStatus.VALID

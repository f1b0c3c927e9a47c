"""What a restore proves before it calls itself done: the schema revision, the master key
opening personal data, the audit chain with its signed checkpoints, and a sample of licences
re-validated (PAdES signature against the restored root, as ``verifyLicencePdf`` does)."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from joserfc.jwk import OKPKey
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from api.backup.databases import Database, current_revision
from api.settings import Settings
from core.audit_verify import AuditReport

T = TypeVar("T")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _run(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """One session on the restored database. The keyring is only asked for when a master
    key is there: asking creates one in development, which a restore must not do."""
    from core.crypto import Keyring
    from core.db import create_engine, session_factory

    keyring = settings.keyring if _master_key_present(settings) else Keyring.from_master(bytes(32))

    async def main() -> T:
        engine = create_engine(settings.database_url)
        try:
            async with session_factory(engine, keyring=keyring)() as session:
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(main())


def _master_key_present(settings: Settings) -> bool:
    return settings.master_key is not None or (settings.data_dir / "master.key").is_file()


def check_revision(settings: Settings) -> Check:
    from api.migrate import head_revision

    current, head = current_revision(Database.of(settings.database_url)), head_revision()
    if current == head:
        return Check("schema", True, f"at revision {current}")
    # Not a failure of the archive, but nothing else can be checked on another schema.
    return Check(
        "schema",
        False,
        f"at revision {current}, this release expects {head}: run `medreg migrate`, then "
        "`medreg audit verify`",
    )


def check_master_key(settings: Settings) -> Check:
    from core.crypto import DecryptionFailed, keyring_of
    from directory.models import Person

    if not _master_key_present(settings):
        return Check(
            "master key",
            False,
            "neither MEDREG_MASTER_KEY nor master.key in the data directory: personal data "
            "cannot be read",
        )

    async def work(session: AsyncSession) -> bool | None:
        person = (await session.scalars(select(Person).limit(1))).first()
        if person is None:
            return None
        try:
            keyring_of(session).decrypt(
                person.id_number_enc, table="person", column="id_number", row_id=person.id
            )
        except DecryptionFailed:
            return False
        return True

    opened = _run(settings, work)
    if opened is None:
        return Check("master key", True, "no personal data to open yet")
    detail = "opens personal data" if opened else "does NOT open the personal data"
    return Check("master key", opened, detail)


def audit_report(settings: Settings) -> AuditReport:
    """The chain and every checkpoint (file and table), checked with the key on this host."""
    from core.audit_verify import verify_audit
    from core.checkpoints import CheckpointKey, CheckpointKeyMissing, CheckpointLog

    config = settings.checkpoint_config()
    keys: Mapping[str, OKPKey] | None
    try:
        keys = CheckpointKey.load(config.key_file).keys
    except CheckpointKeyMissing:
        keys = None
    log = CheckpointLog(config.log_file)
    return _run(settings, lambda session: verify_audit(session, keys=keys, log=log))


def check_audit(report: AuditReport) -> Check:
    if report.broken is not None:
        return Check("audit chain", False, f"broken at entry {report.broken.seq}")
    if report.problems:
        return Check("audit chain", False, report.problems[0].describe())
    newest = report.newest
    anchored = f"newest checkpoint at {newest.tree_size}" if newest else "no checkpoint yet"
    return Check(
        "audit chain",
        True,
        f"{report.entries} entries intact, {report.checkpoints} signed checkpoints match "
        f"({anchored}; {report.after_newest} after it rest on the chain alone)",
    )


def check_licences(settings: Settings, sample: int) -> Check:
    from api.settings import SettingsError
    from certificates.errors import FontMissing, PkiMissing
    from certificates.models import Licence
    from certificates.pki import load_pki
    from certificates.verification import verify_pdf

    try:
        pki = load_pki(settings.signing_config())
    except (FontMissing, PkiMissing, SettingsError) as exc:
        return Check("licences", False, f"cannot be checked: {exc}")

    async def work(session: AsyncSession) -> tuple[int, int, list[str]]:
        signed = Licence.pdf_sha256.is_not(None)
        total = await session.scalar(select(func.count()).select_from(Licence).where(signed))
        stmt = (select(Licence).where(signed).order_by(func.random()).limit(sample)).options(
            undefer(Licence.pdf)
        )
        problems: list[str] = []
        rows = (await session.scalars(stmt)).all()
        for licence in rows:
            name = f"{licence.number} v{licence.version}"
            pdf = licence.pdf or b""
            if hashlib.sha256(pdf).hexdigest() != licence.pdf_sha256:
                problems.append(f"{name}: the PDF differs from its recorded sha256")
                continue
            result = await verify_pdf(pdf, pki)
            claims = result.claims
            if not result.genuine:
                problems.append(f"{name}: {'; '.join(result.problems)}")
            elif claims is None or (claims.number, claims.version) != (
                licence.number,
                licence.version,
            ):
                problems.append(f"{name}: the signed PDF names another licence")
        return total or 0, len(rows), problems

    total, checked, problems = _run(settings, work)
    if problems:
        return Check("licences", False, f"{len(problems)} of {checked} sampled: {problems[0]}")
    if not checked:
        return Check("licences", True, "no signed licence to check yet")
    return Check(
        "licences", True, f"{checked} sampled of {total} signed: genuine, matching their records"
    )

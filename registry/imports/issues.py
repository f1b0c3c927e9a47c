"""Quarantined rows for officers: the list their authority sees, and the two decisions.

*Resolve* accepts the file: the person's name becomes the file's and the row is imported as
an import would have. *Reject* keeps the registry's record and drops the row. Either is one
audit entry; a decided issue stays decided."""

from __future__ import annotations

import json
import uuid
from datetime import date

from sqlalchemy import Select, false, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from access.permissions import Permission, require
from access.scope import authority_codes, sees_all_authorities
from core import audit
from core.clock import clock_of
from core.crypto import keyring_of
from core.errors import InvalidState, NotFound
from core.pagination import Page, keyset_page
from core.sealing import FieldSealer
from directory.models import Person, PracticeCategory, Profession, Sex
from registry.imports.cleaning import Cleaner, PractitionerRow
from registry.imports.columns import ImportKind
from registry.imports.context import ImportContext
from registry.imports.errors import ImportProblem
from registry.imports.models import ImportIssue, IssueStatus
from registry.imports.practitioners import PractitionerWriter
from registry.imports.report import Report

P = Permission


def visible_issues(actor: Actor) -> Select[ImportIssue]:
    """Issues of rows whose institution the actor's authority registers; all for the
    municipal commission."""
    stmt = select(ImportIssue)
    if sees_all_authorities(actor):
        return stmt
    codes = authority_codes(actor, P.REGISTRY_IMPORT_READ)
    return stmt.where(ImportIssue.authority_code.in_(codes) if codes else false())


async def list_issues(
    session: AsyncSession,
    actor: Actor,
    *,
    status: IssueStatus | None = IssueStatus.OPEN,
    first: int = 20,
    after: str | None = None,
) -> Page[ImportIssue]:
    require(actor, P.REGISTRY_IMPORT_READ)
    stmt = visible_issues(actor)
    if status is not None:
        stmt = stmt.where(ImportIssue.status == status)
    return await keyset_page(
        session, stmt, [ImportIssue.created_at, ImportIssue.id], first=first, after=after
    )


async def _open_issue(session: AsyncSession, actor: Actor, issue_id: uuid.UUID) -> ImportIssue:
    require(actor, P.REGISTRY_IMPORT_DECIDE)
    issue = await session.scalar(
        visible_issues(actor).where(ImportIssue.id == issue_id).with_for_update()
    )
    if issue is None:
        raise NotFound("import issue", issue_id, reason=ImportProblem.ISSUE_NOT_FOUND)
    if issue.status is not IssueStatus.OPEN:
        raise InvalidState(
            "the issue has been decided already",
            reason=ImportProblem.ISSUE_DECIDED,
            params={"status": issue.status.value},
        )
    return issue


def _row(session: AsyncSession, issue: ImportIssue) -> PractitionerRow:
    sealed = json.loads(
        keyring_of(session).decrypt(
            issue.sealed, table="import_issue", column="sealed", row_id=issue.id
        )
    )
    p = issue.payload

    def day(key: str) -> date | None:
        return date.fromisoformat(p[key]) if p.get(key) else None

    return PractitionerRow(
        profession=Profession(p["profession"]),
        name=p["name"],
        id_number=sealed["id_number"],
        sex=Sex(p["sex"]),
        birth_date=date.fromisoformat(p["birth_date"]),
        mobile=sealed["mobile"],
        licence_number=p["licence_number"],
        institution_uscc=p["institution_uscc"],
        registered_on=day("registered_on"),
        valid_until=day("valid_until"),
        category=PracticeCategory(p["category"]) if p.get("category") else None,
        scope=p.get("scope"),
        qualification_number=p.get("qualification_number"),
        filing_usccs=tuple(p.get("filing_usccs") or ()),
    )


async def _decide(
    session: AsyncSession, actor: Actor, issue: ImportIssue, status: IssueStatus
) -> None:
    issue.status = status
    issue.decided_at = clock_of(session).now()
    issue.decided_by = str(actor.account_id) if actor.account_id else None
    await session.flush()
    await audit.record(
        session,
        actor.audit(),
        f"registry.import_issue.{'resolve' if status is IssueStatus.RESOLVED else 'reject'}",
        target_type="import_issue",
        target_id=issue.id,
        summary={"person_id": str(issue.person_id), "batch_id": str(issue.batch_id)},
    )


async def reject_issue(session: AsyncSession, actor: Actor, issue_id: uuid.UUID) -> ImportIssue:
    """Keep the registry's record; the row is dropped."""
    issue = await _open_issue(session, actor, issue_id)
    await _decide(session, actor, issue, IssueStatus.REJECTED)
    return issue


async def resolve_issue(session: AsyncSession, actor: Actor, issue_id: uuid.UUID) -> ImportIssue:
    """Accept the file's name for the person and import the row. A row the registry can no
    longer take (its institution or licence number changed hands since) is refused as a
    whole: the issue stays open."""
    issue = await _open_issue(session, actor, issue_id)
    row = _row(session, issue)
    if issue.person_id is not None:
        await session.execute(
            update(Person).where(Person.id == issue.person_id).values(name=issue.file_name)
        )
    clock = clock_of(session)
    kind = ImportKind(issue.kind)
    ctx = ImportContext(
        session=session,
        kind=kind,
        batch_id=issue.batch_id,
        sealer=FieldSealer(keyring_of(session)),
        report=Report(kind),
        now=clock.now(),
        today=clock.today(),
    )
    writer = PractitionerWriter(ctx, row.profession)
    await writer.load()
    await writer.write([(issue.row_number, row, Cleaner({}))])
    if ctx.counts["rejected"] or ctx.counts["quarantined"]:
        reason = next(iter(ctx.report.reasons), "INVALID")
        raise InvalidState(
            "the row cannot be imported any more",
            reason=ImportProblem.ROW_REFUSED,
            params={"reason": reason},
        )
    await _decide(session, actor, issue, IssueStatus.RESOLVED)
    return issue

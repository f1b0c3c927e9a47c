"""Imports of the existing registries, for officers: the quarantined rows (``importIssues``)
and the two decisions on them (resolve: accept the file's row; reject: keep the registry's)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import strawberry

from access.permissions import Permission
from core import errors as domain
from registry.imports import batches, issues
from registry.imports.errors import ImportProblem
from registry.imports.models import ImportBatch as ImportBatchModel
from registry.imports.models import ImportIssue as ImportIssueModel
from registry.imports.models import IssueStatus
from schema.context import Info
from schema.errors import ErrorMember
from schema.mutations import run_mutation
from schema.node import parse_uuid_id, to_global_id
from schema.pagination import Connection, connection
from schema.permissions import allowed
from schema.reads import read

strawberry.enum(IssueStatus, name="ImportIssueStatus")


@strawberry.type(
    description="A row an import quarantined: its ID number is on file under another name."
)
class ImportIssue:
    id: strawberry.ID
    status: IssueStatus
    reason: str = strawberry.field(description="NAME_CONFLICT.")
    kind: str = strawberry.field(description="doctors or nurses: the file it came from.")
    row_number: int = strawberry.field(description="Its line in the file (the header is 1).")
    registry_name: str = strawberry.field(description="The name the registry holds.")
    file_name: str = strawberry.field(description="The name the file gives.")
    id_number_masked: str
    licence_number: str
    institution_uscc: str
    batch_id: strawberry.ID
    created_at: datetime
    decided_at: datetime | None

    @classmethod
    def from_model(cls, issue: ImportIssueModel) -> ImportIssue:
        return cls(
            id=to_global_id("ImportIssue", issue.id),
            status=issue.status,
            reason=issue.reason,
            kind=issue.kind,
            row_number=issue.row_number,
            registry_name=issue.registry_name,
            file_name=issue.file_name,
            id_number_masked=issue.id_number_masked,
            licence_number=str(issue.payload.get("licence_number", "")),
            institution_uscc=str(issue.payload.get("institution_uscc", "")),
            batch_id=strawberry.ID(str(issue.batch_id)),
            created_at=issue.created_at,
            decided_at=issue.decided_at,
        )


@strawberry.type(description="One imported file: an audited batch with its report.")
class ImportBatch:
    id: strawberry.ID
    kind: str
    filename: str
    sha256: str
    started_at: datetime
    rows: int
    created: int
    changed: int
    unchanged: int
    rejected: int
    quarantined: int
    report_url: str = strawberry.field(description="The report (CSV, zh and en reasons).")

    @classmethod
    def from_model(cls, batch: ImportBatchModel) -> ImportBatch:
        counts = batch.counts
        return cls(
            id=strawberry.ID(str(batch.id)),
            kind=batch.kind,
            filename=batch.filename,
            sha256=batch.sha256,
            started_at=batch.started_at,
            rows=batch.rows,
            created=int(counts.get("created", 0)),
            changed=int(counts.get("changed", 0)),
            unchanged=int(counts.get("unchanged", 0)),
            rejected=int(counts.get("rejected", 0)),
            quarantined=int(counts.get("quarantined", 0)),
            report_url=f"/imports/{batch.id}/report.csv",
        )


@strawberry.type
class ImportQuery:
    @strawberry.field(
        description="Municipal officers: every import, newest first.",
        extensions=allowed(Permission.REGISTRY_IMPORT_READ),
    )
    async def import_batches(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[ImportBatch]:
        ctx = info.context
        page = await read(
            info, lambda: batches.list_batches(ctx.session, ctx.actor, first=first, after=after)
        )
        return connection(page, ImportBatch.from_model)

    @strawberry.field(
        description="Officers: rows their authority's imports quarantined, oldest first.",
        extensions=allowed(Permission.REGISTRY_IMPORT_READ),
    )
    async def import_issues(
        self,
        info: Info,
        status: IssueStatus | None = IssueStatus.OPEN,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[ImportIssue]:
        ctx = info.context
        page = await read(
            info,
            lambda: issues.list_issues(
                ctx.session, ctx.actor, status=status, first=first, after=after
            ),
        )
        return connection(page, ImportIssue.from_model)


@strawberry.type
class ImportIssueSuccess:
    issue: ImportIssue


ImportIssueResult = Annotated[
    ImportIssueSuccess | ErrorMember, strawberry.union("ImportIssueResult")
]


def _issue_id(global_id: str) -> uuid.UUID:
    decoded = parse_uuid_id(global_id, "ImportIssue")
    if decoded is None:
        raise domain.NotFound("import issue", global_id, reason=ImportProblem.ISSUE_NOT_FOUND)
    return decoded


def _success(issue: Any) -> ImportIssueSuccess:
    return ImportIssueSuccess(issue=ImportIssue.from_model(issue))


@strawberry.type
class ImportMutation:
    @strawberry.mutation(
        description="Accept the file's row: the person takes the file's name, the row is imported.",
        extensions=allowed(Permission.REGISTRY_IMPORT_DECIDE),
    )
    async def resolve_import_issue(self, info: Info, id: strawberry.ID) -> ImportIssueResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: issues.resolve_issue(ctx.session, ctx.actor, _issue_id(id)),
            _success,
        )

    @strawberry.mutation(
        description="Keep the registry's record: the file's row is dropped.",
        extensions=allowed(Permission.REGISTRY_IMPORT_DECIDE),
    )
    async def reject_import_issue(self, info: Info, id: strawberry.ID) -> ImportIssueResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: issues.reject_issue(ctx.session, ctx.actor, _issue_id(id)),
            _success,
        )

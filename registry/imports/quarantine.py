"""Quarantine: a row whose ID number is on file under another name waits for an officer.
Its cleaned values are kept (ID number and mobile encrypted, bound to the issue)."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import select

from core.crypto import mask_id_number
from registry.imports.cleaning import Cleaner, PractitionerRow
from registry.imports.context import ImportContext
from registry.imports.models import ImportIssue, IssueStatus
from registry.imports.reasons import ImportReason
from registry.imports.report import Outcome

_SEALED = ("id_number", "mobile")


def row_payload(row: PractitionerRow) -> dict[str, Any]:
    values = asdict(row)
    payload: dict[str, Any] = {}
    for key, value in values.items():
        if key in _SEALED:
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        payload[key] = value
    return payload


async def quarantine(
    ctx: ImportContext,
    number: int,
    row: PractitionerRow,
    cleaner: Cleaner,
    person_id: uuid.UUID | None,
    registry_name: str,
    authority_code: str,
) -> None:
    """Report the row as quarantined and keep it, once: the same conflict imported again
    (the same file twice) joins the issue already waiting."""
    ctx.report.add(
        number, "name", cleaner.raw.get("name", ""), Outcome.QUARANTINED, ImportReason.NAME_CONFLICT
    )
    ctx.counts["quarantined"] += 1
    waiting = await ctx.session.scalar(
        select(ImportIssue.id).where(
            ImportIssue.person_id == person_id,
            ImportIssue.kind == ctx.kind.value,
            ImportIssue.file_name == row.name,
            ImportIssue.status == IssueStatus.OPEN,
        )
    )
    if waiting is not None:
        return
    issue_id = uuid.uuid4()
    sealed = json.dumps({"id_number": row.id_number, "mobile": row.mobile})
    await ctx.insert(
        ImportIssue,
        [
            {
                "id": issue_id,
                "batch_id": ctx.batch_id,
                "row_number": number,
                "kind": ctx.kind.value,
                "reason": ImportReason.NAME_CONFLICT.value,
                "person_id": person_id,
                "registry_name": registry_name,
                "file_name": row.name,
                "id_number_masked": mask_id_number(row.id_number),
                "authority_code": authority_code,
                "payload": row_payload(row),
                "sealed": ctx.sealer.encrypt(
                    sealed, table="import_issue", column="sealed", row_id=issue_id
                ),
                "status": IssueStatus.OPEN,
                "created_at": ctx.now,
                "decided_at": None,
                "decided_by": None,
            }
        ],
    )

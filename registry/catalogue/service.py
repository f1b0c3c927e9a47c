"""Reading the catalogue, and the settings municipal officers may change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from core import audit
from core.clock import clock_of
from core.errors import (
    AuthenticationRequired,
    FieldProblem,
    NotFound,
    PermissionDenied,
    Problem,
    StaleVersion,
    ValidationFailed,
)
from registry.catalogue import policy
from registry.catalogue.models import ApprovalItem, ItemCode
from registry.errors import RegistryProblem
from registry.registrations.models import RegistrationSubject


@dataclass(frozen=True)
class ItemSettings:
    """A change of settings; ``None`` leaves a setting as it is."""

    paper_required: bool | None = None
    time_limit_days: int | None = None
    notice_days: int | None = None


async def list_items(
    session: AsyncSession, subject: RegistrationSubject | None = None
) -> list[ApprovalItem]:
    stmt = select(ApprovalItem).order_by(ApprovalItem.position)
    if subject is not None:
        stmt = stmt.where(ApprovalItem.subject == subject)
    return list((await session.scalars(stmt)).all())


_ITEMS_BY_CODE = select(ApprovalItem).where(
    ApprovalItem.code.in_(bindparam("codes", expanding=True))
)
"""Built once, the codes a parameter: a page's statement and its cache key are not built
again for each request."""


async def items_by_code(
    session: AsyncSession, codes: Sequence[ItemCode]
) -> dict[ItemCode, ApprovalItem]:
    rows = await session.scalars(_ITEMS_BY_CODE, {"codes": list(codes)})
    return {row.code: row for row in rows}


async def get_item(session: AsyncSession, code: ItemCode) -> ApprovalItem:
    item = await session.get(ApprovalItem, code)
    if item is None:
        raise NotFound("approval item", code, reason=RegistryProblem.ITEM_NOT_FOUND)
    return item


def _check(item: ApprovalItem, change: ItemSettings) -> None:
    problems: list[FieldProblem] = []
    if change.paper_required and item.online_only:
        problems.append(
            FieldProblem(
                "paperRequired",
                "this item is handled online only: no paper step",
                RegistryProblem.ONLINE_ONLY,
            )
        )
    if change.time_limit_days is not None and not 1 <= change.time_limit_days <= 120:
        problems.append(
            FieldProblem(
                "timeLimitDays",
                "must be between 1 and 120 working days",
                Problem.OUT_OF_RANGE,
                {"minimum": 1, "maximum": 120},
            )
        )
    if change.notice_days is not None and not 0 <= change.notice_days <= 90:
        problems.append(
            FieldProblem(
                "noticeDays",
                "must be between 0 and 90 days",
                Problem.OUT_OF_RANGE,
                {"minimum": 0, "maximum": 90},
            )
        )
    if problems:
        raise ValidationFailed(problems)


async def update_settings(
    session: AsyncSession,
    actor: Actor,
    *,
    code: ItemCode,
    expected_version: int,
    change: ItemSettings,
) -> ApprovalItem:
    """Municipal officers switch paper materials on or off and set the time limit and the
    notice period. Applications already submitted keep what they were submitted under."""
    if actor.is_anonymous:
        raise AuthenticationRequired("sign in to change the catalogue")
    grant = policy.catalogue_grant(actor)
    if grant is None:
        raise PermissionDenied("only municipal officers change the approval-item catalogue")
    item = await session.get(ApprovalItem, code, with_for_update=True, populate_existing=True)
    if item is None:
        raise NotFound("approval item", code, reason=RegistryProblem.ITEM_NOT_FOUND)
    if item.version != expected_version:
        raise StaleVersion(expected_version, item.version)
    _check(item, change)
    before = {
        "paper_required": item.paper_required,
        "time_limit_days": item.time_limit_days,
        "notice_days": item.notice_days,
    }
    if change.paper_required is not None:
        item.paper_required = change.paper_required
    if change.time_limit_days is not None:
        item.time_limit_days = change.time_limit_days
    if change.notice_days is not None:
        item.notice_days = change.notice_days
    after = {
        "paper_required": item.paper_required,
        "time_limit_days": item.time_limit_days,
        "notice_days": item.notice_days,
    }
    if after == before:
        return item
    item.version += 1
    item.updated_at = clock_of(session).now()
    item.updated_by = str(actor.account_id)
    await session.flush()
    await audit.record(
        session,
        audit.AuditActor(str(actor.account_id), grant.role.value, actor.client_address),
        "registry.catalogue.update",
        target_type="approval_item",
        target_id=item.code.value,
        summary={"before": before, "after": after, "version": item.version},
    )
    return item

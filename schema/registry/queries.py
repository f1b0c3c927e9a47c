"""Registry reads: the catalogue, the officers' workbench, institutions' rosters and the public
notice board."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import strawberry

from core import errors as domain
from directory.errors import DirectoryProblem
from registry.boards import notice_board, roster
from registry.catalogue import service as catalogue
from registry.registrations.models import RegistrationStatus
from registry.workflow import queries
from registry.workflow.transitions import today_of
from schema.context import Info
from schema.directory.types import Authority, Institution, load_authority, load_institution
from schema.loaders import session_lock
from schema.node import Node, parse_uuid_id, register_node, to_global_id
from schema.pagination import Connection, connection
from schema.reads import read
from schema.registry.types import (
    Application,
    ApplicationStatus,
    ApprovalItem,
    ApprovalItemCode,
    PracticeCategory,
    RegistrationSubject,
    load_application,
    load_item,
    prime_applications,
)


@strawberry.type
class CatalogueQuery:
    @strawberry.field(description="The approval-item catalogue, in catalogue order.")
    async def approval_items(
        self, info: Info, subject: RegistrationSubject | None = None
    ) -> list[ApprovalItem]:
        rows = await read(info, lambda: catalogue.list_items(info.context.session, subject))
        return [ApprovalItem.from_model(r) for r in rows]

    @strawberry.field
    async def approval_item(self, info: Info, code: ApprovalItemCode) -> ApprovalItem:
        row = await read(info, lambda: catalogue.get_item(info.context.session, code))
        return ApprovalItem.from_model(row)


@strawberry.input
class WorkbenchFilter:
    statuses: list[ApplicationStatus] | None = strawberry.field(
        default=None, description="Default: awaiting acceptance, under review, awaiting paper."
    )
    items: list[ApprovalItemCode] | None = None
    district: str | None = strawberry.field(
        default=None, description="District code of the institution concerned."
    )
    overdue: bool = strawberry.field(default=False, description="Only those past deadline.")
    search: str | None = strawberry.field(
        default=None,
        description=(
            "An application number (hyphens optional, or a part of it), the applicant's name"
            " (or a part of it), or the last four characters of the applicant's ID number."
        ),
    )

    def spec(self, *, with_statuses: bool = True) -> queries.WorkbenchFilter:
        return queries.WorkbenchFilter(
            statuses=(self.statuses or queries.OFFICER_STATUSES) if with_statuses else (),
            items=self.items or (),
            district=self.district,
            overdue=self.overdue,
            search=self.search[:64] if self.search else None,
        )


strawberry.enum(
    queries.WorkbenchOrder,
    name="WorkbenchOrder",
    description="DEADLINE: earliest deadline first; OLDEST_FIRST / NEWEST_FIRST: by submission;"
    " NUMBER: by application number.",
)


@strawberry.type(description="How many applications wait in one status.")
class StatusCount:
    status: ApplicationStatus
    count: int


@strawberry.type(description="The workbench's counts for a filter (its statuses aside).")
class WorkbenchCounts:
    by_status: list[StatusCount]
    overdue: int = strawberry.field(description="Under review and past the deadline.")
    total: int


def _institution(global_id: strawberry.ID | None) -> Any:
    if global_id is None:
        return None
    decoded = parse_uuid_id(global_id, "Institution")
    if decoded is None:
        raise domain.ValidationFailed.on(
            "institutionId", "not an institution id", domain.Problem.NOT_AN_ID
        )
    return decoded


@strawberry.type
class WorkbenchQuery:
    @strawberry.field(description="What the signed-in practitioner or institution applied for.")
    async def my_applications(
        self,
        info: Info,
        statuses: list[ApplicationStatus] | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Application]:
        ctx = info.context
        page = await read(
            info,
            lambda: queries.my_applications(
                ctx.session, ctx.actor, statuses=statuses or (), first=first, after=after
            ),
        )
        await prime_applications(info, page.items)
        return connection(page, Application.from_model)

    @strawberry.field(description="Applications the institution reviews, oldest first.")
    async def institution_queue(
        self,
        info: Info,
        institution_id: strawberry.ID | None = None,
        statuses: list[ApplicationStatus] | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Application]:
        ctx = info.context

        async def call() -> Any:
            return await queries.institution_queue(
                ctx.session,
                ctx.actor,
                institution_id=_institution(institution_id),
                statuses=statuses or (ApplicationStatus.AWAITING_INSTITUTION,),
                first=first,
                after=after,
            )

        page = await read(info, call)
        await prime_applications(info, page.items)
        return connection(page, Application.from_model)

    @strawberry.field(description="Officers: their authority's applications, by deadline.")
    async def workbench(
        self,
        info: Info,
        filter: WorkbenchFilter | None = None,
        first: int = 20,
        after: str | None = None,
        order: queries.WorkbenchOrder = queries.WorkbenchOrder.DEADLINE,
    ) -> Connection[Application]:
        ctx = info.context
        spec = (filter or WorkbenchFilter()).spec()
        page = await read(
            info,
            lambda: queries.workbench(
                ctx.session,
                ctx.actor,
                spec,
                today=today_of(ctx.session),
                first=first,
                after=after,
                order=order,
            ),
        )
        await prime_applications(info, page.items)
        return connection(page, Application.from_model)

    @strawberry.field(description="Officers: counts per status of the workbench's filter.")
    async def workbench_counts(
        self, info: Info, filter: WorkbenchFilter | None = None
    ) -> WorkbenchCounts:
        ctx = info.context
        spec = (filter or WorkbenchFilter()).spec(with_statuses=False)
        counts = await read(
            info,
            lambda: queries.workbench_counts(
                ctx.session, ctx.actor, spec, today=today_of(ctx.session)
            ),
        )
        return WorkbenchCounts(
            by_status=[
                StatusCount(status=status, count=count)
                for status, count in counts.by_status.items()
            ],
            overdue=counts.overdue,
            total=sum(counts.by_status.values()),
        )

    @strawberry.field(description="One application; null when it does not exist or is not yours.")
    async def application(self, info: Info, id: strawberry.ID) -> Application | None:
        decoded = parse_uuid_id(id, "Application")
        return await load_application(info, decoded) if decoded else None


strawberry.enum(RegistrationStatus, name="RegistrationStatus")


@strawberry.type(description="A doctor or nurse practising at the institution.")
class RosterEntry(Node):
    registration_id: strawberry.ID = strawberry.field(
        description="The same global id as `id` (a Registration)."
    )
    number: str = strawberry.field(description="Registration (licence) number.")
    status: RegistrationStatus
    profession: RegistrationSubject
    name: str
    category: PracticeCategory | None
    scope: str | None
    valid_from: date
    valid_until: date | None
    relation: str = strawberry.field(description="PRIMARY, or FILING (additional site).")
    expiring_soon: bool = strawberry.field(description="Active and expiring within 90 days.")

    @classmethod
    def from_entry(cls, entry: roster.RosterEntry) -> RosterEntry:
        global_id = to_global_id("Registration", entry.registration_id)
        return cls(
            id=global_id,
            registration_id=global_id,
            number=entry.number,
            status=entry.status,
            profession=entry.profession,
            name=entry.name,
            category=entry.category,
            scope=entry.scope,
            valid_from=entry.valid_from,
            valid_until=entry.valid_until,
            relation=entry.relation,
            expiring_soon=entry.expiring_soon,
        )


async def _node_registration(info: Info, key: str) -> RosterEntry | None:
    try:
        registration_id = uuid.UUID(key)
    except ValueError:
        return None
    ctx = info.context
    async with session_lock(ctx.session):
        entry = await roster.roster_entry(
            ctx.session, ctx.actor, registration_id, today=today_of(ctx.session)
        )
    return RosterEntry.from_entry(entry) if entry else None


register_node("Registration", _node_registration)


@strawberry.type(description="A completed decision in its notice period (网上公示).")
class Notice:
    value: strawberry.Private[notice_board.Notice]
    number: str
    subject: RegistrationSubject
    name: str = strawberry.field(description="Masked for practitioners (张*华).")
    item_code: ApprovalItemCode
    completed_at: datetime
    notice_until: date

    @classmethod
    def from_value(cls, value: notice_board.Notice) -> Notice:
        return cls(
            value=value,
            number=value.number,
            subject=value.subject,
            name=value.name,
            item_code=value.item,
            completed_at=value.completed_at,
            notice_until=value.notice_until,
        )

    @strawberry.field
    async def item(self, info: Info) -> ApprovalItem:
        return await load_item(info, self.value.item)

    @strawberry.field
    async def institution(self, info: Info) -> Institution | None:
        if self.value.institution_id is None:
            return None
        return await load_institution(info, self.value.institution_id)

    @strawberry.field
    async def authority(self, info: Info) -> Authority:
        return await load_authority(info, self.value.authority_code)


def _institution_id(global_id: str) -> Any:
    decoded = parse_uuid_id(global_id, "Institution")
    if decoded is None:
        raise domain.NotFound(
            "institution", global_id, reason=DirectoryProblem.INSTITUTION_NOT_FOUND
        )
    return decoded


@strawberry.type
class RosterQuery:
    @strawberry.field(description="Doctors and nurses registered or filed at the institution.")
    async def institution_roster(
        self,
        info: Info,
        institution_id: strawberry.ID,
        search: str | None = None,
        expiring_only: bool = False,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[RosterEntry]:
        ctx = info.context
        flt = roster.RosterFilter(search=search, expiring_only=expiring_only)

        async def call() -> Any:
            return await roster.roster_page(
                ctx.session,
                ctx.actor,
                _institution_id(institution_id),
                flt,
                today=today_of(ctx.session),
                first=first,
                after=after,
            )

        return connection(await read(info, call), RosterEntry.from_entry)

    @strawberry.field(description="The roster as CSV (UTF-8), for the institution's staff.")
    async def institution_roster_csv(
        self,
        info: Info,
        institution_id: strawberry.ID,
        search: str | None = None,
        expiring_only: bool = False,
    ) -> str:
        ctx = info.context
        flt = roster.RosterFilter(search=search, expiring_only=expiring_only)

        async def call() -> str:
            return await roster.roster_csv(
                ctx.session, ctx.actor, _institution_id(institution_id), flt, today_of(ctx.session)
            )

        return await read(info, call)

    @strawberry.field(description="Public: an authority's completed decisions in notice.")
    async def notice_board(
        self, info: Info, authority: str, first: int = 20, after: str | None = None
    ) -> Connection[Notice]:
        session = info.context.session
        page = await read(
            info,
            lambda: notice_board.notices(
                session, authority, today=today_of(session), first=first, after=after
            ),
        )
        return connection(page, Notice.from_value)

"""An institution's roster (paged, one statement per page) with CSV export, and the public
notice board of each authority."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry

from core import errors as domain
from directory.errors import DirectoryProblem
from registry.boards import notice_board, roster
from registry.registrations.models import RegistrationStatus
from registry.workflow.transitions import today_of
from schema.context import Info
from schema.node import parse_uuid_id, to_global_id
from schema.pagination import Connection, connection
from schema.registry.applications import PracticeCategory
from schema.registry.catalogue import ApprovalItem, ApprovalItemCode, RegistrationSubject, load_item
from schema.registry.directory import Authority, Institution, load_authority, load_institution
from schema.registry.reads import read

strawberry.enum(RegistrationStatus, name="RegistrationStatus")


@strawberry.type(description="A doctor or nurse practising at the institution.")
class RosterEntry:
    registration_id: strawberry.ID
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
        return cls(
            registration_id=to_global_id("Registration", entry.registration_id),
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

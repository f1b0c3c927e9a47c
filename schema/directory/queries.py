"""Public reads of the directory: authorities and institutions, paginated in SQL."""

from __future__ import annotations

from typing import Annotated

import strawberry

from directory import reads as directory
from schema.context import Info
from schema.directory.types import (
    Authority,
    Institution,
    InstitutionType,
    columns_read,
    every_authority,
    load_institution,
)
from schema.node import parse_uuid_id
from schema.pagination import Connection, connection
from schema.reads import read
from schema.selection import fields_of_nodes


@strawberry.input
class InstitutionFilter:
    district: str | None = None
    authority: str | None = None
    type: InstitutionType | None = None
    name_contains: str | None = None


@strawberry.type
class DirectoryQuery:
    @strawberry.field(description="The municipal commission and the 16 district commissions.")
    async def authorities(self, info: Info) -> list[Authority]:
        return await every_authority(info)

    @strawberry.field(description="Institutions in public view, ordered by name.")
    async def institutions(
        self,
        info: Info,
        filter: InstitutionFilter | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Institution]:
        flt = filter or InstitutionFilter()
        spec = directory.InstitutionFilter(
            district=flt.district,
            authority=flt.authority,
            type=flt.type,
            name_contains=flt.name_contains,
        )
        columns = columns_read(fields_of_nodes(info))
        page = await read(
            info,
            lambda: directory.institutions(
                info.context.session, spec, first=first, after=after, columns=columns
            ),
        )
        context = info.context
        return connection(page, lambda row: Institution.from_model(row, context))

    @strawberry.field
    async def institution(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument()],
    ) -> Institution | None:
        institution_id = parse_uuid_id(id, "Institution")
        return await load_institution(info, institution_id) if institution_id else None

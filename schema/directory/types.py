"""GraphQL types of the directory: authorities and institutions, with their loaders."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from datetime import date
from functools import lru_cache
from operator import attrgetter

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from directory import models as m
from directory import reads as directory
from directory.reads import InstitutionRow
from schema.context import Context, Info
from schema.loaders import loaded, mapping_loader, then
from schema.node import Node, register_node, to_global_id
from schema.reference import Catalogue, resolved

AuthorityLevel = m.AuthorityLevel


strawberry.enum(AuthorityLevel, name="AuthorityLevel")


InstitutionType = m.InstitutionType


strawberry.enum(InstitutionType, name="InstitutionType")


InstitutionLevel = m.InstitutionLevel


strawberry.enum(InstitutionLevel, name="InstitutionLevel")


InstitutionStatus = m.InstitutionStatus


strawberry.enum(InstitutionStatus, name="InstitutionStatus")


institution_loader = mapping_loader(directory.institutions_by_id)


@strawberry.type(description="A health commission: municipal (310000) or one of 16 districts.")
class Authority:
    code: str
    name_zh: str
    name_en: str
    level: AuthorityLevel
    parent_code: str | None

    @classmethod
    def from_model(cls, row: m.Authority) -> Authority:
        return cls(
            code=row.code,
            name_zh=row.name_zh,
            name_en=row.name_en,
            level=row.level,
            parent_code=row.parent_code,
        )


async def _all_authorities(session: AsyncSession) -> dict[str, Authority]:
    return {row.code: Authority.from_model(row) for row in await directory.authorities(session)}


def _authorities(context: Context) -> Catalogue[str, Authority]:
    return context.services.reference.catalogue("authorities", _all_authorities)


def authority_of(info: Info, code: str) -> Authority | Awaitable[Authority]:
    """The authority itself once this app has read them (they change only by migration), so
    a page of institutions resolves their districts without SQL or an awaitable each."""
    return authority_in(info.context, code)


def authority_in(context: Context, code: str) -> Authority | Awaitable[Authority]:
    return resolved(_authorities(context), context.session, code)


async def every_authority(info: Info) -> list[Authority]:
    """The municipal commission and the districts, by code, read once per app."""
    return await _authorities(info.context).every(info.context.session)


async def load_authority(info: Info, code: str) -> Authority:
    found = authority_of(info, code)
    return found if isinstance(found, Authority) else await found


@strawberry.type(description="A medical or preventive-care institution.")
class Institution(Node):
    model: strawberry.Private[m.Institution | InstitutionRow]
    uscc: str
    licence_number: str
    name: str
    name_en: str | None
    type: InstitutionType
    level: InstitutionLevel
    beds: int
    address: str
    status: InstitutionStatus
    subjects: list[str]
    validated_until: date | None

    district: Authority
    authority: Authority = strawberry.field(
        description="The authority that registered it and decides its items."
    )

    @classmethod
    def from_model(cls, row: m.Institution | InstitutionRow, context: Context) -> Institution:
        return _InstitutionOfRow(row, context)


def _column(name: str) -> property:
    """The row's column ``name`` (``attrgetter`` reads both steps without a Python frame)."""
    return property(attrgetter(f"model.{name}"))


class _InstitutionOfRow(Institution):
    """An ``Institution`` whose fields are read from its row when asked for: a directory page
    asks for three of twelve, and building the other nine (a global id, a list of subjects)
    for twenty institutions was a tenth of the page."""

    def __init__(self, row: m.Institution | InstitutionRow, context: Context) -> None:
        self.model = row
        self._context = context
        self._waiting: dict[str, Awaitable[Authority]] | None = None

    id = property(lambda self: to_global_id("Institution", self.model.id))
    subjects = property(lambda self: list(self.model.subjects))
    uscc = _column("uscc")
    licence_number = _column("licence_number")
    name = _column("name")
    name_en = _column("name_en")
    type = _column("type")
    level = _column("level")
    beds = _column("beds")
    address = _column("address")
    status = _column("status")
    validated_until = _column("validated_until")

    # Plain fields, not resolvers: the authorities are read once per app, and a page of
    # twenty institutions no longer resolves forty fields through GraphQL's resolver chain.
    @property
    def district(self) -> Authority | Awaitable[Authority]:  # type: ignore[override]
        return self._authority("district", self.model.district_code)

    @property
    def authority(self) -> Authority | Awaitable[Authority]:  # type: ignore[override]
        return self._authority("authority", self.model.authority_code)

    def _authority(self, field: str, code: str) -> Authority | Awaitable[Authority]:
        """The authority itself once this app has read them; before that, an awaitable made
        once per field (the executor may read a field twice, and a coroutine runs once)."""
        known = _authorities(self._context).get(code)
        if known is not None:
            return known
        waiting = self._waiting
        if waiting is not None and field in waiting:
            return waiting[field]
        found = authority_in(self._context, code)
        if not isinstance(found, Authority):
            if waiting is None:
                waiting = self._waiting = {}
            waiting[field] = found
        return found


COLUMNS_OF_FIELDS: dict[str, tuple[str, ...]] = {
    "__typename": (),
    "id": ("id",),
    "uscc": ("uscc",),
    "licenceNumber": ("licence_number",),
    "name": ("name",),
    "nameEn": ("name_en",),
    "type": ("type",),
    "level": ("level",),
    "beds": ("beds",),
    "address": ("address",),
    "status": ("status",),
    "subjects": ("subjects",),
    "validatedUntil": ("validated_until",),
    "district": ("district_code",),
    "authority": ("authority_code",),
}
"""The columns each field of an ``Institution`` reads from its row."""


@lru_cache(maxsize=256)
def columns_read(fields: frozenset[str]) -> frozenset[str]:
    """The columns ``fields`` of an ``Institution`` read; every public one when a field is
    not in ``COLUMNS_OF_FIELDS``."""
    columns: set[str] = set()
    for name in fields:
        read = COLUMNS_OF_FIELDS.get(name)
        if read is None:
            return directory.PUBLIC_COLUMNS
        columns.update(read)
    return frozenset(columns)


def institutions(info: Info) -> DataLoader[uuid.UUID, m.Institution | None]:
    loader: DataLoader[uuid.UUID, m.Institution | None] = info.context.loader(
        "institution", institution_loader
    )
    return loader


def institution_of(
    info: Info, key: uuid.UUID
) -> Institution | Awaitable[Institution | None] | None:
    """The institution at once when a page primed the loader (``institutions(info)``)."""
    context = info.context
    return then(
        loaded(institutions(info), key),
        lambda row: Institution.from_model(row, context) if row else None,
    )


async def load_institution(info: Info, key: str | uuid.UUID) -> Institution | None:
    try:
        institution_id = key if isinstance(key, uuid.UUID) else uuid.UUID(key)
    except ValueError:
        return None
    row = await institutions(info).load(institution_id)
    return Institution.from_model(row, info.context) if row else None


register_node("Institution", load_institution)

"""GraphQL types of the directory: authorities and institutions, with their loaders."""

from __future__ import annotations

import uuid
from datetime import date

import strawberry

from directory import models as m
from directory import reads as directory
from schema.context import Info
from schema.loaders import mapping_loader
from schema.node import Node, register_node, to_global_id

AuthorityLevel = m.AuthorityLevel


strawberry.enum(AuthorityLevel, name="AuthorityLevel")


InstitutionType = m.InstitutionType


strawberry.enum(InstitutionType, name="InstitutionType")


InstitutionLevel = m.InstitutionLevel


strawberry.enum(InstitutionLevel, name="InstitutionLevel")


InstitutionStatus = m.InstitutionStatus


strawberry.enum(InstitutionStatus, name="InstitutionStatus")


authority_loader = mapping_loader(directory.authorities_by_code)


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


async def load_authority(info: Info, code: str) -> Authority:
    row = await info.context.loader("authority", authority_loader).load(code)
    return Authority.from_model(row)


@strawberry.type(description="A medical or preventive-care institution.")
class Institution(Node):
    model: strawberry.Private[m.Institution]
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

    @classmethod
    def from_model(cls, row: m.Institution) -> Institution:
        return cls(
            id=to_global_id("Institution", row.id),
            model=row,
            uscc=row.uscc,
            licence_number=row.licence_number,
            name=row.name,
            name_en=row.name_en,
            type=row.type,
            level=row.level,
            beds=row.beds,
            address=row.address,
            status=row.status,
            subjects=list(row.subjects),
            validated_until=row.validated_until,
        )

    @strawberry.field
    async def district(self, info: Info) -> Authority:
        return await load_authority(info, self.model.district_code)

    @strawberry.field(description="The authority that registered it and decides its items.")
    async def authority(self, info: Info) -> Authority:
        return await load_authority(info, self.model.authority_code)


async def load_institution(info: Info, key: str | uuid.UUID) -> Institution | None:
    try:
        institution_id = key if isinstance(key, uuid.UUID) else uuid.UUID(key)
    except ValueError:
        return None
    row = await info.context.loader("institution", institution_loader).load(institution_id)
    return Institution.from_model(row) if row else None


register_node("Institution", load_institution)

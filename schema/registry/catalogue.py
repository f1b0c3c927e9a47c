"""GraphQL surface of the approval-item catalogue: the items, and the settings municipal
officers change."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from registry.catalogue import models as cm
from registry.catalogue import service
from registry.registrations.models import RegistrationSubject as _RegistrationSubject
from schema.context import Info
from schema.errors import ErrorMember
from schema.loaders import mapping_loader
from schema.mutations import run_mutation
from schema.registry.reads import read

ApprovalItemCode = cm.ItemCode
strawberry.enum(ApprovalItemCode, name="ApprovalItemCode")
ItemEffect = cm.Effect
strawberry.enum(ItemEffect, name="ItemEffect")
FormFieldKind = cm.FieldKind
strawberry.enum(FormFieldKind, name="FormFieldKind")
AttachmentKind = cm.AttachmentKind
strawberry.enum(AttachmentKind, name="AttachmentKind")
RegistrationSubject = _RegistrationSubject
strawberry.enum(RegistrationSubject, name="RegistrationSubject")

item_loader = mapping_loader(service.items_by_code)


@strawberry.type(description="One field of an item's application form.")
class FormField:
    name: str
    kind: FormFieldKind
    required: bool
    label_zh: str
    label_en: str


@strawberry.type(description="An approval item (审批事项) and its current settings.")
class ApprovalItem:
    code: ApprovalItemCode
    subject: RegistrationSubject
    name_zh: str
    name_en: str
    institution_review: bool = strawberry.field(
        description="The applicant's institution checks and forwards it first."
    )
    online_only: bool = strawberry.field(description="Never a paper step.")
    paper_required: bool = strawberry.field(
        description="Paper materials are confirmed after approval (officer-editable)."
    )
    time_limit_days: int = strawberry.field(description="Statutory limit in working days.")
    notice_days: int = strawberry.field(description="Days a completion stays on the notice board.")
    effect: ItemEffect
    fields: list[FormField]
    attachments: list[AttachmentKind] = strawberry.field(
        description="Attachments that must be uploaded before submission."
    )
    version: int
    updated_at: datetime | None

    @classmethod
    def from_model(cls, row: cm.ApprovalItem) -> ApprovalItem:
        return cls(
            code=row.code,
            subject=row.subject,
            name_zh=row.name_zh,
            name_en=row.name_en,
            institution_review=row.institution_review,
            online_only=row.online_only,
            paper_required=row.paper_required,
            time_limit_days=row.time_limit_days,
            notice_days=row.notice_days,
            effect=row.effect,
            fields=[
                FormField(
                    name=str(f["name"]),
                    kind=FormFieldKind(f["kind"]),
                    required=bool(f["required"]),
                    label_zh=str(f["label_zh"]),
                    label_en=str(f["label_en"]),
                )
                for f in row.fields
            ],
            attachments=[AttachmentKind(a) for a in row.attachments],
            version=row.version,
            updated_at=row.updated_at,
        )


async def load_item(info: Info, code: cm.ItemCode) -> ApprovalItem:
    row = await info.context.loader("approval_item", item_loader).load(code)
    return ApprovalItem.from_model(row)


@strawberry.input
class UpdateApprovalItemInput:
    code: ApprovalItemCode
    expected_version: int
    paper_required: bool | None = None
    time_limit_days: int | None = None
    notice_days: int | None = None


@strawberry.type
class ApprovalItemSuccess:
    item: ApprovalItem


UpdateApprovalItemResult = Annotated[
    ApprovalItemSuccess | ErrorMember,
    strawberry.union("UpdateApprovalItemResult"),
]


@strawberry.type
class CatalogueQuery:
    @strawberry.field(description="The approval-item catalogue, in catalogue order.")
    async def approval_items(
        self, info: Info, subject: RegistrationSubject | None = None
    ) -> list[ApprovalItem]:
        rows = await read(info, lambda: service.list_items(info.context.session, subject))
        return [ApprovalItem.from_model(r) for r in rows]

    @strawberry.field
    async def approval_item(self, info: Info, code: ApprovalItemCode) -> ApprovalItem:
        row = await read(info, lambda: service.get_item(info.context.session, code))
        return ApprovalItem.from_model(row)


@strawberry.type
class CatalogueMutation:
    @strawberry.mutation(
        description="Municipal officers: paper materials on/off, time limit, notice period."
    )
    async def update_approval_item(
        self, info: Info, input: UpdateApprovalItemInput
    ) -> UpdateApprovalItemResult:
        ctx = info.context
        change = service.ItemSettings(
            paper_required=input.paper_required,
            time_limit_days=input.time_limit_days,
            notice_days=input.notice_days,
        )
        return await run_mutation(
            info,
            lambda: service.update_settings(
                ctx.session,
                ctx.actor,
                code=input.code,
                expected_version=input.expected_version,
                change=change,
            ),
            lambda row: ApprovalItemSuccess(item=ApprovalItem.from_model(row)),
        )

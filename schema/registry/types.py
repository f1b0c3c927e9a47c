"""GraphQL types of the registry: applications with their timeline and attachments, and the
approval-item catalogue."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import strawberry

from directory import choices as vocabulary
from directory import models as rm
from registry.catalogue import models as cm
from registry.catalogue import service as catalogue
from registry.registrations.models import RegistrationSubject as _RegistrationSubject
from registry.workflow import attachments, policy, queries
from registry.workflow import models as wm
from registry.workflow.attachments import attachments_by_application
from registry.workflow.states import WAITING_ON, Action, legal_actions, party_for
from registry.workflow.transitions import PERMISSION, today_of
from schema.context import Info
from schema.directory.types import (
    Authority,
    Institution,
    institution_of,
    institutions,
    load_authority,
    load_institution,
)
from schema.loaders import loaded, mapping_loader, session_lock, settle, then
from schema.node import Node, register_node, to_global_id

ApplicationStatus = wm.ApplicationStatus


strawberry.enum(ApplicationStatus, name="ApplicationStatus")


WorkflowAction = Action


strawberry.enum(WorkflowAction, name="WorkflowAction")


WorkflowParty = policy.Party


strawberry.enum(WorkflowParty, name="WorkflowParty")


PracticeCategory = rm.PracticeCategory


strawberry.enum(PracticeCategory, name="PracticeCategory")


STEP_NAMES = {
    ApplicationStatus.DRAFT: "草稿 Draft",
    ApplicationStatus.AWAITING_INSTITUTION: "机构初审 Institution review",
    ApplicationStatus.AWAITING_ACCEPTANCE: "待受理 Awaiting acceptance",
    ApplicationStatus.UNDER_REVIEW: "审核中 Under review",
    ApplicationStatus.AWAITING_PAPER: "待核验纸质材料 Awaiting paper materials",
    ApplicationStatus.RETURNED: "退回补正 Returned for correction",
    ApplicationStatus.COMPLETED: "办结 Completed",
    ApplicationStatus.REJECTED: "不予批准 Rejected",
    ApplicationStatus.NOT_ACCEPTED: "不予受理 Not accepted",
    ApplicationStatus.WITHDRAWN: "已撤回 Withdrawn",
}


timeline_loader = mapping_loader(queries.timelines)


attachments_loader = mapping_loader(attachments_by_application)


@strawberry.type(description="One step of the timeline: who, in which role, when, why.")
class TimelineEvent:
    seq: int
    at: datetime
    action: WorkflowAction
    from_status: ApplicationStatus | None
    to_status: ApplicationStatus
    actor_role: str
    actor_name: str
    opinion: str | None

    @classmethod
    def from_model(cls, row: wm.ApplicationEvent) -> TimelineEvent:
        return cls(
            seq=row.seq,
            at=row.at,
            action=Action(row.action),
            from_status=row.from_status,
            to_status=row.to_status,
            actor_role=row.actor_role,
            actor_name=row.actor_name,
            opinion=row.opinion,
        )


@strawberry.type(name="Attachment", description="An uploaded PDF, JPEG or PNG.")
class AttachmentType(Node):
    kind: str
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    url: str = strawberry.field(description="Download path (same origin, signed-in).")

    @classmethod
    def from_model(cls, row: wm.Attachment) -> AttachmentType:
        return cls(
            id=to_global_id("Attachment", row.id),
            kind=row.kind,
            filename=row.filename,
            content_type=row.content_type,
            size=row.size,
            sha256=row.sha256,
            uploaded_at=row.uploaded_at,
            url=f"/attachments/{row.id}",
        )


async def _node_attachment(info: Info, key: str) -> AttachmentType | None:
    try:
        attachment_id = uuid.UUID(key)
    except ValueError:
        return None
    ctx = info.context
    async with session_lock(ctx.session):
        row = await attachments.visible_attachment(ctx.session, ctx.actor, attachment_id)
    return AttachmentType.from_model(row) if row else None


register_node("Attachment", _node_attachment)


@strawberry.type(description="What the applicant entered; which fields apply depends on the item.")
class ApplicationForm:
    payload: strawberry.Private[dict[str, Any]]
    qualification_number: str | None
    education: str | None
    category: PracticeCategory | None
    scope: str | None
    reason: str | None
    name: str | None
    address: str | None
    legal_representative: str | None
    beds: int | None
    subjects: list[str] | None

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> ApplicationForm:
        category = payload.get("category")
        return cls(
            payload=payload,
            qualification_number=payload.get("qualificationNumber"),
            education=payload.get("education"),
            category=PracticeCategory(category) if category else None,
            scope=payload.get("scope"),
            reason=payload.get("reason"),
            name=payload.get("name"),
            address=payload.get("address"),
            legal_representative=payload.get("legalRepresentative"),
            beds=payload.get("beds"),
            subjects=payload.get("subjects"),
        )

    @strawberry.field(description="The institution named in the form (new, or filing site).")
    async def institution(self, info: Info) -> Institution | None:
        raw = self.payload.get("institutionId")
        return await load_institution(info, str(raw)) if raw else None


@strawberry.type(description="Who the application waits on now.")
class WaitingOn:
    party: WorkflowParty
    name: str


@strawberry.type(description="An application for an approval item, with its progress.")
class Application(Node):
    model: strawberry.Private[wm.Application]
    number: str | None = strawberry.field(description="Given at submission: SQ310115-2026-000123")
    subject: RegistrationSubject
    subject_name: str
    status: ApplicationStatus
    version: int = strawberry.field(description="Pass it back as expectedVersion.")
    form: ApplicationForm
    institution_review: bool
    paper_required: bool
    time_limit_days: int
    returned_from: ApplicationStatus | None
    deadline: date | None = strawberry.field(
        description="Last working day of the statutory limit; null before acceptance and "
        "while the clock is paused (returned)."
    )
    working_days_used: int
    created_at: datetime
    submitted_at: datetime | None
    accepted_at: datetime | None
    decided_at: datetime | None
    completed_at: datetime | None

    @classmethod
    def from_model(cls, row: wm.Application) -> Application:
        return cls(
            id=to_global_id("Application", row.id),
            model=row,
            number=row.number,
            subject=row.subject,
            subject_name=row.subject_name,
            status=row.status,
            version=row.version,
            form=ApplicationForm.from_payload(dict(row.payload)),
            institution_review=row.institution_review,
            paper_required=row.paper_required,
            time_limit_days=row.time_limit_days,
            returned_from=row.returned_from,
            deadline=row.deadline,
            working_days_used=row.clock_days_used,
            created_at=row.created_at,
            submitted_at=row.submitted_at,
            accepted_at=row.accepted_at,
            decided_at=row.decided_at,
            completed_at=row.completed_at,
        )

    # Sync resolvers that hand GraphQL the value itself when the page primed it
    # (``prime_applications``), else an awaitable: graphql-core accepts either.
    @strawberry.field
    def item(self, info: Info) -> ApprovalItem:
        found = loaded(items(info), self.model.item_code)
        return then(found, ApprovalItem.from_model)  # type: ignore[return-value]

    @strawberry.field(description="The institution that reviews it (or that it is about).")
    def institution(self, info: Info) -> Institution | None:
        if self.model.institution_id is None:
            return None
        return institution_of(info, self.model.institution_id)  # type: ignore[return-value]

    @strawberry.field(description="The authority that decides it.")
    async def authority(self, info: Info) -> Authority | None:
        code = self.model.authority_code
        return await load_authority(info, code) if code else None

    @strawberry.field
    def current_step(self) -> str:
        return STEP_NAMES[self.model.status]

    @strawberry.field(description="Past its deadline and still under review.")
    def overdue(self, info: Info) -> bool:
        return queries.is_overdue(self.model, today_of(info.context.session))

    @strawberry.field
    async def waiting_on(self, info: Info) -> WaitingOn | None:
        party = WAITING_ON.get(self.model.status)
        if party is None:
            return None
        if party is policy.Party.APPLICANT:
            return WaitingOn(party=party, name=self.model.subject_name)
        if party is policy.Party.INSTITUTION:
            institution = await settle(self.institution(info))
            return WaitingOn(party=party, name=institution.name if institution else "")
        authority = await self.authority(info)
        return WaitingOn(party=party, name=authority.name_zh if authority else "")

    @strawberry.field(description="The steps the viewer may take now.")
    def available_actions(self, info: Info) -> list[WorkflowAction]:
        actor, app = info.context.actor, self.model
        return [
            action
            for action in legal_actions(app.status)
            if policy.acting_grant(actor, app, party_for(action, app.status), PERMISSION[action])
        ]

    @strawberry.field
    async def timeline(self, info: Info) -> list[TimelineEvent]:
        rows = await info.context.loader("application_timeline", timeline_loader).load(
            self.model.id
        )
        return [TimelineEvent.from_model(r) for r in rows]

    @strawberry.field
    async def attachments(self, info: Info) -> list[AttachmentType]:
        rows = await info.context.loader("application_attachments", attachments_loader).load(
            self.model.id
        )
        return [AttachmentType.from_model(r) for r in rows]


def _visible_loader(info: Info) -> Any:
    actor = info.context.actor

    async def fetch(session: Any, ids: list[uuid.UUID]) -> dict[uuid.UUID, wm.Application]:
        return await queries.applications_by_id(session, actor, ids)

    return info.context.loader("application", mapping_loader(fetch))


async def load_application(info: Info, key: str | uuid.UUID) -> Application | None:
    """An application the viewer may see, else None."""
    try:
        application_id = key if isinstance(key, uuid.UUID) else uuid.UUID(key)
    except ValueError:
        return None
    row = await _visible_loader(info).load(application_id)
    return Application.from_model(row) if row else None


register_node("Application", load_application)


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


item_loader = mapping_loader(catalogue.items_by_code)


@strawberry.type(description="One value a field of a closed list may take.")
class FieldChoice:
    value: str = strawberry.field(description="The official Chinese term, kept as entered.")
    label_en: str
    category: PracticeCategory | None = strawberry.field(
        description="For practice scopes: the category the scope belongs to."
    )


_CHOICES: dict[cm.FieldKind, tuple[vocabulary.Choice, ...]] = {
    cm.FieldKind.EDUCATION: vocabulary.EDUCATION,
    cm.FieldKind.SCOPE: vocabulary.PRACTICE_SCOPES,
    cm.FieldKind.SUBJECTS: vocabulary.DIAGNOSIS_SUBJECTS,
    cm.FieldKind.CANCELLATION_REASON: vocabulary.PRACTITIONER_CANCELLATION_REASONS,
    cm.FieldKind.INSTITUTION_CANCELLATION_REASON: vocabulary.INSTITUTION_CANCELLATION_REASONS,
}


def _choices(kind: cm.FieldKind) -> list[FieldChoice]:
    return [
        FieldChoice(value=c.value, label_en=c.label_en, category=c.category)
        for c in _CHOICES.get(kind, ())
    ]


@strawberry.type(description="One field of an item's application form.")
class FormField:
    name: str
    kind: FormFieldKind
    required: bool
    label_zh: str
    label_en: str
    choices: list[FieldChoice] = strawberry.field(
        description=(
            "The values a closed-list field (education, scope, cancellation reason, the"
            " diagnosis subjects: several of them) accepts;"
            " empty otherwise."
        )
    )


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
                    choices=_choices(FormFieldKind(f["kind"])),
                )
                for f in row.fields
            ],
            attachments=[AttachmentKind(a) for a in row.attachments],
            version=row.version,
            updated_at=row.updated_at,
        )


def items(info: Info) -> Any:
    return info.context.loader("approval_item", item_loader)


async def load_item(info: Info, code: cm.ItemCode) -> ApprovalItem:
    row = await items(info).load(code)
    return ApprovalItem.from_model(row)


async def prime_applications(info: Info, rows: list[wm.Application]) -> None:
    """Load a page's approval items and institutions in one statement each, before its
    fields resolve: they then resolve at once, a constant number of statements a page."""
    await items(info).load_many(sorted({row.item_code for row in rows}))
    ids = sorted({row.institution_id for row in rows if row.institution_id is not None})
    if ids:
        await institutions(info).load_many(ids)

"""Registry mutations: the application workflow and the catalogue settings municipal officers
change."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import strawberry

from core import errors as domain
from registry.catalogue import service as catalogue
from registry.errors import RegistryProblem
from registry.workflow import materials
from registry.workflow import service as workflow
from registry.workflow.states import Action
from schema.context import Info
from schema.errors import ErrorMember
from schema.mutations import run_mutation
from schema.node import parse_uuid_id
from schema.registry.types import Application, ApprovalItem, ApprovalItemCode, PracticeCategory


@strawberry.input(description="The form; set the fields the item asks for (approvalItem.fields).")
class ApplicationFormInput:
    institution_id: strawberry.ID | None = None
    qualification_number: str | None = None
    education: str | None = None
    category: PracticeCategory | None = None
    scope: str | None = None
    reason: str | None = None
    name: str | None = None
    address: str | None = None
    legal_representative: str | None = None
    beds: int | None = None
    subjects: list[str] | None = None

    def to_payload(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "qualificationNumber": self.qualification_number,
            "education": self.education,
            "category": self.category.value if self.category else None,
            "scope": self.scope,
            "reason": self.reason,
            "name": self.name,
            "address": self.address,
            "legalRepresentative": self.legal_representative,
            "beds": self.beds,
            "subjects": self.subjects,
        }
        if self.institution_id is not None:
            decoded = parse_uuid_id(self.institution_id, "Institution")
            values["institutionId"] = str(decoded) if decoded else str(self.institution_id)
        return {k: v for k, v in values.items() if v is not None}


@strawberry.input
class CreateApplicationInput:
    item: ApprovalItemCode
    form: ApplicationFormInput
    attachment_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    institution_id: strawberry.ID | None = strawberry.field(
        default=None, description="For institution items: the institution that applies."
    )
    submit: bool = strawberry.field(default=False, description="Submit at once.")
    idempotency_key: str | None = None


@strawberry.input
class UpdateApplicationInput:
    id: strawberry.ID
    expected_version: int
    form: ApplicationFormInput | None = None
    attachment_ids: list[strawberry.ID] | None = None


@strawberry.input
class AddMaterialsInput:
    id: strawberry.ID
    expected_version: int
    attachment_ids: list[strawberry.ID] = strawberry.field(
        description="Files the caller uploaded (POST /attachments) and has not linked yet."
    )


@strawberry.input
class ApplicationStepInput:
    id: strawberry.ID
    expected_version: int
    opinion: str | None = strawberry.field(
        default=None, description="Required to return, refuse or reject: the applicant reads it."
    )
    idempotency_key: str | None = None


@strawberry.type
class ApplicationSuccess:
    application: Application


ApplicationResult = Annotated[
    ApplicationSuccess | ErrorMember,
    strawberry.union("ApplicationResult"),
]


def _application_id(global_id: str) -> uuid.UUID:
    decoded = parse_uuid_id(global_id, "Application")
    if decoded is None:
        raise domain.NotFound(
            "application", global_id, reason=RegistryProblem.APPLICATION_NOT_FOUND
        )
    return decoded


def _attachment_ids(ids: list[strawberry.ID]) -> list[uuid.UUID]:
    parsed, problems = [], []
    for i, global_id in enumerate(ids):
        decoded = parse_uuid_id(global_id, "Attachment")
        if decoded is None:
            problems.append(
                domain.FieldProblem(
                    f"attachmentIds.{i}", "not an attachment id", domain.Problem.NOT_AN_ID
                )
            )
        else:
            parsed.append(decoded)
    if problems:
        raise domain.ValidationFailed(problems)
    return parsed


def _institution_id(global_id: str | None) -> uuid.UUID | None:
    if global_id is None:
        return None
    decoded = parse_uuid_id(global_id, "Institution")
    if decoded is None:
        raise domain.ValidationFailed.on(
            "institutionId", "not an institution id", domain.Problem.NOT_AN_ID
        )
    return decoded


def _success(application: Any) -> ApplicationSuccess:
    return ApplicationSuccess(application=Application.from_model(application))


async def _step(info: Info, action: Action, input: ApplicationStepInput) -> Any:
    ctx = info.context

    async def call() -> Any:
        return await workflow.take(
            ctx.session,
            ctx.actor,
            action,
            application_id=_application_id(input.id),
            expected_version=input.expected_version,
            opinion=input.opinion,
            idempotency_key=input.idempotency_key,
        )

    return await run_mutation(info, call, _success)


@strawberry.type
class WorkflowMutation:
    @strawberry.mutation(description="Start an application (a draft), or submit it at once.")
    async def create_application(
        self, info: Info, input: CreateApplicationInput
    ) -> ApplicationResult:
        ctx = info.context

        async def call() -> Any:
            return await workflow.create_application(
                ctx.session,
                ctx.actor,
                item_code=input.item,
                form=input.form.to_payload(),
                attachment_ids=_attachment_ids(input.attachment_ids),
                institution_id=_institution_id(input.institution_id),
                submit=input.submit,
                idempotency_key=input.idempotency_key,
            )

        return await run_mutation(info, call, _success)

    @strawberry.mutation(description="Edit a draft, or an application returned for correction.")
    async def update_application(
        self, info: Info, input: UpdateApplicationInput
    ) -> ApplicationResult:
        ctx = info.context

        async def call() -> Any:
            return await workflow.update_application(
                ctx.session,
                ctx.actor,
                application_id=_application_id(input.id),
                expected_version=input.expected_version,
                form=input.form.to_payload() if input.form is not None else None,
                attachment_ids=(
                    _attachment_ids(input.attachment_ids)
                    if input.attachment_ids is not None
                    else None
                ),
            )

        return await run_mutation(info, call, _success)

    @strawberry.mutation(
        description="Institution or authority handling a submitted application: add materials."
    )
    async def add_application_materials(
        self, info: Info, input: AddMaterialsInput
    ) -> ApplicationResult:
        ctx = info.context

        async def call() -> Any:
            return await materials.add_materials(
                ctx.session,
                ctx.actor,
                application_id=_application_id(input.id),
                expected_version=input.expected_version,
                attachment_ids=_attachment_ids(input.attachment_ids),
            )

        return await run_mutation(info, call, _success)

    @strawberry.mutation(description="Applicant: submit a draft.")
    async def submit_application(
        self, info: Info, input: ApplicationStepInput
    ) -> ApplicationResult:
        return await _step(info, Action.SUBMIT, input)

    @strawberry.mutation(description="Institution: checked, forward to the authority.")
    async def forward_application(
        self, info: Info, input: ApplicationStepInput
    ) -> ApplicationResult:
        return await _step(info, Action.FORWARD, input)

    @strawberry.mutation(description="Institution or authority: return for correction (补正).")
    async def return_application(
        self, info: Info, input: ApplicationStepInput
    ) -> ApplicationResult:
        return await _step(info, Action.RETURN, input)

    @strawberry.mutation(description="Applicant: send a returned application back.")
    async def resubmit_application(
        self, info: Info, input: ApplicationStepInput
    ) -> ApplicationResult:
        return await _step(info, Action.RESUBMIT, input)

    @strawberry.mutation(description="Authority: accept (受理); the statutory clock starts.")
    async def accept_application(
        self, info: Info, input: ApplicationStepInput
    ) -> ApplicationResult:
        return await _step(info, Action.ACCEPT, input)

    @strawberry.mutation(description="Authority: refuse to accept (不予受理).")
    async def refuse_application(
        self, info: Info, input: ApplicationStepInput
    ) -> ApplicationResult:
        return await _step(info, Action.REFUSE, input)

    @strawberry.mutation(description="Authority: approve; completes it unless paper is required.")
    async def approve_application(
        self, info: Info, input: ApplicationStepInput
    ) -> ApplicationResult:
        return await _step(info, Action.APPROVE, input)

    @strawberry.mutation(description="Authority: reject (不予批准).")
    async def reject_application(
        self, info: Info, input: ApplicationStepInput
    ) -> ApplicationResult:
        return await _step(info, Action.REJECT, input)

    @strawberry.mutation(description="Authority: the paper materials were checked; completes it.")
    async def confirm_paper_materials(
        self, info: Info, input: ApplicationStepInput
    ) -> ApplicationResult:
        return await _step(info, Action.CONFIRM_PAPER, input)

    @strawberry.mutation(description="Applicant: withdraw, before a decision.")
    async def withdraw_application(
        self, info: Info, input: ApplicationStepInput
    ) -> ApplicationResult:
        return await _step(info, Action.WITHDRAW, input)


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
class CatalogueMutation:
    @strawberry.mutation(
        description="Municipal officers: paper materials on/off, time limit, notice period."
    )
    async def update_approval_item(
        self, info: Info, input: UpdateApprovalItemInput
    ) -> UpdateApprovalItemResult:
        ctx = info.context
        change = catalogue.ItemSettings(
            paper_required=input.paper_required,
            time_limit_days=input.time_limit_days,
            notice_days=input.notice_days,
        )
        return await run_mutation(
            info,
            lambda: catalogue.update_settings(
                ctx.session,
                ctx.actor,
                code=input.code,
                expected_version=input.expected_version,
                change=change,
            ),
            lambda row: ApprovalItemSuccess(item=ApprovalItem.from_model(row)),
        )

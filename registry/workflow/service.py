"""Application services: drafts, submission and every step of the lifecycle.

Each takes ``(session, actor, …)``, flushes and never commits; every step accepts an
idempotency key (a retry replays the first result) and the version the caller last saw."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor, Role
from access.permissions import require_signed_in
from core import audit
from core.clock import clock_of
from core.errors import (
    FieldProblem,
    InvalidState,
    NotFound,
    PermissionDenied,
    Problem,
    ValidationFailed,
)
from directory.errors import DirectoryProblem
from directory.models import Institution, Person
from registry.catalogue.models import ApprovalItem, ItemCode
from registry.catalogue.service import get_item
from registry.errors import RegistryProblem
from registry.registrations.models import RegistrationSubject
from registry.workflow import forms, policy, rules
from registry.workflow.attachments import link_attachments, missing_kinds
from registry.workflow.idempotency import run_once
from registry.workflow.models import Application, ApplicationStatus
from registry.workflow.numbering import application_number
from registry.workflow.states import Action
from registry.workflow.transitions import (
    audit_actor,
    authorize,
    check_version,
    flush_application,
    load_for_update,
    move,
    record_step,
    today_of,
)

EDITABLE = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.RETURNED})


async def get_application(
    session: AsyncSession, actor: Actor, application_id: uuid.UUID
) -> Application:
    application = await session.scalar(
        policy.visible_applications(actor).where(Application.id == application_id)
    )
    if application is None:
        raise NotFound("application", application_id, reason=RegistryProblem.APPLICATION_NOT_FOUND)
    return application


async def _subject(
    session: AsyncSession, actor: Actor, item: ApprovalItem, institution_id: uuid.UUID | None
) -> tuple[uuid.UUID | None, uuid.UUID | None, str]:
    """(subject person, subject institution, name): who the application is for."""
    if item.subject is RegistrationSubject.INSTITUTION:
        if institution_id is None:
            raise ValidationFailed.on(
                "institutionId", "name the institution that applies", Problem.REQUIRED
            )
        if not policy.can_apply_for_institution(actor, institution_id):
            raise PermissionDenied("only the institution's own staff apply for it")
        inst = await session.get(Institution, institution_id)
        if inst is None:
            raise ValidationFailed.on(
                "institutionId", "no such institution", DirectoryProblem.INSTITUTION_NOT_FOUND
            )
        return None, inst.id, inst.name
    if actor.person_id is None or not actor.has_role(Role.PRACTITIONER):
        raise PermissionDenied("practitioners apply for their own registration")
    person = await session.get(Person, actor.person_id)
    if person is None:
        raise NotFound("person", actor.person_id, reason=RegistryProblem.PERSON_NOT_FOUND)
    return person.id, None, person.name


async def create_application(
    session: AsyncSession,
    actor: Actor,
    *,
    item_code: ItemCode,
    form: dict[str, Any],
    attachment_ids: Sequence[uuid.UUID] = (),
    institution_id: uuid.UUID | None = None,
    submit: bool = False,
    idempotency_key: str | None = None,
) -> Application:
    """Start an application (a draft); with ``submit`` also submit it in the same step."""
    require_signed_in(actor)

    async def work() -> Application:
        item = await get_item(session, item_code)
        person_id, subject_institution_id, name = await _subject(
            session, actor, item, institution_id
        )
        now = clock_of(session).now()
        application = Application(
            id=uuid.uuid4(),
            item_code=item.code,
            subject=item.subject,
            status=ApplicationStatus.DRAFT,
            applicant_account_id=actor.account_id,
            subject_person_id=person_id,
            subject_institution_id=subject_institution_id,
            subject_name=name,
            payload=forms.clean(item, form, complete=False),
            created_at=now,
            updated_at=now,
            version=1,
        )
        session.add(application)
        await session.flush()
        await link_attachments(session, actor, application, attachment_ids)
        grant = policy.applicant_grant(actor, application)
        assert grant is not None
        await record_step(
            session, actor, grant, application, item, Action.CREATE, None, None, notify=False
        )
        if submit:
            await _submit(session, actor, application, item)
        return application

    request = {
        "item": item_code.value,
        "form": form,
        "attachments": sorted(str(a) for a in attachment_ids),
        "institution": str(institution_id) if institution_id else None,
        "submit": submit,
    }
    return await run_once(
        session,
        actor,
        idempotency_key,
        "createApplication",
        request,
        work,
        lambda app_id: get_application(session, actor, app_id),
    )


async def update_application(
    session: AsyncSession,
    actor: Actor,
    *,
    application_id: uuid.UUID,
    expected_version: int,
    form: dict[str, Any] | None = None,
    attachment_ids: Sequence[uuid.UUID] | None = None,
) -> Application:
    """Edit the form or the attachments of a draft, or of an application returned for
    correction (which then goes back with ``resubmit``)."""
    require_signed_in(actor)
    application = await load_for_update(session, actor, application_id)
    check_version(application, expected_version)
    grant = policy.applicant_grant(actor, application)
    if grant is None:
        raise PermissionDenied("only the applicant edits an application")
    if application.status not in EDITABLE:
        raise InvalidState(
            "only drafts and returned applications can be edited",
            reason=RegistryProblem.NOT_EDITABLE,
            params={"status": application.status.value},
        )
    item = await get_item(session, application.item_code)
    if form is not None:
        application.payload = forms.clean(item, form, complete=False)
    unlinked: list[uuid.UUID] = []
    if attachment_ids is not None:
        unlinked = await link_attachments(session, actor, application, attachment_ids)
    application.version += 1
    application.updated_at = clock_of(session).now()
    await flush_application(session)
    await audit.record(
        session,
        audit_actor(actor, grant),
        "registry.application.updated",
        target_type="application",
        target_id=application.id,
        summary={
            "version": application.version,
            "fields": sorted(form) if form is not None else None,
            "attachments": len(attachment_ids) if attachment_ids is not None else None,
            # Replaced files stay stored; the entry says which ones the application let go.
            **({"unlinked": sorted(str(u) for u in unlinked)} if unlinked else {}),
        },
    )
    return application


async def _complete_form(
    session: AsyncSession, application: Application, item: ApprovalItem
) -> rules.Routing:
    """The checks every submission passes: required fields, attachments, the item's rules,
    and no other open application for the same item and subject."""
    application.payload = forms.clean(item, dict(application.payload), complete=True)
    missing = await missing_kinds(session, application, item)
    if missing:
        raise ValidationFailed(
            [
                FieldProblem(
                    "attachments",
                    f"{kind} must be uploaded",
                    RegistryProblem.ATTACHMENT_MISSING,
                    {"kind": kind},
                )
                for kind in missing
            ]
        )
    routing = await rules.route(session, application, item, today_of(session))
    other = await session.scalar(
        select(Application.number).where(
            Application.open_guard == application.subject_key, Application.id != application.id
        )
    )
    if other is not None:
        raise ValidationFailed.on(
            "item",
            f"application {other} for this item is still open",
            RegistryProblem.APPLICATION_OPEN,
            number=other,
        )
    return routing


async def _submit(
    session: AsyncSession, actor: Actor, application: Application, item: ApprovalItem
) -> Application:
    routing = await _complete_form(session, application, item)
    application.institution_id = routing.institution_id
    application.authority_code = routing.authority_code
    application.district_code = routing.district_code
    application.registration_id = routing.registration_id
    application.institution_review = item.institution_review
    application.paper_required = item.paper_required and not item.online_only
    application.time_limit_days = item.time_limit_days
    application.open_guard = application.subject_key
    application.submitted_at = clock_of(session).now()
    if application.number is None:
        application.number = await application_number(
            session, routing.authority_code, today_of(session)
        )
    return await move(session, actor, application, item, Action.SUBMIT)


async def take(
    session: AsyncSession,
    actor: Actor,
    action: Action,
    *,
    application_id: uuid.UUID,
    expected_version: int,
    opinion: str | None = None,
    idempotency_key: str | None = None,
) -> Application:
    """Take one step of the lifecycle (``registry.workflow.states``): submit a draft, forward,
    return, resubmit, accept, refuse, approve, reject, confirm paper materials, withdraw."""
    require_signed_in(actor)
    if action in (Action.CREATE, Action.ADD_MATERIALS):
        raise ValidationFailed.on(
            "action",
            "use create_application or materials.add_materials",
            RegistryProblem.ACTION_NOT_ALLOWED,
            action=action.value,
        )

    async def work() -> Application:
        application = await load_for_update(session, actor, application_id)
        check_version(application, expected_version)
        item = await get_item(session, application.item_code)
        authorize(actor, application, action)
        if action is Action.SUBMIT:
            return await _submit(session, actor, application, item)
        if action is Action.RESUBMIT:
            routing = await _complete_form(session, application, item)
            if routing.institution_id != application.institution_id:
                raise ValidationFailed.on(
                    "payload.institutionId",
                    "the institution cannot change after submission: withdraw and apply again",
                    RegistryProblem.INSTITUTION_FIXED,
                )
        return await move(session, actor, application, item, action, opinion)

    request = {"id": str(application_id), "version": expected_version, "opinion": opinion}
    return await run_once(
        session,
        actor,
        idempotency_key,
        f"{action.value.lower()}Application",
        request,
        work,
        lambda app_id: get_application(session, actor, app_id),
    )

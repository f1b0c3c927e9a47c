"""The one way an application changes status: lock it, check the version, the step and the
actor, then write the change, its timeline event, an audit entry and an outbox event (and the
completion's effects) in the caller's transaction, and notify the applicant."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from access.actor import Actor, Grant
from access.permissions import Permission
from core import audit, outbox
from core.clock import SHANGHAI, clock_of
from core.db import dialect_name
from core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    Problem,
    StaleVersion,
    ValidationFailed,
)
from registry.catalogue.models import ApprovalItem
from registry.errors import RegistryProblem
from registry.ports import notifier_of
from registry.workflow import effects, messages, policy
from registry.workflow.calendar import add_working_days, working_days_between
from registry.workflow.models import TERMINAL, Application, ApplicationEvent, ApplicationStatus
from registry.workflow.states import NEEDS_OPINION, PAST_TENSE, Action, Step, plan

MAX_OPINION = 2000
P = Permission
PERMISSION: dict[Action, Permission] = {
    Action.CREATE: P.REGISTRY_APPLICATION_SUBMIT,
    Action.SUBMIT: P.REGISTRY_APPLICATION_SUBMIT,
    Action.RESUBMIT: P.REGISTRY_APPLICATION_SUBMIT,
    Action.WITHDRAW: P.REGISTRY_APPLICATION_WITHDRAW,
    Action.FORWARD: P.REGISTRY_APPLICATION_FORWARD,
    Action.RETURN: P.REGISTRY_APPLICATION_RETURN,
    Action.ACCEPT: P.REGISTRY_APPLICATION_ACCEPT,
    Action.REFUSE: P.REGISTRY_APPLICATION_ACCEPT,
    Action.APPROVE: P.REGISTRY_APPLICATION_DECIDE,
    Action.REJECT: P.REGISTRY_APPLICATION_DECIDE,
    Action.CONFIRM_PAPER: P.REGISTRY_PAPER_CONFIRM,
    Action.ADD_MATERIALS: P.REGISTRY_APPLICATION_ATTACH,
}
"""What each step needs; the grant holding it must also cover the application's scope."""


def today_of(session: AsyncSession) -> date:
    return clock_of(session).now().astimezone(SHANGHAI).date()


async def load_for_update(
    session: AsyncSession, actor: Actor, application_id: uuid.UUID
) -> Application:
    """The application, if the actor may see it, locked until the transaction ends: concurrent
    transitions queue here and the later ones find a newer version."""
    if dialect_name(session) == "sqlite":
        # SQLite locks the whole database, and only a write takes the lock: writing first
        # makes later writers wait (busy timeout) instead of failing on a stale snapshot.
        await session.execute(
            update(Application)
            .where(Application.id == application_id)
            .values(version=Application.version)
            .execution_options(synchronize_session=False)
        )
    stmt = (
        policy.visible_applications(actor)
        .where(Application.id == application_id)
        .execution_options(populate_existing=True)
    )
    if dialect_name(session) == "postgresql":
        stmt = stmt.with_for_update()
    application = await session.scalar(stmt)
    if application is None:
        raise NotFound("application", application_id, reason=RegistryProblem.APPLICATION_NOT_FOUND)
    return application


def check_version(application: Application, expected_version: int) -> None:
    if application.version != expected_version:
        raise StaleVersion(expected_version, application.version)


def clean_opinion(action: Action, opinion: str | None) -> str | None:
    text = " ".join((opinion or "").split()) or None
    if action in NEEDS_OPINION and text is None:
        raise ValidationFailed.on("opinion", "say why: the applicant reads this", Problem.REQUIRED)
    if text is not None and len(text) > MAX_OPINION:
        raise ValidationFailed.on(
            "opinion",
            f"must be at most {MAX_OPINION} characters",
            Problem.TOO_LONG,
            maximum=MAX_OPINION,
        )
    return text


async def flush_application(session: AsyncSession) -> None:
    try:
        await session.flush()
    except StaleDataError as exc:
        raise Conflict(
            "the application changed meanwhile: reload it", reason=Problem.STALE_VERSION
        ) from exc
    except IntegrityError as exc:
        raise Conflict(
            "another open application for this item was submitted meanwhile",
            reason=RegistryProblem.APPLICATION_OPENED_MEANWHILE,
        ) from exc


async def append_event(
    session: AsyncSession,
    actor: Actor,
    grant: Grant,
    application: Application,
    action: Action,
    from_status: ApplicationStatus | None,
    opinion: str | None,
    at: datetime,
) -> ApplicationEvent:
    last = await session.scalar(
        select(func.coalesce(func.max(ApplicationEvent.seq), 0)).where(
            ApplicationEvent.application_id == application.id
        )
    )
    event = ApplicationEvent(
        id=uuid.uuid4(),
        application_id=application.id,
        seq=int(last or 0) + 1,
        at=at,
        action=action.value,
        from_status=from_status,
        to_status=application.status,
        actor_account_id=actor.account_id,
        actor_role=grant.role.value,
        actor_name=actor.display_name[:64],
        opinion=opinion,
        version=application.version,
    )
    session.add(event)
    await session.flush()
    return event


def audit_actor(actor: Actor, grant: Grant) -> audit.AuditActor:
    """The audit entry names the role the actor used, not merely their first one."""
    actor_id = str(actor.account_id) if actor.account_id else None
    return audit.AuditActor(actor_id, grant.role.value, actor.client_address)


async def record_step(
    session: AsyncSession,
    actor: Actor,
    grant: Grant,
    application: Application,
    item: ApprovalItem,
    action: Action,
    from_status: ApplicationStatus | None,
    opinion: str | None,
    *,
    notify: bool = True,
) -> None:
    """Timeline, audit, outbox and notification of one step that has been flushed."""
    now = clock_of(session).now()
    await append_event(session, actor, grant, application, action, from_status, opinion, now)
    past = PAST_TENSE[action]
    summary = {
        "number": application.number,
        "item": application.item_code.value,
        "from": from_status.value if from_status else None,
        "to": application.status.value,
        "version": application.version,
    }
    await audit.record(
        session,
        audit_actor(actor, grant),
        f"registry.application.{past}",
        target_type="application",
        target_id=application.id,
        summary=summary,
    )
    if not notify:
        return
    await outbox.emit(
        session,
        f"application.{past}",
        {
            **summary,
            "application_id": str(application.id),
            "action": action.value,
            "authority_code": application.authority_code,
            "institution_id": str(application.institution_id or ""),
            "subject_person_id": str(application.subject_person_id or ""),
            "subject_institution_id": str(application.subject_institution_id or ""),
            "opinion": opinion,
            "at": now.isoformat(),
        },
    )
    if application.subject_person_id is not None:
        await notifier_of(session).notify_person(
            session,
            application.subject_person_id,
            messages.template_of(action),
            messages.params(application, item, opinion),
        )


def _run_clock(
    application: Application, action: Action, to: ApplicationStatus, today: date
) -> None:
    """Working days count from acceptance; a return pauses the clock, a resubmission resumes."""
    limit = application.time_limit_days
    if action is Action.ACCEPT:
        application.clock_started_on, application.clock_days_used = today, 0
        application.deadline = add_working_days(today, limit)
    elif action in (Action.RETURN, Action.WITHDRAW) and application.clock_started_on is not None:
        used = application.clock_days_used + working_days_between(
            application.clock_started_on, today
        )
        application.clock_days_used = used
        application.clock_started_on = None
        application.deadline = None
    elif action is Action.RESUBMIT and to is ApplicationStatus.UNDER_REVIEW:
        application.clock_started_on = today
        remaining = max(limit - application.clock_days_used, 0)
        application.deadline = add_working_days(today, remaining)


def authorize(actor: Actor, application: Application, action: Action) -> tuple[Step, Grant]:
    """The step ``action`` takes here and the grant that allows this actor to take it:
    InvalidState when the step is not legal now, PermissionDenied when it is not theirs."""
    step = plan(
        action,
        application.status,
        institution_review=application.institution_review,
        paper_required=application.paper_required,
        returned_from=application.returned_from,
    )
    grant = policy.acting_grant(actor, application, step.party, PERMISSION[action])
    if grant is None:
        raise PermissionDenied(
            f"only the {step.party.value.lower()} may {action.value.lower()} this application"
        )
    return step, grant


async def move(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    item: ApprovalItem,
    action: Action,
    opinion: str | None = None,
) -> Application:
    """Take ``action`` on a locked, version-checked application."""
    step, grant = authorize(actor, application, action)
    opinion = clean_opinion(action, opinion)
    now = clock_of(session).now()
    today = today_of(session)
    from_status = application.status
    _run_clock(application, action, step.to, today)
    if action is Action.RETURN:
        application.returned_from = from_status
    elif action is Action.RESUBMIT:
        application.returned_from = None
    if action is Action.ACCEPT:
        application.accepted_at = now
    if action in (Action.APPROVE, Action.REJECT, Action.REFUSE):
        application.decided_at = now
    if step.to in TERMINAL:
        application.open_guard = None
    application.status = step.to
    application.version += 1
    application.updated_at = now
    await flush_application(session)
    if step.to is ApplicationStatus.COMPLETED:
        await effects.complete(
            session, audit_actor(actor, grant), application, item, today=today, now=now
        )
    await record_step(session, actor, grant, application, item, action, from_status, opinion)
    return application

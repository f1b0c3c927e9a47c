"""Materials added after submission by the party handling the application: the institution
while it reviews first, the authority until the paper materials are confirmed. What the
applicant sent is kept as it was; the addition is a timeline event and an audit entry."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from access.permissions import require_signed_in
from core import audit
from core.clock import clock_of
from registry.workflow.attachments import add_to_submitted
from registry.workflow.models import Application
from registry.workflow.states import PAST_TENSE, Action
from registry.workflow.transitions import (
    append_event,
    audit_actor,
    authorize,
    check_version,
    flush_application,
    load_for_update,
)


async def add_materials(
    session: AsyncSession,
    actor: Actor,
    *,
    application_id: uuid.UUID,
    expected_version: int,
    attachment_ids: Sequence[uuid.UUID],
) -> Application:
    require_signed_in(actor)
    application = await load_for_update(session, actor, application_id)
    check_version(application, expected_version)
    _, grant = authorize(actor, application, Action.ADD_MATERIALS)
    added = await add_to_submitted(session, actor, application, attachment_ids)
    now = clock_of(session).now()
    application.version += 1
    application.updated_at = now
    await flush_application(session)
    await append_event(
        session, actor, grant, application, Action.ADD_MATERIALS, application.status, None, now
    )
    await audit.record(
        session,
        audit_actor(actor, grant),
        f"registry.application.{PAST_TENSE[Action.ADD_MATERIALS]}",
        target_type="application",
        target_id=application.id,
        summary={
            "number": application.number,
            "version": application.version,
            "attachments": [{"id": str(a.id), "kind": a.kind, "sha256": a.sha256} for a in added],
        },
    )
    return application

"""Demo applications: every state, several authorities, overdue ones, a consistent history."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import verify_chain
from core.clock import FixedClock
from demo.applications import load_application_demo
from registry.boards.notice_board import notices
from registry.workflow import queries
from registry.workflow.models import Application, ApplicationStatus
from tests.factories.workflow import City, RecordingNotifier

TODAY = date(2026, 11, 25)


async def test_demo_applications_cover_every_state(
    city: City, session: AsyncSession, clock: FixedClock, notifier: RecordingNotifier
) -> None:
    statuses = await load_application_demo(session, seed=7, today=TODAY)
    assert set(statuses) == set(ApplicationStatus)
    assert session.info["clock"] is clock  # the session's own ports are back
    assert session.info["notifier"] is notifier
    assert notifier.sent == []  # the simulated past texted nobody
    by_authority = dict(
        (
            await session.execute(
                select(Application.authority_code, func.count())
                .where(Application.authority_code.is_not(None))
                .group_by(Application.authority_code)
            )
        ).all()
    )
    assert set(by_authority) == {"310000", "310104", "310115"}
    overdue = await queries.workbench(
        session,
        city.officer_city,
        queries.WorkbenchFilter(overdue=True),
        today=TODAY,
        first=50,
        after=None,
    )
    assert overdue.items
    assert all(queries.is_overdue(a, TODAY) for a in overdue.items)
    board = await notices(session, "310115", today=TODAY, first=50, after=None)
    assert board.items
    assert (await verify_chain(session))[1] is None
    again = await load_application_demo(session, seed=7, today=TODAY)
    assert sum(again.values()) == sum(statuses.values())

"""Workflow tests run with stand-ins for identity's certification and notification ports
(the ``certification`` and ``notifier`` fixtures of ``tests.factories.workflow``)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from core.clock import FixedClock
from tests.factories.workflow import (
    City,
    FakeCertification,
    RecordingNotifier,
    workflow_sessions,
)


@pytest.fixture
def sessions(
    connection: AsyncConnection,
    clock: FixedClock,
    certification: FakeCertification,
    notifier: RecordingNotifier,
) -> async_sessionmaker[AsyncSession]:
    return workflow_sessions(connection, clock, certification, notifier)


@pytest.fixture
async def city(
    session: AsyncSession, certification: FakeCertification, notifier: RecordingNotifier
) -> City:
    return await City.build(session, certification, notifier)

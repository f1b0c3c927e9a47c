"""Every response the identity suite receives, and every log line it causes, is checked
for ID numbers and mobiles of anyone but the signed-in owner of that response."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from api.settings import Settings
from tests.factories import accounts
from tests.schema.identity.leaks import leaks_in


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return accounts.cheap_settings(tmp_path)


@pytest.fixture
def responses() -> Iterator[list[tuple[httpx.Request, httpx.Response]]]:
    recorded: list[tuple[httpx.Request, httpx.Response]] = []
    accounts.RECORDERS.append(recorded)
    yield recorded
    accounts.RECORDERS.remove(recorded)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with accounts.browser(app) as c:
        yield c


@pytest.fixture(autouse=True)
async def no_leaks(
    responses: list[tuple[httpx.Request, httpx.Response]],
    session: AsyncSession,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> AsyncIterator[None]:
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="medreg")
    yield
    captured = capsys.readouterr()
    log_text = "\n".join(
        [captured.out, captured.err, caplog.text] + [str(record.msg) for record in caplog.records]
    )
    # The test's own session: closing it would roll back what the requests committed.
    assert await leaks_in(session, responses, log_text) == []

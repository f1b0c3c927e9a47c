"""Readers never wait: GraphQL queries run in read-only transactions (on SQLite: deferred, on
a WAL snapshot), so 16 of them are answered while a writer holds the write lock; mutations
and units of work still take the write lock when they begin. Real commits, on a database of
its own."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import event, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from access.actor import Role
from api.app import create_app
from api.graphql import reads_only as graphql_reads_only
from api.settings import Settings
from core.clock import FixedClock
from core.db import read_only_transactions, reads_only, session_factory
from core.sqlite_driver import OneTripConnection
from core.uow import unit_of_work
from directory.models import Authority
from identity.models import AccountSession
from tests.factories import accounts
from tests.factories.accounts import POLICY
from tests.factories.database import TEST_KEYRING, committed_engine, is_postgres

READ = "{ authorities { code nameEn } institutions(first: 5) { edges { node { id } } } }"
WRITE = 'mutation { signIn(input: {identifier: "nobody", password: "wrong"}) { __typename } }'


@pytest.fixture(scope="module")
async def engine_of_its_own() -> AsyncIterator[AsyncEngine]:
    async with committed_engine() as engine:
        yield engine


@pytest.fixture
def own_app(engine_of_its_own: AsyncEngine, settings: Settings) -> Any:
    clock = FixedClock(datetime(2026, 11, 25, 2, 0, tzinfo=UTC))
    sessions = session_factory(engine_of_its_own, keyring=TEST_KEYRING, clock=clock)
    return create_app(settings, sessions=sessions, clock=clock)


async def _post(app: Any, query: str, n: int) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
        return list(
            await asyncio.gather(
                *(client.post("/graphql", json={"query": query}) for _ in range(n))
            )
        )


async def test_sixteen_readers_are_answered_while_a_writer_holds_the_lock(
    engine_of_its_own: AsyncEngine, own_app: Any
) -> None:
    async with engine_of_its_own.connect() as writer:
        await writer.begin()  # SQLite: BEGIN IMMEDIATE, the write lock is held from here
        await writer.execute(
            update(Authority).where(Authority.code == "310115").values(name_en="Uncommitted")
        )
        answers = await asyncio.wait_for(_post(own_app, READ, 16), timeout=120)
        assert writer.in_transaction()  # still holding the lock: nobody waited for it
        names = await writer.scalar(select(Authority.name_en).where(Authority.code == "310115"))
        assert names == "Uncommitted"
        await writer.rollback()
    for response in answers:
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body
        by_code = {a["code"]: a["nameEn"] for a in body["data"]["authorities"]}
        assert len(by_code) == 17
        assert by_code["310115"] != "Uncommitted"  # the committed snapshot, never the draft


@pytest.mark.skipif(is_postgres(), reason="SQLite's BEGIN modes; PostgreSQL readers never lock")
async def test_queries_begin_deferred_and_mutations_take_the_write_lock(
    own_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    begins: list[str] = []
    take_begin = OneTripConnection.take_begin

    def record(self: OneTripConnection) -> str | None:
        """The BEGIN each transaction sends SQLite with its first statement."""
        begin = take_begin(self)
        if begin is not None:
            begins.append(begin)
        return begin

    monkeypatch.setattr(OneTripConnection, "take_begin", record)
    [read] = await _post(own_app, READ, 1)
    assert "errors" not in read.json()
    read_begins = list(begins)
    begins.clear()
    [write] = await _post(own_app, WRITE, 1)
    assert write.json()["data"]["signIn"]["__typename"]
    assert read_begins == ["BEGIN"]
    assert begins
    assert set(begins) == {"BEGIN IMMEDIATE"}


async def test_a_unit_of_work_inside_a_read_only_request_writes(
    engine_of_its_own: AsyncEngine,
) -> None:
    sessions = session_factory(engine_of_its_own, keyring=TEST_KEYRING)
    with read_only_transactions():
        assert reads_only()
        async with unit_of_work(sessions):
            assert not reads_only()
        assert reads_only()
    assert not reads_only()


def test_statistics_reads_are_writing_transactions() -> None:
    """Statistics reads are audited: their transaction takes the write lock from the start,
    while other queries stay read-only and mutations write."""

    def body(document: str) -> bytes:
        return json.dumps({"query": document}).encode()

    assert graphql_reads_only(body("{ authorities { code } }"), 3000)
    assert not graphql_reads_only(body("{ rolloutSupervision { asOf } }"), 3000)
    assert not graphql_reads_only(
        body("{ authorities { code } resourceStatistics { asOf } }"), 3000
    )
    assert not graphql_reads_only(
        body("query { ...F } fragment F on Query { authorities { code } }"), 3000
    )
    assert not graphql_reads_only(body("mutation { logout { revokedSessions } }"), 3000)


async def test_of_a_pages_queries_one_writes_the_due_session_touch(
    engine_of_its_own: AsyncEngine, settings: Settings
) -> None:
    """A page sends several queries at once; when the session's touch falls due, one of them
    writes it and the others only read (each write would take SQLite's write lock)."""
    clock = FixedClock(datetime(2026, 11, 25, 2, 0, tzinfo=UTC))
    sessions = session_factory(engine_of_its_own, keyring=TEST_KEYRING, clock=clock)
    app = create_app(settings, sessions=sessions, clock=clock)
    async with unit_of_work(sessions) as session:
        account, _secret = await accounts.staff(session, Role.SYSTEM_ADMIN)
        token = await accounts.session_token(session, account)
    clock.advance(POLICY.touch_interval + timedelta(seconds=1))
    touches: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("UPDATE account_session"):
            touches.append(statement)

    event.listen(engine_of_its_own.sync_engine, "before_cursor_execute", record)
    try:
        async with accounts.browser(app, token) as browser:
            answers = await asyncio.gather(
                *(
                    browser.post("/graphql", json={"query": "{ me { account { id } } }"})
                    for _ in range(16)
                )
            )
    finally:
        event.remove(engine_of_its_own.sync_engine, "before_cursor_execute", record)
    assert all(a.json()["data"]["me"] is not None for a in answers)
    assert len(touches) == 1
    async with sessions() as session:
        seen = await session.scalar(
            select(AccountSession.last_seen_at).where(AccountSession.account_id == account.id)
        )
    assert seen == clock.now()

"""Keyset pages: every row once, in order, across pages; a first page's ordered statement is
built once per statement and keys, with the page size a bound parameter beside the
statement's own; statements built per request never pile up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import pagination
from core.db import create_engine
from core.pagination import Key, page

metadata = MetaData()
things = Table(
    "things",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String),
    Column("kind", String),
)
BY_NAME = [Key(things.c.name, lambda r: r.name, str), Key(things.c.id, lambda r: r.id, int)]


@pytest.fixture
async def session(tmp_path: Path) -> AsyncIterator[AsyncSession]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/pages.db")
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        rows = [
            {"id": i, "name": f"n{i % 7}", "kind": "odd" if i % 2 else "even"} for i in range(1, 26)
        ]
        await conn.execute(insert(things), rows)
    async with async_sessionmaker(engine)() as session:
        yield session
    await engine.dispose()


async def test_pages_hold_every_row_once_in_order(session: AsyncSession) -> None:
    stmt = select(things).where(things.c.kind == bindparam("kind"))
    seen: list[tuple[str, int]] = []
    after = None
    while True:
        found = await page(
            session, stmt, BY_NAME, first=4, after=after, scalars=False, parameters={"kind": "odd"}
        )
        seen += [(r.name, r.id) for r in found.items]
        if not found.has_next:
            break
        after = found.cursors[-1]
    expected = sorted((f"n{i % 7}", i) for i in range(1, 26, 2))
    assert seen == expected


def test_a_first_page_statement_is_built_once_and_per_request_ones_do_not_pile_up() -> None:
    stmt = select(things)
    first = pagination._first_page(stmt, BY_NAME)
    assert pagination._first_page(stmt, BY_NAME) is first
    assert pagination._first_page(select(things), BY_NAME) is not first  # another statement
    for _ in range(pagination._FIRST_PAGES_MAX + 10):
        pagination._first_page(select(things), BY_NAME)
    assert len(pagination._FIRST_PAGES) <= pagination._FIRST_PAGES_MAX

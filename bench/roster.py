"""Institution roster: an institution with 5,000 staff (4,800 registered there, 200 doctors
filed there) among 20,000 practitioners of other institutions. Budget (DESIGN.md §8): first
page of 50 ≤ 30 ms median; SQL statements per request do not grow with the page size.

    python bench/roster.py [--runs 200] [--url postgresql+psycopg://…]   (default: SQLite)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAFF = 5_000
FILED = 200
OTHERS = 20_000
TODAY = date(2026, 11, 25)
QUERY = """
query R($id: ID!, $first: Int!) {
  institutionRoster(institutionId: $id, first: $first) {
    edges { node { name number status profession relation expiringSoon validUntil } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def seed(engine: Any) -> uuid.UUID:
    from sqlalchemy import insert

    from directory.models import Institution, Person, Practitioner
    from registry.registrations.models import Filing, Registration

    rng = random.Random(2026)
    now = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    institutions = [uuid.uuid4() for _ in range(41)]
    target = institutions[0]
    rows: dict[Any, list[dict[str, Any]]] = {Institution: [], Person: [], Practitioner: []}
    rows[Registration] = []
    rows[Filing] = []
    for n, inst in enumerate(institutions):
        rows[Institution].append(
            {
                "id": inst,
                "uscc": f"BENCH{n:013d}",
                "licence_number": f"BENCH-L-{n}",
                "name": f"基准医院{n:02d}",
                "type": "GENERAL_HOSPITAL",
                "level": "TERTIARY",
                "beds": 1500,
                "district_code": "310115",
                "authority_code": "310115",
                "status": "ACTIVE",
                "subjects": ["内科"],
                "created_at": now,
            }
        )
    surnames, given = (
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗",
        "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂",
    )
    for i in range(STAFF - FILED + OTHERS + FILED):
        person, practitioner, reg = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        doctor = i % 3 == 0
        primary = target if i < STAFF - FILED else institutions[1 + i % 40]
        rows[Person].append(
            {
                "id": person,
                "name": rng.choice(surnames) + rng.choice(given) + rng.choice(given),
                "id_number_enc": os.urandom(40),
                "id_number_index": uuid.uuid4().hex + uuid.uuid4().hex,
                "id_number_masked": "3101**********0000",
                "sex": "FEMALE",
                "birth_date": date(1990, 1, 1),
                "created_at": now,
            }
        )
        rows[Practitioner].append(
            {
                "id": practitioner,
                "person_id": person,
                "profession": "DOCTOR" if doctor else "NURSE",
                "created_at": now,
            }
        )
        rows[Registration].append(
            {
                "id": reg,
                "number": f"{'YS' if doctor else 'HS'}310115-2020-{i:07d}",
                "subject": "DOCTOR" if doctor else "NURSE",
                "practitioner_id": practitioner,
                "institution_id": primary,
                "authority_code": "310115",
                "status": "ACTIVE",
                "valid_from": date(2022, 1, 1),
                "valid_until": None if doctor else TODAY + timedelta(days=rng.randrange(1, 1800)),
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
        if i >= STAFF - FILED + OTHERS:  # the last 200: filed at the target institution
            rows[Filing].append(
                {
                    "id": uuid.uuid4(),
                    "registration_id": reg,
                    "institution_id": target,
                    "status": "ACTIVE",
                    "filed_at": now,
                }
            )
    async with engine.begin() as conn:
        for model in (Institution, Person, Practitioner, Registration, Filing):
            batch = rows[model]
            for start in range(0, len(batch), 2000):
                await conn.execute(insert(model), batch[start : start + 2000])
    return target


async def measure(url: str, runs: int) -> None:
    import httpx
    from sqlalchemy import event

    from access.actor import Actor, Grant, Role
    from api.app import create_app
    from api.migrate import upgrade_connection
    from api.settings import Settings
    from core.clock import FixedClock
    from core.crypto import Keyring
    from core.db import create_engine, session_factory
    from registry.boards import roster
    from schema.node import to_global_id

    engine = create_engine(url)
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            from sqlalchemy import text

            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await conn.run_sync(upgrade_connection)
    started = time.perf_counter()
    target = await seed(engine)
    if engine.dialect.name == "postgresql":
        from sqlalchemy import text

        async with engine.begin() as conn:
            await conn.execute(text("ANALYZE"))
    print(f"seeded {STAFF + OTHERS:,} registrations in {time.perf_counter() - started:.1f} s")
    clock = FixedClock(datetime(2026, 11, 25, 2, 0, tzinfo=UTC))
    sessions = session_factory(engine, keyring=Keyring.from_master(b"b" * 32), clock=clock)
    staff = Actor(
        account_id=uuid.uuid4(), grants=(Grant(Role.INSTITUTION_OPERATOR, institution_id=target),)
    )

    async def service_call() -> int:
        async with sessions() as session:
            page = await roster.roster_page(
                session, staff, target, roster.RosterFilter(), today=TODAY, first=50, after=None
            )
        return len(page.items)

    for _ in range(20):
        await service_call()
    timings = []
    for _ in range(runs):
        t0 = time.perf_counter()
        assert await service_call() == 50
        timings.append((time.perf_counter() - t0) * 1000)
    print(
        f"service: first page of 50, median {statistics.median(timings):.2f} ms "
        f"(p95 {sorted(timings)[int(runs * 0.95) - 1]:.2f} ms; budget ≤ 30 ms)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), database_url=url, web_dist=Path(tmp) / "none")

        async def resolve(_request: Any, _session: Any) -> Actor:
            return staff

        app = create_app(settings, sessions=sessions, clock=clock, resolve_actor=resolve)
        counter = {"n": 0}

        def count(*_args: Any) -> None:
            counter["n"] += 1

        event.listen(engine.sync_engine, "before_cursor_execute", count)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://bench") as client:
            variables = {"id": to_global_id("Institution", target)}

            async def post(first: int) -> None:
                r = await client.post(
                    "/graphql", json={"query": QUERY, "variables": {**variables, "first": first}}
                )
                assert r.status_code == 200, r.text
                assert "errors" not in r.json(), r.text

            for _ in range(20):
                await post(50)
            timings = []
            for _ in range(runs):
                t0 = time.perf_counter()
                await post(50)
                timings.append((time.perf_counter() - t0) * 1000)
            print(
                f"GraphQL over ASGI: first page of 50, median {statistics.median(timings):.2f} ms"
            )
            for first in (10, 50, 100):
                counter["n"] = 0
                await post(first)
                print(f"statements for a page of {first:>3}: {counter['n']}")
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--url", help="database URL (its schema is dropped and re-created)")
    args = parser.parse_args()
    from api.logging import configure_logging

    configure_logging("WARNING")
    if args.url:
        asyncio.run(measure(args.url, args.runs))
        return
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(measure(f"sqlite+aiosqlite:///{tmp}/roster.db", args.runs))


if __name__ == "__main__":
    main()

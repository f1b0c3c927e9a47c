"""The ceiling for bench/load.py: the directory and workbench pages written by hand with
Starlette and SQLAlchemy Core against the same database, producing the same JSON as the
GraphQL documents ``DIRECTORY`` and ``WORKBENCH`` of bench/load_mix.py (load.py checks that
the two answers are equal before it measures).

    MEDREG_DATABASE_URL=… python -m bench.handwritten PORT
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
from datetime import UTC, date, datetime
from typing import Any

import orjson
from sqlalchemy import Date, and_, func, literal, select
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.db import create_engine, read_only_transactions
from directory.models import Authority, Institution
from identity.models import Account, AccountSession, RoleGrant
from registry.catalogue.models import ApprovalItem
from registry.workflow.models import Application

FAR_FUTURE = date(9999, 12, 31)
OFFICER_STATUSES = ("AWAITING_ACCEPTANCE", "UNDER_REVIEW", "AWAITING_PAPER")
OFFICER_ROLES = ("AUTHORITY_OFFICER", "AUTHORITY_ADMIN")
MUNICIPAL = "310000"
COOKIE = "medreg_session"

inst, auth, app_t, item = (
    Institution.__table__,
    Authority.__table__,
    Application.__table__,
    ApprovalItem.__table__,
)
sess_t, acct, grant_t = AccountSession.__table__, Account.__table__, RoleGrant.__table__


def global_id(kind: str, key: Any) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{key}".encode()).decode().rstrip("=")


def cursor(values: list[Any]) -> str:
    raw = orjson.dumps([str(v) for v in values])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def utc(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def as_json(data: Any) -> Response:
    body = json.dumps({"data": data}, ensure_ascii=False, separators=(",", ":"), default=str)
    return Response(body.encode(), media_type="application/json")


DIRECTORY_SQL = (
    select(inst.c.id, inst.c.name, inst.c.type, auth.c.code, auth.c.name_zh)
    .join(auth, auth.c.code == inst.c.district_code)
    .where(inst.c.status != "CANCELLED")
    .order_by(inst.c.name, inst.c.id)
    .limit(21)
)


def directory_route(engine: AsyncEngine) -> Any:
    async def directory(_request: Request) -> Response:
        with read_only_transactions():
            async with engine.connect() as conn:
                rows = (await conn.execute(DIRECTORY_SQL)).all()
        edges = [
            {
                "node": {
                    "id": global_id("Institution", r.id),
                    "name": r.name,
                    "type": r.type,
                    "district": {"code": r.code, "nameZh": r.name_zh},
                }
            }
            for r in rows[:20]
        ]
        last = rows[:20][-1] if rows else None
        end = cursor([last.name, last.id]) if last else None
        page = {"hasNextPage": len(rows) > 20, "endCursor": end}
        return as_json({"institutions": {"edges": edges, "pageInfo": page}})

    return directory


async def officer_codes(conn: Any, token: str) -> list[str] | None:
    """The authorities of a live session's officer grants; ``None`` when not signed in."""
    now = datetime.now(UTC)
    found = (
        await conn.execute(
            select(sess_t.c.account_id, sess_t.c.last_seen_at, sess_t.c.idle_seconds)
            .join(acct, acct.c.id == sess_t.c.account_id)
            .where(
                sess_t.c.token_hash == hashlib.sha256(token.encode()).hexdigest(),
                sess_t.c.revoked_at.is_(None),
                sess_t.c.expires_at > now,
                acct.c.status == "ACTIVE",
            )
        )
    ).first()
    if found is None:
        return None
    codes = await conn.scalars(
        select(grant_t.c.authority_code).where(
            grant_t.c.account_id == found.account_id, grant_t.c.role.in_(OFFICER_ROLES)
        )
    )
    return [c for c in codes if c]


DEADLINE = func.coalesce(app_t.c.deadline, literal(FAR_FUTURE, Date))
SUBMITTED = func.coalesce(app_t.c.submitted_at, app_t.c.created_at)


def workbench_route(engine: AsyncEngine) -> Any:
    async def workbench(request: Request) -> Response:
        token = request.cookies.get(COOKIE, "")
        with read_only_transactions():
            async with engine.connect() as conn:
                codes = await officer_codes(conn, token)
                if not codes:
                    return Response(status_code=403)
                where = [app_t.c.status.in_(OFFICER_STATUSES)]
                if MUNICIPAL not in codes:
                    where.append(app_t.c.authority_code.in_(codes))
                stmt = (
                    select(
                        app_t.c.id,
                        app_t.c.number,
                        app_t.c.status,
                        app_t.c.deadline,
                        app_t.c.submitted_at,
                        app_t.c.created_at,
                        item.c.code,
                        item.c.name_zh,
                        inst.c.id.label("inst_id"),
                        inst.c.name.label("inst_name"),
                    )
                    .join(item, item.c.code == app_t.c.item_code)
                    .outerjoin(inst, inst.c.id == app_t.c.institution_id)
                    .where(and_(*where))
                    .order_by(DEADLINE, SUBMITTED, app_t.c.id)
                    .limit(21)
                )
                rows = (await conn.execute(stmt)).all()
        edges = []
        for r in rows[:20]:
            submitted = utc(r.submitted_at)
            edges.append(
                {
                    "node": {
                        "id": global_id("Application", r.id),
                        "number": r.number,
                        "status": r.status,
                        "deadline": r.deadline.isoformat() if r.deadline else None,
                        "submittedAt": submitted.isoformat() if submitted else None,
                        "item": {"code": r.code, "nameZh": r.name_zh},
                        "institution": (
                            {"id": global_id("Institution", r.inst_id), "name": r.inst_name}
                            if r.inst_id
                            else None
                        ),
                    }
                }
            )
        last = rows[min(len(rows), 20) - 1] if rows else None
        end = None
        if last is not None:
            submitted = utc(last.submitted_at or last.created_at)
            end = cursor([last.deadline or FAR_FUTURE, submitted, last.id])
        page = {"hasNextPage": len(rows) > 20, "endCursor": end}
        return as_json({"workbench": {"edges": edges, "pageInfo": page}})

    return workbench


def build(url: str) -> Starlette:
    engine = create_engine(url)
    return Starlette(
        routes=[
            Route("/hand/directory", directory_route(engine), methods=["POST"]),
            Route("/hand/workbench", workbench_route(engine), methods=["POST"]),
        ]
    )


if __name__ == "__main__":
    import uvicorn

    port = int(sys.argv[1])
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    os.environ.setdefault("MEDREG_DATABASE_URL", "sqlite+aiosqlite:///var/medreg.db")
    if workers > 1:
        uvicorn.run(
            "bench.handwritten:factory",
            factory=True,
            host="127.0.0.1",
            port=port,
            workers=workers,
            log_level="warning",
            access_log=False,
        )
    else:
        uvicorn.run(
            build(os.environ["MEDREG_DATABASE_URL"]),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            access_log=False,
        )


def factory() -> Starlette:
    return build(os.environ["MEDREG_DATABASE_URL"])

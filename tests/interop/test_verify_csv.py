"""Bulk verification from a CSV file uploaded by institution staff: each row answered with
its status and its row number; hostile files (huge, wrong encoding, binary, too many lines,
broken quoting) refused whole with a code; only staff with the permission, only with the
upload header; parsing off the event loop."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from access.actor import Actor, Grant, Role
from certificates.pki import Pki
from core.clock import FixedClock
from interop import verify_csv
from interop.verify import BulkError, Line
from tests.factories.clients import app_with_named_actors
from tests.factories.licences import licence_settings
from tests.factories.verification import three_licences

UPLOAD = {"x-medreg-upload": "1", "content-type": "text/csv"}


def test_rows_become_lines() -> None:
    text = (
        "证照编号,姓名\r\n"
        "HS310115-2026-000001, 王丽 \r\n"
        "\r\n"
        "eyJhbGciOiJFUzI1NiJ9.e30.sig\r\n"
        "https://medreg.example/v/eyJhbGciOiJFUzI1NiJ9.e30.sig\r\n"
        "HS310115-2026-000002\r\n"
        "HS310115-2026-000003,,\r\n"
        "a,b,c\r\n"
        '"quoted, number",李娜\r\n'
    )
    read = verify_csv.read(text.encode())
    assert read.rows == [2, 4, 5, 6, 7, 8, 9]
    assert read.lines == [
        Line(number="HS310115-2026-000001", name="王丽"),
        Line(token="eyJhbGciOiJFUzI1NiJ9.e30.sig"),
        Line(token="eyJhbGciOiJFUzI1NiJ9.e30.sig"),
        "NUMBER_AND_NAME_OR_TOKEN_REQUIRED",
        "NUMBER_AND_NAME_OR_TOKEN_REQUIRED",
        "NUMBER_AND_NAME_OR_TOKEN_REQUIRED",
        Line(number="quoted, number", name="李娜"),
    ]


def test_spreadsheet_encodings() -> None:
    row = "HS310115-2026-000001,王丽\r\n"
    for data in (row.encode("utf-8-sig"), row.encode("gb18030"), row.encode()):
        assert verify_csv.read(data).lines == [Line(number="HS310115-2026-000001", name="王丽")]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "NO_LINES"),
        (b"\r\n ,\r\n", "NO_LINES"),
        (b"number,name\r\n", "NO_LINES"),
        (b"%PDF-1.7\x00\x00\xff\xfe", "ENCODING_INVALID"),
        (b"\xff\xfe\xfa\xfb\x80\x80", "ENCODING_INVALID"),
        (b"a" * (verify_csv.MAX_CSV_BYTES + 1), "BODY_TOO_LARGE"),
        (b"A,B\n" * 1001, "TOO_MANY_LINES"),
        (b'"' + b"x" * 200_000, "CSV_INVALID"),
    ],
)
def test_hostile_files_are_refused_whole(data: bytes, code: str) -> None:
    with pytest.raises(BulkError) as refused:
        verify_csv.read(data)
    assert refused.value.code == code


def test_a_thousand_lines_are_fine() -> None:
    assert len(verify_csv.read(b"A,B\n" * 1000).lines) == 1000


@pytest.fixture
async def http(
    licence_home: Path,
    sessions: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    actors: dict[str, Actor],
) -> AsyncIterator[httpx.AsyncClient]:
    actors.update(
        operator=Actor(
            account_id=uuid.uuid4(),
            grants=(Grant(Role.INSTITUTION_OPERATOR, institution_id=uuid.uuid4()),),
        ),
        officer=Actor(
            account_id=uuid.uuid4(),
            grants=(Grant(Role.AUTHORITY_OFFICER, authority_code="310115"),),
        ),
        practitioner=Actor(account_id=uuid.uuid4(), grants=(Grant(Role.PRACTITIONER),)),
    )
    app = app_with_named_actors(licence_settings(licence_home), sessions, clock, actors)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
        yield c


def as_actor(name: str) -> dict[str, str]:
    return {**UPLOAD, "x-test-actor": name}


async def test_staff_upload_answers_each_row(
    http: httpx.AsyncClient, session: AsyncSession, licence_pki: Pki
) -> None:
    (valid, suspended, revoked) = await three_licences(session, licence_pki)
    text = "\r\n".join(
        [
            "证照编号,姓名",
            f"{valid[0]},{valid[1]}",
            f"{suspended[0]},{suspended[1]}",
            f"https://medreg.example/v/{revoked[2]}",
            f"{valid[0]},别人",
            f"{valid[0]},{valid[1]},extra",
        ]
    )
    for actor in ("operator", "officer"):
        answer = await http.post(
            "/api/verify/csv", content=text.encode("gb18030"), headers=as_actor(actor)
        )
        assert answer.status_code == 200, answer.text
        results = answer.json()["results"]
        assert [(r["line"], r["status"]) for r in results] == [
            (2, "VALID"),
            (3, "SUSPENDED"),
            (4, "REVOKED"),
            (5, "NOT_FOUND"),
            (6, "INVALID"),
        ]
        assert results[0]["holderName"] == valid[1]
        assert results[4]["code"] == "NUMBER_AND_NAME_OR_TOKEN_REQUIRED"


async def test_refusals(http: httpx.AsyncClient) -> None:
    body = b"HS310115-2026-000001,\xe7\x8e\x8b\r\n"
    no_header = await http.post(
        "/api/verify/csv", content=body, headers={"x-test-actor": "operator"}
    )
    assert (no_header.status_code, no_header.json()["code"]) == (403, "UPLOAD_HEADER_MISSING")
    anonymous = await http.post("/api/verify/csv", content=body, headers=UPLOAD)
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "UNAUTHENTICATED")
    practitioner = await http.post(
        "/api/verify/csv", content=body, headers=as_actor("practitioner")
    )
    assert (practitioner.status_code, practitioner.json()["code"]) == (403, "FORBIDDEN")
    huge = await http.post(
        "/api/verify/csv",
        content=b"A,B\n" * 300_000,
        headers=as_actor("operator"),
    )
    assert (huge.status_code, huge.json()["code"]) == (413, "BODY_TOO_LARGE")
    many = await http.post("/api/verify/csv", content=b"A,B\n" * 1001, headers=as_actor("operator"))
    assert (many.status_code, many.json()) == (413, {"code": "TOO_MANY_LINES", "maximum": 1000})
    binary = await http.post(
        "/api/verify/csv", content=b"\x89PNG\r\n\x1a\n\x00\x00", headers=as_actor("operator")
    )
    assert (binary.status_code, binary.json()["code"]) == (400, "ENCODING_INVALID")


async def test_a_few_files_a_minute(http: httpx.AsyncClient) -> None:
    codes = [
        (
            await http.post("/api/verify/csv", content=b"A,B\n", headers=as_actor("officer"))
        ).status_code
        for _ in range(7)
    ]
    assert codes == [200] * 6 + [429]

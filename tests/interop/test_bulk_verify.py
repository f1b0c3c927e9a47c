"""``POST /api/verify``: an employer checks many licences at once, by number and name or by
QR token, with the ``verify.bulk`` scope."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from certificates.pki import Pki
from tests.factories.machine import bearer
from tests.factories.verification import three_licences


async def test_each_line_gets_its_status(
    machine_http: httpx.AsyncClient, session: AsyncSession, licence_pki: Pki
) -> None:
    (valid, suspended, revoked) = await three_licences(session, licence_pki)
    headers = await bearer(machine_http, session, "verify.bulk")
    forged = valid[2][:-4] + ("AAAA" if not valid[2].endswith("AAAA") else "BBBB")
    lines = [
        {"number": valid[0], "name": valid[1]},
        {"number": suspended[0], "name": suspended[1]},
        {"token": revoked[2]},
        {"number": valid[0], "name": "别人"},
        {"number": "HS310115-2026-999999", "name": valid[1]},
        {"token": forged},
        {"number": valid[0]},
        "garbage",
    ]
    answer = await machine_http.post("/api/verify", json={"lines": lines}, headers=headers)
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["status"] for r in results] == [
        "VALID",
        "SUSPENDED",
        "REVOKED",
        "NOT_FOUND",
        "NOT_FOUND",
        "FORGED",
        "INVALID",
        "INVALID",
    ]
    assert [r["line"] for r in results] == list(range(1, 9))
    assert results[0]["number"] == valid[0]
    assert results[0]["authority"] == "310115"
    assert results[6]["code"] == "NUMBER_AND_NAME_OR_TOKEN_REQUIRED"
    assert results[7]["code"] == "LINE_INVALID"
    # A wrong name answers exactly like an unknown number: nothing to learn about holders.
    assert results[3] == {**results[4], "line": 4}


async def test_limits_and_scope(
    machine_http: httpx.AsyncClient, session: AsyncSession, licence_pki: Pki
) -> None:
    headers = await bearer(machine_http, session, "verify.bulk")
    line = {"number": "HS1", "name": "某"}
    too_many = await machine_http.post(
        "/api/verify", json={"lines": [line] * 1001}, headers=headers
    )
    assert (too_many.status_code, too_many.json()["code"]) == (413, "TOO_MANY_LINES")
    full = await machine_http.post("/api/verify", json={"lines": [line] * 1000}, headers=headers)
    assert full.status_code == 200
    assert len(full.json()["results"]) == 1000
    for body, code in (({"lines": []}, "NO_LINES"), ({"x": 1}, "BODY_INVALID")):
        bad = await machine_http.post("/api/verify", json=body, headers=headers)
        assert (bad.status_code, bad.json()["code"]) == (400, code)
    broken = await machine_http.post("/api/verify", content=b"{not json", headers=headers)
    assert broken.json()["code"] == "BODY_INVALID"
    reader = await bearer(machine_http, session, "fhir.read")
    refused = await machine_http.post("/api/verify", json={"lines": [line]}, headers=reader)
    assert (refused.status_code, refused.json()["code"]) == (403, "INSUFFICIENT_SCOPE")
    anonymous = await machine_http.post("/api/verify", json={"lines": [line]})
    assert anonymous.status_code == 401

"""The public verifications with generated input (a licence number and a holder's name, a QR
token): always a verification or a coded error. A nurse named with a Supplementary-Plane
character (王𠈌华) gets a licence whose text layer, token and lookup all carry the name."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from access.actor import Actor
from api.settings import Settings
from tests.factories import inputs
from tests.factories.clients import gql_as
from tests.factories.licences import Issued, issue_nurse_licence, licence_settings, require_tool
from tests.factories.workflow import City
from tests.schema.certificates.documents import LOOKUP, VERIFY

NAME = "王𠈌华"
IN_DATABASE = settings(
    max_examples=inputs.examples(20),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
STATUSES = {"VALID", "SUPERSEDED", "SUSPENDED", "REVOKED", "EXPIRED", "FORGED"}


@pytest.fixture(name="settings")
def unthrottled(licence_home: Path) -> Settings:
    """Lookups unthrottled, so every example reaches the lookup itself."""
    return licence_settings(licence_home, licence_lookup_limits="100000/minute")


@pytest.fixture
async def holder(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    app: Starlette,
    city: City,
    actors: dict[str, Actor],
) -> Issued:
    return await issue_nurse_licence(session, sessions, app, city, actors, "wang", NAME)


def pdf_text(pdf: bytes) -> str:
    tool = require_tool("pdftotext", "poppler-utils")
    result = subprocess.run([tool, "-", "-"], input=pdf, capture_output=True, check=True)
    return re.sub(r"\s+", "", result.stdout.decode())


async def lookup(client: httpx.AsyncClient, number: str, name: str) -> dict[str, Any]:
    body = await gql_as(client, None, LOOKUP, {"number": number, "holderName": name})
    for error in body.get("errors") or []:  # only the refusal of text holding NUL
        assert error["extensions"]["code"] == "VALIDATION", body
        return {}
    result: dict[str, Any] = body["data"]["lookupLicence"]
    return result


async def test_a_supplementary_plane_name_is_printed_signed_and_verified(
    client: httpx.AsyncClient, holder: Issued
) -> None:
    assert holder.licence.pdf is not None
    assert NAME in pdf_text(holder.licence.pdf)
    body = await gql_as(client, None, VERIFY, {"token": holder.token})
    assert body["data"]["verifyLicence"]["holderName"] == NAME
    found = await lookup(client, holder.number, NAME)
    assert (found["status"], found["holderName"]) == ("VALID", "王*华")


@IN_DATABASE
@given(
    number=st.one_of(st.none(), inputs.hostile_text()),
    name=st.one_of(st.just(NAME), inputs.names(), inputs.hostile_text()),
)
async def test_a_lookup_answers_any_number_and_name(
    client: httpx.AsyncClient, holder: Issued, number: str | None, name: str
) -> None:
    result = await lookup(client, holder.number if number is None else number, name)
    if not result:
        return
    if result["__typename"] == "LicenceVerification":
        assert result["status"] in STATUSES
        assert result["number"] == holder.number
    else:
        assert result["__typename"] in {"ValidationError", "NotFound"}, result
        assert result["reason"], result


@IN_DATABASE
@given(
    token=st.one_of(
        inputs.hostile_text(max_size=400),
        st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
        st.data(),
    )
)
async def test_a_verification_answers_any_token(
    client: httpx.AsyncClient, holder: Issued, token: Any
) -> None:
    if not isinstance(token, str):  # a real token with one character changed
        # (not the last: some of its bits are padding, so another letter can mean the same)
        at = token.draw(st.integers(min_value=0, max_value=len(holder.token) - 2))
        swap = token.draw(st.sampled_from("A_-.x"))
        token = holder.token[:at] + swap + holder.token[at + 1 :]
    body = await gql_as(client, None, VERIFY, {"token": token})
    if body.get("errors"):
        assert body["errors"][0]["extensions"]["code"] == "VALIDATION", body
        return
    verified = body["data"]["verifyLicence"]
    assert verified["status"] in STATUSES
    if token != holder.token:
        assert verified["status"] == "FORGED", (token, verified)

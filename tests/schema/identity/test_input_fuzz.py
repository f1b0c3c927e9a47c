"""Activation and certification requests with generated input: valid identifiers as people type
them, rare and Supplementary-Plane characters, and anything at all. Every answer is a result
member or a coded error (never an unexpected one), and a name with 𠈌 comes back unchanged."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from tests import factories
from tests.factories import accounts, inputs
from tests.factories.clients import gql
from tests.schema.identity.activation import activate
from tests.schema.identity.documents import START_ACTIVATION

IN_DATABASE = settings(
    max_examples=inputs.examples(20),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
REQUEST_CERTIFICATION = """
mutation R($input: RequestCertificationInput!) {
  requestCertification(input: $input) {
    __typename
    ... on CertificationUpdated { certification { id status institution { name } } }
    ... on Error { code reason params { name value } }
    ... on ValidationError { fields { field code } }
  }
}
"""
_addresses = itertools.count(1)


def member_or_coded_error(body: dict[str, Any], field: str) -> dict[str, Any] | None:
    """The result member, or ``None`` when the request was refused with a coded top-level
    error; an unexpected error fails."""
    for error in body.get("errors") or []:
        extensions = error.get("extensions") or {}
        assert extensions.get("code") not in (None, "INTERNAL"), body
        assert "reason" in extensions, body
    if body.get("data") is None:
        return None
    result: dict[str, Any] = body["data"][field]
    if result["__typename"] not in ("CodeSent", "CertificationUpdated"):
        assert result["reason"], result  # a ProblemCode (the schema admits no other)
    for problem in result.get("fields") or []:
        assert problem["code"], result
    return result


def fresh_phone(app: Starlette) -> Any:
    """A phone of its own, so the per-client throttle of code requests never answers first."""
    n = next(_addresses)
    return accounts.browser(app, address=f"198.18.{n // 250}.{n % 250 + 1}")


@IN_DATABASE
@given(
    name=st.one_of(inputs.names(), inputs.hostile_text()),
    id_number=st.one_of(inputs.typed_resident_ids().map(lambda t: t[0]), inputs.hostile_text()),
    mobile=st.one_of(inputs.typed_mobiles().map(lambda t: t[0]), inputs.hostile_text()),
)
async def test_start_activation_answers_any_input_with_a_member(
    app: Starlette, name: str, id_number: str, mobile: str
) -> None:
    async with fresh_phone(app) as phone:
        body = await gql(
            phone,
            START_ACTIVATION,
            {"input": {"name": name, "idNumber": id_number, "mobile": mobile}},
        )
    member_or_coded_error(body, "startActivation")


@settings(IN_DATABASE, max_examples=inputs.examples(4))
@given(name=inputs.sip_names())
async def test_a_name_with_rare_characters_comes_back_unchanged(
    app: Starlette, session: AsyncSession, name: str
) -> None:
    # Each example a person of its own: an ID number on file under another name is refused.
    n = next(_addresses)
    id_number = factories.resident_id(born=date(1960, 1, 1) + timedelta(days=n), seq=n)
    mobile = factories.mobile(90_000_000 + n)
    async with fresh_phone(app) as phone:
        done = await activate(phone, session, name=name, id_number=id_number, mobile=mobile)
    assert done["__typename"] == "SignedIn", done
    assert done["me"]["person"]["name"] == name


@IN_DATABASE
@given(code=st.one_of(inputs.hostile_text(), inputs.social_credit_codes()))
async def test_a_certification_request_answers_any_institution_code(
    app: Starlette, session: AsyncSession, code: str
) -> None:
    n = next(_addresses)
    account, _ = await accounts.practitioner(
        session,
        id_number=factories.resident_id(born=date(1960, 1, 1) + timedelta(days=n), seq=n),
        mobile=factories.mobile(90_000_000 + n),
    )
    token = await accounts.session_token(session, account)
    await session.commit()
    async with accounts.browser(app, token) as phone:
        body = await gql(
            phone,
            REQUEST_CERTIFICATION,
            {"input": {"institutionCode": code, "profession": "NURSE"}},
        )
    result = member_or_coded_error(body, "requestCertification")
    assert result is None or result["__typename"] != "CertificationUpdated"


async def test_a_certification_request_by_credit_code_in_any_case(
    app: Starlette, session: AsyncSession
) -> None:
    institution = await factories.institution(session, name="上海市𠈌𠮷社区卫生服务中心")
    account, _ = await accounts.practitioner(session, name="李𬌗")
    token = await accounts.session_token(session, account)
    await session.commit()
    async with accounts.browser(app, token) as phone:
        body = await gql(
            phone,
            REQUEST_CERTIFICATION,
            {"input": {"institutionCode": f" {institution.uscc.lower()} ", "profession": "NURSE"}},
        )
    result = member_or_coded_error(body, "requestCertification")
    assert result is not None
    assert result["__typename"] == "CertificationUpdated", result
    assert result["certification"]["institution"]["name"] == "上海市𠈌𠮷社区卫生服务中心"

"""OAuth 2.0 client credentials: tokens from /oauth/token (authlib), signed JWTs checked with
our JWKS, scopes, expiry, revocation, rate limits; the CLI."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import FixedClock
from interop.clients.service import revoke
from tests.factories.database import database_url
from tests.factories.machine import new_client, token_for


async def test_a_token_is_a_short_lived_jwt_our_jwks_verifies(
    machine_http: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    made = await new_client(session, "fhir.read,verify.bulk")
    answer = await machine_http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": "fhir.read"},
        auth=(made.client.client_id, made.secret),
    )
    body = answer.json()
    assert answer.status_code == 200
    assert (body["token_type"], body["expires_in"], body["scope"]) == ("Bearer", 3600, "fhir.read")
    assert answer.headers["cache-control"] == "no-store"
    keys = KeySet.import_key_set((await machine_http.get("/.well-known/jwks.json")).json())
    token = jwt.decode(body["access_token"], keys, ["ES256"])
    assert token.claims["sub"] == made.client.client_id
    assert token.claims["exp"] - token.claims["iat"] == 3600
    assert token.claims["iat"] == int(clock.now().timestamp())


async def test_secrets_and_grants_are_checked(
    machine_http: httpx.AsyncClient, session: AsyncSession
) -> None:
    made = await new_client(session, "fhir.read")
    form = {"grant_type": "client_credentials"}
    wrong = await machine_http.post("/oauth/token", data=form, auth=(made.client.client_id, "x"))
    assert (wrong.status_code, wrong.json()["error"]) == (401, "invalid_client")
    unknown = await machine_http.post("/oauth/token", data=form, auth=("mc_nobody", made.secret))
    assert unknown.json()["error"] == "invalid_client"
    in_form = await machine_http.post(
        "/oauth/token",
        data={**form, "client_id": made.client.client_id, "client_secret": made.secret},
    )
    assert in_form.status_code == 200
    grant = await machine_http.post(
        "/oauth/token",
        data={"grant_type": "password", "username": "a", "password": "b"},
        auth=(made.client.client_id, made.secret),
    )
    assert grant.json()["error"] == "unsupported_grant_type"
    # Asking for a scope the client does not hold grants nothing of it.
    partial = await token_for(machine_http, made, "fhir.read verify.bulk")
    claims = json.loads(base64.urlsafe_b64decode(partial.split(".")[1] + "=="))
    assert claims["scope"] == "fhir.read"


async def test_scope_expiry_revocation_and_forgery_are_refused(
    machine_http: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    reader = await new_client(session, "fhir.read")
    verifier = await new_client(session, "verify.bulk")

    async def fhir(token: str) -> httpx.Response:
        return await machine_http.get(
            "/fhir/Organization", headers={"authorization": f"Bearer {token}"}
        )

    good = await token_for(machine_http, reader)
    assert (await fhir(good)).status_code == 200
    assert (await machine_http.get("/fhir/Organization")).status_code == 401
    wrong_scope = await fhir(await token_for(machine_http, verifier))
    assert wrong_scope.status_code == 403
    assert 'error="insufficient_scope"' in wrong_scope.headers["www-authenticate"]
    head, payload, signature = good.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["scope"] = "fhir.read verify.bulk webhooks"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    tampered = await fhir(f"{head}.{forged}.{signature}")
    assert tampered.json()["issue"][0]["details"]["coding"][0]["code"] == "TOKEN_INVALID"
    clock.advance(timedelta(seconds=3601))
    expired = await fhir(good)
    assert expired.status_code == 401
    assert expired.json()["issue"][0]["details"]["coding"][0]["code"] == "TOKEN_EXPIRED"
    fresh = await token_for(machine_http, reader)
    await revoke(session, reader.client.client_id)
    await session.commit()
    revoked = await fhir(fresh)
    assert revoked.json()["issue"][0]["details"]["coding"][0]["code"] == "CLIENT_REVOKED"
    again = await machine_http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(reader.client.client_id, reader.secret),
    )
    assert again.json()["error"] == "invalid_client"


async def test_each_client_has_its_own_rate_limit(
    machine_http: httpx.AsyncClient, session: AsyncSession
) -> None:
    tight = await new_client(session, "fhir.read", rate_limit="3/minute")
    other = await new_client(session, "fhir.read", rate_limit="3/minute")
    headers = {"authorization": f"Bearer {await token_for(machine_http, tight)}"}
    codes = [
        (await machine_http.get("/fhir/Location", headers=headers)).status_code for _ in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
    throttled = await machine_http.get("/fhir/Location", headers=headers)
    assert int(throttled.headers["retry-after"]) >= 1
    headers = {"authorization": f"Bearer {await token_for(machine_http, other)}"}
    assert (await machine_http.get("/fhir/Location", headers=headers)).status_code == 200


def test_clients_cli_create_list_revoke(tmp_path: Path) -> None:
    """On a database of its own (the CLI commits)."""
    if not database_url().startswith("sqlite"):
        pytest.skip("the CLI commits: it runs on a SQLite file of its own (the SQLite run)")
    url = f"sqlite+aiosqlite:///{tmp_path}/cli.db"
    env = {
        **os.environ,
        "MEDREG_DATABASE_URL": url,
        "MEDREG_DATA_DIR": str(tmp_path),
        "COLUMNS": "200",
    }

    def medreg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "api.cli.main", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert medreg("migrate").returncode == 0
    made = medreg(
        "clients", "create", "--name", "某医院人事处", "--scopes", "fhir.read,verify.bulk"
    )
    assert made.returncode == 0, made.stderr
    lines = dict(
        line.split(None, 1) for line in made.stdout.splitlines() if line.startswith("client")
    )
    client_id, secret = lines["client_id"], lines["client_secret"]
    listed = medreg("clients", "list")
    assert client_id in listed.stdout
    assert secret not in listed.stdout
    bad = medreg("clients", "create", "--name", "x", "--scopes", "admin")
    assert bad.returncode == 2
    assert "scopes" in bad.stdout
    assert medreg("clients", "revoke", client_id).returncode == 0
    assert medreg("clients", "revoke", "mc_nobody").returncode == 1

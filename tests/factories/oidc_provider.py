"""A real OpenID provider for the sign-on tests: the ``oidc-provider`` npm package in the small
node server of tests/fixtures/oidc_provider, on a free port, with static accounts, one
confidential client and signing keys made here (so a test can restart it with new keys, and
sign what an attacker would send with a key the provider never published). ``sign_in_at``
drives its development login and consent forms over HTTP, as a browser would."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from joserfc import jwt
from joserfc.jwk import RSAKey

from tests.factories.directory import resident_id
from tests.factories.network import free_port

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "oidc_provider"
CLIENT_ID = "medreg-test"
CLIENT_SECRET = "medreg-test-secret-0123456789abcdef"
ID_NUMBER_CLAIM = "id_number"


@dataclass(frozen=True)
class Citizen:
    """An account at the provider: what it vouches for."""

    login: str
    name: str
    id_number: str


# Born 1971 with serials of their own: no other test builds these ID numbers.
ZHANG = Citizen("zhang", "张晓华", resident_id(born=date(1971, 3, 3), seq=901))
LI = Citizen("li", "李明", resident_id(born=date(1971, 3, 3), seq=902, female=False))
WANG = Citizen("wang", "王芳", resident_id(born=date(1971, 3, 3), seq=903))
ZHAO = Citizen("zhao", "赵强", resident_id(born=date(1971, 3, 3), seq=904, female=False))
CITIZENS = (ZHANG, LI, WANG, ZHAO)


def new_key() -> RSAKey:
    return RSAKey.generate_key(
        2048, parameters={"kid": uuid.uuid4().hex[:12], "use": "sig", "alg": "RS256"}
    )


def ensure_installed() -> None:
    """``make oidc-fixture`` installs it; a run without make installs it here, never skips."""
    if (FIXTURE / "node_modules" / "oidc-provider").exists():
        return
    npm = shutil.which("npm")
    assert npm, "npm is needed for the OpenID provider fixture"
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FIXTURE, check=True)


@dataclass
class Provider:
    redirect_uris: list[str]
    port: int = field(default_factory=free_port)
    key: RSAKey = field(default_factory=new_key)
    workdir: Path = field(default_factory=Path.cwd)
    conform: bool = False
    """The claims from the userinfo endpoint only, not in the ID token."""
    _process: subprocess.Popen[str] | None = None

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        ensure_installed()
        node = shutil.which("node")
        assert node, "node is needed for the OpenID provider fixture"
        setup = self.workdir / f"oidc-provider-{self.port}.json"
        setup.write_text(
            json.dumps(
                {
                    "issuer": self.issuer,
                    "port": self.port,
                    "jwks": {"keys": [self.key.as_dict(private=True)]},
                    "client": {
                        "client_id": CLIENT_ID,
                        "client_secret": CLIENT_SECRET,
                        "redirect_uris": self.redirect_uris,
                    },
                    "id_number_claim": ID_NUMBER_CLAIM,
                    "conform": self.conform,
                    "accounts": {
                        c.login: {"name": c.name, ID_NUMBER_CLAIM: c.id_number} for c in CITIZENS
                    },
                }
            )
        )
        self._process = subprocess.Popen(
            [node, str(FIXTURE / "server.mjs"), str(setup)],
            cwd=FIXTURE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        assert line.startswith("listening"), f"the OpenID provider did not start: {line!r}"

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None

    def restart_with_new_key(self) -> None:
        """Key rotation: the same provider, publishing (and signing with) a new key only."""
        self.stop()
        self.key = new_key()
        deadline = time.monotonic() + 5
        while True:  # the port may take a moment to be free again
            try:
                self.start()
                return
            except AssertionError:
                if time.monotonic() > deadline:
                    raise

    def id_token(self, key: RSAKey | None = None, **claims: Any) -> str:
        """An ID token as this provider would sign it (or with ``key``), for attacker tests."""
        now = int(time.time())
        body = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": ZHANG.login,
            "iat": now,
            "exp": now + 300,
            "name": ZHANG.name,
            ID_NUMBER_CLAIM: ZHANG.id_number,
        }
        body.update(claims)
        signer = key or self.key
        header = {"alg": "RS256", "kid": signer.kid}
        return jwt.encode(header, {k: v for k, v in body.items() if v is not None}, signer)


_FORM = re.compile(r'<form[^>]*action="([^"]+)"', re.IGNORECASE)


async def sign_in_at(authorize_url: str, login: str, redirect_prefix: str) -> str:
    """Follow the provider's pages from the authorization URL to our redirect URI: sign in as
    ``login`` on the login form, continue on the consent form; returns the callback URL."""
    async with httpx.AsyncClient(follow_redirects=False, timeout=10) as browser:
        url = authorize_url
        for _ in range(12):
            if url.startswith(redirect_prefix):
                return url
            response = await browser.get(url)
            if response.is_redirect:
                url = str(response.url.join(response.headers["location"]))
                continue
            match = _FORM.search(response.text)
            assert match, f"no form on the provider's page: {response.text[:300]}"
            action = str(response.url.join(match.group(1)))
            if 'name="login"' in response.text:
                fields = {"prompt": "login", "login": login, "password": "any"}
            else:
                fields = {"prompt": "consent"}
            response = await browser.post(action, data=fields)
            assert response.is_redirect, response.text[:300]
            url = str(response.url.join(response.headers["location"]))
    raise AssertionError("the provider never sent the browser back")


async def callback_after_sign_in(
    browser: Any, login: str, redirect_prefix: str, start_path: str = "/auth/oidc/start"
) -> str:
    """``browser`` (an HTTP client of our app) starts a sign-on at ``start_path``; ``login``
    signs in at the provider; the callback URL it would be sent back to."""
    start = await browser.get(start_path)
    assert start.status_code == 303, start.text
    return await sign_in_at(start.headers["location"], login, redirect_prefix)

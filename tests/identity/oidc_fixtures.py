"""The fixtures of the sign-on tests: the local OpenID provider (one per module, so a test may
rotate its keys) and the app's settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from api.settings import Settings
from tests.factories.accounts import cheap_settings
from tests.factories.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider

APP = "https://testserver"
CALLBACK = f"{APP}/auth/oidc/callback"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    running = Provider(redirect_uris=[CALLBACK], workdir=tmp_path_factory.mktemp("oidc"))
    running.start()
    yield running
    running.stop()


def oidc_settings(tmp_path: Path, issuer: str) -> Settings:
    return cheap_settings(tmp_path).model_copy(
        update={
            "public_url": APP,
            "oidc_issuer": issuer,
            "oidc_client_id": CLIENT_ID,
            "oidc_client_secret": SecretStr(CLIENT_SECRET),
            "oidc_scope": "openid profile resident",
        }
    )


@pytest.fixture
def settings(tmp_path: Path, provider: Provider) -> Settings:
    return oidc_settings(tmp_path, provider.issuer)

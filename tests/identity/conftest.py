from __future__ import annotations

from pathlib import Path

import pytest

from api.settings import Settings
from tests.factories.accounts import cheap_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """argon2id at its cheapest: the tests hash many passwords."""
    return cheap_settings(tmp_path)

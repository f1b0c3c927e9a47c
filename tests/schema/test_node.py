"""Relay global ids: the encoding clients and links depend on."""

from __future__ import annotations

import base64
import uuid

import pytest

from schema.node import from_global_id, parse_uuid_id, to_global_id


@pytest.mark.parametrize("key", ["", "a", "ab", "abc", "é", "名字", str(uuid.UUID(int=7))])
@pytest.mark.parametrize("type_name", ["Institution", "Application", "X"])
def test_a_global_id_is_unpadded_url_safe_base64_of_type_and_key(type_name: str, key: str) -> None:
    encoded = to_global_id(type_name, key)
    expected = base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode().rstrip("=")
    assert encoded == expected
    assert not set(encoded) & set("=+/")
    assert from_global_id(encoded) == ((type_name, key) if key else None)


def test_url_safe_letters_replace_plus_and_slash() -> None:
    """``>>>`` and ``???`` encode to ``+`` and ``/`` in standard base64."""
    assert base64.b64encode(b"X:>>>?") == b"WDo+Pj4/"
    assert to_global_id("X", ">>>?") == "WDo-Pj4_"


def test_a_uuid_key_comes_back_only_for_its_own_type() -> None:
    key = uuid.uuid4()
    encoded = to_global_id("Institution", key)
    assert parse_uuid_id(encoded, "Institution") == key
    assert parse_uuid_id(encoded, "Application") is None
    assert parse_uuid_id("not base64 at all!", "Institution") is None

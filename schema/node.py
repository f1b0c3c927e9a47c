"""Relay global ids and the ``node(id:)`` entry point; each type registers its resolver."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from schema.context import Info

NodeResolver = Callable[[Info, str], Awaitable[Any]]
_RESOLVERS: dict[str, NodeResolver] = {}


@strawberry.interface(description="An object with a global id (Relay).")
class Node:
    id: strawberry.ID


_URL_SAFE = bytes.maketrans(b"+/", b"-_")


def to_global_id(type_name: str, key: uuid.UUID | str) -> strawberry.ID:
    """``base64.urlsafe_b64encode`` without its padding, in two C calls: a page computes
    one for each of its items."""
    encoded = binascii.b2a_base64(f"{type_name}:{key}".encode(), newline=False)
    return strawberry.ID(encoded.translate(_URL_SAFE).decode().rstrip("="))


def from_global_id(global_id: str) -> tuple[str, str] | None:
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, key = base64.urlsafe_b64decode(padded).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    return (type_name, key) if type_name and key else None


def parse_uuid_id(global_id: str, type_name: str) -> uuid.UUID | None:
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] != type_name:
        return None
    try:
        return uuid.UUID(decoded[1])
    except ValueError:
        return None


def register_node(type_name: str, resolver: NodeResolver) -> None:
    _RESOLVERS[type_name] = resolver


async def resolve_node(info: Info, global_id: str) -> Any:
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] not in _RESOLVERS:
        return None
    return await _RESOLVERS[decoded[0]](info, decoded[1])

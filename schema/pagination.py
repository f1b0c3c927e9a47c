"""Relay-style connections built from a ``core.pagination.Page``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry

from core.pagination import Page

T = TypeVar("T")


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


def _cursor(root: Edge[Any]) -> str:
    return root.page_cursors[root.index]


@strawberry.type
class Edge(Generic[T]):
    cursor: str = strawberry.field(resolver=_cursor)
    node: T
    page_cursors: strawberry.Private[Sequence[str]]
    index: strawberry.Private[int]


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo

    @strawberry.field
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def connection(page: Page[Any], convert: Callable[[Any], T]) -> Connection[T]:
    edges = [
        Edge(node=convert(item), page_cursors=page.cursors, index=i)
        for i, item in enumerate(page.items)
    ]
    return Connection(
        edges=edges, page_info=PageInfo(has_next_page=page.has_next, end_cursor=page.end_cursor)
    )

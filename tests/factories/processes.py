"""The processes a server a test started has forked (Linux's ``/proc``)."""

from __future__ import annotations

from pathlib import Path


def children_of(pid: int) -> set[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return {int(child) for child in text.split()}

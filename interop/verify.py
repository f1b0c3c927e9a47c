"""Bulk verification for employers: up to 1,000 lines, each a licence number with its
holder's name or a scanned QR token, answered line by line with the live status.

A number whose name does not match answers ``NOT_FOUND`` exactly like an unknown number, so
the endpoint cannot be used to learn who holds a number."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from certificates.scans import VerificationResult, status_by_number, verify_scan
from certificates.tokens import TokenKeyset

MAX_LINES = 1000
MAX_FIELD = 2048


class BulkError(Exception):
    """The request as a whole cannot be read: ``code`` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Line:
    number: str | None = None
    name: str | None = None
    token: str | None = None


def parse(body: Any) -> list[Line | str]:
    """The lines, or for a line that cannot be read its problem code."""
    if not isinstance(body, dict) or not isinstance(body.get("lines"), list):
        raise BulkError("BODY_INVALID")
    raw = body["lines"]
    if not raw:
        raise BulkError("NO_LINES")
    if len(raw) > MAX_LINES:
        raise BulkError("TOO_MANY_LINES")
    lines: list[Line | str] = []
    for item in raw:
        if not isinstance(item, dict):
            lines.append("LINE_INVALID")
            continue
        values = {k: item.get(k) for k in ("number", "name", "token")}
        if any(
            v is not None and (not isinstance(v, str) or len(v) > MAX_FIELD)
            for v in values.values()
        ):
            lines.append("LINE_INVALID")
        elif values["token"]:
            lines.append(Line(token=values["token"].strip()))
        elif values["number"] and values["name"]:
            lines.append(Line(number=values["number"].strip(), name=values["name"].strip()))
        else:
            lines.append("NUMBER_AND_NAME_OR_TOKEN_REQUIRED")
    return lines


def _answer(index: int, result: VerificationResult) -> dict[str, Any]:
    return {
        "line": index,
        "status": result.status.value,
        "statusAsOf": result.status_as_of.isoformat(),
        "number": result.number,
        "version": result.version,
        "kind": result.kind.value if result.kind else None,
        "holderName": result.holder_name,
        "authority": result.authority_code,
        "validUntil": result.valid_until.isoformat() if result.valid_until else None,
    }


async def verify_lines(
    session: AsyncSession, lines: list[Line | str], keys: TokenKeyset
) -> list[dict[str, Any]]:
    answers: list[dict[str, Any]] = []
    for index, line in enumerate(lines, start=1):
        if isinstance(line, str):
            answers.append({"line": index, "status": "INVALID", "code": line})
            continue
        if line.token:
            answers.append(_answer(index, await verify_scan(session, line.token, keys)))
            continue
        assert line.number is not None
        assert line.name is not None
        found = await status_by_number(session, line.number, line.name)
        answers.append(_answer(index, found) if found else {"line": index, "status": "NOT_FOUND"})
    return answers

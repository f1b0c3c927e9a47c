"""Codes of the registry's expected failures (applications, catalogue, attachments, boards)."""

from __future__ import annotations

from enum import StrEnum


class RegistryProblem(StrEnum):
    """What exactly went wrong in the registry; the web localises each one."""

    NOT_A_PDF = "NOT_A_PDF"

"""Why the demo loader refuses to run."""

from __future__ import annotations

from core.errors import DomainError, ErrorCode


class DemoAlreadyLoaded(DomainError):
    """The database already holds institutions; demo data is only loaded into an empty one."""

    code = ErrorCode.CONFLICT

    def __init__(self) -> None:
        super().__init__("the registry already holds institutions; demo data needs an empty one")


class AuthoritiesMissing(DomainError):
    """The authority table lacks the municipal commission or a district (run the migrations)."""

    code = ErrorCode.INVALID_STATE

    def __init__(self, missing: list[str]) -> None:
        super().__init__(f"authorities missing: {', '.join(missing)}; run the migrations first")
        self.missing = missing

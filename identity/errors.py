"""Identity's expected failures."""

from __future__ import annotations

import uuid
from enum import StrEnum

from core.errors import Conflict, FieldProblem, InvalidState, ValidationFailed


class IdentityProblem(StrEnum):
    """Codes of identity's expected failures; the web localises each one."""

    CODE_UNUSABLE = "CODE_UNUSABLE"
    CODE_WRONG = "CODE_WRONG"
    DISPUTE_OPENED = "DISPUTE_OPENED"
    RECOVERY_REQUIRED = "RECOVERY_REQUIRED"
    SIGN_IN_FAILED = "SIGN_IN_FAILED"


class SignInFailed(ValidationFailed):
    """Wrong identifier, password or TOTP code: one message for all, so it tells nothing."""

    def __init__(self) -> None:
        super().__init__(
            FieldProblem(
                "password",
                "the identifier, password or code is not correct",
                IdentityProblem.SIGN_IN_FAILED,
            )
        )


class CodeRejected(ValidationFailed):
    """A wrong one-time code; ``attempts_left`` tells the person how many tries remain."""

    def __init__(self, attempts_left: int) -> None:
        noun = "try" if attempts_left == 1 else "tries"
        super().__init__(
            FieldProblem(
                "code",
                f"the code is not correct ({attempts_left} {noun} left)",
                IdentityProblem.CODE_WRONG,
                {"attemptsLeft": attempts_left},
            )
        )
        self.attempts_left = attempts_left


class CodeUnusable(InvalidState):
    """Expired, used, tried too often, or never issued: request a new code."""

    def __init__(self) -> None:
        super().__init__(
            "This code can no longer be used; request a new one.",
            reason=IdentityProblem.CODE_UNUSABLE,
        )


class RecoveryRequired(InvalidState):
    def __init__(self) -> None:
        super().__init__(
            "This account had too many failed sign-ins and must be recovered: reset the "
            "password (practitioners by SMS, staff through their administrator).",
            reason=IdentityProblem.RECOVERY_REQUIRED,
        )


class DisputeOpened(Conflict):
    """The ID number already belongs to another account: nothing is taken over, a dispute
    goes to the practitioner's institution or authority."""

    def __init__(self, dispute_id: uuid.UUID, authority_code: str) -> None:
        super().__init__(
            "This ID number is already linked to another account. It was not taken over: "
            "a dispute was opened for the health commission or institution to resolve.",
            reason=IdentityProblem.DISPUTE_OPENED,
        )
        self.dispute_id = dispute_id
        self.authority_code = authority_code

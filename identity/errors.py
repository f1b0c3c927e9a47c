"""Identity's expected failures."""

from __future__ import annotations

from enum import StrEnum

from core.errors import Conflict, FieldProblem, InvalidState, ValidationFailed


class IdentityProblem(StrEnum):
    """Codes of identity's expected failures; the web localises each one."""

    ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND"
    CERTIFICATION_DECIDED = "CERTIFICATION_DECIDED"
    CERTIFICATION_DECIDED_MEANWHILE = "CERTIFICATION_DECIDED_MEANWHILE"
    CERTIFICATION_NOT_FOUND = "CERTIFICATION_NOT_FOUND"
    CERTIFICATION_OPEN = "CERTIFICATION_OPEN"
    CODE_ATTEMPTS_THROTTLED = "CODE_ATTEMPTS_THROTTLED"
    CODE_DAILY_CAP = "CODE_DAILY_CAP"
    CODE_RESEND_WAIT = "CODE_RESEND_WAIT"
    CODE_UNUSABLE = "CODE_UNUSABLE"
    CODE_WRONG = "CODE_WRONG"
    CODES_THROTTLED = "CODES_THROTTLED"
    CONTACT_MOBILE_MISSING = "CONTACT_MOBILE_MISSING"
    DISPUTE_NOT_FOUND = "DISPUTE_NOT_FOUND"
    DISPUTE_RESOLVED = "DISPUTE_RESOLVED"
    MOBILE_NEEDED = "MOBILE_NEEDED"
    MOBILE_TAKEN = "MOBILE_TAKEN"
    NO_PERSON_RECORD = "NO_PERSON_RECORD"
    PASSWORD_COMMON = "PASSWORD_COMMON"  # noqa: S105 - a code name, not a secret
    PASSWORD_PERSONAL = "PASSWORD_PERSONAL"  # noqa: S105 - a code name, not a secret
    PASSWORD_WRONG = "PASSWORD_WRONG"  # noqa: S105 - a code name, not a secret
    RECOVERY_REQUIRED = "RECOVERY_REQUIRED"
    ROLE_NOT_CREATABLE = "ROLE_NOT_CREATABLE"
    SIGN_IN_FAILED = "SIGN_IN_FAILED"
    SIGN_IN_THROTTLED = "SIGN_IN_THROTTLED"
    SIGN_ON_EXPIRED = "SIGN_ON_EXPIRED"
    SIGN_ON_SUBJECT_TAKEN = "SIGN_ON_SUBJECT_TAKEN"
    STAFF_CODE_REJECTED = "STAFF_CODE_REJECTED"
    USERNAME_FORMAT = "USERNAME_FORMAT"
    USERNAME_TAKEN = "USERNAME_TAKEN"


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


class StaffCodeRejected(ValidationFailed):
    """Staff activation with a username and code that do not go together: one answer whether
    the username exists, the code is wrong, used or expired (no enumeration)."""

    def __init__(self) -> None:
        super().__init__(
            FieldProblem(
                "code",
                "the username or the activation code is not correct, or the code has expired",
                IdentityProblem.STAFF_CODE_REJECTED,
            )
        )


class UsernameTaken(Conflict):
    def __init__(self, username: str) -> None:
        super().__init__(
            f"the username {username} is taken",
            reason=IdentityProblem.USERNAME_TAKEN,
            params={"username": username},
        )
        self.username = username


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

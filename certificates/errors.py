"""Expected failures of the licence machinery, carrying data rather than strings to parse."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from core.errors import DomainError, ErrorCode, InvalidState, NotFound


class CertificateProblem(StrEnum):
    """Codes of the licence machinery's expected failures; the web localises each one."""

    CHECKS_BUSY = "CHECKS_BUSY"
    CHECKS_THROTTLED = "CHECKS_THROTTLED"
    FORGED_TOKEN = "FORGED_TOKEN"  # noqa: S105 - a code name, not a secret
    ISSUER_NOT_FOUND = "ISSUER_NOT_FOUND"
    LICENCE_CHANGED_CONCURRENTLY = "LICENCE_CHANGED_CONCURRENTLY"
    LICENCE_NOT_FOUND = "LICENCE_NOT_FOUND"
    LICENCE_NUMBER_MISMATCH = "LICENCE_NUMBER_MISMATCH"
    LICENCE_STATE = "LICENCE_STATE"
    PDF_NOT_READABLE = "PDF_NOT_READABLE"
    PDF_TOO_COMPLEX = "PDF_TOO_COMPLEX"
    SHARE_EXPIRED = "SHARE_EXPIRED"
    SHARE_NOT_FOUND = "SHARE_NOT_FOUND"
    SHARE_REVOKED = "SHARE_REVOKED"
    SHARES_AT_LIMIT = "SHARES_AT_LIMIT"


class FontMissing(RuntimeError):
    """The configured CJK font is not there; a start-up error, never boxes instead of text."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"the licence font {path} does not exist; install fonts-noto-cjk "
            "or point MEDREG_FONT_PATH at a CJK font"
        )
        self.path = path


class PkiMissing(RuntimeError):
    """``medreg keys init`` has not been run for this data directory."""

    def __init__(self, directory: Path) -> None:
        super().__init__(f"no PKI in {directory}; run `medreg keys init` first")
        self.directory = directory


class SigningKeyUnusable(RuntimeError):
    """A key may not sign: its certificate expired, is not valid yet, or was revoked."""

    def __init__(self, role: str, name: str, reason: str, remedy: str) -> None:
        super().__init__(f"the {role} certificate {name} {reason}; {remedy}")
        self.role = role
        self.name = name
        self.reason = reason


class KeyLifecycleRefused(RuntimeError):
    """A key operation that cannot be done here (unknown authority, key held in an HSM)."""


class UnknownAuthority(DomainError):
    """No issuing certificate exists for this authority code."""

    code = ErrorCode.NOT_FOUND
    reason = CertificateProblem.ISSUER_NOT_FOUND

    def __init__(self, authority_code: str) -> None:
        super().__init__(
            f"no issuing certificate for authority {authority_code}",
            params={"authority": authority_code},
        )
        self.authority_code = authority_code


class ForgedToken(DomainError):
    """A QR token that is malformed, signed by an unknown key, or whose signature fails."""

    code = ErrorCode.VALIDATION
    reason = CertificateProblem.FORGED_TOKEN

    def __init__(self, detail: str) -> None:
        super().__init__(f"the licence token is not genuine: {detail}")
        self.detail = detail


class LicenceNotFound(NotFound):
    def __init__(self, number: str) -> None:
        super().__init__("licence", number, reason=CertificateProblem.LICENCE_NOT_FOUND)
        self.number = number


class LicenceStateError(InvalidState):
    """The licence's status does not allow this change (e.g. reinstating a revoked one)."""

    def __init__(self, number: str, status: str, action: str) -> None:
        super().__init__(
            f"licence {number} is {status}; it cannot be {action}",
            reason=CertificateProblem.LICENCE_STATE,
            params={"status": status, "action": action.upper()},
        )
        self.number = number
        self.status = status
        self.action = action


class PdfNotReadable(DomainError):
    """An uploaded file that is no PDF pyHanko can read: garbage, truncated, no trailer."""

    code = ErrorCode.VALIDATION
    reason = CertificateProblem.PDF_NOT_READABLE

    def __init__(self, detail: str) -> None:
        super().__init__(f"the file is not a readable PDF: {detail}")
        self.detail = detail


class PdfTooComplex(DomainError):
    """An uploaded PDF past a bound of the check: ``limit`` names which (``objects``,
    ``nesting``, ``size``, ``cpu``, ``memory``, ``time`` or ``crash``). A licence this system
    issued is a one-page PDF of a few dozen objects and stays far below all of them."""

    code = ErrorCode.VALIDATION
    reason = CertificateProblem.PDF_TOO_COMPLEX

    def __init__(self, limit: str, detail: str = "") -> None:
        message = f"the PDF is too complex to check ({limit})"
        super().__init__(f"{message}: {detail}" if detail else message, params={"limit": limit})
        self.limit = limit
        self.detail = detail


class ShareClosed(InvalidState):
    """A licence share link that ran out or that its holder revoked."""

    def __init__(self, reason: CertificateProblem) -> None:
        super().__init__(f"the share link is closed ({reason.value})", reason=reason)

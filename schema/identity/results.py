"""Success members of the identity mutations, identity's own error member, and the cookie."""

from __future__ import annotations

from datetime import datetime

import strawberry

from identity import codes
from identity.config import SessionPolicy
from identity.enrolment import PendingEnrolment
from identity.sessions import NewSession
from schema.context import Info
from schema.identity.types import AccountType, DisputeType, Me, StaffCertificationType
from schema.node import to_global_id


@strawberry.type(description="A code was sent if the details allow it; the answer is the same.")
class CodeSent:
    code_id: strawberry.ID
    mobile_masked: str
    expires_at: datetime
    resend_available_at: datetime

    @classmethod
    def from_value(cls, value: codes.CodeSent, type_name: str) -> CodeSent:
        return cls(
            code_id=to_global_id(type_name, value.code_id),
            mobile_masked=value.mobile_masked,
            expires_at=value.expires_at,
            resend_available_at=value.resend_at,
        )


@strawberry.type(description="The code is right and still usable; the password step may follow.")
class CodeChecked:
    code_id: strawberry.ID
    expires_at: datetime

    @classmethod
    def from_value(cls, value: codes.CodeSent, type_name: str) -> CodeChecked:
        return cls(code_id=to_global_id(type_name, value.code_id), expires_at=value.expires_at)


@strawberry.type
class SignedIn:
    me: Me


@strawberry.type
class SignedOut:
    revoked_sessions: int


@strawberry.type
class PasswordChanged:
    me: Me


@strawberry.type
class PasswordResetDone:
    message: str = "The password was changed; sign in with the new one."


@strawberry.type
class MobileChanged:
    me: Me


@strawberry.type(description="Add this to an authenticator app, then confirm one code.")
class TotpEnrolment:
    enrolment_token: str
    secret: str
    otpauth_uri: str
    qr_code_data_uri: str
    expires_at: datetime

    @classmethod
    def from_value(cls, value: PendingEnrolment) -> TotpEnrolment:
        return cls(
            enrolment_token=value.token,
            secret=value.enrolment.secret,
            otpauth_uri=value.enrolment.otpauth_uri,
            qr_code_data_uri=value.enrolment.qr_png_data_uri,
            expires_at=value.expires_at,
        )


@strawberry.type
class TotpEnabled:
    me: Me


@strawberry.type(description="A staff account was created; its holder got an activation code.")
class StaffAccountIssued:
    account: AccountType
    code_sent_to: str


@strawberry.type
class AccountUpdated:
    account: AccountType


@strawberry.type
class CertificationUpdated:
    certification: StaffCertificationType


@strawberry.type
class DisputeResolved:
    dispute: DisputeType


def set_session_cookie(info: Info, new: NewSession, policy: SessionPolicy) -> None:
    response = info.context.response
    if response is None:
        return
    max_age = int((new.row.expires_at - new.row.created_at).total_seconds())
    response.set_cookie(
        policy.cookie_name,
        new.token,
        max_age=max_age,
        path="/",
        secure=policy.cookie_secure,
        httponly=True,
        samesite="strict",
    )


def clear_session_cookie(info: Info, policy: SessionPolicy) -> None:
    response = info.context.response
    if response is not None:
        response.delete_cookie(
            policy.cookie_name,
            path="/",
            secure=policy.cookie_secure,
            httponly=True,
            samesite="strict",
        )

"""Time-based one-time passwords (RFC 6238) for staff accounts: secrets, provisioning URIs,
QR codes for authenticator apps, and verification that never accepts a code twice."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import datetime

import pyotp
from sqlalchemy.ext.asyncio import AsyncSession

from core.crypto import keyring_of
from identity.models import Account

STEP_SECONDS = 30


@dataclass(frozen=True)
class Enrolment:
    """What an authenticator app needs; shown once, while the account enrols."""

    secret: str
    otpauth_uri: str
    qr_png_data_uri: str


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, *, account_name: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account_name, issuer_name=issuer)


def qr_data_uri(text: str) -> str:
    import qrcode  # with PIL: only when someone enrols, never at the server's start

    image = qrcode.make(text, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def enrolment(secret: str, *, account_name: str, issuer: str) -> Enrolment:
    uri = provisioning_uri(secret, account_name=account_name, issuer=issuer)
    return Enrolment(secret=secret, otpauth_uri=uri, qr_png_data_uri=qr_data_uri(uri))


def store_secret(session: AsyncSession, account: Account, secret: str) -> None:
    account.totp_secret_enc = keyring_of(session).encrypt(
        secret, table="account", column="totp_secret", row_id=account.id
    )
    account.totp_last_step = None


def stored_secret(session: AsyncSession, account: Account) -> str | None:
    if account.totp_secret_enc is None:
        return None
    return keyring_of(session).decrypt(
        account.totp_secret_enc, table="account", column="totp_secret", row_id=account.id
    )


def matching_step(secret: str, code: str, at: datetime) -> int | None:
    """The time step ``code`` belongs to (one step of clock drift either way), or None."""
    code = code.strip().replace(" ", "")
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(at.timestamp()) // STEP_SECONDS
    for step in (now_step, now_step - 1, now_step + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def verify(session: AsyncSession, account: Account, code: str | None, at: datetime) -> bool:
    """Check ``code`` against the account's secret and burn its time step."""
    secret = stored_secret(session, account)
    if secret is None or not code:
        return False
    step = matching_step(secret, code, at)
    if step is None or (account.totp_last_step is not None and step <= account.totp_last_step):
        return False
    account.totp_last_step = step
    return True


def current_code(secret: str, at: datetime) -> str:
    """The code an authenticator shows at ``at`` (tests and the demo use it)."""
    return pyotp.TOTP(secret).at(at)

"""Typed configuration of the identity domain, built from settings in ``api/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

from notifications.messages import DEFAULT_SMS_SIGNATURE


@dataclass(frozen=True)
class SessionPolicy:
    """Browser sessions: the cookie and the idle/absolute timeouts per kind of account."""

    cookie_name: str = "medreg_session"
    """Name of the ``HttpOnly; SameSite=Strict`` cookie that carries the opaque session id."""
    cookie_secure: bool = True
    """Send the cookie over HTTPS only; turn off only for plain-HTTP local development."""
    personal_idle: timedelta = timedelta(hours=1)
    """A practitioner's session ends after this long without a request."""
    personal_absolute: timedelta = timedelta(hours=24)
    """A practitioner's session ends this long after sign-in, however active."""
    staff_idle: timedelta = timedelta(minutes=15)
    """Institution and authority staff: idle timeout."""
    staff_absolute: timedelta = timedelta(hours=12)
    """Institution and authority staff: absolute timeout."""
    touch_interval: timedelta = timedelta(seconds=60)
    """``last_seen_at`` is written at most this often, so reads do not all become writes."""


@dataclass(frozen=True)
class PasswordPolicy:
    """NIST SP 800-63B length rules and the argon2id cost."""

    min_length_with_mfa: int = 8
    """Minimum length when the account also signs in with TOTP."""
    min_length_single_factor: int = 15
    """Minimum length when the password is the only factor."""
    max_length: int = 256
    """Upper bound against hashing denial of service (well above the 64 NIST asks for)."""
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4


@dataclass(frozen=True)
class ThrottlePolicy:
    """Sign-in throttling with the ``limits`` library: stacked windows give a delay that grows
    with consecutive failures and wears off by itself."""

    storage_uri: str = "memory://"
    """``memory://`` for one process; ``redis://host:6379`` to share counters between processes."""
    key_prefix: str = "medreg"
    """Namespace of the counters in a shared Redis."""
    account_limits: tuple[str, ...] = ("5/minute", "10/15 minutes", "20/hour", "40/day")
    """Failed sign-ins allowed per account (or unknown identifier) in each window."""
    address_limits: tuple[str, ...] = ("30/minute", "300/hour")
    """Failed sign-ins allowed per client address in each window."""
    code_send_limits: tuple[str, ...] = ("20/hour",)
    """SMS codes a client address may trigger (against SMS pumping)."""
    sign_on_limits: tuple[str, ...] = ("120/minute", "2000/hour")
    """Government sign-on starts and returns per client address: a person needs two, and a
    hospital's staff may share one address; each return makes requests to the provider."""
    max_consecutive_failures: int = 100
    """After this many failures in a row the account needs a password reset (NIST's cap)."""


@dataclass(frozen=True)
class CodePolicy:
    """One-time codes sent by SMS."""

    ttl: timedelta = timedelta(minutes=10)
    max_attempts: int = 5
    resend_after: timedelta = timedelta(seconds=60)
    daily_cap_per_mobile: int = 10
    enrolment_ttl: timedelta = timedelta(minutes=30)
    """How long a staff member has to confirm TOTP after setting the password."""


@dataclass(frozen=True)
class IdentityConfig:
    sessions: SessionPolicy = field(default_factory=SessionPolicy)
    passwords: PasswordPolicy = field(default_factory=PasswordPolicy)
    throttle: ThrottlePolicy = field(default_factory=ThrottlePolicy)
    codes: CodePolicy = field(default_factory=CodePolicy)
    totp_issuer: str = "medreg"
    """Shown by authenticator apps next to the account name."""
    sms_signature: str = DEFAULT_SMS_SIGNATURE
    """In front of every SMS: the signature registered with the SMS gateway."""
    delivery: Literal["inprocess", "worker"] = "inprocess"
    """``inprocess``: notifications are delivered right after the commit that wrote them
    (development, SQLite); ``worker``: ``medreg worker`` delivers them."""


@dataclass(frozen=True)
class OidcConfig:
    """Sign-in with the government affairs hall's OpenID provider (off when not configured)."""

    issuer: str
    """The provider's issuer URL; its ``/.well-known/openid-configuration`` is read from it."""
    client_id: str
    client_secret: str
    redirect_uri: str
    """Our callback, ``{public_url}/auth/oidc/callback``, as registered with the provider."""
    scope: str = "openid profile"
    name_claim: str = "name"
    """The claim carrying the verified name."""
    id_number_claim: str = "id_number"
    """The claim carrying the verified resident ID number."""
    leeway_s: int = 60
    """Clock skew tolerated on ``exp`` and ``iat``."""
    timeout_s: float = 10.0
    login_ttl_s: int = 600
    """How long a started sign-in (state, nonce, PKCE verifier) may take to come back."""

"""Typed settings read from the environment (prefix ``MEDREG_``) and handed down as config."""

from __future__ import annotations

import base64
import os
import secrets
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from certificates.config import NOTO_CJK_SC_INDEX, PdfCheckLimits, Pkcs11Config, SigningConfig
from core.sqlite_pool import SQLITE_READERS
from identity.config import (
    IdentityConfig,
    OidcConfig,
    PasswordPolicy,
    SessionPolicy,
    ThrottlePolicy,
)
from interop.sync.config import SyncConfig
from interop.webhooks.config import WebhookConfig

# What the config objects need (pyHanko, cryptography, SQLAlchemy models) is imported by the
# methods that build them: `medreg --help` and short commands start without loading it.
if TYPE_CHECKING:
    from certificates.runtime import LicenceRuntime
    from core.checkpoints import CheckpointConfig
    from core.crypto import Keyring

DEVELOPMENT_PASSPHRASE = "medreg-development-only"  # noqa: S105 - the known dev default


class SettingsError(RuntimeError):
    """A setting is missing or unusable; start-up stops with this message."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MEDREG_", env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///./var/medreg.db"
    # On SQLite, connections each process keeps for read-only requests (core.sqlite_pool).
    sqlite_readers: int = Field(default=SQLITE_READERS, ge=1, le=64)
    data_dir: Path = Path("var")
    public_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    log_json: bool = False
    # 32+ random bytes, base64; in development a key is generated under data_dir on first use.
    master_key: SecretStr | None = None
    # Encrypts the private keys of the development PKI.
    key_passphrase: SecretStr = SecretStr(DEVELOPMENT_PASSPHRASE)
    font_path: Path = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    font_index: int = NOTO_CJK_SC_INDEX
    tsa_url: str | None = None
    # Licences: keys in a PKCS#11 token (HSM) instead of the PEM files, who signs, lookups.
    pkcs11_module: Path | None = None
    pkcs11_token_label: str | None = None
    pkcs11_user_pin: SecretStr | None = None
    pkcs11_key_label: str = "medreg-{authority}"
    licence_lookup_limits: str = "10/minute;60/hour"
    licence_pdf_check_limits: str = "10/minute;100/hour"
    licence_pdf_check_global_limits: str = "60/minute;1000/hour"
    # Uploaded PDFs are checked in worker processes (certificates.isolation) with these bounds.
    pdf_check_workers: int = 2
    pdf_check_queue: int = 4
    pdf_check_max_objects: int = 5000
    pdf_check_max_nesting: int = 64
    pdf_check_cpu_seconds: int = 10
    pdf_check_wall_seconds: float = 30.0
    pdf_check_memory_mb: int = 512
    graphql_max_depth: int = 12
    graphql_max_aliases: int = 30
    graphql_max_tokens: int = 3000
    graphql_cache_size: int = 512
    web_dist: Path = Path("web/dist")
    # Identity: the session cookie, sign-in throttling, argon2id cost, notification delivery.
    session_cookie_name: str = "medreg_session"
    # The browser sends the session cookie over HTTPS only; false only for plain-HTTP development.
    cookie_secure: bool = True
    # Throttle counters: memory:// counts per process; redis://host:6379/0 shares them between
    # `serve --workers N` processes and hosts. The prefix keeps deployments sharing a Redis apart.
    throttle_storage_uri: str = "memory://"
    throttle_key_prefix: str = "medreg"
    # Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (comma-separated addresses or
    # networks, "*" for any): the throttles and the audit trail see the forwarded client address
    # only from these; anyone else's header is ignored.
    forwarded_allow_ips: str = "127.0.0.1"
    password_hash_time_cost: int = 3
    password_hash_memory_kib: int = 65536
    password_hash_parallelism: int = 4
    # inprocess: right after the commit (development, SQLite); worker: `medreg worker`.
    notification_delivery: Literal["inprocess", "worker"] | None = None
    sms_signature: str = "【上海市卫生健康委】"
    """The signature in front of every SMS (as registered with the SMS gateway)."""
    # Audit checkpoints: the Ed25519 key that signs them (default: data_dir/audit, created on
    # first use; a configured file must exist) and how often the chain head is signed.
    audit_key_file: Path | None = None
    audit_checkpoint_entries: int = 1000
    audit_checkpoint_seconds: float = 600.0
    # Backups: the passphrase their key is derived from (or `--passphrase-file`).
    backup_passphrase: SecretStr | None = None
    # Background jobs (signing, sweeps, deliveries). inprocess: the serving process runs them
    # (development, SQLite); worker: `medreg worker` processes do.
    jobs: Literal["inprocess", "worker"] | None = None
    # National platform sync (off when the URL is unset): see README "Integrations".
    national_url: str | None = None
    national_timeout_s: float = 10.0
    national_max_attempts: int = 8
    national_backoff_s: float = 5.0
    national_backoff_max_s: float = 3600.0
    national_signer: str = "310000"
    national_concurrency: int = 8
    oauth_token_ttl_s: int = 300
    # Webhooks go to public internet addresses only; development and tests may allow private,
    # loopback and link-local targets (never in production).
    webhook_allow_private: bool = False
    # Government single sign-on (OpenID Connect; off when the issuer is unset): see README
    # "Integrations". The claims that carry the verified name and resident ID number.
    oidc_issuer: str | None = None
    oidc_client_id: str = ""
    oidc_client_secret: SecretStr = SecretStr("")
    oidc_scope: str = "openid profile"
    oidc_name_claim: str = "name"
    oidc_id_number_claim: str = "id_number"

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    def identity_config(self) -> IdentityConfig:
        delivery = self.notification_delivery or (
            "inprocess"
            if not self.is_production or self.database_url.startswith("sqlite")
            else "worker"
        )
        return IdentityConfig(
            sessions=SessionPolicy(
                cookie_name=self.session_cookie_name, cookie_secure=self.cookie_secure
            ),
            passwords=PasswordPolicy(
                argon2_time_cost=self.password_hash_time_cost,
                argon2_memory_kib=self.password_hash_memory_kib,
                argon2_parallelism=self.password_hash_parallelism,
            ),
            throttle=ThrottlePolicy(
                storage_uri=self.throttle_storage_uri, key_prefix=self.throttle_key_prefix
            ),
            delivery=delivery,
            sms_signature=self.sms_signature,
        )

    def signing_config(self) -> SigningConfig:
        """The licence configuration; a missing CJK font raises ``FontMissing`` here, so
        start-up stops with a clear message instead of printing boxes later."""
        pkcs11 = None
        if self.pkcs11_module is not None:
            if not self.pkcs11_token_label or self.pkcs11_user_pin is None:
                raise SettingsError(
                    "MEDREG_PKCS11_MODULE needs MEDREG_PKCS11_TOKEN_LABEL and "
                    "MEDREG_PKCS11_USER_PIN"
                )
            pkcs11 = Pkcs11Config(
                module_path=self.pkcs11_module,
                token_label=self.pkcs11_token_label,
                user_pin=self.pkcs11_user_pin.get_secret_value(),
                key_label=self.pkcs11_key_label,
            )
        passphrase = self.key_passphrase.get_secret_value()
        if self.is_production and pkcs11 is None and passphrase == DEVELOPMENT_PASSPHRASE:
            raise SettingsError("set MEDREG_KEY_PASSPHRASE (or keys in PKCS#11) in production")
        return SigningConfig(
            data_dir=self.data_dir,
            key_passphrase=passphrase.encode(),
            public_url=self.public_url,
            font_path=self.font_path,
            font_index=self.font_index,
            tsa_url=self.tsa_url or None,
            pkcs11=pkcs11,
        )

    @property
    def job_runner(self) -> Literal["inprocess", "worker"]:
        return self.jobs or (
            "inprocess"
            if not self.is_production or self.database_url.startswith("sqlite")
            else "worker"
        )

    def sync_config(self) -> SyncConfig | None:
        """The national sync's configuration; ``None`` when ``MEDREG_NATIONAL_URL`` is unset."""
        if not self.national_url:
            return None
        return SyncConfig(
            url=self.national_url,
            signer_authority=self.national_signer,
            timeout_s=self.national_timeout_s,
            max_attempts=self.national_max_attempts,
            backoff_s=self.national_backoff_s,
            backoff_max_s=self.national_backoff_max_s,
            concurrency=self.national_concurrency,
        )

    def oidc_config(self) -> OidcConfig | None:
        """Government single sign-on; ``None`` when ``MEDREG_OIDC_ISSUER`` is unset."""
        if not self.oidc_issuer:
            return None
        if not self.oidc_client_id or not self.oidc_client_secret.get_secret_value():
            raise SettingsError("MEDREG_OIDC_ISSUER needs MEDREG_OIDC_CLIENT_ID and _SECRET")
        return OidcConfig(
            issuer=self.oidc_issuer,
            client_id=self.oidc_client_id,
            client_secret=self.oidc_client_secret.get_secret_value(),
            redirect_uri=f"{self.public_url.rstrip('/')}/auth/oidc/callback",
            scope=self.oidc_scope,
            name_claim=self.oidc_name_claim,
            id_number_claim=self.oidc_id_number_claim,
        )

    def webhook_config(self) -> WebhookConfig:
        return WebhookConfig(allow_private=self.webhook_allow_private and not self.is_production)

    def licence_runtime(self) -> LicenceRuntime:
        from certificates.isolation import PdfChecks
        from certificates.runtime import LicenceRuntime, PublicLimits, PublicThrottle

        return LicenceRuntime(
            config=self.signing_config(),
            throttle=PublicThrottle(
                PublicLimits(
                    storage_uri=self.throttle_storage_uri,
                    key_prefix=self.throttle_key_prefix,
                    lookup=self.licence_lookup_limits,
                    pdf_check=self.licence_pdf_check_limits,
                    pdf_check_everyone=self.licence_pdf_check_global_limits,
                )
            ),
            pdf_checks=PdfChecks(self.pdf_check_limits()),
        )

    def pdf_check_limits(self) -> PdfCheckLimits:
        return PdfCheckLimits(
            workers=self.pdf_check_workers,
            queue=self.pdf_check_queue,
            max_objects=self.pdf_check_max_objects,
            max_nesting=self.pdf_check_max_nesting,
            cpu_seconds=self.pdf_check_cpu_seconds,
            wall_seconds=self.pdf_check_wall_seconds,
            memory_mb=self.pdf_check_memory_mb,
        )

    def checkpoint_config(self) -> CheckpointConfig:
        from core.checkpoints import CheckpointConfig

        audit_dir = self.data_dir / "audit"
        return CheckpointConfig(
            key_file=self.audit_key_file or audit_dir / "checkpoint-key.pem",
            create_key=self.audit_key_file is None,
            log_file=audit_dir / "checkpoints.jsonl",
            origin=f"{self.public_url.rstrip('/')}/audit",
            every_entries=self.audit_checkpoint_entries,
            every_seconds=self.audit_checkpoint_seconds,
        )

    @cached_property
    def keyring(self) -> Keyring:
        from core.crypto import Keyring

        return Keyring.from_master(self._master_key_bytes())

    def _master_key_bytes(self) -> bytes:
        if self.master_key is not None:
            try:
                return base64.b64decode(self.master_key.get_secret_value(), validate=True)
            except ValueError as exc:
                raise SettingsError("MEDREG_MASTER_KEY must be base64") from exc
        if self.is_production:
            raise SettingsError("MEDREG_MASTER_KEY is required in production")
        path = self.data_dir / "master.key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(base64.b64encode(secrets.token_bytes(32)).decode())
        return base64.b64decode(path.read_text().strip())

    def ensure_data_dir(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.database_url.startswith("sqlite") and ":///" in self.database_url:
            db_path = self.database_url.split(":///", 1)[1]
            if db_path and db_path != ":memory:":
                Path(db_path).parent.mkdir(parents=True, exist_ok=True)


def load_settings() -> Settings:
    return Settings()

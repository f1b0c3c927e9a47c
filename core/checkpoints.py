"""Signed checkpoints of the audit chain, in the manner of a transparency log (RFC 9162):
the chain's size and head hash at a moment, signed with a key kept outside the database.

A checkpoint is kept three times: a row of ``audit_checkpoint``, a line of a JSON-lines file
outside the database and an outbox event. Whoever can rewrite the database cannot forge the
signature, so a chain cut short below a checkpoint, or rewritten before it, no longer matches.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey
from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base

ALGORITHM = "Ed25519"
_ALGORITHMS = (ALGORITHM,)
JWS_TYPE = "medreg-audit-checkpoint+jws"
TOPIC = "audit.checkpoint"


@dataclass(frozen=True)
class CheckpointConfig:
    """Where the checkpoint key and file live and how often a checkpoint is written."""

    key_file: Path
    """Ed25519 private key (PKCS#8 PEM) that signs checkpoints; never in the database."""

    create_key: bool
    """Create ``key_file`` on first use (the default place in the data directory); a key
    configured elsewhere must exist, so a missing mount is an error and not a new key."""

    log_file: Path
    """JSON lines, one signed checkpoint a line, appended after each checkpoint commits."""

    origin: str = "medreg audit log"
    """Names the log the checkpoints belong to (signed, informative)."""

    every_entries: int = 1000
    """Write a checkpoint once this many entries follow the last one."""

    every_seconds: float = 600.0
    """Write a checkpoint once the last one is this old and entries followed it."""


class AuditCheckpoint(Base):
    """One signed checkpoint; ``jws`` is what counts, the other columns make it findable."""

    __tablename__ = "audit_checkpoint"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    tree_size: Mapped[int] = mapped_column(BigInteger, index=True)
    head_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    key_id: Mapped[str] = mapped_column(String(64))
    jws: Mapped[str] = mapped_column(Text)


@dataclass(frozen=True)
class Checkpoint:
    """What is signed: the chain held ``tree_size`` entries and entry ``tree_size`` hashed to
    ``head_hash`` (the genesis value for an empty chain) at ``at``."""

    origin: str
    tree_size: int
    head_hash: str
    at: datetime
    key_id: str

    def payload(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "tree_size": self.tree_size,
            "head_hash": self.head_hash,
            "time": self.at.isoformat(timespec="microseconds"),
            "key_id": self.key_id,
        }

    @classmethod
    def from_payload(cls, raw: object) -> Checkpoint:
        if not isinstance(raw, dict):
            raise ForgedCheckpoint("the signed payload is not an object")
        try:
            origin, size, head = raw["origin"], raw["tree_size"], raw["head_hash"]
            at, key_id = datetime.fromisoformat(raw["time"]), raw["key_id"]
        except (KeyError, TypeError, ValueError) as exc:
            raise ForgedCheckpoint("the signed payload is malformed") from exc
        if type(size) is not int or size < 0 or at.tzinfo is None:
            raise ForgedCheckpoint("the signed payload is malformed")
        if not all(isinstance(value, str) for value in (origin, head, key_id)):
            raise ForgedCheckpoint("the signed payload is malformed")
        return cls(origin, size, head, at, key_id)


@dataclass(frozen=True)
class SignedCheckpoint:
    checkpoint: Checkpoint
    jws: str

    def to_json(self) -> dict[str, Any]:
        """The form of the file's lines, the outbox event and ``GET /audit/checkpoint``."""
        return {**self.checkpoint.payload(), "jws": self.jws}


class ForgedCheckpoint(Exception):
    """A checkpoint whose signature or content does not hold."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class CheckpointKeyMissing(RuntimeError):
    """The configured checkpoint key file does not exist (and may not be created here)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"the audit checkpoint key {path} does not exist")
        self.path = path


class CheckpointKey:
    """The Ed25519 key pair that signs checkpoints; its id is the RFC 7638 thumbprint."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._private = OKPKey.import_key(private_key)
        self.key_id = self._private.thumbprint()
        self.public = OKPKey.import_key(
            self._private.as_dict(private=False),
            {"kid": self.key_id, "use": "sig", "alg": ALGORITHM},
        )

    @classmethod
    def load(cls, path: Path, *, create: bool = False) -> CheckpointKey:
        """The key in ``path``; with ``create`` a new one is written there (mode 0600) when
        the file does not exist yet."""
        if not path.exists():
            if not create:
                raise CheckpointKeyMissing(path)
            _create_key_file(path)
        key = load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} does not hold an Ed25519 private key")
        return cls(key)

    def sign(self, checkpoint: Checkpoint) -> SignedCheckpoint:
        payload = json.dumps(checkpoint.payload(), sort_keys=True, separators=(",", ":"))
        header = {"alg": ALGORITHM, "kid": self.key_id, "typ": JWS_TYPE}
        token = jws.serialize_compact(header, payload.encode(), self._private, _ALGORITHMS)
        return SignedCheckpoint(checkpoint, token)

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.public.as_dict(private=False)]}

    def public_pem(self) -> str:
        raw = self.public.get_op_key("verify")
        return raw.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()

    @property
    def keys(self) -> Mapping[str, OKPKey]:
        """The verification keys by id (one today; retired keys would join here)."""
        return {self.key_id: self.public}


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = Ed25519PrivateKey.generate().private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
    )
    # Written aside, then linked into place: another process starting at the same moment
    # either sees no file or a whole one, never half a key.
    draft = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another process made it first; use theirs
    finally:
        draft.unlink()


def _b64url(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def open_checkpoint(token: str, keys: Mapping[str, OKPKey]) -> Checkpoint:
    """The checkpoint ``token`` carries, once its signature verified; ``ForgedCheckpoint``
    for an unknown key, a bad signature or a malformed token."""
    if not isinstance(token, str) or token.count(".") != 2:
        raise ForgedCheckpoint("not a compact JWS")
    try:
        header = json.loads(_b64url(token.split(".", 1)[0]))
    except (ValueError, binascii.Error) as exc:
        raise ForgedCheckpoint("malformed header") from exc
    kid = header.get("kid") if isinstance(header, dict) else None
    key = keys.get(kid) if isinstance(kid, str) else None
    if key is None:
        raise ForgedCheckpoint(f"signed by an unknown key {kid!r}")
    try:
        verified = jws.deserialize_compact(token, key, _ALGORITHMS)
    except (JoseError, ValueError) as exc:
        raise ForgedCheckpoint("the signature does not verify") from exc
    if verified.protected.get("typ") != JWS_TYPE:
        raise ForgedCheckpoint("not an audit checkpoint")
    try:
        checkpoint = Checkpoint.from_payload(json.loads(verified.payload))
    except ValueError as exc:
        raise ForgedCheckpoint("the signed payload is not JSON") from exc
    if checkpoint.key_id != kid:
        raise ForgedCheckpoint("the key id differs from the signing key")
    return checkpoint


@dataclass(frozen=True)
class LoggedCheckpoint:
    """One line of the checkpoint file: its signed token, or why it could not be read."""

    line: int
    jws: str | None
    problem: str | None = None


class CheckpointLog:
    """The checkpoint file outside the database: appended, never rewritten."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, signed: SignedCheckpoint) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        line = json.dumps(signed.to_json(), sort_keys=True, separators=(",", ":")) + "\n"
        # One write to a file opened O_APPEND: lines from several processes never interleave.
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(fd, line.encode())
            os.fsync(fd)
        finally:
            os.close(fd)

    def exists(self) -> bool:
        return self.path.is_file()

    def read(self) -> Iterator[LoggedCheckpoint]:
        if not self.exists():
            return
        with self.path.open(encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, start=1):
                if not text.strip():
                    continue
                try:
                    raw = json.loads(text)
                except ValueError:
                    yield LoggedCheckpoint(number, None, "not a JSON line")
                    continue
                token = raw.get("jws") if isinstance(raw, dict) else None
                if not isinstance(token, str):
                    yield LoggedCheckpoint(number, None, "no signed checkpoint on this line")
                    continue
                yield LoggedCheckpoint(number, token)

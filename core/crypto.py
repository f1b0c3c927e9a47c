"""Field encryption (AES-GCM bound to table/column/row), blind indexes and masking."""

from __future__ import annotations

import hashlib
import hmac
import os
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.ext.asyncio import AsyncSession

from core.slots import Slot

_VERSION = b"\x01"
_NONCE_BYTES = 12


class DecryptionFailed(Exception):
    """The ciphertext was altered or belongs to another row, column or key."""


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


@dataclass(frozen=True)
class Keyring:
    """Keys derived from one master secret: one for encryption, one for blind indexes."""

    encryption_key: bytes
    index_key: bytes

    @classmethod
    def from_master(cls, master: bytes) -> Keyring:
        if len(master) < 32:
            raise ValueError("the master key must be at least 32 bytes")
        return cls(
            _derive(master, b"medreg field encryption v1"),
            _derive(master, b"medreg blind index v1"),
        )

    @staticmethod
    def associated_data(table: str, column: str, row_id: uuid.UUID | str) -> bytes:
        return f"{table}.{column}:{row_id}".encode()

    def encrypt(self, plaintext: str, *, table: str, column: str, row_id: uuid.UUID | str) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        aad = self.associated_data(table, column, row_id)
        return (
            _VERSION + nonce + AESGCM(self.encryption_key).encrypt(nonce, plaintext.encode(), aad)
        )

    def decrypt(self, blob: bytes, *, table: str, column: str, row_id: uuid.UUID | str) -> str:
        if not blob or blob[:1] != _VERSION:
            raise DecryptionFailed("unknown ciphertext format")
        nonce, body = blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :]
        aad = self.associated_data(table, column, row_id)
        try:
            return AESGCM(self.encryption_key).decrypt(nonce, body, aad).decode()
        except InvalidTag as exc:
            raise DecryptionFailed(f"{table}.{column} of {row_id} does not decrypt") from exc

    def blind_index(self, value: str, *, purpose: str) -> str:
        """A keyed hash for exact lookup; ``purpose`` keeps indexes of different columns apart."""
        mac = hmac.new(self.index_key, f"{purpose}\x00{value}".encode(), hashlib.sha256)
        return mac.hexdigest()


KEYRING: Slot[Keyring] = Slot("keyring", Keyring)


def keyring_of(session: AsyncSession) -> Keyring:
    return KEYRING.of(session)


def mask_id_number(value: str) -> str:
    """``310115199001011234`` → ``3101**********1234``: region prefix and last four only.

    The one masking rule of the whole system: beside this mask a non-owner sees at most the
    birth year (and the sex), on every page and document, the licence included. A full birth
    date beside it would leave only digits 5–6 hidden, and the check digit rebuilds them."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_mobile(value: str) -> str:
    """``13812345678`` → ``138****5678``; a leading +86 is dropped first."""
    digits = value.removeprefix("+86")
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_name(value: str) -> str:
    """Chinese names keep first and last character (张*华, 李*); others keep the first letter."""
    if len(value) <= 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]

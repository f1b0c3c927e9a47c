"""Bulk field encryption for the demo city and imports: the keyring's format, without its
per-call set-up.

``Keyring.encrypt`` builds an ``AESGCM`` object and ``Keyring.blind_index`` an HMAC on every
call; for 200,000 persons that set-up costs more than the cryptography. ``FieldSealer`` keeps
one of each and produces byte-identical blind indexes and ciphertexts ``Keyring.decrypt``
reads (the tests check both against the keyring).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import uuid

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from core.crypto import Keyring

_VERSION = b"\x01"  # core.crypto's ciphertext format: version, 12-byte nonce, AES-GCM body
_NONCE_BYTES = 12


class FieldSealer:
    def __init__(self, keyring: Keyring) -> None:
        self._aead = AESGCM(keyring.encryption_key)
        self._index = hmac.new(keyring.index_key, digestmod=hashlib.sha256)

    def encrypt(self, plaintext: str, *, table: str, column: str, row_id: uuid.UUID) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        aad = Keyring.associated_data(table, column, row_id)
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext.encode(), aad)

    def blind_index(self, value: str, *, purpose: str) -> str:
        mac = self._index.copy()
        mac.update(f"{purpose}\x00{value}".encode())
        return mac.hexdigest()

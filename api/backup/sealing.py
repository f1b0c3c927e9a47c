"""The sealed container of a backup: a stream compressed with zlib and encrypted with
AES-256-GCM in chunks, under a key derived from a passphrase with scrypt.

Layout: ``MAGIC``, a 4-byte header length, the header (JSON: KDF parameters, salt, nonce
prefix, chunk size), an HMAC-SHA256 of magic and header, then chunks (4-byte length,
ciphertext). Each chunk's nonce is the prefix, the chunk's number and a last-chunk flag (the
STREAM construction), so chunks cannot be reordered, dropped or cut off unnoticed; the header
MAC tells a wrong passphrase from a damaged archive before anything is decrypted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct
import zlib
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"MEDREG-BACKUP\n"
FORMAT = 1
CHUNK = 1 << 20
SCRYPT_LOG_N = 17  # 128 MiB and about a second: cheap once, dear for a guesser
_PREFIX_BYTES = 7
_MAX_HEADER = 4096
_LENGTH = struct.Struct(">I")


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class ArchiveError(Exception):
    """The archive cannot be opened; the message says why, in a sentence."""


class NotAnArchive(ArchiveError):
    pass


class WrongPassphrase(ArchiveError):
    pass


class ArchiveDamaged(ArchiveError):
    pass


@dataclass(frozen=True)
class _Keys:
    cipher: AESGCM
    mac: bytes


def _derive(passphrase: str, salt: bytes, log_n: int, r: int, p: int) -> _Keys:
    raw = Scrypt(salt=salt, length=64, n=1 << log_n, r=r, p=p).derive(passphrase.encode())
    return _Keys(AESGCM(raw[:32]), raw[32:])


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


class SealingWriter:
    """A write-only binary stream: what is written comes out compressed and encrypted."""

    def __init__(self, raw: BinaryIO, passphrase: str, *, log_n: int = SCRYPT_LOG_N) -> None:
        salt, prefix = os.urandom(16), os.urandom(_PREFIX_BYTES)
        header = json.dumps(
            {
                "format": FORMAT,
                "kdf": {"name": "scrypt", "log_n": log_n, "r": 8, "p": 1},
                "salt": base64.b64encode(salt).decode(),
                "cipher": "AES-256-GCM",
                "nonce_prefix": base64.b64encode(prefix).decode(),
                "chunk": CHUNK,
                "compression": "zlib",
            },
            sort_keys=True,
        ).encode()
        self._keys = _derive(passphrase, salt, log_n, 8, 1)
        mac = hmac.new(self._keys.mac, MAGIC + header, hashlib.sha256).digest()
        raw.write(MAGIC + _LENGTH.pack(len(header)) + header + mac)
        self._raw, self._prefix = raw, prefix
        self._aad = hashlib.sha256(MAGIC + header + mac).digest()
        self._compressor = zlib.compressobj(6)
        self._pending = bytearray()
        self._counter = 0
        self.closed = False

    def _emit(self, chunk: bytes, *, last: bool) -> None:
        sealed = self._keys.cipher.encrypt(
            _nonce(self._prefix, self._counter, last), chunk, self._aad
        )
        self._raw.write(_LENGTH.pack(len(sealed)) + sealed)
        self._counter += 1

    def write(self, data: bytes) -> int:
        self._pending += self._compressor.compress(data)
        # Keep at least one chunk's worth back: the last chunk is only known at close.
        while len(self._pending) > CHUNK:
            self._emit(bytes(self._pending[:CHUNK]), last=False)
            del self._pending[:CHUNK]
        return len(data)

    def close(self) -> None:
        if self.closed:
            return
        self._pending += self._compressor.flush()
        while len(self._pending) > CHUNK:
            self._emit(bytes(self._pending[:CHUNK]), last=False)
            del self._pending[:CHUNK]
        self._emit(bytes(self._pending), last=True)
        self.closed = True


class OpeningReader:
    """A read-only binary stream of what a ``SealingWriter`` sealed; every chunk is
    authenticated before a byte of it is returned."""

    def __init__(self, raw: Readable, passphrase: str) -> None:
        self._raw = raw
        if raw.read(len(MAGIC)) != MAGIC:
            raise NotAnArchive("this file is not a medreg backup")
        header = self._exact(_LENGTH.size, "header")
        (length,) = _LENGTH.unpack(header)
        if length > _MAX_HEADER:
            raise ArchiveDamaged("the archive's header is damaged")
        text = self._exact(length, "header")
        mac = self._exact(32, "header")
        params = self._params(text)
        self._keys = _derive(passphrase, params["salt"], params["log_n"], params["r"], params["p"])
        expected = hmac.new(self._keys.mac, MAGIC + text, hashlib.sha256).digest()
        if not hmac.compare_digest(mac, expected):
            raise WrongPassphrase("wrong passphrase (or the archive's header was altered)")
        self._prefix = params["prefix"]
        self._aad = hashlib.sha256(MAGIC + text + mac).digest()
        self._decompressor = zlib.decompressobj()
        self._buffer = bytearray()
        self._counter = 0
        self._done = False

    def _exact(self, size: int, what: str) -> bytes:
        data = self._raw.read(size)
        if len(data) != size:
            raise ArchiveDamaged(f"the archive is truncated (in its {what})")
        return data

    @staticmethod
    def _params(text: bytes) -> dict[str, Any]:
        try:
            header = json.loads(text)
            kdf = header["kdf"]
            if header["format"] != FORMAT or kdf["name"] != "scrypt":
                raise ArchiveDamaged(f"unsupported backup format {header['format']!r}")
            prefix = base64.b64decode(header["nonce_prefix"])
            params: dict[str, Any] = {
                "salt": base64.b64decode(header["salt"]),
                "prefix": prefix,
                "log_n": int(kdf["log_n"]),
                "r": int(kdf["r"]),
                "p": int(kdf["p"]),
            }
        except (ValueError, KeyError, TypeError) as exc:
            raise ArchiveDamaged("the archive's header is damaged") from exc
        if len(prefix) != _PREFIX_BYTES or not 10 <= params["log_n"] <= 22:
            raise ArchiveDamaged("the archive's header is damaged")
        return params

    def _open_next(self) -> bytes:
        head = self._raw.read(_LENGTH.size)
        if len(head) != _LENGTH.size:
            raise ArchiveDamaged("the archive is truncated: its last part is missing")
        (length,) = _LENGTH.unpack(head)
        if length > CHUNK + 16:
            raise ArchiveDamaged(f"the archive is damaged at part {self._counter + 1}")
        sealed = self._exact(length, f"part {self._counter + 1}")
        for last in (False, True):
            try:
                chunk = self._keys.cipher.decrypt(
                    _nonce(self._prefix, self._counter, last), sealed, self._aad
                )
            except InvalidTag:
                continue
            self._counter += 1
            if last:
                self._done = True
                if self._raw.read(1):
                    raise ArchiveDamaged("the archive has data after its end")
            return chunk
        raise ArchiveDamaged(
            f"the archive was altered or damaged: part {self._counter + 1} does not authenticate"
        )

    def _more(self) -> bool:
        """Add at most ``CHUNK`` decompressed bytes to the buffer; ``False`` at the end."""
        tail = self._decompressor.unconsumed_tail
        if tail:
            self._buffer += self._decompressor.decompress(tail, CHUNK)
            return True
        if self._done:
            if not self._decompressor.eof:
                raise ArchiveDamaged("the archive's content ends early")
            return False
        self._buffer += self._decompressor.decompress(self._open_next(), CHUNK)
        return True

    def read(self, size: int = -1) -> bytes:
        while (size < 0 or len(self._buffer) < size) and self._more():
            pass
        if size < 0:
            size = len(self._buffer)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def finish(self) -> None:
        """Read to the end, so a cut or altered tail is noticed even when the content
        stopped being interesting before it."""
        while self._more():
            self._buffer.clear()

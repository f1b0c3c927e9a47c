"""The content of a backup: a tar stream (sealed by ``sealing``) holding the data directory
under ``data/``, the database dump under ``database/``, the audit checkpoint key when it is
kept outside the data directory under ``audit-key/``, and last ``MANIFEST.json`` with the
size and sha256 of every other member."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from api.backup.sealing import ArchiveDamaged

MANIFEST = "MANIFEST.json"
DATA = "data"
DATABASE = "database"
AUDIT_KEY = "audit-key"
_COPY = 1 << 20

Advance = Callable[[int], None]
"""Progress: this many more bytes are done."""


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str
    mode: int


@dataclass(frozen=True)
class Manifest:
    format: int
    created_at: str
    dialect: str
    revision: str | None
    database: str
    members: tuple[Member, ...]

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data: dict[str, Any] = json.loads(raw)
            members = tuple(Member(**m) for m in data.pop("members"))
            return cls(members=members, **data)
        except (ValueError, TypeError, KeyError) as exc:
            raise ArchiveDamaged("the archive's manifest is unreadable") from exc

    def member(self, name: str) -> Member | None:
        return next((m for m in self.members if m.name == name), None)


def snapshot_directory(
    source: Path, target: Path, *, skip: set[Path]
) -> tuple[list[Path], list[str]]:
    """Copy the regular files under ``source`` (keys, PKI, checkpoint file …) to ``target``,
    leaving out ``skip`` (the SQLite database, the archive being written); what was copied,
    and what was left out because it is not a regular file."""
    copied: list[Path] = []
    ignored: list[str] = []
    skip = {p.resolve() for p in skip}
    for root, dirs, files in os.walk(source):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".medreg-"))
        for name in sorted(files):
            path = here / name
            if path.resolve() in skip:
                continue
            if path.is_symlink() or not path.is_file():
                ignored.append(str(path.relative_to(source)))
                continue
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copy2(path, destination)
            copied.append(destination)
    return copied, ignored


class _Hashing:
    """Reads a file through, counting and hashing what passes."""

    def __init__(self, handle: BinaryIO, advance: Advance) -> None:
        self.handle, self.advance = handle, advance
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.advance(len(data))
        return data


def write_tar(sink: Any, staged: Path, manifest_base: dict[str, Any], advance: Advance) -> Manifest:
    """Stream every file under ``staged`` into ``sink``, then the manifest."""
    members: list[Member] = []
    with tarfile.open(fileobj=sink, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(p for p in staged.rglob("*") if p.is_file()):
            name = path.relative_to(staged).as_posix()
            info = tar.gettarinfo(str(path), arcname=name)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with path.open("rb") as handle:
                reader = _Hashing(handle, advance)
                tar.addfile(info, reader)
            members.append(Member(name, info.size, reader.digest.hexdigest(), info.mode & 0o777))
        manifest = Manifest(members=tuple(members), **manifest_base)
        raw = manifest.to_json()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode = len(raw), 0o600
        tar.addfile(info, _BytesReader(raw))
    return manifest


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data, self.offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ArchiveDamaged(f"the archive holds a member outside its tree: {name!r}")
    if path.parts[0] not in (DATA, DATABASE, AUDIT_KEY) and name != MANIFEST:
        raise ArchiveDamaged(f"the archive holds an unexpected member: {name!r}")
    return path


def _members(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    try:
        yield from tar
    except tarfile.TarError as exc:
        raise ArchiveDamaged(f"the archive's content is unreadable: {exc}") from exc


def extract_tar(source: Any, staging: Path) -> Manifest:
    """Unpack every member into ``staging`` (regular files only, never outside it), then
    check them against the manifest: nothing missing, extra or changed."""
    found: dict[str, tuple[int, str]] = {}
    manifest: Manifest | None = None
    with tarfile.open(fileobj=source, mode="r|") as tar:
        for info in _members(tar):
            if info.isdir():
                continue
            if not info.isfile():
                raise ArchiveDamaged(f"the archive holds a link or device: {info.name!r}")
            path = _safe_name(info.name)
            handle = tar.extractfile(info)
            assert handle is not None  # a regular file
            if info.name == MANIFEST:
                manifest = Manifest.from_json(handle.read())
                continue
            destination = staging.joinpath(*path.parts)
            destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            digest = hashlib.sha256()
            with destination.open("wb") as out:
                while chunk := handle.read(_COPY):
                    digest.update(chunk)
                    out.write(chunk)
            found[info.name] = (info.size, digest.hexdigest())
    if manifest is None:
        raise ArchiveDamaged("the archive has no manifest")
    listed = {m.name: (m.size, m.sha256) for m in manifest.members}
    if listed != found:
        changed = sorted(set(listed.items()) ^ set(found.items()))
        names = ", ".join(sorted({name for name, _ in changed}))
        raise ArchiveDamaged(f"the archive's members do not match its manifest: {names}")
    for member in manifest.members:
        os.chmod(staging / member.name, member.mode & 0o777)
    return manifest

"""Attachments: PDF, JPEG or PNG recognised by their first bytes (never by their name), at
most 10 MB, their content inspected (off the event loop) before they are kept, stored in the
database with their sha256, linked to an application by its applicant (or, once submitted,
by the party handling it) and served only to those who may see that application."""

from __future__ import annotations

import asyncio
import hashlib
import io
import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from access.actor import Actor
from core import audit
from core.clock import clock_of
from core.errors import FieldProblem, NotFound, Problem, ValidationFailed
from registry.catalogue.models import ApprovalItem, AttachmentKind
from registry.errors import RegistryProblem
from registry.workflow import policy
from registry.workflow.models import Application, Attachment

MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    magic: bytes


FILE_TYPES = (
    FileType("application/pdf", ".pdf", b"%PDF-"),
    FileType("image/jpeg", ".jpg", b"\xff\xd8\xff"),
    FileType("image/png", ".png", b"\x89PNG\r\n\x1a\n"),
)


class FileTooLarge(ValidationFailed):
    def __init__(self) -> None:
        super().__init__(
            FieldProblem(
                "file",
                "must be at most 10 MB",
                RegistryProblem.FILE_TOO_LARGE,
                {"maxMb": MAX_BYTES // (1024 * 1024)},
            )
        )


class UnsupportedFile(ValidationFailed):
    def __init__(self) -> None:
        super().__init__(
            FieldProblem(
                "file",
                "is not a PDF, JPEG or PNG file (judged by its content)",
                RegistryProblem.FILE_TYPE,
            )
        )


def sniff(data: bytes) -> FileType:
    """The file's type from its content, or UnsupportedFile; empty and oversized files fail."""
    if not data:
        raise ValidationFailed.on("file", "is empty", RegistryProblem.FILE_EMPTY)
    if len(data) > MAX_BYTES:
        raise FileTooLarge()
    for file_type in FILE_TYPES:
        if data.startswith(file_type.magic):
            return file_type
    raise UnsupportedFile()


MAX_PIXELS = 40_000_000
"""A photographed certificate needs far less; a larger image is a decompression bomb."""
_ACTIVE_PDF = re.compile(rb"/(?:JavaScript|Launch|EmbeddedFile|RichMedia)\b")
"""PDF features that run or carry something beyond the page, never needed for a scan. Long
names only: a short one (``/JS``) turns up by chance in the compressed bytes of a large scan.
Names inside compressed object streams are not seen: this is a first screen, not a parser."""


class UnsafeFile(ValidationFailed):
    def __init__(self, message: str) -> None:
        super().__init__(FieldProblem("file", message, RegistryProblem.FILE_UNSAFE))


def inspect_content(data: bytes, file_type: FileType) -> None:
    """Refuse what only pretends to be a scan: an image Pillow cannot identify or verify (a
    structural check, not a full decode) or that would decode to an enormous bitmap, a PDF
    without an end or with active content. CPU-bound on large PDFs: call it through
    ``asyncio.to_thread``."""
    if file_type.content_type == "application/pdf":
        if b"%%EOF" not in data[-2048:]:
            raise UnsafeFile("is not a complete PDF file")
        if _ACTIVE_PDF.search(data):
            raise UnsafeFile("holds scripts, launch actions or embedded files")
        return
    from PIL import Image, UnidentifiedImageError  # on the first upload, not at start-up

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise UnsafeFile("has too many pixels for a scanned document")
            image.verify()
    except UnsafeFile:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise UnsafeFile("is not a readable image") from exc


def safe_filename(name: str, file_type: FileType) -> str:
    """The last path component, printable characters only, with the extension of the real
    content (a PNG uploaded as ``scan.pdf`` is served as ``scan.png``)."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] not in ("C", "Z") or ch == " ")
    stem = PurePosixPath(base).stem.strip(" .")[:120] or "attachment"
    return stem + file_type.extension


async def store(
    session: AsyncSession, actor: Actor, *, kind: str, filename: str, data: bytes
) -> Attachment:
    """Check and keep an upload; it belongs to its uploader until linked to an application."""
    try:
        attachment_kind = AttachmentKind(kind)
    except ValueError:
        raise ValidationFailed.on(
            "kind", "not a kind of attachment", RegistryProblem.ATTACHMENT_KIND_UNKNOWN
        ) from None
    file_type = sniff(data)
    await asyncio.to_thread(inspect_content, data, file_type)
    attachment = Attachment(
        id=uuid.uuid4(),
        kind=attachment_kind.value,
        filename=safe_filename(filename, file_type),
        content_type=file_type.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        uploaded_by=actor.account_id,
        uploaded_at=clock_of(session).now(),
    )
    session.add(attachment)
    await session.flush()
    await audit.record(
        session,
        actor.audit(),
        "registry.attachment.upload",
        target_type="attachment",
        target_id=attachment.id,
        summary={"kind": attachment.kind, "size": attachment.size, "sha256": attachment.sha256},
    )
    return attachment


async def visible_attachment(
    session: AsyncSession, actor: Actor, attachment_id: uuid.UUID
) -> Attachment | None:
    """The attachment's description (not its bytes), if the actor may see it."""
    return await session.scalar(
        policy.visible_attachments(actor).where(Attachment.id == attachment_id)
    )


async def load_for_download(
    session: AsyncSession, actor: Actor, attachment_id: uuid.UUID
) -> Attachment:
    attachment = await session.scalar(
        policy.visible_attachments(actor)
        .where(Attachment.id == attachment_id)
        .options(undefer(Attachment.data))
    )
    if attachment is None:
        raise NotFound("attachment", attachment_id, reason=RegistryProblem.ATTACHMENT_NOT_FOUND)
    return attachment


async def link_attachments(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    attachment_ids: Sequence[uuid.UUID],
) -> list[uuid.UUID]:
    """Make ``attachment_ids`` the application's attachments: each one uploaded by this actor
    and not linked elsewhere; attachments dropped from the list are unlinked (their ids are
    returned, for the audit entry: the files themselves stay in the database)."""
    wanted = list(dict.fromkeys(attachment_ids))
    rows = (
        await session.scalars(
            select(Attachment).where(
                Attachment.id.in_(wanted),
                (Attachment.application_id == application.id)
                | (
                    Attachment.application_id.is_(None)
                    & (Attachment.uploaded_by == actor.account_id)
                ),
            )
        )
    ).all()
    found = {row.id for row in rows}
    problems = [
        FieldProblem(
            f"attachmentIds.{i}",
            "no such attachment of yours",
            RegistryProblem.ATTACHMENT_NOT_FOUND,
        )
        for i, attachment_id in enumerate(wanted)
        if attachment_id not in found
    ]
    if problems:
        raise ValidationFailed(problems)
    dropped = list(
        (
            await session.scalars(
                update(Attachment)
                .where(Attachment.application_id == application.id, Attachment.id.not_in(wanted))
                .values(application_id=None)
                .returning(Attachment.id)
                .execution_options(synchronize_session=False)
            )
        ).all()
    )
    for row in rows:
        row.application_id = application.id
    await session.flush()
    return dropped


async def missing_kinds(
    session: AsyncSession, application: Application, item: ApprovalItem
) -> list[str]:
    present = set(
        (
            await session.scalars(
                select(Attachment.kind).where(Attachment.application_id == application.id)
            )
        ).all()
    )
    return [kind for kind in item.attachments if kind not in present]


async def attachments_by_application(
    session: AsyncSession, application_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Attachment]]:
    rows = await session.scalars(
        select(Attachment)
        .where(Attachment.application_id.in_(application_ids))
        .order_by(Attachment.uploaded_at, Attachment.id)
    )
    found: dict[uuid.UUID, list[Attachment]] = {i: [] for i in application_ids}
    for row in rows:
        assert row.application_id is not None
        found[row.application_id].append(row)
    return found


async def add_to_submitted(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    attachment_ids: Sequence[uuid.UUID],
) -> list[Attachment]:
    """Link further uploads of ``actor`` to a submitted application; nothing is unlinked, so
    what the applicant sent stays as it was."""
    wanted = list(dict.fromkeys(attachment_ids))
    if not wanted:
        raise ValidationFailed.on("attachmentIds", "name at least one attachment", Problem.REQUIRED)
    rows = (
        await session.scalars(
            select(Attachment).where(
                Attachment.id.in_(wanted),
                Attachment.application_id.is_(None),
                Attachment.uploaded_by == actor.account_id,
            )
        )
    ).all()
    found = {row.id for row in rows}
    problems = [
        FieldProblem(
            f"attachmentIds.{i}",
            "no such attachment of yours",
            RegistryProblem.ATTACHMENT_NOT_FOUND,
        )
        for i, attachment_id in enumerate(wanted)
        if attachment_id not in found
    ]
    if problems:
        raise ValidationFailed(problems)
    for row in rows:
        row.application_id = application.id
    await session.flush()
    return list(rows)

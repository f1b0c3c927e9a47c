"""Attachments in the domain: judged by content, size-capped, linked only by their uploader.
(The HTTP endpoint: tests/schema/registry/test_attachments_endpoint.py.)"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound, ValidationFailed
from registry.catalogue.models import ItemCode
from registry.workflow import attachments, service
from registry.workflow.models import Attachment
from tests.factories.workflow import JPEG, PDF, PNG, City


@pytest.mark.parametrize(
    ("data", "content_type"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")],
)
def test_types_are_recognised_by_content(data: bytes, content_type: str) -> None:
    assert attachments.sniff(data).content_type == content_type


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"MZ\x90\x00" + b"\x00" * 60, attachments.UnsupportedFile),
        (b"<html><script>", attachments.UnsupportedFile),
        (b"%PDF-" + b"0" * (10 * 1024 * 1024), attachments.FileTooLarge),
        (b"", ValidationFailed),
    ],
)
async def test_bad_files_are_refused_and_not_stored(
    city: City, session: AsyncSession, data: bytes, error: type[Exception]
) -> None:
    _, nurse = await city.person()
    with pytest.raises(error):
        await attachments.store(
            session, nurse, kind="HEALTH_CERTIFICATE", filename="a.pdf", data=data
        )
    assert await session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_exactly_ten_megabytes_is_accepted() -> None:
    assert attachments.sniff(b"%PDF-" + b"0" * (10 * 1024 * 1024 - 5)).extension == ".pdf"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\scan.PDF", "scan.pdf"),
        ("体检\u202e报告.exe", "体检报告.pdf"),
        ("", "attachment.pdf"),
    ],
)
def test_filenames_are_cleaned(name: str, expected: str) -> None:
    assert attachments.safe_filename(name, attachments.FILE_TYPES[0]) == expected


async def test_only_the_uploader_links_and_sees_an_unlinked_file(
    city: City, session: AsyncSession
) -> None:
    _, nurse = await city.person("甲")
    _, other = await city.person("乙")
    mine = await attachments.store(
        session, nurse, kind="HEALTH_CERTIFICATE", filename="x.pdf", data=PDF
    )
    with pytest.raises(ValidationFailed) as exc:
        await service.create_application(
            session,
            other,
            item_code=ItemCode.NURSE_RENEWAL,
            form={},
            attachment_ids=[mine.id],
        )
    assert exc.value.problems[0].field == "attachmentIds.0"
    with pytest.raises(NotFound):
        await attachments.load_for_download(session, other, mine.id)
    found = await attachments.load_for_download(session, nurse, mine.id)
    assert found.data == PDF

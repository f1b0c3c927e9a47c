"""The attachment endpoint: uploads judged by content, refused with a clear error and nothing
stored; downloads only for those who may see the application, always as a download."""

from __future__ import annotations

import hashlib

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from core.audit import AuditEntry
from registry.workflow.models import Attachment
from tests.factories.applications import apply_first_registration, nurse
from tests.factories.clients import ACTOR_HEADER
from tests.factories.workflow import JPEG, PDF, PNG, City

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


async def post(
    client: httpx.AsyncClient,
    actor: str | None,
    data: bytes,
    *,
    kind: str = "HEALTH_CERTIFICATE",
    filename: str = "体检证明.pdf",
    header: bool = True,
    content_type: str = "application/pdf",
) -> httpx.Response:
    headers = {"content-type": content_type}
    if header:
        headers["x-medreg-upload"] = "1"
    if actor:
        headers[ACTOR_HEADER] = actor
    return await client.post(
        "/attachments", params={"kind": kind, "filename": filename}, content=data, headers=headers
    )


async def stored(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Attachment)) or 0)


@pytest.mark.parametrize(
    ("data", "status", "message", "reason", "params"),
    [
        (EXE, 415, "file: is not a PDF, JPEG or PNG file (judged by its content)", "FILE_TYPE", {}),
        (
            b"%PDF-" + b"0" * (11 * 1024 * 1024),
            413,
            "file: must be at most 10 MB",
            "FILE_TOO_LARGE",
            {"maxMb": 10},
        ),
        (b"", 422, "file: is empty", "FILE_EMPTY", {}),
    ],
    ids=["exe-renamed-pdf", "eleven-megabytes", "empty"],
)
async def test_bad_files_are_refused_and_nothing_is_stored(
    client: httpx.AsyncClient,
    session: AsyncSession,
    city: City,
    actors: dict[str, Actor],
    data: bytes,
    status: int,
    message: str,
    reason: str,
    params: dict[str, object],
) -> None:
    await nurse(session, city, actors, "zhang", "张晓华")
    audit_before = await session.scalar(select(func.count()).select_from(AuditEntry))
    response = await post(client, "zhang", data, filename="setup.pdf")
    assert response.status_code == status
    error = response.json()["errors"][0]
    assert error["code"] == "VALIDATION"
    assert (error["reason"], error["params"]) == (reason, {})
    assert error["message"] == message
    assert error["fields"] == [
        {"field": "file", "message": message[6:], "code": reason, "params": params}
    ]
    assert await stored(session) == 0
    assert await session.scalar(select(func.count()).select_from(AuditEntry)) == audit_before


async def test_requests_a_browser_could_forge_are_refused(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    await nurse(session, city, actors, "zhang", "张晓华")
    no_header = await post(client, "zhang", PDF, header=False)
    assert no_header.status_code == 403
    assert no_header.json()["errors"][0]["reason"] == "UPLOAD_HEADER_MISSING"
    form = await post(client, "zhang", PDF, content_type="multipart/form-data; boundary=x")
    assert form.status_code == 415
    assert form.json()["errors"][0]["reason"] == "UPLOAD_AS_FORM"
    anonymous = await post(client, None, PDF)
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["reason"] == "UNAUTHENTICATED"
    unknown_kind = await post(client, "zhang", PDF, kind="SELFIE")
    assert unknown_kind.status_code == 422
    field = unknown_kind.json()["errors"][0]["fields"][0]
    assert (field["field"], field["code"]) == ("kind", "ATTACHMENT_KIND_UNKNOWN")
    assert await stored(session) == 0


async def test_upload_and_download_by_content_type(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    await nurse(session, city, actors, "zhang", "张晓华")
    response = await post(client, "zhang", PNG, filename="../../扫描件.pdf")
    assert response.status_code == 201
    body = response.json()
    assert body["contentType"] == "image/png"
    assert body["filename"] == "扫描件.png"
    assert body["sha256"] == hashlib.sha256(PNG).hexdigest()
    download = await client.get(body["url"], headers={ACTOR_HEADER: "zhang"})
    assert download.status_code == 200
    assert download.content == PNG
    assert download.headers["content-type"] == "image/png"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert (
        "filename*=UTF-8''%E6%89%AB%E6%8F%8F%E4%BB%B6.png"
        in download.headers["content-disposition"]
    )
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["cache-control"] == "private, no-store"
    jpeg = await post(client, "zhang", JPEG, filename="photo")
    assert jpeg.json()["filename"] == "photo.jpg"


async def test_preview_is_inline_and_framed_by_the_portal_only(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    await nurse(session, city, actors, "zhang", "张晓华")
    for data, kind in ((PNG, "image/png"), (PDF, "application/pdf")):
        url = (await post(client, "zhang", data)).json()["url"]
        preview = await client.get(f"{url}?inline=1", headers={ACTOR_HEADER: "zhang"})
        assert preview.status_code == 200
        assert preview.headers["content-type"] == kind
        assert preview.headers["content-disposition"].startswith("inline;")
        assert preview.headers["x-frame-options"] == "SAMEORIGIN"
        assert "frame-ancestors 'self'" in preview.headers["content-security-policy"]
        assert "script-src" not in preview.headers["content-security-policy"]
        # Without the parameter: a download, never framed.
        plain = await client.get(url, headers={ACTOR_HEADER: "zhang"})
        assert plain.headers["content-disposition"].startswith("attachment;")
        assert plain.headers["x-frame-options"] == "DENY"
    anonymous = await client.get(f"{url}?inline=1")
    assert anonymous.status_code == 401


async def test_downloads_follow_the_application(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    await nurse(session, city, actors, "zhang", "张晓华")
    await nurse(session, city, actors, "li", "李明")
    app = await apply_first_registration(client, city, "zhang")
    url = app["attachments"][0]["url"]
    assert (await client.get(url, headers={ACTOR_HEADER: "zhang"})).status_code == 200
    assert (await client.get(url, headers={ACTOR_HEADER: "op_pudong"})).status_code == 200
    assert (await client.get(url, headers={ACTOR_HEADER: "officer_city"})).status_code == 200
    for outsider in ("li", "op_pudong_b", "officer_xuhui"):
        assert (await client.get(url, headers={ACTOR_HEADER: outsider})).status_code == 404
    assert (await client.get(url)).status_code == 401
    assert (
        await client.get("/attachments/not-a-uuid", headers={ACTOR_HEADER: "zhang"})
    ).status_code == 404

"""Materials added after submission by the party handling the application, over HTTP: the
institution while it reviews, the authority until the paper is confirmed; what the applicant
sent stays; each addition is on the timeline and audited; hostile files are refused."""

from __future__ import annotations

import struct
import uuid
import zlib
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from core.audit import AuditEntry
from schema.node import to_global_id
from tests.factories.applications import (
    RESULT,
    UPDATE,
    apply_first_registration,
    member,
    nurse,
    step,
    upload,
)
from tests.factories.clients import ACTOR_HEADER, gql_as
from tests.factories.workflow import City

ADD = f"""
mutation A($input: AddMaterialsInput!) {{ addApplicationMaterials(input: $input) {{ {RESULT} }} }}
"""


async def _add(
    client: httpx.AsyncClient, actor: str, app: dict[str, Any], ids: list[str]
) -> dict[str, Any]:
    body = await gql_as(
        client,
        actor,
        ADD,
        {"input": {"id": app["id"], "expectedVersion": app["version"], "attachmentIds": ids}},
    )
    if "errors" in body:
        return {"__typename": body["errors"][0]["extensions"]["code"]}
    return member(body, "addApplicationMaterials")


async def test_the_handling_party_adds_materials_and_the_history_says_so(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    await nurse(session, city, actors, "zhang", "张晓华")
    app = await apply_first_registration(client, city, "zhang")
    sent = {(a["kind"], a["sha256"]) for a in app["attachments"]}

    # The applicant's own view offers no such step; the institution's does.
    assert "ADD_MATERIALS" not in app["availableActions"]
    extra = await upload(client, "op_pudong", "OTHER")
    assert (await _add(client, "zhang", app, [extra]))["__typename"] == "FORBIDDEN"
    # Another institution does not even see it.
    other = await upload(client, "op_pudong_b", "OTHER")
    assert (await _add(client, "op_pudong_b", app, [other]))["__typename"] == "NotFound"

    added = await _add(client, "op_pudong", app, [extra])
    assert added["__typename"] == "ApplicationSuccess", added
    app = added["application"]
    assert app["status"] == "AWAITING_INSTITUTION"
    assert sent < {(a["kind"], a["sha256"]) for a in app["attachments"]}
    assert [a["kind"] for a in app["attachments"]].count("OTHER") == 1
    assert app["timeline"][-1]["action"] == "ADD_MATERIALS"
    assert app["timeline"][-1]["actorRole"] == "INSTITUTION_OPERATOR"

    # Someone else's upload, or one already linked, cannot be added.
    refused = await _add(client, "op_pudong", app, [extra])
    assert refused["__typename"] == "ValidationError"
    assert refused["fields"][0]["code"] == "ATTACHMENT_NOT_FOUND"

    app = await step(client, "op_pudong", "forwardApplication", app, "已核对")
    app = await step(client, "officer_pudong", "acceptApplication", app)
    scan = await upload(client, "officer_pudong", "OTHER")
    added = await _add(client, "officer_pudong", app, [scan])
    assert added["__typename"] == "ApplicationSuccess", added
    app = added["application"]
    assert app["timeline"][-1]["actorRole"] == "AUTHORITY_OFFICER"
    # The institution's turn has passed.
    late = await upload(client, "op_pudong", "OTHER")
    assert (await _add(client, "op_pudong", app, [late]))["__typename"] == "FORBIDDEN"

    app = await step(client, "officer_pudong", "approveApplication", app, "符合注册条件")
    app = await step(client, "officer_pudong", "confirmPaperMaterials", app)
    closed = await _add(
        client, "officer_pudong", app, [await upload(client, "officer_pudong", "OTHER")]
    )
    assert closed["__typename"] == "InvalidState"
    assert closed["reason"] == "ACTION_NOT_ALLOWED"

    audited = (
        await session.scalars(
            select(AuditEntry).where(AuditEntry.action == "registry.application.materials_added")
        )
    ).all()
    assert len(audited) == 2
    assert all(len(entry.summary["attachments"]) == 1 for entry in audited)


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG header that claims ``width`` × ``height`` pixels: a decompression bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


async def test_hostile_uploads_are_refused(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    await nurse(session, city, actors, "zhang", "张晓华")
    broken_jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 512
    hostile = {
        "bomb": (_png_claiming(100_000, 100_000), "image/png"),
        "broken": (broken_jpeg, "image/jpeg"),
        "script": (
            b"%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (x) >> >>\n%%EOF\n",
            "application/pdf",
        ),
        "cut": (b"%PDF-1.7\n1 0 obj <<>> endobj\n" + b"0" * 4096, "application/pdf"),
    }
    for name, (data, content_type) in hostile.items():
        response = await client.post(
            "/attachments",
            params={"kind": "OTHER", "filename": name},
            content=data,
            headers={ACTOR_HEADER: "zhang", "x-medreg-upload": "1", "content-type": content_type},
        )
        assert response.status_code == 422, (name, response.text)
        assert response.json()["errors"][0]["fields"][0]["code"] == "FILE_UNSAFE", name


async def test_a_material_replaced_in_a_returned_application_is_named_in_the_audit(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    await nurse(session, city, actors, "zhang", "张晓华")
    app = await apply_first_registration(client, city, "zhang")
    app = await step(client, "op_pudong", "returnApplication", app, "资格证书不清晰")
    stored = {a["kind"]: a["url"].rsplit("/", 1)[1] for a in app["attachments"]}
    clearer = await upload(client, "zhang", "QUALIFICATION_CERTIFICATE")
    body = await gql_as(
        client,
        "zhang",
        UPDATE,
        {
            "input": {
                "id": app["id"],
                "expectedVersion": app["version"],
                "attachmentIds": [
                    clearer,
                    to_global_id("Attachment", uuid.UUID(stored["HEALTH_CERTIFICATE"])),
                ],
            }
        },
    )
    app = member(body, "updateApplication")["application"]
    assert len(app["attachments"]) == 2
    entry = await session.scalar(
        select(AuditEntry).where(AuditEntry.action == "registry.application.updated")
    )
    assert entry is not None
    assert entry.summary["unlinked"] == [stored["QUALIFICATION_CERTIFICATE"]]
    app = await step(client, "zhang", "resubmitApplication", app)
    assert [e["action"] for e in app["timeline"]][-2:] == ["RETURN", "RESUBMIT"]


async def test_a_scan_whose_compressed_bytes_happen_to_spell_a_short_name_is_kept(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    await nurse(session, city, actors, "zhang", "张晓华")
    stream = b"\x8f\x03/JS\x00\x91/XFA\x07" * 100
    pdf = b"%PDF-1.7\n1 0 obj << /Length 1300 /Filter /FlateDecode >>\nstream\n"
    pdf += stream + b"\nendstream endobj\ntrailer <<>>\n%%EOF\n"
    await upload(client, "zhang", "OTHER", pdf)  # refused unless 201 Created

"""Archive renewal (PAdES-LTA): before the certificate of a licence's last document
time-stamp ends, add the validation data that proves it was still valid (DSS) and a new
document time-stamp by the current TSA over everything. Repeated every TSA generation, this
keeps a licence verifiable for as long as the commission keeps renewing.

The PDF work is ``renew_pdf``; ``renew_one`` does it for one stored licence (the caller
commits after each, so a run can stop anywhere and resume); ``candidates`` lists what is due.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta
from io import BytesIO

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from certificates.config import SigningConfig
from certificates.models import Licence
from certificates.pki import Pki

RENEWAL_WINDOW = timedelta(days=180)
"""Renew archives whose last time-stamp certificate ends within this window."""


def archive_expiry(pdf: bytes) -> datetime | None:
    """When the certificate of the PDF's last document time-stamp ends (``None``: none)."""
    # pyHanko is imported by the PDF work only: the server registers the archive task
    # without loading it (``tests/api/test_startup.py``).
    from pyhanko.pdf_utils.reader import PdfFileReader

    stamps = PdfFileReader(BytesIO(pdf), strict=False).embedded_timestamp_signatures
    if not stamps:
        return None
    end: datetime = stamps[-1].signer_cert.not_valid_after
    return end


async def renew_pdf(pdf: bytes, pki: Pki, config: SigningConfig, now: datetime) -> bytes:
    """``pdf`` with fresh validation data for its last time-stamp and a new document
    time-stamp, as one incremental update that the new time-stamp covers entirely.

    pyHanko's ``update_archival_timestamp_chain`` writes the new time-stamp's validation data
    in a revision of its own after it, and every revision pyHanko writes also rewrites the XMP
    metadata with the current second (``xmp:ModifyDate``): when that second had moved on, the
    /Metadata stream changed after the last time-stamp and ``ltv.tail_is_maintenance``
    refused our own renewal. Writing the validation data first (``update_before_ts``, which
    rules out VRI entries for the new time-stamp; PAdES does not need them) leaves nothing
    after the time-stamp."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.signers.pdf_signer import PdfTimeStamper, TimestampDSSContentSettings
    from pyhanko.sign.validation import async_validate_pdf_timestamp
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    from certificates import ltv
    from certificates.signing import DOC_TIMESTAMP_FIELD, archive_timestamper

    reader = PdfFileReader(BytesIO(pdf), strict=False)
    context = ltv.context_at(pki, ltv.evidence(reader, pki), now)
    stamps = reader.embedded_timestamp_signatures
    output = BytesIO(pdf)
    writer = IncrementalPdfFileWriter(output, strict=False)
    md_algorithm = "sha256"  # a licence without a time-stamp yet; otherwise the last one's
    if stamps:
        last = await async_validate_pdf_timestamp(stamps[-1], context, skip_diff=True)
        md_algorithm = last.md_algorithm
        DocumentSecurityStore.supply_dss_in_writer(
            writer,
            stamps[-1].pkcs7_content,
            paths=(last.validation_path,),
            validation_context=context,
        )
    stamper = PdfTimeStamper(
        archive_timestamper(pki, config, now), field_name=f"{DOC_TIMESTAMP_FIELD}{len(stamps) + 1}"
    )
    await stamper.async_timestamp_pdf(
        writer,
        md_algorithm,
        context,
        in_place=True,
        dss_settings=TimestampDSSContentSettings(include_vri=False, update_before_ts=True),
    )
    return output.getvalue()


def _due(before: datetime) -> ColumnElement[bool]:
    return and_(
        Licence.signed_at.is_not(None),
        or_(Licence.archive_expires_at.is_(None), Licence.archive_expires_at < before),
    )


async def count_due(session: AsyncSession, before: datetime) -> int:
    """How many licences ``candidates`` would list (an upper bound of the renewals)."""
    stmt = select(func.count()).select_from(Licence).where(_due(before))
    return int(await session.scalar(stmt) or 0)


async def candidates(
    session: AsyncSession, before: datetime, *, limit: int, after: uuid.UUID | None = None
) -> list[uuid.UUID]:
    """Signed licences whose archive ends before ``before``, or was never assessed; by id,
    after ``after`` (a run walks the table once, whatever it renews)."""
    stmt = select(Licence.id).where(_due(before)).order_by(Licence.id).limit(limit)
    if after is not None:
        stmt = stmt.where(Licence.id > after)
    return list((await session.scalars(stmt)).all())


async def renew_one(
    session: AsyncSession,
    licence_id: uuid.UUID,
    pki: Pki,
    config: SigningConfig,
    *,
    before: datetime,
    now: datetime,
) -> bool:
    """Renew one licence's archive if it ends before ``before``; whether it was renewed.
    A licence not due only gets its ``archive_expires_at`` recorded, so it is not read again
    until it is due."""
    licence = await session.get(Licence, licence_id, options=[undefer(Licence.pdf)])
    if licence is None or licence.pdf is None:
        return False
    expires = archive_expiry(licence.pdf)
    if expires is not None and expires >= before:
        licence.archive_expires_at = expires
        await session.flush()
        return False
    pdf = await renew_pdf(licence.pdf, pki, config, now)
    licence.pdf = pdf
    licence.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    licence.archive_expires_at = archive_expiry(pdf)
    licence.archive_renewed_at = now
    await session.flush()
    return True

"""Long-term validation (PAdES-LTA) of a licence: each piece of evidence is validated as of
the moment the next one proves it existed.

- the authority's signature as of its signature time-stamp (the certificate must have been
  valid and unrevoked then, not today);
- the signature time-stamp as of the first document time-stamp, which covers it;
- each document time-stamp as of the next one, the last one as of now.

Revocation data comes from the DSS (embedded at signing and at each archive renewal) and from
the commission's current CRLs, so a CRL valid at each of those moments is at hand. A chain
whose every link holds keeps a licence genuine after its authority's certificate, the TSA's
or the root's first certificate has expired, as long as ``renew_archive`` re-stamped in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.diff_analysis.form_rules_api import FormUpdatingRule
from pyhanko.sign.diff_analysis.policies import StandardDiffPolicy
from pyhanko.sign.diff_analysis.policy_api import DiffResult
from pyhanko.sign.diff_analysis.rules.file_structure_rules import (
    CatalogModificationRule,
    ObjectStreamRule,
    XrefStreamRule,
)
from pyhanko.sign.diff_analysis.rules.form_field_rules import (
    DSSCompareRule,
    SigFieldCreationRule,
    SigFieldModificationRule,
)
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko_certvalidator import ValidationContext

from certificates.pki import Pki
from certificates.signing import as_asn1_cert

MAINTENANCE_ONLY = StandardDiffPolicy(
    global_rules=[
        CatalogModificationRule(),
        XrefStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
        ObjectStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
        DSSCompareRule().as_qualified(ModificationLevel.LTA_UPDATES),
    ],
    form_rule=FormUpdatingRule(field_rules=[SigFieldCreationRule(), SigFieldModificationRule()]),
)
"""What may follow the last document time-stamp: validation data (DSS) and new time-stamp
fields, nothing else. pyHanko's default also lets document metadata change at that level."""


@dataclass(frozen=True)
class Evidence:
    """The revocation data and certificates a PDF carries, with the commission's own."""

    crls: list[bytes]
    certs: list[asn1_x509.Certificate]


def evidence(reader: PdfFileReader, pki: Pki) -> Evidence:
    crls = list(pki.crls.values())
    certs = [as_asn1_cert(cert) for cert in pki.every_cert()]
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return Evidence(crls, certs)
    crls.extend(ref.get_object().data for ref in dss.crls)
    certs.extend(dss.load_certs())
    return Evidence(crls, certs)


def context_at(pki: Pki, found: Evidence, moment: datetime) -> ValidationContext:
    """Trust in the commission's root as of ``moment``, offline, revocation checked."""
    return ValidationContext(
        trust_roots=[as_asn1_cert(pki.root)],
        other_certs=found.certs,
        crls=found.crls,
        allow_fetching=False,
        revocation_mode="hard-fail",
        moment=moment,
    )


def token_time(signed_data: cms.SignedData) -> datetime:
    """The time a time-stamp token asserts (``genTime``)."""
    gen_time: datetime = signed_data["encap_content_info"]["content"].parsed["gen_time"].native
    return gen_time


def signature_timestamp_time(sig: EmbeddedPdfSignature) -> datetime | None:
    for token in extract_tst_data_iter(sig.signer_info, signed=False):
        return token_time(token)
    return None


def proof_times(timestamps: list[EmbeddedPdfSignature], now: datetime) -> list[datetime]:
    """For each document time-stamp, the moment it is validated at: the next one's time,
    and ``now`` for the last."""
    times = [token_time(ts.signed_data) for ts in timestamps]
    return [*times[1:], now]


def tail_is_maintenance(reader: PdfFileReader, last_timestamp: EmbeddedPdfSignature) -> bool:
    """Whatever follows the last document time-stamp is validation data only."""
    if last_timestamp.signed_revision == reader.xrefs.total_revisions - 1:
        return True
    result = MAINTENANCE_ONLY.review_file(reader, last_timestamp.signed_revision)
    return isinstance(result, DiffResult) and result.modification_level <= (
        ModificationLevel.LTA_UPDATES
    )

"""The in-process time-stamping authority (RFC 3161) of the development PKI.

pyHanko's ``DummyTimeStamper`` builds each token as an asn1crypto object tree and serialises
it: about 7 ms a token, two tokens per B-LTA licence. Everything in a token except the
TSTInfo, two attributes and the RSA signature is the same every time, so here those parts are
encoded once and the token is assembled from DER pieces (~1 ms, mostly the RSA signature).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pyhanko.sign.general import as_signing_certificate_v2, simple_cms_attribute
from pyhanko.sign.timestamps import TimeStamper
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

# Policy OID of our development TSA (an arc under our private enterprise placeholder).
TSA_POLICY = "1.3.6.1.4.1.55555.1.1"

_SEQUENCE, _SET, _OCTET_STRING, _INTEGER = 0x30, 0x31, 0x04, 0x02
_UTC_TIME = 0x17
_CONTEXT_0_CONSTRUCTED = 0xA0


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _tlv(tag: int, *parts: bytes) -> bytes:
    content = b"".join(parts)
    return bytes([tag]) + _length(len(content)) + content


def _integer(value: int) -> bytes:
    return _tlv(_INTEGER, value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True))


def _oid(dotted: str) -> bytes:
    return bytes(core.ObjectIdentifier(dotted).dump())


def _attribute(oid: bytes, value: bytes) -> bytes:
    return _tlv(_SEQUENCE, oid, _tlv(_SET, value))


_OID_SIGNED_DATA = _oid("1.2.840.113549.1.7.2")
_OID_TST_INFO = _oid("1.2.840.113549.1.9.16.1.4")
_OID_CONTENT_TYPE = _oid("1.2.840.113549.1.9.3")
_OID_MESSAGE_DIGEST = _oid("1.2.840.113549.1.9.4")
_OID_SIGNING_TIME = _oid("1.2.840.113549.1.9.5")
_RSA_SIGNATURE = bytes(algos.SignedDigestAlgorithm({"algorithm": "rsassa_pkcs1v15"}).dump())
_GRANTED = _tlv(_SEQUENCE, _integer(0))


class LocalTimeStamper(TimeStamper):
    """Signs RFC 3161 tokens in-process with the TSA's RSA key object (loaded once)."""

    def __init__(self, cert: asn1_x509.Certificate, key: rsa.RSAPrivateKey) -> None:
        super().__init__(include_nonce=True)
        self._cert = cert
        self._key = key
        self._cert_der = bytes(cert.dump())
        self._tsa_name = asn1_x509.GeneralName(name="directory_name", value=cert.subject)
        self._sid = bytes(
            cms.IssuerAndSerialNumber(
                {"issuer": cert.issuer, "serial_number": cert.serial_number}
            ).dump()
        )
        self._signing_certificate = bytes(
            simple_cms_attribute("signing_certificate_v2", as_signing_certificate_v2(cert)).dump()
        )
        self._content_type = _attribute(_OID_CONTENT_TYPE, _OID_TST_INFO)
        self._algorithms: dict[str, bytes] = {}

    def _algorithm(self, name: str) -> bytes:
        der = self._algorithms.get(name)
        if der is None:
            der = bytes(algos.DigestAlgorithm({"algorithm": name}).dump())
            self._algorithms[name] = der
        return der

    def _tst_info(self, req: tsp.TimeStampReq, now: datetime) -> bytes:
        info = {
            "version": "v1",
            "policy": TSA_POLICY,
            "message_imprint": req["message_imprint"],
            "serial_number": secrets.randbits(63),
            "gen_time": now,
            "tsa": self._tsa_name,
        }
        if req["nonce"].native is not None:
            info["nonce"] = req["nonce"]
        return bytes(tsp.TSTInfo(info).dump())

    def token_der(self, req: tsp.TimeStampReq) -> bytes:
        """The time-stamp token (a CMS ContentInfo) answering ``req``, as DER."""
        now = datetime.now(UTC).replace(microsecond=0)
        md_name = req["message_imprint"]["hash_algorithm"]["algorithm"].native
        digest_algorithm = self._algorithm(md_name)
        tst_info = self._tst_info(req, now)
        digest = _hash(md_name, tst_info)
        attributes = sorted(
            [
                self._content_type,
                _attribute(
                    _OID_SIGNING_TIME, _tlv(_UTC_TIME, now.strftime("%y%m%d%H%M%SZ").encode())
                ),
                _attribute(_OID_MESSAGE_DIGEST, _tlv(_OCTET_STRING, digest)),
                self._signing_certificate,
            ]
        )
        signature = self._key.sign(
            _tlv(_SET, *attributes), padding.PKCS1v15(), get_pyca_cryptography_hash(md_name)
        )
        signer_info = _tlv(
            _SEQUENCE,
            _integer(1),
            self._sid,
            digest_algorithm,
            _tlv(_CONTEXT_0_CONSTRUCTED, *attributes),
            _RSA_SIGNATURE,
            _tlv(_OCTET_STRING, signature),
        )
        signed_data = _tlv(
            _SEQUENCE,
            _integer(3),
            _tlv(_SET, digest_algorithm),
            _tlv(
                _SEQUENCE,
                _OID_TST_INFO,
                _tlv(_CONTEXT_0_CONSTRUCTED, _tlv(_OCTET_STRING, tst_info)),
            ),
            _tlv(_CONTEXT_0_CONSTRUCTED, self._cert_der),
            _tlv(_SET, signer_info),
        )
        return _tlv(_SEQUENCE, _OID_SIGNED_DATA, _tlv(_CONTEXT_0_CONSTRUCTED, signed_data))

    def request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return tsp.TimeStampResp.load(_tlv(_SEQUENCE, _GRANTED, self.token_der(req)))

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return self.request_tsa_response(req)


def _hash(md_name: str, data: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes

    digest = hashes.Hash(get_pyca_cryptography_hash(md_name))
    digest.update(data)
    return digest.finalize()

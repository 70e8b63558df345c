"""KSeF's verification QR codes, built exactly as the official rules define them.

KOD I (every invoice): ``{qr host}/invoice/{seller NIP}/{P_1 as DD-MM-YYYY}/{Base64URL(SHA-256(XML))}``,
captioned with the KSeF number once known, else ``OFFLINE``.
KOD II (offline invoices only): ``{qr host}/certificate/{context type}/{context}/{seller NIP}/{serial of an
Offline KSeF certificate}/{invoice hash}/{signature}``, where the signature covers the link without
``https://`` up to the hash: RSASSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt) or ECDSA P-256 as R||S.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from datetime import date

import segno
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from ksefdesk.core.crypto import sha256_b64url
from ksefdesk.core.errors import UserError
from ksefdesk.core.fa3 import summarize
from ksefdesk.core.models import Environment
from ksefdesk.core.xml_safety import parse_untrusted

CONTEXT_TYPES = ("Nip", "InternalId", "NipVatUe", "PeppolId")
OFFLINE_CAPTION = "OFFLINE"
CERTIFICATE_CAPTION = "CERTYFIKAT"


@dataclass(frozen=True)
class InvoiceFacts:
    """What the codes need from an invoice: the seller's NIP, the issue date (P_1) and the file's hash."""

    seller_nip: str
    issue_date: date
    hash_b64url: str

    @classmethod
    def of(cls, xml: bytes) -> InvoiceFacts:
        summary = summarize(parse_untrusted(xml))
        if not summary.seller_nip or summary.issue_date is None:
            raise UserError("qr.not_an_invoice")
        return cls(summary.seller_nip, summary.issue_date, sha256_b64url(xml))


def kod1_link(environment: Environment, facts: InvoiceFacts) -> str:
    day = facts.issue_date.strftime("%d-%m-%Y")
    return f"{environment.qr_host}/invoice/{facts.seller_nip}/{day}/{facts.hash_b64url}"


def kod2_link(
    environment: Environment,
    facts: InvoiceFacts,
    *,
    context_type: str,
    context_value: str,
    certificate_serial: str,
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
) -> str:
    if context_type not in CONTEXT_TYPES:
        raise ValueError(f"context type must be one of {CONTEXT_TYPES}")
    host = re.sub(r"^https://", "", environment.qr_host).rstrip("/")
    signed = (
        f"{host}/certificate/{context_type}/{context_value}/{facts.seller_nip}/{certificate_serial.upper()}"
        f"/{facts.hash_b64url}"
    )
    return f"https://{signed}/{_b64url(sign_link(signed.encode('ascii'), key))}"


def sign_link(data: bytes, key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> bytes:
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(data, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
    if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1":
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")  # IEEE P1363, as KSeF prefers
    raise UserError("qr.unsupported_key")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def qr_png(link: str, *, scale: int = 8) -> bytes:
    """A PNG of the link's QR code (byte mode, error correction M, quiet zone of 4 modules)."""
    out = io.BytesIO()
    segno.make(link, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()

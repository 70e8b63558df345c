"""Who a certificate identifies, by the rules KSeF applies to the certificate subject."""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

_PESEL = re.compile(r"(PNOPL|PESEL).*?(\d{11})")
_NIP = re.compile(r"(TINPL|NIP).*?(\d{10})")
_VAT = re.compile(r"VATPL.*?(\d{10})")


class IdentityKind(enum.StrEnum):
    NIP = "Nip"
    PESEL = "Pesel"
    FINGERPRINT = "Fingerprint"


@dataclass(frozen=True)
class CertificateIdentity:
    kind: IdentityKind
    value: str
    is_seal: bool = False  # an organization's seal (organizationIdentifier) rather than a person


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate's DER, upper-case hex (KSeF's certificateFingerprint)."""
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest().upper()


def _attribute(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    values = cert.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def subject_identity(cert: x509.Certificate) -> CertificateIdentity | None:
    """NIP or PESEL read from the subject as KSeF reads it, or None when it carries neither."""
    serial = _attribute(cert, NameOID.SERIAL_NUMBER)
    if match := _PESEL.search(serial):
        return CertificateIdentity(IdentityKind.PESEL, match.group(2))
    if match := _NIP.search(serial):
        return CertificateIdentity(IdentityKind.NIP, match.group(2))
    organization_id = _attribute(cert, NameOID.ORGANIZATION_IDENTIFIER)
    if match := _VAT.search(organization_id):
        return CertificateIdentity(IdentityKind.NIP, match.group(1), is_seal=True)
    return None


def identity_for(cert: x509.Certificate, by_fingerprint: bool) -> CertificateIdentity | None:
    if by_fingerprint:
        return CertificateIdentity(IdentityKind.FINGERPRINT, fingerprint(cert))
    return subject_identity(cert)


# The subject attributes of KSeF's certificate enrollment data (GET /certificates/enrollments/data),
# by the API's field names: the CSR must carry exactly these.
ENROLLMENT_SUBJECT_OIDS: dict[str, x509.ObjectIdentifier] = {
    "commonName": NameOID.COMMON_NAME,
    "countryName": NameOID.COUNTRY_NAME,
    "givenName": NameOID.GIVEN_NAME,
    "surname": NameOID.SURNAME,
    "serialNumber": NameOID.SERIAL_NUMBER,
    "uniqueIdentifier": NameOID.X500_UNIQUE_IDENTIFIER,
    "organizationName": NameOID.ORGANIZATION_NAME,
    "organizationIdentifier": NameOID.ORGANIZATION_IDENTIFIER,
}

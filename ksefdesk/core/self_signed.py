"""Self-signed certificates of the shapes KSeF's TEST environment accepts for login.

The sandbox hands them out so that every flow can be tried without a qualified signature;
tests make them with any validity, key type or subject they need.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

KeyKind = Literal["rsa", "ec"]
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class SigningIdentity:
    key: PrivateKey
    certificate: x509.Certificate

    def key_pem(self, password: bytes | None = None) -> bytes:
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
        )
        return self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)

    def certificate_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def pkcs12(self, password: bytes | None, name: bytes = b"ksef") -> bytes:
        from cryptography.hazmat.primitives.serialization import pkcs12

        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
        )
        return pkcs12.serialize_key_and_certificates(name, self.key, self.certificate, None, encryption)


def new_key(kind: KeyKind = "ec", rsa_bits: int = 2048) -> PrivateKey:
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=rsa_bits)
    return ec.generate_private_key(ec.SECP256R1())


def person_subject(
    *, nip: str | None = None, pesel: str | None = None, given: str = "Jan", surname: str = "Testowy"
) -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.GIVEN_NAME, given),
        x509.NameAttribute(NameOID.SURNAME, surname),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{given} {surname}"),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
    ]
    if pesel:
        attributes.insert(2, x509.NameAttribute(NameOID.SERIAL_NUMBER, f"PNOPL-{pesel}"))
    elif nip:
        attributes.insert(2, x509.NameAttribute(NameOID.SERIAL_NUMBER, f"TINPL-{nip}"))
    return x509.Name(attributes)


def seal_subject(nip: str, organization: str = "Firma Testowa sp. z o.o.") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, f"VATPL-{nip}"),
            x509.NameAttribute(NameOID.COMMON_NAME, organization),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
        ]
    )


def self_signed(
    subject: x509.Name,
    *,
    key: PrivateKey | None = None,
    kind: KeyKind = "ec",
    not_before: datetime | None = None,
    days: int = 730,
) -> SigningIdentity:
    key = key or new_key(kind)
    start = not_before or datetime.now(UTC) - timedelta(hours=1)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .sign(key, hashes.SHA256())
    )
    return SigningIdentity(key, certificate)

"""The sandbox's own "Ministry of Finance" keys: one for KSeF tokens, one for session AES keys,
plus the secret that signs its JWTs and the secret part of its address. Made once, kept private
(0600 in a 0700 folder) in the sandbox's data folder."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from ksefdesk.core.crypto import b64
from ksefdesk.core.identity import fingerprint
from ksefsandbox.files import private_folder, write_private
from ksefsandbox.guard import new_secret

TOKEN_USAGE = "KsefTokenEncryption"
SYMMETRIC_USAGE = "SymmetricKeyEncryption"


@dataclass(frozen=True)
class MinistryKey:
    usage: str
    private_key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @property
    def public_key_id(self) -> str:
        import hashlib

        spki = self.certificate.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return b64(hashlib.sha256(spki).digest())

    def as_json(self) -> dict[str, Any]:
        der = self.certificate.public_bytes(serialization.Encoding.DER)
        return {
            "certificate": b64(der),
            "certificateId": b64(bytes.fromhex(fingerprint(self.certificate))),
            "publicKeyId": self.public_key_id,
            "validFrom": self.certificate.not_valid_before_utc.isoformat(),
            "validTo": self.certificate.not_valid_after_utc.isoformat(),
            "usage": [self.usage],
        }


_ADDRESS_SECRET = re.compile(r"[A-Za-z0-9_-]{22,}")


def _make(usage: str, folder: Path) -> MinistryKey:
    key_file, cert_file = folder / f"mf-{usage}.key.pem", folder / f"mf-{usage}.cert.pem"
    if key_file.exists() and cert_file.exists():
        key = serialization.load_pem_private_key(key_file.read_bytes(), None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return MinistryKey(usage, key, x509.load_pem_x509_certificate(cert_file.read_bytes()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"KSeF Sandbox {usage}"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ministerstwo Finansów (piaskownica KSeF Desk)"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    write_private(
        key_file,
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
    )
    write_private(cert_file, cert.public_bytes(serialization.Encoding.PEM))
    return MinistryKey(usage, key, cert)


def _address_secret(path: Path) -> str:
    text = path.read_text(encoding="ascii", errors="replace").strip() if path.exists() else ""
    if not _ADDRESS_SECRET.fullmatch(text):
        text = new_secret()
        write_private(path, text.encode("ascii"))
    return text


@dataclass(frozen=True)
class SandboxKeys:
    token: MinistryKey
    symmetric: MinistryKey
    jwt_secret: bytes
    authority: MinistryKey  # "KSeF Sandbox CA": issues KSeF certificates (Authentication, Offline)
    # The first path segment of the API's address (http://127.0.0.1:PORT/<this>/v2): another account
    # on this computer sees the port but cannot read this folder, so it cannot reach the API. It stays
    # across restarts, so a printed address keeps working in the clients it was given to.
    address_secret: str

    @classmethod
    def load_or_create(cls, folder: Path) -> SandboxKeys:
        private_folder(folder)
        secret_file = folder / "jwt.secret"
        if not secret_file.exists():
            write_private(secret_file, secrets.token_bytes(32))
        return cls(
            _make(TOKEN_USAGE, folder),
            _make(SYMMETRIC_USAGE, folder),
            secret_file.read_bytes(),
            _make("CA", folder),
            _address_secret(folder / "address.secret"),
        )

    def by_public_key_id(self, key_id: str | None, usage: str) -> MinistryKey | None:
        key = self.token if usage == TOKEN_USAGE else self.symmetric
        return key if key_id in (None, key.public_key_id) else None

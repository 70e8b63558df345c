"""A certificate and its private key from files on this computer (PKCS#12 or PEM), for signing in-app."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from ksefdesk.core.errors import UserError, WrongPassword

SigningKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class SigningMaterial:
    key: SigningKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def certificates(self) -> list[x509.Certificate]:
        return [self.certificate, *self.chain]


def _check_key(key: object, certificate: x509.Certificate) -> SigningKey:
    if isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < 2048:
            raise UserError("cert.unsupported_key", kind=f"RSA {key.key_size}")
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        if key.curve.key_size < 256:
            raise UserError("cert.unsupported_key", kind=f"EC {key.curve.name}")
    else:
        raise UserError("cert.unsupported_key", kind=type(key).__name__)
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    if key.public_key().public_bytes(der, public) != certificate.public_key().public_bytes(der, public):
        raise UserError("cert.key_mismatch")
    return key


def _password_error(message: str) -> bool:
    lowered = message.lower()
    return "password" in lowered or "decrypt" in lowered or "mac" in lowered or "bad decrypt" in lowered


def load_pkcs12(data: bytes, password: str | None, name: str) -> SigningMaterial:
    try:
        key, certificate, extra = pkcs12.load_key_and_certificates(data, password.encode() if password else None)
    except ValueError as exc:
        if _password_error(str(exc)) or password is None:
            raise WrongPassword(path=name) from exc
        raise UserError("cert.not_a_certificate", path=name, details=str(exc)) from exc
    if key is None or certificate is None:
        raise UserError("cert.not_a_certificate", path=name)
    return SigningMaterial(_check_key(key, certificate), certificate, tuple(extra or ()))


def load_pem(cert_data: bytes, key_data: bytes | None, password: str | None, name: str) -> SigningMaterial:
    """PEM certificate (+ chain) and a PEM/DER private key, possibly in the same file."""
    try:
        certificates = x509.load_pem_x509_certificates(cert_data)
    except ValueError:
        try:
            certificates = [x509.load_der_x509_certificate(cert_data)]
        except ValueError as exc:
            raise UserError("cert.not_a_certificate", path=name) from exc
    source = key_data if key_data is not None else cert_data
    secret = password.encode() if password else None
    try:
        key = serialization.load_pem_private_key(source, secret)
    except TypeError as exc:  # encrypted key without a password, or a password for a plain key
        raise WrongPassword(path=name) from exc
    except ValueError as exc:
        if b"ENCRYPTED" in source or _password_error(str(exc)):
            raise WrongPassword(path=name) from exc
        try:
            key = serialization.load_der_private_key(source, secret)
        except (ValueError, TypeError):
            raise UserError("cert.not_a_certificate", path=name, details=str(exc)) from exc
    return SigningMaterial(_check_key(key, certificates[0]), certificates[0], tuple(certificates[1:]))


def load_signing_material(cert_data: bytes, key_data: bytes | None, password: str | None, name: str) -> SigningMaterial:
    """PKCS#12 when the file is binary and no key file is given, PEM otherwise."""
    if key_data is None and not cert_data.lstrip().startswith(b"-----"):
        return load_pkcs12(cert_data, password, name)
    return load_pem(cert_data, key_data, password, name)

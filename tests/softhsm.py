"""A SoftHSM2 token for tests: a real PKCS#11 module (Debian package softhsm2), keys made inside the
token, each with a certificate stored beside it as a card would hold it."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from ksefdesk.core.self_signed import person_subject

MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
PIN, SO_PIN = "123456", "87654321"


@dataclass
class SoftToken:
    module: str
    label: str
    pin: str


def module_path() -> str:
    found = next((m for m in MODULES if os.path.exists(m)), None)
    if found is None or shutil.which("softhsm2-util") is None:
        pytest.skip("SoftHSM2 is not installed (Debian package softhsm2)")
    return found


def make_token(folder: Path, monkeypatch: pytest.MonkeyPatch, label: str = "Karta testowa") -> SoftToken:
    module = module_path()
    tokens = folder / "tokens"
    tokens.mkdir(parents=True)
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n", encoding="utf-8")
    monkeypatch.setenv("SOFTHSM2_CONF", str(config))
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", SO_PIN],
        check=True,
        capture_output=True,
        env={**os.environ, "SOFTHSM2_CONF": str(config)},
    )
    import pkcs11

    pkcs11.unload(module)  # SoftHSM reads its configuration when initialized: start it afresh
    return SoftToken(module, label, PIN)


def add_identity(token: SoftToken, kind: str, key_id: bytes, nip: str) -> x509.Certificate:
    """A key pair generated inside the token and a certificate for it (issued by a throwaway test CA),
    stored in the token under the same ID, as on a qualified-signature card."""
    import pkcs11
    from pkcs11 import Attribute, KeyType, Mechanism, ObjectClass
    from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters
    from pkcs11.util.rsa import encode_rsa_public_key

    lib = pkcs11.lib(token.module)
    with lib.get_token(token_label=token.label).open(user_pin=token.pin, rw=True) as session:
        public_key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey
        if kind == "rsa":
            public, _ = session.generate_keypair(KeyType.RSA, 2048, id=key_id, label=f"rsa-{key_id.hex()}", store=True)
            loaded = serialization.load_der_public_key(_rsa_spki(encode_rsa_public_key(public)))
        else:
            parameters = session.create_domain_parameters(
                KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")}, local=True
            )
            public, _ = parameters.generate_keypair(
                mechanism=Mechanism.EC_KEY_PAIR_GEN, id=key_id, label=f"ec-{key_id.hex()}", store=True
            )
            loaded = serialization.load_der_public_key(encode_ec_public_key(public))
        assert isinstance(loaded, rsa.RSAPublicKey | ec.EllipticCurvePublicKey)
        public_key = loaded
        authority = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(person_subject(nip=nip, given="Karol", surname="Kartowy"))
            .issuer_name(x509.Name.from_rfc4514_string("CN=Testowe CA kart,O=KSeF Desk,C=PL"))
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=365))
            .sign(authority, hashes.SHA256())
        )
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.ID: key_id,
                Attribute.LABEL: f"Podpis kwalifikowany {kind.upper()}",
                Attribute.SUBJECT: certificate.subject.public_bytes(),
                Attribute.VALUE: certificate.public_bytes(serialization.Encoding.DER),
            }
        )
    return certificate


def _rsa_spki(pkcs1: bytes) -> bytes:
    """PKCS#1 RSAPublicKey -> SubjectPublicKeyInfo (what cryptography loads)."""
    from asn1crypto.keys import PublicKeyInfo, RSAPublicKey

    return bytes(PublicKeyInfo.wrap(RSAPublicKey.load(pkcs1), "rsa").dump())

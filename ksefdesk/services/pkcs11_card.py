"""Signing with the qualified-signature card itself, through its PKCS#11 module: no vendor software,
no race against the countdown. The PIN is used for one session and never stored.

A small key adapter gives signxml what it expects from a private key (``sign``, ``key_size``, ``curve``,
``public_key``). RSA signs DigestInfo || hash with CKM_RSA_PKCS and ECDSA hashes on the host and signs with
plain CKM_ECDSA, because many cards offer only those; the raw R||S of ECDSA is DER-encoded for signxml,
which turns it back into the R||S form XML signatures (and KSeF) use.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from ksefdesk.core.errors import UserError
from ksefdesk.core.xades_sign import sign_xml

log = logging.getLogger(__name__)

# Where the usual drivers put their PKCS#11 module (not bundled: installed with the card's software).
KNOWN_MODULES: dict[str, list[tuple[str, str]]] = {
    "linux": [
        ("Certum (proCertum CardManager)", "/usr/lib/libcrypto3PKCS.so"),
        ("OpenSC", "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"),
        ("OpenSC", "/usr/lib/opensc-pkcs11.so"),
        ("SafeNet / Thales eToken", "/usr/lib/libeTPkcs11.so"),
        ("SoftHSM 2 (tests)", "/usr/lib/softhsm/libsofthsm2.so"),
        ("SoftHSM 2 (tests)", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
    ],
    "win32": [
        ("Certum (proCertum CardManager)", r"C:\Windows\System32\cryptoCertum3PKCS.dll"),
        ("OpenSC", r"C:\Program Files\OpenSC Project\OpenSC\pkcs11\opensc-pkcs11.dll"),
        ("SafeNet / Thales eToken", r"C:\Windows\System32\eTPKCS11.dll"),
    ],
    "darwin": [
        ("Certum (proCertum CardManager)", "/usr/local/lib/libcrypto3PKCS.dylib"),
        ("OpenSC", "/Library/OpenSC/lib/opensc-pkcs11.so"),
    ],
}
DIGEST_INFO_SHA256 = bytes.fromhex("3031300d060960864801650304020105000420")
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {"sha256": hashes.SHA256, "sha384": hashes.SHA384}
DIGEST_INFO = {
    "sha256": DIGEST_INFO_SHA256,
    "sha384": bytes.fromhex("3041300d060960864801650304020205000430"),
}


def installed_modules() -> list[tuple[str, str]]:
    """(name, path) of the known PKCS#11 modules present on this computer."""
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    return [(name, path) for name, path in KNOWN_MODULES.get(platform, []) if os.path.exists(path)]


@dataclass(frozen=True)
class CardToken:
    label: str
    serial: str
    manufacturer: str


@dataclass(frozen=True)
class CardCertificate:
    token: str
    label: str
    key_id: bytes
    certificate: x509.Certificate

    @property
    def subject(self) -> str:
        return self.certificate.subject.rfc4514_string()


def _lib(module: str) -> Any:
    import pkcs11

    if not Path(module).is_file():
        raise UserError("pkcs11.no_module", path=module)
    try:
        return pkcs11.lib(module)
    except Exception as exc:  # the loader raises several kinds (RuntimeError, AlreadyInitialized, OSError)
        raise UserError("pkcs11.no_module", path=module, details=str(exc)) from exc


def tokens(module: str) -> list[CardToken]:
    """The cards/tokens present in the readers of this module."""
    from pkcs11 import TokenFlag

    lib = _lib(module)
    found = []
    for slot in lib.get_slots(token_present=True):
        token = slot.get_token()
        if not token.flags & TokenFlag.TOKEN_INITIALIZED:
            continue  # an empty slot (SoftHSM always offers one)
        found.append(
            CardToken(token.label.strip(), token.serial.decode(errors="replace").strip(), token.manufacturer_id)
        )
    return found


@contextmanager
def _session(module: str, token_label: str | None, pin: str | None) -> Iterator[Any]:
    import pkcs11
    from pkcs11 import exceptions as p11

    lib = _lib(module)
    try:
        if token_label:
            token = lib.get_token(token_label=token_label)
        else:  # the one card present (readers also show empty, uninitialized slots)
            present = [
                slot.get_token()
                for slot in lib.get_slots(token_present=True)
                if slot.get_token().flags & pkcs11.TokenFlag.TOKEN_INITIALIZED
            ]
            if len(present) > 1:
                raise UserError("pkcs11.many_tokens")
            if not present:
                raise UserError("pkcs11.no_token", label="?")
            token = present[0]
    except (p11.NoSuchToken, p11.TokenNotPresent) as exc:
        raise UserError("pkcs11.no_token", label=token_label or "?") from exc
    except p11.MultipleTokensReturned as exc:
        raise UserError("pkcs11.many_tokens") from exc
    try:
        with token.open(user_pin=pin) as session:
            yield session
    except p11.PinIncorrect as exc:
        raise UserError("pkcs11.wrong_pin") from exc
    except (p11.PinLocked, p11.PinExpired) as exc:
        raise UserError("pkcs11.pin_locked") from exc
    except (p11.TokenNotPresent, p11.DeviceRemoved) as exc:
        raise UserError("pkcs11.no_token", label=token_label or "?") from exc
    except pkcs11.PKCS11Error as exc:
        raise UserError("pkcs11.failed", reason=type(exc).__name__) from exc


def certificates(module: str, token_label: str | None = None, pin: str | None = None) -> list[CardCertificate]:
    """The X.509 certificates on the card (public objects: most cards show them without a PIN)."""
    from pkcs11 import Attribute, ObjectClass

    with _session(module, token_label, pin) as session:
        label = session.token.label.strip()
        objects = list(session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}))  # finish the search
        found = []
        for obj in objects:
            try:
                certificate = x509.load_der_x509_certificate(bytes(obj[Attribute.VALUE]))
            except ValueError:
                continue
            found.append(
                CardCertificate(label, str(obj[Attribute.LABEL] or ""), bytes(obj[Attribute.ID] or b""), certificate)
            )
        return found


class CardKey:
    """The card's private key, shaped like a cryptography key for signxml (signing only)."""

    def __init__(self, session: Any, key: Any, certificate: x509.Certificate) -> None:
        self._session, self._key, self.certificate = session, key, certificate
        public = certificate.public_key()
        if not isinstance(public, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
            raise UserError("cert.unsupported_key", kind=type(public).__name__)
        self._public = public
        self.key_size = public.key_size
        if isinstance(public, ec.EllipticCurvePublicKey):
            self.curve = public.curve

    def public_key(self) -> rsa.RSAPublicKey | ec.EllipticCurvePublicKey:
        return self._public

    def sign(
        self,
        data: bytes,
        padding: padding.AsymmetricPadding | None = None,
        algorithm: hashes.HashAlgorithm | None = None,
        signature_algorithm: ec.EllipticCurveSignatureAlgorithm | None = None,
    ) -> bytes:
        from pkcs11 import Mechanism

        chosen = algorithm or (signature_algorithm.algorithm if isinstance(signature_algorithm, ec.ECDSA) else None)
        if not isinstance(chosen, hashes.SHA256 | hashes.SHA384):
            raise UserError("pkcs11.failed", reason=f"hash {getattr(chosen, 'name', '?')} not supported")
        digest = hashes.Hash(type(chosen)())
        digest.update(data)
        hashed = digest.finalize()
        if isinstance(self._public, rsa.RSAPublicKey):
            return bytes(self._key.sign(DIGEST_INFO[chosen.name] + hashed, mechanism=Mechanism.RSA_PKCS))
        raw = bytes(self._key.sign(hashed, mechanism=Mechanism.ECDSA))  # R||S, the host did the hashing
        half = len(raw) // 2
        return encode_dss_signature(int.from_bytes(raw[:half], "big"), int.from_bytes(raw[half:], "big"))


def sign_with_card(
    document: bytes,
    module: str,
    pin: str,
    *,
    token_label: str | None = None,
    certificate: CardCertificate | None = None,
) -> bytes:
    """Sign an AuthTokenRequest (XAdES enveloped) with the card's key matching ``certificate`` (by
    default the card's only / first signing certificate). The PIN is not kept."""
    from pkcs11 import Attribute, ObjectClass

    with _session(module, token_label, pin) as session:
        chosen = certificate
        if chosen is None:
            label = session.token.label.strip()
            objects = list(session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}))
            candidates = [
                CardCertificate(label, str(o[Attribute.LABEL] or ""), bytes(o[Attribute.ID] or b""),
                                x509.load_der_x509_certificate(bytes(o[Attribute.VALUE])))
                for o in objects
            ]  # fmt: skip
            if not candidates:
                raise UserError("pkcs11.no_certificate")
            chosen = candidates[0]
        keys = list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.ID: chosen.key_id}))
        if not keys:
            raise UserError("pkcs11.no_key", subject=chosen.subject)
        return sign_xml(document, CardKey(session, keys[0], chosen.certificate), [chosen.certificate])

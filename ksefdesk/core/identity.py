"""Who a certificate (or a signature) identifies, by the rules KSeF applies, and how to name the signer.

KSeF reads the identity from the certificate subject with unanchored patterns
(``(PNOPL|PESEL).*?(\\d{11})`` and ``(TINPL|NIP).*?(\\d{10})`` on serialNumber, ``VATPL.*?(\\d{10})`` on
organizationIdentifier). Read literally they find a "NIP" inside ``IDCPL-ABCNIP7251801126`` (an ID-card
number), so the app only trusts a value when the prefix starts the attribute (ETSI EN 319 412-1
semantics identifiers like ``PNOPL-…``, and the older ``PESEL:…``/``NIP:…`` spellings of Polish CAs).
When KSeF's loose reading finds something the strict one does not, the identity is "uncertain".
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from ksefdesk.core.errors import Bilingual, Lang

# Strict: the semantics prefix starts the value, an optional separator, then exactly the number.
_PESEL = re.compile(r"^(?:PNOPL|PESEL)\s*[-:]?\s*(\d{11})$")
_NIP = re.compile(r"^(?:TINPL|NIP)\s*[-:]?\s*(\d{10})$")
_VAT = re.compile(r"^VATPL\s*[-:]?\s*(\d{10})$")
# KSeF's own, unanchored patterns (REFERENCE 2.2): only to notice that KSeF might read something else.
_KSEF_PESEL = re.compile(r"(PNOPL|PESEL).*?(\d{11})")
_KSEF_NIP = re.compile(r"(TINPL|NIP).*?(\d{10})")
_KSEF_VAT = re.compile(r"VATPL.*?(\d{10})")

# Issuers of the Polish e-ID card ("e-dowód") signature certificates (podpis osobisty).
_PERSONAL_ID_ISSUER_HINTS = ("podpis osobisty", "podpisu osobistego", "pl.id", "certyfikacji podpisu osobistego")
# The Ministry's seal behind podpis zaufany (trusted-profile signature).
_TRUSTED_PROFILE_SEAL_HINTS = ("podpisu zaufanego", "podpis zaufany", "informatyzacji", "cyfryzacji")


class IdentityKind(enum.StrEnum):
    NIP = "Nip"
    PESEL = "Pesel"
    FINGERPRINT = "Fingerprint"


class SignerKind(enum.StrEnum):
    QUALIFIED_PERSON = "qualified_person"  # qualified signature of a person (PESEL or NIP)
    QUALIFIED_SEAL = "qualified_seal"  # an organization's qualified seal (VATPL)
    TRUSTED_PROFILE = "trusted_profile"  # podpis zaufany: the Ministry's seal on behalf of a person
    PERSONAL_ID = "personal_id"  # podpis osobisty (e-dowód)
    KSEF_CERTIFICATE = "ksef_certificate"  # a certificate issued by KSeF itself
    SELF_SIGNED = "self_signed"  # test environments only
    FINGERPRINT = "fingerprint"  # identified by the certificate's SHA-256 (certificateFingerprint)


@dataclass(frozen=True)
class CertificateIdentity:
    kind: IdentityKind
    value: str
    is_seal: bool = False  # an organization's seal (organizationIdentifier) rather than a person


@dataclass(frozen=True)
class TrustedProfileClaim:
    """The person a podpis zaufany was made for, as the signed properties name them."""

    given_name: str
    surname: str
    pesel: str


@dataclass(frozen=True)
class SignerInfo:
    """Who signed, as KSeF will see it, and a name to show."""

    kind: SignerKind
    name: str
    identity: CertificateIdentity | None

    def label(self, lang: Lang) -> str:
        number = ""
        if self.identity is not None:
            if self.identity.kind is IdentityKind.FINGERPRINT:
                short = self.identity.value[:16]
                number = Bilingual(f"odcisk SHA-256 {short}…", f"SHA-256 fingerprint {short}…").text(lang)
            else:
                number = f"{self.identity.kind.value.upper()} {self.identity.value}"
        details = ", ".join(part for part in (self.name, number) if part)
        return f"{_KIND_LABELS[self.kind].text(lang)}: {details or '?'}"


_KIND_LABELS: dict[SignerKind, Bilingual] = {
    SignerKind.QUALIFIED_PERSON: Bilingual("podpis kwalifikowany", "qualified signature"),
    SignerKind.QUALIFIED_SEAL: Bilingual("pieczęć kwalifikowana", "qualified seal"),
    SignerKind.TRUSTED_PROFILE: Bilingual("podpis zaufany", "trusted profile signature (podpis zaufany)"),
    SignerKind.PERSONAL_ID: Bilingual("podpis osobisty (e-dowód)", "personal signature (e-ID card)"),
    SignerKind.KSEF_CERTIFICATE: Bilingual("certyfikat KSeF", "KSeF certificate"),
    SignerKind.SELF_SIGNED: Bilingual("certyfikat testowy (samopodpisany)", "test certificate (self-signed)"),
    SignerKind.FINGERPRINT: Bilingual("certyfikat rozpoznawany po odcisku", "certificate identified by fingerprint"),
}


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate's DER, upper-case hex (KSeF's certificateFingerprint)."""
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest().upper()


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value).strip() if values else ""


def subject_identity(cert: x509.Certificate) -> CertificateIdentity | None:
    """NIP or PESEL read from the subject (strictly, see the module note), or None when it carries neither."""
    serial = _attribute(cert.subject, NameOID.SERIAL_NUMBER)
    if match := _PESEL.match(serial):
        return CertificateIdentity(IdentityKind.PESEL, match.group(1))
    if match := _NIP.match(serial):
        return CertificateIdentity(IdentityKind.NIP, match.group(1))
    organization_id = _attribute(cert.subject, NameOID.ORGANIZATION_IDENTIFIER)
    if match := _VAT.match(organization_id):
        return CertificateIdentity(IdentityKind.NIP, match.group(1), is_seal=True)
    return None


def ksef_loose_identity(cert: x509.Certificate) -> CertificateIdentity | None:
    """What KSeF's own unanchored patterns would read (may differ from ``subject_identity``)."""
    serial = _attribute(cert.subject, NameOID.SERIAL_NUMBER)
    if match := _KSEF_PESEL.search(serial):
        return CertificateIdentity(IdentityKind.PESEL, match.group(2))
    if match := _KSEF_NIP.search(serial):
        return CertificateIdentity(IdentityKind.NIP, match.group(2))
    if match := _KSEF_VAT.search(_attribute(cert.subject, NameOID.ORGANIZATION_IDENTIFIER)):
        return CertificateIdentity(IdentityKind.NIP, match.group(1), is_seal=True)
    return None


def identity_for(cert: x509.Certificate, by_fingerprint: bool) -> CertificateIdentity | None:
    if by_fingerprint:
        return CertificateIdentity(IdentityKind.FINGERPRINT, fingerprint(cert))
    return subject_identity(cert)


def _display_name(cert: x509.Certificate) -> str:
    given = _attribute(cert.subject, NameOID.GIVEN_NAME)
    surname = _attribute(cert.subject, NameOID.SURNAME)
    if given and surname:
        return f"{given} {surname}"
    return (
        _attribute(cert.subject, NameOID.COMMON_NAME)
        or _attribute(cert.subject, NameOID.ORGANIZATION_NAME)
        or cert.subject.rfc4514_string()
    )


def _issuer_text(cert: x509.Certificate) -> str:
    return " ".join(_attribute(cert.issuer, oid) for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME)).lower()


def looks_like_trusted_profile_seal(cert: x509.Certificate) -> bool:
    """The Ministry's seal that signs podpis zaufany documents ("Minister ... informatyzacji - pieczęć
    podpisu zaufanego"): recognised by its name."""
    names = " ".join(_attribute(cert.subject, oid) for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME)).lower()
    return any(hint in names for hint in _TRUSTED_PROFILE_SEAL_HINTS)


def describe_signer(
    cert: x509.Certificate, *, by_fingerprint: bool = False, trusted_profile: TrustedProfileClaim | None = None
) -> SignerInfo:
    """The signer as KSeF will identify them; ``identity`` is None when it cannot be read.

    With ``trusted_profile`` (a podpis zaufany claim found in the signed properties, on the Ministry's
    seal) the signer is that person, never the seal's organization.
    """
    if trusted_profile is not None:
        name = f"{trusted_profile.given_name} {trusted_profile.surname}".strip()
        return SignerInfo(
            SignerKind.TRUSTED_PROFILE, name, CertificateIdentity(IdentityKind.PESEL, trusted_profile.pesel)
        )
    identity = identity_for(cert, by_fingerprint)
    name = _display_name(cert)
    issuer = _issuer_text(cert)
    if by_fingerprint:
        kind = SignerKind.FINGERPRINT
    elif "ksef" in issuer:
        kind = SignerKind.KSEF_CERTIFICATE
    elif cert.issuer == cert.subject:
        kind = SignerKind.SELF_SIGNED
    elif any(hint in issuer for hint in _PERSONAL_ID_ISSUER_HINTS):
        kind = SignerKind.PERSONAL_ID
    elif identity is not None and identity.is_seal:
        kind = SignerKind.QUALIFIED_SEAL
    else:
        kind = SignerKind.QUALIFIED_PERSON
    return SignerInfo(kind, name, identity)


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

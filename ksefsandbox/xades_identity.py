"""Who signed a login file, by KSeF's rules (REFERENCE 2.2 and KSeF's podpis-xades.md).

Written apart from the app's own ``ksefdesk.core.identity`` on purpose: the sandbox judges the app's
files with a second implementation, so a mistake in one shows up as a disagreement.

- ``certificateFingerprint``: the subject is the SHA-256 of the certificate (upper-case hex).
- ``certificateSubject``: PESEL or NIP from ``serialNumber`` (``PNOPL``/``PESEL`` + 11 digits,
  ``TINPL``/``NIP`` + 10 digits), else a company seal's NIP from ``organizationIdentifier``
  (``VATPL`` + 10 digits). KSeF's published patterns are unanchored (``(TINPL|NIP).*?(\\d{10})``),
  which would read ``IDCPL-ABCNIP7251801126`` as a NIP; here the prefix must start the value.
- Podpis zaufany (Profil Zaufany): the certificate is the Ministry of Digital Affairs' seal and the
  person is named in the *signed* properties (``SignerRole/ClaimedRoles/ClaimedRole/ppZP:PodpisZP``
  with ``os:PESEL``); the subject is then that PESEL, not the Ministry's NIP. A claimed role is only
  believed under the Ministry's seal: anybody can write one into their own signature.
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from lxml import etree

XADES = "http://uri.etsi.org/01903/v1.3.2#"
PPZP = "http://crd.gov.pl/xml/schematy/ppzp/"  # gov.pl's Podpis Zaufany structure
OSOBA = "http://crd.gov.pl/xml/schematy/osoba/2009/03/06/"  # its person fields (os:PESEL, os:Imie, ...)

_SEPARATOR = r"[-:\s]{0,2}"
_PESEL = re.compile(rf"(?:PNOPL|PESEL){_SEPARATOR}(\d{{11}})")
_NIP = re.compile(rf"(?:TINPL|NIP){_SEPARATOR}(\d{{10}})")
_VAT = re.compile(r"VATPL-?(\d{10})")
# Words in the Ministry's seal (organizationName / commonName) over the years: "Ministerstwo Cyfryzacji",
# "Minister właściwy do spraw informatyzacji", "... pieczęć podpisu zaufanego".
_MINISTRY_WORDS = ("cyfryzacji", "informatyzacji", "podpisu zaufanego", "podpis zaufany")


class SubjectKind(enum.StrEnum):
    NIP = "Nip"
    PESEL = "Pesel"
    FINGERPRINT = "Fingerprint"


class IdentityProblem(ValueError):
    """The certificate (or the trusted-profile data) names nobody KSeF can log in.

    ``conflict`` is True when the file's SubjectIdentifierType cannot work with this signature
    (KSeF's 21406), False when the identifier found is malformed (21117)."""

    def __init__(self, message: str, *, conflict: bool) -> None:
        super().__init__(message)
        self.conflict = conflict


@dataclass(frozen=True)
class SignerIdentity:
    kind: SubjectKind
    value: str
    method: str  # KSeF's authenticationMethod: QualifiedSignature, QualifiedSeal, TrustedProfile

    @property
    def is_seal(self) -> bool:
        return self.method == "QualifiedSeal"


def fingerprint_of(certificate: x509.Certificate) -> str:
    return hashlib.sha256(certificate.public_bytes(Encoding.DER)).hexdigest().upper()


def _values(name: x509.Name, oid: x509.ObjectIdentifier) -> list[str]:
    return [str(attribute.value).strip() for attribute in name.get_attributes_for_oid(oid)]


def _person_identifier(name: x509.Name) -> tuple[SubjectKind, str] | None:
    for value in _values(name, NameOID.SERIAL_NUMBER):
        pesel = _PESEL.fullmatch(value)
        if pesel:
            return SubjectKind.PESEL, pesel.group(1)
        nip = _NIP.fullmatch(value)
        if nip:
            return SubjectKind.NIP, nip.group(1)
    return None


def _seal_nip(name: x509.Name) -> str | None:
    """A NIP from organizationIdentifier, which may list several identifiers
    ("VATPL-6381853612 NTRPL-0001040934"): one whole token must be VATPL + 10 digits."""
    for value in _values(name, NameOID.ORGANIZATION_IDENTIFIER):
        for token in re.split(r"[\s,;]+", value):
            match = _VAT.fullmatch(token)
            if match:
                return match.group(1)
    return None


def _is_person(name: x509.Name) -> bool:
    return bool(_values(name, NameOID.GIVEN_NAME) or _values(name, NameOID.SURNAME))


def is_ministry_seal(certificate: x509.Certificate) -> bool:
    name = certificate.subject
    if _is_person(name):
        return False
    words = " ".join(_values(name, NameOID.ORGANIZATION_NAME) + _values(name, NameOID.COMMON_NAME)).casefold()
    return any(word in words for word in _MINISTRY_WORDS)


def trusted_profile_pesel(signed_properties: etree._Element) -> str | None:
    """The PESEL in a signed PodpisZP claimed role, None when there is none.
    ``signed_properties`` must be the SignedProperties element whose digest was verified."""
    found: set[str] = set()
    for role in signed_properties.iterfind(f".//{{{XADES}}}ClaimedRole"):
        for holder in role.iter(f"{{{PPZP}}}PodpisZP", "{*}EPSignature"):
            for pesel in holder.iter(f"{{{OSOBA}}}PESEL"):
                found.add("".join(pesel.itertext()).strip())
            # the current gov.pl layout: EPSignature/NaturalPerson/PersonalIdentifier holds the bare PESEL
            for person in holder.iter("{*}NaturalPerson"):
                for identifier in person.iter("{*}PersonalIdentifier"):
                    found.add("".join(identifier.itertext()).strip())
    if not found:
        return None
    if len(found) > 1:
        raise IdentityProblem("Podpis zaufany wskazuje więcej niż jedną osobę.", conflict=False)
    (pesel,) = found
    if not re.fullmatch(r"\d{11}", pesel):
        raise IdentityProblem(f"Podpis zaufany zawiera nieprawidłowy PESEL: {pesel[:20]!r}.", conflict=False)
    return pesel


def identify(
    certificate: x509.Certificate, subject_identifier_type: str, signed_properties: etree._Element
) -> SignerIdentity:
    """The login subject for a verified signature; raises IdentityProblem."""
    trusted_pesel = trusted_profile_pesel(signed_properties) if is_ministry_seal(certificate) else None
    if subject_identifier_type == "certificateFingerprint":
        if trusted_pesel:
            raise IdentityProblem(
                "Podpis zaufany identyfikuje osobę po numerze PESEL; użyj SubjectIdentifierType certificateSubject.",
                conflict=True,
            )
        method = "QualifiedSignature" if _is_person(certificate.subject) else "QualifiedSeal"
        return SignerIdentity(SubjectKind.FINGERPRINT, fingerprint_of(certificate), method)
    if trusted_pesel:
        return SignerIdentity(SubjectKind.PESEL, trusted_pesel, "TrustedProfile")
    name = certificate.subject
    person = _person_identifier(name)
    if person:
        return SignerIdentity(person[0], person[1], "QualifiedSignature")
    nip = _seal_nip(name)
    if nip and _is_person(name):
        raise IdentityProblem(
            "Certyfikat pieczęci (organizationIdentifier VATPL-) nie może zawierać imienia ani nazwiska "
            "(givenName, surname).",
            conflict=True,
        )
    if nip:
        return SignerIdentity(SubjectKind.NIP, nip, "QualifiedSeal")
    raise IdentityProblem(
        "Certyfikat nie zawiera numeru NIP ani PESEL w rozpoznawanej postaci (serialNumber: PNOPL-/TINPL-, "
        "organizationIdentifier: VATPL-). Uwierzytelnij się odciskiem certyfikatu (certificateFingerprint).",
        conflict=True,
    )

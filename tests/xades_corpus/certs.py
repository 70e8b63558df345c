"""Test certificates shaped like the ones KSeF sees at XAdES login.

Everything here is invented test data: the CA names, the people, their PESEL and NIP numbers (all
with valid check digits) and the keys. Keys are generated once per process and cached by label;
certificates are cached per argument set, valid from a day ago for two years unless a case needs
otherwise.

Shapes follow the public descriptions of the real certificates:

- Qualified personal certificate (KSeF docs ``auth/podpis-xades.md``): subject C, serialNumber
  ``PNOPL-<PESEL>`` or ``TINPL-<NIP>`` (ETSI EN 319 412-1 semantics identifiers), givenName, surname,
  CN; qcStatements QcCompliance + QcSSCD + QcType esign, policy qcp-natural-qscd (0.4.0.194112.1.2),
  keyUsage nonRepudiation. Issuing CAs carry ``organizationIdentifier=VATPL-...`` themselves (as
  e.g. "Certum QCA 2017" does), so a verifier must read the identity from the subject, never the issuer.
- Qualified seal: O, organizationIdentifier ``VATPL-<NIP>``, CN, C; no givenName/surname (forbidden
  by the KSeF docs), QcType eseal, policy qcp-legal-qscd.
- Podpis osobisty (e-dowód): a non-qualified advanced-signature certificate from a separate
  (invented) CA, serialNumber ``PNOPL-<PESEL>``, ECDSA keys (brainpoolP256r1 and P-384 here).
- Podpis zaufany: gov.pl signs the document with ONE seal of the minister responsible for
  digitisation ("Minister do spraw informatyzacji - pieczęć podpisu zaufanego" is what signed
  documents show as the signer, see andrzejQ/Office_S_Tips "Podpisywanie e-dokumentów za pomocą
  profilu zaufanego"). The person is named only inside the signed properties (see build.py).
  ``MINISTRY_NIP`` is a NIP we CHOSE for the test Ministry seal (valid checksum, 525-prefix like
  Warsaw offices); it is not claimed to be the Ministry of Digital Affairs' real NIP.
- KSeF certificate: issued by KSeF's own CA, type Authentication (keyUsage digitalSignature only),
  16-hex-digit serial, EC P-256 (the recommended key) - REFERENCE.md section 6.
- Self-signed TEST certificates (accepted on KSeF TEST only).
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from tests.xades_corpus import _der

KeyKind = Literal["rsa2048", "rsa1024", "p256", "p384", "p224", "brainpoolP256r1", "dsa2048"]
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | dsa.DSAPrivateKey

QC_STATEMENTS = "1.3.6.1.5.5.7.1.3"
QC_COMPLIANCE = "0.4.0.1862.1.1"
QC_SSCD = "0.4.0.1862.1.4"
QC_PDS = "0.4.0.1862.1.5"
QC_TYPE = "0.4.0.1862.1.6"
QC_TYPE_ESIGN = "0.4.0.1862.1.6.1"
QC_TYPE_ESEAL = "0.4.0.1862.1.6.2"
QCP_NATURAL_QSCD = "0.4.0.194112.1.2"
QCP_LEGAL_QSCD = "0.4.0.194112.1.3"
NCP_PLUS = "0.4.0.2042.1.2"


def pesel(first_ten: str) -> str:
    """A PESEL with its check digit (weights 1,3,7,9 repeating)."""
    assert len(first_ten) == 10 and first_ten.isdigit()
    total = sum(int(d) * w for d, w in zip(first_ten, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3), strict=True))
    return first_ten + str((10 - total % 10) % 10)


def nip(first_nine: str) -> str:
    """A NIP with its check digit (weights 6,5,7,2,3,4,5,6,7; a remainder of 10 is invalid)."""
    assert len(first_nine) == 9 and first_nine.isdigit()
    check = sum(int(d) * w for d, w in zip(first_nine, (6, 5, 7, 2, 3, 4, 5, 6, 7), strict=True)) % 11
    if check == 10:
        raise ValueError(f"{first_nine}: no valid NIP check digit")
    return first_nine + str(check)


def is_valid_pesel(value: str) -> bool:
    return len(value) == 11 and value.isdigit() and pesel(value[:10]) == value


def is_valid_nip(value: str) -> bool:
    try:
        return len(value) == 10 and value.isdigit() and nip(value[:9]) == value
    except ValueError:
        return False


@dataclass(frozen=True)
class Person:
    given: str
    surname: str
    pesel: str
    birth_date: str  # ISO date, matches the PESEL

    @property
    def name(self) -> str:
        return f"{self.given} {self.surname}"


# Invented people; PESEL birth dates match (month +20 for 2000s births).
ANNA = Person("Anna", "Nowak", pesel("8507230462"), "1985-07-23")
PIOTR = Person("Piotr", "Wiśniewski", pesel("7811040857"), "1978-11-04")
KATARZYNA = Person("Katarzyna", "Wójcik", pesel("9203150684"), "1992-03-15")
TOMASZ = Person("Tomasz", "Zieliński", pesel("0122091235"), "2001-02-09")
OWNER_GIVEN, OWNER_SURNAME = "Jan", "Kowalski"  # sole trader: TINPL-<context NIP>
MINISTRY_NIP = nip("525281739")
MINISTRY_NAME = "Ministerstwo Cyfryzacji"
CA_NIP = nip("951753852")  # invented, for the CA subjects


@dataclass(frozen=True)
class Authority:
    key: PrivateKey
    cert: x509.Certificate
    parent: Authority | None = None

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        """This CA's certificate followed by its issuers up to the root."""
        return (self.cert, *(self.parent.chain if self.parent else ()))


@dataclass(frozen=True)
class Identity:
    label: str
    key: PrivateKey
    cert: x509.Certificate
    name: str
    chain: tuple[x509.Certificate, ...] = field(default=())  # issuers, root last; empty = self-signed

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the certificate DER, upper-case hex (KSeF's certificateFingerprint identity)."""
        return hashlib.sha256(self.der).hexdigest().upper()

    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )


@functools.cache
def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@functools.cache
def key(label: str, kind: KeyKind) -> PrivateKey:
    """A private key per label, generated once per process."""
    if kind == "rsa2048":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if kind == "rsa1024":
        return rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - the weak_key case
    if kind == "dsa2048":
        return dsa.generate_private_key(key_size=2048)
    curve: ec.EllipticCurve = {
        "p256": ec.SECP256R1(),
        "p384": ec.SECP384R1(),
        "p224": ec.SECP224R1(),
        "brainpoolP256r1": ec.BrainpoolP256R1(),
    }[kind]
    return ec.generate_private_key(curve)


def _attr(oid: ObjectIdentifier, value: str) -> x509.NameAttribute[str]:
    return x509.NameAttribute(oid, value)


def _qc_statements(qc_type: str, *, qualified: bool = True, sscd: bool = True) -> x509.UnrecognizedExtension:
    statements = []
    if qualified:
        statements.append(_der.seq(_der.oid(QC_COMPLIANCE)))
    if sscd:
        statements.append(_der.seq(_der.oid(QC_SSCD)))
    pds = _der.seq(_der.tlv(0x16, b"https://repository.test-ca.example/pds_pl.pdf"), _der.printable("pl"))
    statements.append(_der.seq(_der.oid(QC_PDS), _der.seq(pds)))
    statements.append(_der.seq(_der.oid(QC_TYPE), _der.seq(_der.oid(qc_type))))
    return x509.UnrecognizedExtension(ObjectIdentifier(QC_STATEMENTS), _der.seq(*statements))


def _key_usage(*, signing: bool = False, non_repudiation: bool = False, ca: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=non_repudiation,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _signing_hash(issuer_key: PrivateKey) -> hashes.HashAlgorithm:
    return hashes.SHA384() if isinstance(issuer_key, ec.EllipticCurvePrivateKey) else hashes.SHA256()


def _issue(
    subject: x509.Name,
    public_key: PrivateKey,
    issuer: Authority | None,
    *,
    usage: x509.KeyUsage,
    ca_path: int | None = None,
    policies: tuple[str, ...] = (),
    qc: x509.UnrecognizedExtension | None = None,
    eku: tuple[ObjectIdentifier, ...] = (),
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    serial: int | None = None,
) -> x509.Certificate:
    start = not_before or _now() - timedelta(days=1)
    end = not_after or start + timedelta(days=730)
    signer_key = issuer.key if issuer else public_key
    issuer_name = issuer.cert.subject if issuer else subject
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(public_key.public_key())
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca_path is not None, path_length=ca_path), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key.public_key()), critical=False)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier("http://crl.test-ca.example/qca.crl")], None, None, None
                    )
                ]
            ),
            critical=False,
        )
        builder = builder.add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.OCSP,
                        x509.UniformResourceIdentifier("http://ocsp.test-ca.example"),
                    )
                ]
            ),
            critical=False,
        )
    if policies:
        builder = builder.add_extension(
            x509.CertificatePolicies([x509.PolicyInformation(ObjectIdentifier(p), None) for p in policies]),
            critical=False,
        )
    if qc is not None:
        builder = builder.add_extension(qc, critical=False)
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(list(eku)), critical=True)
    return builder.sign(signer_key, _signing_hash(signer_key))  # type: ignore[arg-type]


def _ca(label: str, subject: x509.Name, parent: Authority | None, kind: KeyKind = "rsa2048") -> Authority:
    ca_key = key(label, kind)
    cert = _issue(
        subject,
        ca_key,
        parent,
        usage=_key_usage(ca=True),
        ca_path=0 if parent else 1,
        not_before=_now() - timedelta(days=400),
        not_after=_now() + timedelta(days=3650),
    )
    return Authority(ca_key, cert, parent)


@functools.cache
def root_ca() -> Authority:
    subject = x509.Name(
        [
            _attr(NameOID.COUNTRY_NAME, "PL"),
            _attr(NameOID.ORGANIZATION_NAME, "Testowe Centrum Certyfikacji (dane testowe KSeF Desk)"),
            _attr(NameOID.COMMON_NAME, "Testowy Główny Urząd Certyfikacji"),
        ]
    )
    return _ca("root-ca", subject, None)


@functools.cache
def qualified_ca() -> Authority:
    subject = x509.Name(
        [
            _attr(NameOID.COUNTRY_NAME, "PL"),
            _attr(NameOID.ORGANIZATION_NAME, "Testowy Dostawca Usług Zaufania S.A."),
            _attr(NameOID.ORGANIZATION_IDENTIFIER, f"VATPL-{CA_NIP}"),
            _attr(NameOID.COMMON_NAME, "Testowe CA Kwalifikowane 2025"),
        ]
    )
    return _ca("qualified-ca", subject, root_ca())


@functools.cache
def edowod_ca() -> Authority:
    subject = x509.Name(
        [
            _attr(NameOID.COUNTRY_NAME, "PL"),
            _attr(NameOID.ORGANIZATION_NAME, "Testowe Centrum Certyfikacji Podpisu Osobistego"),
            _attr(NameOID.COMMON_NAME, "Testowe CA Podpisu Osobistego"),
        ]
    )
    return _ca("edowod-ca", subject, root_ca(), "p384")


@functools.cache
def foreign_ca() -> Authority:
    subject = x509.Name(
        [
            _attr(NameOID.COUNTRY_NAME, "CZ"),
            _attr(NameOID.ORGANIZATION_NAME, "Testovací certifikační autorita a.s."),
            _attr(NameOID.ORGANIZATION_IDENTIFIER, "NTRCZ-12345678"),
            _attr(NameOID.COMMON_NAME, "Testovací kvalifikovaná CA"),
        ]
    )
    return _ca("foreign-ca", subject, root_ca(), "p384")


@functools.cache
def ksef_ca() -> Authority:
    subject = x509.Name(
        [
            _attr(NameOID.COUNTRY_NAME, "PL"),
            _attr(NameOID.ORGANIZATION_NAME, "Ministerstwo Finansów (test)"),
            _attr(NameOID.COMMON_NAME, "Testowe CA certyfikatów KSeF"),
        ]
    )
    return _ca("ksef-ca", subject, None, "p384")


def _person_name(given: str, surname: str, serial: str, country: str = "PL") -> x509.Name:
    return x509.Name(
        [
            _attr(NameOID.COUNTRY_NAME, country),
            _attr(NameOID.SERIAL_NUMBER, serial),
            _attr(NameOID.SURNAME, surname),
            _attr(NameOID.GIVEN_NAME, given),
            _attr(NameOID.COMMON_NAME, f"{given} {surname}"),
        ]
    )


def _seal_name(nip_value: str, organization: str, common_name: str | None = None) -> x509.Name:
    return x509.Name(
        [
            _attr(NameOID.COUNTRY_NAME, "PL"),
            _attr(NameOID.ORGANIZATION_NAME, organization),
            _attr(NameOID.ORGANIZATION_IDENTIFIER, f"VATPL-{nip_value}"),
            _attr(NameOID.COMMON_NAME, common_name or organization),
        ]
    )


def _from_ca(label: str, name: str, ca: Authority, cert: x509.Certificate, kind: KeyKind) -> Identity:
    return Identity(label, key(label, kind), cert, name, ca.chain)


@functools.cache
def qualified_person(
    label: str, given: str, surname: str, *, pesel_value: str = "", nip_value: str = "", kind: KeyKind = "rsa2048"
) -> Identity:
    """A qualified personal certificate; exactly one of ``pesel_value`` / ``nip_value``."""
    assert bool(pesel_value) != bool(nip_value)
    serial = f"PNOPL-{pesel_value}" if pesel_value else f"TINPL-{nip_value}"
    ca = qualified_ca()
    cert = _issue(
        _person_name(given, surname, serial),
        key(label, kind),
        ca,
        usage=_key_usage(non_repudiation=True),
        policies=(QCP_NATURAL_QSCD, "1.2.616.1.113527.2.5.1.7.99"),
        qc=_qc_statements(QC_TYPE_ESIGN),
    )
    return _from_ca(label, f"{given} {surname}", ca, cert, kind)


def owner(nip_value: str, kind: KeyKind = "rsa2048") -> Identity:
    """The sole trader owning the context NIP: a qualified certificate with serialNumber TINPL-<NIP>."""
    return qualified_person(f"owner-{kind}", OWNER_GIVEN, OWNER_SURNAME, nip_value=nip_value, kind=kind)


def person(who: Person, kind: KeyKind = "p256") -> Identity:
    """A qualified personal certificate with serialNumber PNOPL-<PESEL>."""
    return qualified_person(f"person-{who.pesel}-{kind}", who.given, who.surname, pesel_value=who.pesel, kind=kind)


@functools.cache
def qualified_seal(
    nip_value: str, organization: str = "Firma Testowa sp. z o.o.", kind: KeyKind = "rsa2048"
) -> Identity:
    ca = qualified_ca()
    label = f"seal-{kind}"
    cert = _issue(
        _seal_name(nip_value, organization),
        key(label, kind),
        ca,
        usage=_key_usage(non_repudiation=True),
        policies=(QCP_LEGAL_QSCD,),
        qc=_qc_statements(QC_TYPE_ESEAL),
    )
    return _from_ca(label, organization, ca, cert, kind)


@functools.cache
def edowod(who: Person, kind: KeyKind = "brainpoolP256r1") -> Identity:
    """Podpis osobisty: e-dowód certificate, not qualified, PNOPL-<PESEL>."""
    ca = edowod_ca()
    label = f"edowod-{who.pesel}-{kind}"
    cert = _issue(
        _person_name(who.given, who.surname, f"PNOPL-{who.pesel}"),
        key(label, kind),
        ca,
        usage=_key_usage(non_repudiation=True),
        policies=("1.2.616.1.101.3.1.99.1",),
    )
    return _from_ca(label, who.name, ca, cert, kind)


@functools.cache
def podpis_zaufany_seal() -> Identity:
    """The Ministry's qualified seal that gov.pl uses for every podpis zaufany."""
    ca = qualified_ca()
    label = "ministry-seal"
    cert = _issue(
        _seal_name(MINISTRY_NIP, MINISTRY_NAME, "Minister do spraw informatyzacji - pieczęć podpisu zaufanego"),
        key(label, "rsa2048"),
        ca,
        usage=_key_usage(non_repudiation=True),
        policies=(QCP_LEGAL_QSCD,),
        qc=_qc_statements(QC_TYPE_ESEAL),
    )
    return _from_ca(label, MINISTRY_NAME, ca, cert, "rsa2048")


@functools.cache
def ksef_certificate(nip_value: str, organization: str = "Firma Testowa sp. z o.o.") -> Identity:
    """A KSeF Authentication certificate for a NIP (EC P-256, 64-bit serial)."""
    ca = ksef_ca()
    label = "ksef-cert"
    serial = secrets.randbits(63) | (1 << 62)  # 16 hex digits
    cert = _issue(
        _seal_name(nip_value, organization, "Certyfikat KSeF - logowanie"),
        key(label, "p256"),
        ca,
        usage=_key_usage(signing=True),
        serial=serial,
    )
    return _from_ca(label, organization, ca, cert, "p256")


@functools.cache
def foreign_person() -> Identity:
    """An EU (Czech) qualified certificate with no PESEL/NIP: KSeF identifies it by fingerprint."""
    ca = foreign_ca()
    label = "foreign-person"
    cert = _issue(
        _person_name("Jana", "Dvořáková", "PNOCZ-8562120054", country="CZ"),
        key(label, "p256"),
        ca,
        usage=_key_usage(non_repudiation=True),
        policies=(QCP_NATURAL_QSCD,),
        qc=_qc_statements(QC_TYPE_ESIGN),
    )
    return _from_ca(label, "Jana Dvořáková", ca, cert, "p256")


@functools.cache
def self_signed_person(who: Person, kind: KeyKind = "p256") -> Identity:
    label = f"self-person-{who.pesel}-{kind}"
    private = key(label, kind)
    cert = _issue(
        _person_name(who.given, who.surname, f"PNOPL-{who.pesel}"),
        private,
        None,
        usage=_key_usage(signing=True, non_repudiation=True),
    )
    return Identity(label, private, cert, who.name)


@functools.cache
def self_signed_seal(nip_value: str, organization: str = "Firma Testowa sp. z o.o.") -> Identity:
    label = "self-seal"
    private = key(label, "rsa2048")
    cert = _issue(_seal_name(nip_value, organization), private, None, usage=_key_usage(signing=True))
    return Identity(label, private, cert, organization)


@functools.cache
def expired_owner(nip_value: str) -> Identity:
    """The owner's qualified certificate that expired yesterday."""
    ca = qualified_ca()
    label = "owner-expired"
    cert = _issue(
        _person_name(OWNER_GIVEN, OWNER_SURNAME, f"TINPL-{nip_value}"),
        key(label, "rsa2048"),
        ca,
        usage=_key_usage(non_repudiation=True),
        policies=(QCP_NATURAL_QSCD,),
        qc=_qc_statements(QC_TYPE_ESIGN),
        not_before=_now() - timedelta(days=731),
        not_after=_now() - timedelta(days=1),
    )
    return _from_ca(label, f"{OWNER_GIVEN} {OWNER_SURNAME}", ca, cert, "rsa2048")


@functools.cache
def timestamp_authority() -> Identity:
    ca = qualified_ca()
    label = "tsa"
    subject = x509.Name(
        [
            _attr(NameOID.COUNTRY_NAME, "PL"),
            _attr(NameOID.ORGANIZATION_NAME, "Testowy Dostawca Usług Zaufania S.A."),
            _attr(NameOID.ORGANIZATION_IDENTIFIER, f"VATPL-{CA_NIP}"),
            _attr(NameOID.COMMON_NAME, "Testowy Kwalifikowany Znacznik Czasu"),
        ]
    )
    cert = _issue(
        subject,
        key(label, "rsa2048"),
        ca,
        usage=_key_usage(signing=True, non_repudiation=True),
        eku=(ExtendedKeyUsageOID.TIME_STAMPING,),
    )
    return _from_ca(label, "Testowy Kwalifikowany Znacznik Czasu", ca, cert, "rsa2048")


def current_time() -> datetime:
    """Now, second precision: signing times and time-stamps are fresh on every build, while
    certificate validity is anchored to the first use in the process."""
    return datetime.now(UTC).replace(microsecond=0)

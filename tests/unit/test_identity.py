"""Reading NIP / PESEL from certificate subjects as KSeF does, but never from the wrong attribute part."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from ksefdesk.core.identity import (
    CertificateIdentity,
    IdentityKind,
    SignerKind,
    TrustedProfileClaim,
    describe_signer,
    ksef_loose_identity,
    subject_identity,
)
from ksefdesk.core.self_signed import self_signed


def _cert(serial: str = "", org_id: str = "", cn: str = "Jan Kowalski") -> x509.Certificate:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if serial:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    if org_id:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, org_id))
    return self_signed(x509.Name(attributes)).certificate


@pytest.mark.parametrize(
    ("serial", "org_id", "expected"),
    [
        ("PNOPL-80010112345", "", CertificateIdentity(IdentityKind.PESEL, "80010112345")),
        ("PESEL:80010112345", "", CertificateIdentity(IdentityKind.PESEL, "80010112345")),
        ("PESEL: 80010112345", "", CertificateIdentity(IdentityKind.PESEL, "80010112345")),
        ("TINPL-5265877635", "", CertificateIdentity(IdentityKind.NIP, "5265877635")),
        ("NIP:5265877635", "", CertificateIdentity(IdentityKind.NIP, "5265877635")),
        ("NIP-5265877635", "", CertificateIdentity(IdentityKind.NIP, "5265877635")),
        ("", "VATPL-5265877635", CertificateIdentity(IdentityKind.NIP, "5265877635", is_seal=True)),
        ("PNOPL-80010112345", "VATPL-5265877635", CertificateIdentity(IdentityKind.PESEL, "80010112345")),
    ],
)
def test_real_formats(serial: str, org_id: str, expected: CertificateIdentity) -> None:
    cert = _cert(serial, org_id)
    assert subject_identity(cert) == expected
    assert ksef_loose_identity(cert) == expected  # KSeF reads the same


@pytest.mark.parametrize(
    "serial",
    ["IDCPL-ABCNIP7251801126", "PASPL-XNIP7251801126", "xTINPL-5265877635", "TINPL-52658776351", "pnopl-80010112345"],
)
def test_a_number_inside_another_identifier_is_not_a_nip_or_pesel(serial: str) -> None:
    assert subject_identity(_cert(serial)) is None


def test_where_ksef_reads_more_than_the_app_the_difference_is_visible() -> None:
    cert = _cert("IDCPL-ABCNIP7251801126")
    assert subject_identity(cert) is None
    assert ksef_loose_identity(cert) == CertificateIdentity(IdentityKind.NIP, "7251801126")


def test_vat_prefix_must_start_the_organization_identifier() -> None:
    assert subject_identity(_cert(org_id="NTRPL-0000123456")) is None
    assert subject_identity(_cert(org_id="XVATPL-5265877635")) is None


def test_labels_in_both_languages() -> None:
    person = describe_signer(_cert("PNOPL-80010112345"))
    assert person.kind is SignerKind.SELF_SIGNED  # self-signed: a test certificate
    assert person.label("pl") == "certyfikat testowy (samopodpisany): Jan Kowalski, PESEL 80010112345"
    seal = _cert(org_id="VATPL-5252950380", cn="Pieczęć podpisu zaufanego")
    zaufany = describe_signer(seal, trusted_profile=TrustedProfileClaim("Anna", "Nowak", "90020212345"))
    assert zaufany.label("pl") == "podpis zaufany: Anna Nowak, PESEL 90020212345"
    assert zaufany.label("en").startswith("trusted profile signature (podpis zaufany): Anna Nowak")
    assert "5252950380" not in zaufany.label("pl")

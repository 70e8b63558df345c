"""The signed-file pre-check: what it accepts from other XAdES implementations, and every refusal."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from signxml import XMLSigner

from ksefdesk.core.auth_request import SubjectIdentifierType, build_auth_request
from ksefdesk.core.errors import UserError
from ksefdesk.core.identity import IdentityKind
from ksefdesk.core.self_signed import SigningIdentity, new_key, person_subject, seal_subject, self_signed
from ksefdesk.core.signed_file import precheck
from ksefdesk.core.xades_sign import sign_xml
from tests.xmlsec_helpers import C14N_10, EXC_C14N, xades_template, xmlsec_sign, xmlsec_verify

NIP = "5265877635"
CHALLENGE = "20261124-CR-1A2B3C4D5E-6F7A8B9C0D-42"
NOW = datetime.now(UTC)
DEADLINE = NOW + timedelta(minutes=9)
PERSON = self_signed(person_subject(nip=NIP), kind="ec")
PERSON_RSA = self_signed(person_subject(nip=NIP), kind="rsa")


def request(nip: str = NIP, challenge: str = CHALLENGE, **kw: object) -> bytes:
    return build_auth_request(challenge, nip, **kw)  # type: ignore[arg-type]


def signed(identity: SigningIdentity = PERSON, document: bytes | None = None) -> bytes:
    return sign_xml(document or request(), identity.key, [identity.certificate])


GOOD = signed()


def check(data: bytes) -> object:
    return precheck(data, challenge=CHALLENGE, nip=NIP, deadline=DEADLINE, now=NOW)


# --- accepted -------------------------------------------------------------------------------------
@pytest.mark.parametrize("identity", [PERSON, PERSON_RSA], ids=["ecdsa", "rsa"])
def test_our_own_signatures_pass_here_and_in_xmlsec1(identity: SigningIdentity) -> None:
    data = signed(identity)
    result = check(data)
    assert result.identity.kind is IdentityKind.NIP and result.context_value == NIP  # type: ignore[attr-defined]
    assert xmlsec_verify(data, identity)


@pytest.mark.parametrize("kind", ["rsa", "ec"])
@pytest.mark.parametrize("c14n", [EXC_C14N, C14N_10], ids=["exc-c14n", "c14n-1.0"])
@pytest.mark.parametrize("prefix", ["ds", ""], ids=["ds-prefix", "default-ns"])
def test_signatures_made_by_xmlsec1_in_the_official_layout(kind: str, c14n: str, prefix: str) -> None:
    identity = PERSON if kind == "ec" else PERSON_RSA
    data = xmlsec_sign(xades_template(request(), identity, c14n=c14n, prefix=prefix), identity)
    assert check(data).challenge == CHALLENGE  # type: ignore[attr-defined]


def test_seal_pesel_fingerprint_and_schema_2_0() -> None:
    seal = self_signed(seal_subject(NIP))
    assert check(signed(seal)).identity.is_seal  # type: ignore[attr-defined]
    person = self_signed(person_subject(pesel="44051401359"))
    assert check(signed(person)).identity.kind is IdentityKind.PESEL  # type: ignore[attr-defined]
    anonymous = self_signed(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Jan Bez Numeru")]))
    by_print = signed(anonymous, request(subject_type=SubjectIdentifierType.CERTIFICATE_FINGERPRINT))
    assert check(by_print).identity.kind is IdentityKind.FINGERPRINT  # type: ignore[attr-defined]
    assert check(signed(PERSON, request(version="2.0"))).namespace.endswith("/2.0")  # type: ignore[attr-defined]


# --- refused --------------------------------------------------------------------------------------
def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("request.xml", GOOD)
    return buffer.getvalue()


def _plain_xmldsig() -> bytes:
    root = etree.fromstring(request())
    result = XMLSigner().sign(root, key=PERSON_RSA.key, cert=[PERSON_RSA.certificate])
    return etree.tostring(result, xml_declaration=True, encoding="utf-8")


def _without_url_reference() -> bytes:
    template = xades_template(request(), PERSON)
    start = template.index(b'<ds:Reference URI="">')
    end = template.index(b"</ds:Reference>", start) + len(b"</ds:Reference>")
    return xmlsec_sign(template[:start] + template[end:], PERSON)


def _schema_breaking() -> bytes:
    document = request().replace(b"<SubjectIdentifierType>", b"<Extra>x</Extra><SubjectIdentifierType>")
    return signed(PERSON, document)


def _cert(**kw: object) -> SigningIdentity:
    return self_signed(person_subject(nip=NIP), **kw)  # type: ignore[arg-type]


REFUSALS: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty": (lambda: b"  \n", "signed.empty"),
    "huge": (lambda: b"<a>" + b" " * 1_100_000 + b"</a>", "signed.too_large"),
    "pdf": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "signed.pdf"),
    "p7s-der": (lambda: b"\x30\x82\x05\x10\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02\xa0", "signed.cades"),
    "p7s-base64": (lambda: b"MIIGnAYJKoZIhvcNAQcCoIIGjTCCBokCAQExDzANBglghkgBZQMEAgEFADAL", "signed.cades"),
    "asice": (_zip, "signed.asic"),
    "not-xml": (lambda: b"<AuthTokenRequest><Challenge>", "signed.not_xml"),
    "xxe": (
        lambda: b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
        "signed.doctype",
    ),
    "utf16": (lambda: GOOD.decode("utf-8").replace("utf-8", "utf-16").encode("utf-16"), "signed.encoding"),
    "cp1250": (lambda: GOOD.replace(b"encoding='utf-8'", b"encoding='windows-1250'"), "signed.encoding"),
    "invoice": (lambda: b'<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"/>', "signed.not_auth_request"),
    "unsigned": (request, "signed.unsigned"),
    "two-signatures": (lambda: sign_xml(GOOD, PERSON.key, [PERSON.certificate]), "signed.many_signatures"),
    "detached": (lambda: GOOD.replace(b'URI=""', b'URI="wniosek.xml"', 1), "signed.detached"),
    "xpath": (
        lambda: GOOD.replace(
            b"http://www.w3.org/2000/09/xmldsig#enveloped-signature", b"http://www.w3.org/TR/1999/REC-xpath-19991116", 1
        ),
        "signed.unverifiable",
    ),
    "hmac": (
        lambda: GOOD.replace(b"xmldsig-more#ecdsa-sha256", b"xmldsig-more#hmac-sha256"),
        "signed.unsupported_algorithm",
    ),
    "not-xades": (_plain_xmldsig, "signed.not_xades"),
    "no-certificate": (
        lambda: GOOD[: GOOD.index(b"<ds:KeyInfo")] + GOOD[GOOD.index(b"</ds:KeyInfo>") + 13 :],
        "signed.no_certificate",
    ),
    "garbled-certificate": (
        lambda: GOOD.replace(b"<ds:X509Certificate>", b"<ds:X509Certificate>AAAA", 1),
        "signed.bad_certificate",
    ),
    "expired": (lambda: signed(_cert(not_before=NOW - timedelta(days=800), days=365)), "signed.cert_expired"),
    "not-yet-valid": (lambda: signed(_cert(not_before=NOW + timedelta(days=2))), "signed.cert_not_yet_valid"),
    "weak-key": (lambda: signed(_cert(key=new_key("rsa", rsa_bits=1024))), "signed.weak_key"),
    "tampered": (lambda: GOOD.replace(NIP.encode() + b"</Nip>", b"7251801126</Nip>"), "signed.tampered"),
    "bad-signature": (
        lambda: GOOD.replace(b"<ds:SignatureValue>", b"<ds:SignatureValue>AAAA", 1),
        "signed.bad_signature",
    ),
    "no-signedinfo": (lambda: GOOD.replace(b"ds:SignedInfo", b"ds:SignedThing"), "signed.signature_malformed"),
    "wrapping": (_without_url_reference, "signed.content_not_signed"),
    "schema": (_schema_breaking, "signed.schema"),
    "no-identity": (
        lambda: signed(self_signed(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bez NIP")]))),
        "signed.subject_unidentified",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_each_bad_file_has_its_own_message(name: str) -> None:
    build, code = REFUSALS[name]
    with pytest.raises(UserError) as caught:
        check(build())
    assert caught.value.code == code
    assert caught.value.message("pl") != caught.value.message("en")


def test_refusal_messages_are_all_different() -> None:
    codes = {code for _, code in REFUSALS.values()} | {"signed.wrong_challenge", "signed.wrong_nip", "signed.expired"}
    assert len(codes) >= 25
    from ksefdesk.core.errors import CATALOG

    assert len({CATALOG[c].en for c in codes}) == len(codes)


def test_signed_for_another_request_company_or_too_late() -> None:
    with pytest.raises(UserError) as caught:
        precheck(GOOD, challenge="20261124-CR-0000000000-0000000000-00", nip=NIP, deadline=DEADLINE, now=NOW)
    assert caught.value.code == "signed.wrong_challenge"
    with pytest.raises(UserError) as caught:
        precheck(GOOD, challenge=CHALLENGE, nip="7251801126", deadline=DEADLINE, now=NOW)
    assert caught.value.code == "signed.wrong_nip" and NIP in caught.value.message("en")
    with pytest.raises(UserError) as caught:
        precheck(GOOD, challenge=CHALLENGE, nip=NIP, deadline=NOW - timedelta(seconds=1), now=NOW)
    assert caught.value.code == "signed.expired"


# --- fuzzing: whatever the bytes, a UserError or a result, never a traceback -------------------------
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_files_never_crash(data: st.DataObject) -> None:
    blob = bytearray(GOOD)
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(blob) - 1))
        action = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip":
            blob[position] ^= data.draw(st.integers(1, 255))
        elif action == "cut":
            del blob[position : position + data.draw(st.integers(1, 50))]
        else:
            blob[position:position] = data.draw(st.binary(min_size=1, max_size=20))
    try:
        check(bytes(blob))
    except UserError as refusal:  # anything else would be a crash shown to the user
        assert refusal.code.startswith("signed.")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: t.encode("utf-8")))
def test_arbitrary_bytes_never_crash(blob: bytes) -> None:
    try:
        check(blob)
    except UserError as refusal:
        assert refusal.code.startswith("signed.")

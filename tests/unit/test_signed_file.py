"""The signed-file pre-check: every layout KSeF accepts (signed by xmlsec1, an independent implementation),
every refusal, the uncertain verdicts, hostile files, and how the signer is named."""

from __future__ import annotations

import base64
import io
import re
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.x509.oid import NameOID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from signxml import XMLSigner

from ksefdesk.core.auth_request import SubjectIdentifierType, build_auth_request
from ksefdesk.core.errors import CATALOG, UserError
from ksefdesk.core.identity import IdentityKind, SignerKind
from ksefdesk.core.self_signed import SigningIdentity, new_key, person_subject, seal_subject, self_signed
from ksefdesk.core.signed_file import SignedAuthRequest, UncertainSignature, inspect_signed_request, precheck
from ksefdesk.core.xades_sign import sign_xml
from tests.unit import xades_layouts as xl
from tests.unit.xades_layouts import Layout, filter2_transform, sign, transform, xpath_transform
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


def check(data: bytes) -> SignedAuthRequest:
    """At the moment of the check (files are signed when a test runs, which in the whole suite is minutes
    after this module was imported)."""
    now = datetime.now(UTC)
    return precheck(data, challenge=CHALLENGE, nip=NIP, deadline=now + timedelta(minutes=9), now=now)


def refused(data: bytes) -> UserError:
    with pytest.raises(UserError) as caught:
        check(data)
    assert not isinstance(caught.value, UncertainSignature), caught.value.details
    return caught.value


def uncertain(data: bytes) -> UncertainSignature:
    with pytest.raises(UncertainSignature) as caught:
        check(data)
    return caught.value


# --- accepted: every layout KSeF lists --------------------------------------------------------------
@pytest.mark.parametrize("identity", [PERSON, PERSON_RSA], ids=["ecdsa", "rsa"])
def test_our_own_signatures_pass_here_and_in_xmlsec1(identity: SigningIdentity) -> None:
    data = signed(identity)
    result = check(data)
    assert result.identity is not None and result.identity.kind is IdentityKind.NIP and result.context_value == NIP
    assert xmlsec_verify(data, identity)


@pytest.mark.parametrize("kind", ["rsa", "ec"])
@pytest.mark.parametrize("c14n", [EXC_C14N, C14N_10], ids=["exc-c14n", "c14n-1.0"])
@pytest.mark.parametrize("prefix", ["ds", ""], ids=["ds-prefix", "default-ns"])
def test_signatures_made_by_xmlsec1_in_the_official_layout(kind: str, c14n: str, prefix: str) -> None:
    identity = PERSON if kind == "ec" else PERSON_RSA
    data = xmlsec_sign(xades_template(request(), identity, c14n=c14n, prefix=prefix), identity)
    assert check(data).challenge == CHALLENGE


LAYOUTS: dict[str, Layout] = {
    "official": Layout(),
    "procertum-xpath": Layout(
        content_transforms=[xpath_transform(), transform(xl.C14N10)],
        signed_info_c14n=xl.C14N10,
        properties_transforms=[transform(xl.C14N10)],
    ),
    "procertum-xpath-other-prefix": Layout(prefix="dsig", content_transforms=[xpath_transform(), transform(xl.C14N10)]),
    "xpath-w3c-here-form": Layout(
        content_transforms=[
            xpath_transform(
                "count(ancestor-or-self::ds:Signature | here()/ancestor::ds:Signature[1]) >"
                " count(ancestor-or-self::ds:Signature)"
            ),
            transform(xl.EXC),
        ]
    ),
    "dss-filter2": Layout(content_transforms=[filter2_transform(), transform(xl.EXC)]),
    "dss-filter2-slashslash": Layout(content_transforms=[filter2_transform("//ds:Signature"), transform(xl.EXC)]),
    "dss-baseline-b": Layout(
        content_transforms=[filter2_transform(), transform(xl.EXC)],
        signing_certificate_v2=True,
        data_object_format=True,
    ),
    "xpointer-root": Layout(content_uri="#xpointer(/)"),
    "id-of-root": Layout(content_uri="#req", root_id="req"),
    "xpointer-id-of-root": Layout(content_uri="#xpointer(id('req'))", root_id="req"),
    "enveloping-id": Layout(enveloping=True, content_uri="#obj", content_transforms=[transform(xl.EXC)]),
    "enveloping-xpointer-id": Layout(
        enveloping=True, content_uri="#xpointer(id('obj'))", content_transforms=[transform(xl.C14N10)]
    ),
    "c14n-1.1": Layout(content_transforms=[transform(xl.ENVELOPED), transform(xl.C14N11)], signed_info_c14n=xl.C14N11),
    "c14n-1.1-comments": Layout(
        content_transforms=[transform(xl.ENVELOPED), transform(xl.C14N11_C)], signed_info_c14n=xl.C14N11_C
    ),
    "c14n-with-comments-uri-empty": Layout(
        content_transforms=[transform(xl.ENVELOPED), transform(xl.C14N10_C)], document_comment=True
    ),
    "exc-with-comments-xpointer": Layout(
        content_uri="#xpointer(/)",
        content_transforms=[transform(xl.ENVELOPED), transform(xl.EXC_C)],
        document_comment=True,
    ),
    "no-c14n-transform": Layout(content_transforms=[transform(xl.ENVELOPED)]),
    "sha384": Layout(digest=xl.SHA384),
    "sha512": Layout(digest=xl.SHA512),
    "xades-epes": Layout(policy=True),
    "xades-t": Layout(unsigned=xl.TIMESTAMP_T),
    "xades-lt-1.4.1": Layout(unsigned=xl.TIMESTAMP_T + xl.VALIDATION_LT),
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
@pytest.mark.parametrize("identity", [PERSON, PERSON_RSA], ids=["ec", "rsa"])
def test_every_layout_signed_by_xmlsec1_is_accepted(name: str, identity: SigningIdentity) -> None:
    data = sign(request(), identity, LAYOUTS[name])
    assert xl.xmlsec_verify(data, identity.certificate)  # the independent implementation agrees
    result = check(data)
    assert result.context_value == NIP and result.challenge == CHALLENGE
    assert result.layout == ("enveloping" if name.startswith("enveloping") else "enveloped")
    assert [w.code for w in result.warnings] == (["signed.warn_root_id"] if "root" in name and "id" in name else [])


@pytest.mark.parametrize(
    ("method", "digest", "key"),
    [
        (xl.RSA_SHA1, xl.SHA1, "rsa"),
        (xl.MORE + "rsa-sha384", xl.SHA256, "rsa"),
        (xl.MORE + "rsa-sha512", xl.SHA512, "rsa"),
        (xl.MORE + "ecdsa-sha1", xl.SHA1, "p256"),
        (xl.MORE + "ecdsa-sha384", xl.SHA384, "p384"),
        (xl.MORE + "ecdsa-sha512", xl.SHA512, "p521"),
        (xl.MORE + "ecdsa-sha256", xl.SHA256, "brainpoolP256r1"),
        (xl.MORE + "ecdsa-sha384", xl.SHA256, "brainpoolP384r1"),
        (xl.MORE + "ecdsa-sha512", xl.SHA256, "brainpoolP512r1"),
    ],
)
def test_signature_methods_and_curves(method: str, digest: str, key: str) -> None:
    curves = {
        "p256": ec.SECP256R1(),
        "p384": ec.SECP384R1(),
        "p521": ec.SECP521R1(),
        "brainpoolP256r1": ec.BrainpoolP256R1(),
        "brainpoolP384r1": ec.BrainpoolP384R1(),
        "brainpoolP512r1": ec.BrainpoolP512R1(),
    }
    private = new_key("rsa") if key == "rsa" else ec.generate_private_key(curves[key])
    identity = self_signed(person_subject(pesel="80010112345"), key=private)
    data = sign(request(), identity, Layout(method=method, digest=digest))
    result = check(data)
    assert result.identity is not None and result.identity.value == "80010112345"


def test_the_test_side_signer_agrees_with_xmlsec1() -> None:
    data = xl.py_sign(xl.template(request(), PERSON_RSA), PERSON_RSA.key)
    assert xl.xmlsec_verify(data, PERSON_RSA.certificate)
    assert check(data).challenge == CHALLENGE


@pytest.mark.parametrize(
    ("method", "digest", "hash_name", "pss"),
    [
        (xl.PSS_SHA256, xl.SHA256, "sha256", True),
        (xl.PSS_SHA3_256, xl.SHA3_256, "sha3_256", True),
        (xl.MORE + "rsa-sha256", xl.SHA3_256, "sha256", False),
    ],
    ids=["rsa-pss-sha256", "rsa-pss-sha3-256", "sha3-256-digests"],
)
def test_rsa_pss_and_sha3(method: str, digest: str, hash_name: str, pss: bool) -> None:
    layout = Layout(method=method, digest=digest)
    data = xl.py_sign(xl.template(request(), PERSON_RSA, layout), PERSON_RSA.key, hash_name, pss=pss)
    assert check(data).challenge == CHALLENGE


def test_ecdsa_sha3() -> None:
    layout = Layout(method="http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-256", digest=xl.SHA256)
    data = xl.py_sign(xl.template(request(), PERSON, layout), PERSON.key, "sha3_256")
    assert check(data).challenge == CHALLENGE


def test_certificate_chain_in_any_order_and_listed_in_signing_certificate() -> None:
    ca_key = new_key("rsa")
    ca_name = xl.name(cn="Testowe Centrum Kwalifikowane", o="Test CA", c="PL")
    ca_cert = xl.certificate(ca_name, ca_key, ca=True)
    signer = xl.issued(person_subject(pesel="80010112345"), new_key("ec"), ca_name, ca_key)
    layout = Layout(key_info=[ca_cert, signer.certificate], signing_certificates=[ca_cert, signer.certificate])
    result = check(sign(request(), signer, layout))
    assert result.certificate == signer.certificate and len(result.chain) == 2
    assert result.signer.kind is SignerKind.QUALIFIED_PERSON
    assert result.signer_label("pl") == "podpis kwalifikowany: Jan Testowy, PESEL 80010112345"
    # the chain after the signer, and SigningCertificate naming the signer second
    layout = Layout(key_info=[signer.certificate, ca_cert], signing_certificates=[ca_cert, signer.certificate])
    assert check(sign(request(), signer, layout)).certificate == signer.certificate


# --- who signed ---------------------------------------------------------------------------------------
MINISTRY = xl.name(
    cn="Pieczęć podpisu zaufanego",
    o="Minister właściwy do spraw informatyzacji",
    org_id="VATPL-5252950380",
    c="PL",
)


@pytest.mark.parametrize("structure", [xl.EP_SIGNATURE, xl.PODPIS_ZP], ids=["EPSignature", "PodpisZP"])
def test_podpis_zaufany_names_the_person_never_the_ministry(structure: str) -> None:
    seal = self_signed(MINISTRY, kind="rsa")
    claim = structure.format(given="Anna", surname="Nowak", pesel="90020212345")
    result = check(sign(request(), seal, Layout(claimed_role=claim)))
    assert result.signer.kind is SignerKind.TRUSTED_PROFILE and not result.is_company_certificate
    assert result.identity is not None and result.identity.kind is IdentityKind.PESEL
    assert result.identity.value == "90020212345"
    assert result.signer_label("pl") == "podpis zaufany: Anna Nowak, PESEL 90020212345"
    assert "5252950380" not in result.signer_label("en")


def test_podpis_zaufany_data_on_another_seal_is_uncertain_and_never_shows_the_seals_nip() -> None:
    seal = self_signed(seal_subject("7251801126", "Zwykła Firma sp. z o.o."), kind="rsa")
    claim = xl.EP_SIGNATURE.format(given="Anna", surname="Nowak", pesel="90020212345")
    verdict = uncertain(sign(request(), seal, Layout(claimed_role=claim)))
    assert verdict.code == "signed.uncertain_identity" and verdict.partial is not None
    assert "7251801126" not in verdict.partial.signer_label("pl")


@pytest.mark.parametrize(
    ("subject", "kind", "label_en"),
    [
        (person_subject(pesel="80010112345"), SignerKind.SELF_SIGNED, "PESEL 80010112345"),
        (seal_subject(NIP), SignerKind.SELF_SIGNED, f"NIP {NIP}"),
    ],
)
def test_self_signed_test_certificates(subject: x509.Name, kind: SignerKind, label_en: str) -> None:
    result = check(signed(self_signed(subject)))
    assert result.signer.kind is kind and label_en in result.signer_label("en")


def test_signer_kinds_by_issuer() -> None:
    ca_key = new_key("ec")
    cases = [
        (xl.name(cn="Centrum Certyfikacji Podpisu Osobistego", c="PL"), SignerKind.PERSONAL_ID, "podpis osobisty"),
        (xl.name(cn="KSeF Sandbox CA", o="Ministerstwo Finansów"), SignerKind.KSEF_CERTIFICATE, "certyfikat KSeF"),
        (xl.name(cn="Certum QCA 2017", o="Asseco Data Systems S.A."), SignerKind.QUALIFIED_PERSON, "kwalifikowany"),
    ]
    for ca_name, kind, label in cases:
        key = ec.generate_private_key(ec.BrainpoolP256R1()) if kind is SignerKind.PERSONAL_ID else new_key("ec")
        person = xl.issued(person_subject(pesel="80010112345"), key, ca_name, ca_key)
        result = check(sign(request(), person))
        assert result.signer.kind is kind and label in result.signer_label("pl")
    seal = xl.issued(seal_subject(NIP), new_key("rsa"), cases[2][0], ca_key)
    result = check(sign(request(), seal))
    assert result.signer.kind is SignerKind.QUALIFIED_SEAL and result.identity is not None and result.identity.is_seal


def test_fingerprint_login_names_the_fingerprint() -> None:
    anonymous = self_signed(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Jan Bez Numeru")]))
    result = check(signed(anonymous, request(subject_type=SubjectIdentifierType.CERTIFICATE_FINGERPRINT)))
    assert result.identity is not None and result.identity.kind is IdentityKind.FINGERPRINT
    assert "SHA-256" in result.signer_label("en")


def test_schema_2_0_and_a_future_signing_time_warns() -> None:
    assert check(signed(PERSON, request(version="2.0"))).namespace.endswith("/2.0")
    data = sign(request(), PERSON, Layout(signing_time=NOW + timedelta(days=2)))
    result = check(data)
    assert [w.code for w in result.warnings] == ["signed.warn_future_time"]


# --- uncertain: "send to KSeF anyway" ---------------------------------------------------------------
def _with_method(data: bytes, method: str) -> bytes:
    return re.sub(rb'SignatureMethod Algorithm="[^"]+"', f'SignatureMethod Algorithm="{method}"'.encode(), data)


UNCERTAIN: dict[str, tuple[Callable[[], bytes], str]] = {
    "xpath-other-expression": (
        lambda: sign(
            request(),
            PERSON,
            Layout(
                content_transforms=[
                    xpath_transform("not(ancestor-or-self::ds:Signature) and not(self::comment())"),
                    transform(xl.EXC),
                ]
            ),
        ),
        "signed.uncertain_transform",
    ),
    "filter2-other-expression": (
        lambda: sign(
            request(),
            PERSON,
            Layout(content_transforms=[filter2_transform("/descendant::ds:Signature[true()]"), transform(xl.EXC)]),
        ),
        "signed.uncertain_transform",
    ),
    "xpath-without-expression": (
        lambda: xl.py_sign(
            xl.template(request(), PERSON, Layout(content_transforms=[transform(xl.XPATH), transform(xl.EXC)])),
            PERSON.key,
        ),
        "signed.uncertain_transform",
    ),
    "unknown-signature-method": (
        lambda: _with_method(GOOD, "http://www.w3.org/2007/05/xmldsig-more#rsa-pss"),
        "signed.uncertain_algorithm",
    ),
    "unknown-digest": (
        lambda: xl.py_sign(xl.template(request(), PERSON, Layout(digest="urn:example:digest")), PERSON.key),
        "signed.uncertain_algorithm",
    ),
    "identity-ksef-reads-differently": (
        lambda: signed(self_signed(x509.Name([x509.NameAttribute(NameOID.SERIAL_NUMBER, "IDCPL-ABCNIP7251801126")]))),
        "signed.uncertain_identity",
    ),
    "base64-enveloping": (
        lambda: sign(
            request(),
            PERSON,
            Layout(
                enveloping=True, enveloping_base64=True, content_uri="#obj", content_transforms=[transform(xl.BASE64)]
            ),
        ),
        "signed.uncertain_format",
    ),
    "other-xpointer": (
        lambda: xl.py_sign(xl.template(request(), PERSON, Layout(content_uri="#xpointer(//*[1])")), PERSON.key),
        "signed.uncertain_reference",
    ),
}


@pytest.mark.parametrize("name", sorted(UNCERTAIN))
def test_uncertain_verdicts_carry_what_was_read(name: str) -> None:
    build, code = UNCERTAIN[name]
    verdict = uncertain(build())
    assert verdict.code == code, verdict.details
    assert verdict.partial is not None and verdict.partial.challenge == CHALLENGE
    assert verdict.message("pl") != verdict.message("en") and verdict.cli_action("en") != verdict.action("en")


def test_an_uncertain_file_for_another_company_is_still_refused() -> None:
    data = UNCERTAIN["xpath-other-expression"][0]()
    with pytest.raises(UserError) as caught:
        precheck(data, challenge=CHALLENGE, nip="7251801126", deadline=DEADLINE, now=NOW)
    assert caught.value.code == "signed.wrong_nip"
    with pytest.raises(UserError) as caught:
        precheck(data, challenge=CHALLENGE, nip=NIP, deadline=NOW, now=NOW)
    assert caught.value.code == "signed.expired"


# --- refused ------------------------------------------------------------------------------------------
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


def _der_ecdsa() -> bytes:
    data = sign(request(), PERSON)
    value = re.search(rb"<ds:SignatureValue>([^<]+)</ds:SignatureValue>", data)
    assert value is not None
    raw = base64.b64decode(value.group(1))
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    return data.replace(value.group(1), base64.b64encode(der))


def _wrapped_enveloping() -> bytes:
    """The signed request moved into ds:Object of an enveloping signature, under another unsigned request."""
    inner = sign(request(), PERSON, Layout(enveloping=True, content_uri="#obj", content_transforms=[transform(xl.EXC)]))
    body = inner.split(b"?>", 1)[1].strip()
    other = request(nip="7251801126")
    closing = other.rindex(b"</")
    return other[:closing] + body + other[closing:]


def _bare(document: bytes) -> str:
    return document.decode().split("?>", 1)[1]


def _reindented() -> bytes:
    return GOOD.replace(b"<Challenge>", b"\n  <Challenge>").replace(b"<ContextIdentifier>", b"\n  <ContextIdentifier>")


def _signed_info_reindented() -> bytes:
    data = sign(request(), PERSON)
    return data.replace(b"<ds:SignatureMethod", b"\n    <ds:SignatureMethod", 1)


def _many_references() -> bytes:
    reference = (
        '<ds:Reference URI="#SignedProperties"><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
        "<ds:DigestValue>" + "A" * 200 + "</ds:DigestValue></ds:Reference>"
    ).encode()
    return GOOD.replace(b"</ds:SignedInfo>", reference * 2500 + b"</ds:SignedInfo>", 1)


def _properties_in_two_places() -> bytes:
    """Another (unsigned) element carrying the SignedProperties' Id."""
    return sign(request(), PERSON, Layout(unsigned=xl.TIMESTAMP_T)).replace(b'Id="ts1"', b'Id="SignedProperties"')


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
    "xslt": (
        lambda: GOOD.replace(xl.ENVELOPED.encode(), b"http://www.w3.org/TR/1999/REC-xslt-19991116", 1),
        "signed.transform_refused",
    ),
    "unknown-transform": (
        lambda: GOOD.replace(b"http://www.w3.org/2000/09/xmldsig#enveloped-signature", b"urn:example:transform", 1),
        "signed.transform_refused",
    ),
    "hmac": (
        lambda: GOOD.replace(b"xmldsig-more#ecdsa-sha256", b"xmldsig-more#hmac-sha256"),
        "signed.unsupported_algorithm",
    ),
    "dsa": (lambda: _with_method(GOOD, "http://www.w3.org/2000/09/xmldsig#dsa-sha1"), "signed.unsupported_algorithm"),
    "md5-digest": (
        lambda: GOOD.replace(xl.SHA256.encode(), b"http://www.w3.org/2001/04/xmldsig-more#md5", 1),
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
    "ecdsa-der": (_der_ecdsa, "signed.ecdsa_der"),
    "no-signedinfo": (lambda: GOOD.replace(b"ds:SignedInfo", b"ds:SignedThing"), "signed.signature_malformed"),
    "no-content-reference": (_without_url_reference, "signed.content_not_signed"),
    "no-properties-reference": (
        lambda: sign(request(), PERSON, Layout(properties_reference=False)),
        "signed.properties_unsigned",
    ),
    "signing-certificate-lists-only-the-ca": (
        lambda: sign(request(), PERSON, Layout(signing_certificates=[PERSON_RSA.certificate])),
        "signed.cert_reference_mismatch",
    ),
    "schema": (_schema_breaking, "signed.schema"),
    "no-identity": (
        lambda: signed(self_signed(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bez NIP")]))),
        "signed.subject_unidentified",
    ),
    "re-indented-in-an-editor": (_reindented, "signed.resaved"),
    "signed-info-re-indented": (_signed_info_reindented, "signed.resaved"),
    "2500-references": (_many_references, "signed.too_many_references"),
    # signature wrapping, in its forms
    "wrapped-in-object-under-another-request": (_wrapped_enveloping, "signed.second_request"),
    "second-request-in-an-extra-object": (
        lambda: sign(
            request(), PERSON, Layout(extra_objects=f"<ds:Object>{_bare(request(nip='7251801126'))}</ds:Object>")
        ),
        "signed.second_request",
    ),
    "unsigned-extra-object": (
        lambda: sign(request(), PERSON, Layout(extra_objects='<ds:Object Id="x">cokolwiek</ds:Object>')),
        "signed.extra_object",
    ),
    "base64-decoy-in-unsigned-properties": (
        lambda: sign(
            request(),
            PERSON,
            Layout(
                unsigned="<xades:SignatureTimeStamp><xades:EncapsulatedTimeStamp>"
                + base64.b64encode(request(nip="7251801126")).decode()
                + "</xades:EncapsulatedTimeStamp></xades:SignatureTimeStamp>"
            ),
        ),
        "signed.base64_decoy",
    ),
    "duplicate-id": (_properties_in_two_places, "signed.duplicate_id"),
    "reference-to-another-element": (
        lambda: sign(
            request(),
            PERSON,
            Layout(
                unsigned=xl.TIMESTAMP_T,
                extra_references=f'<ds:Reference URI="#ts1"><ds:DigestMethod Algorithm="{xl.SHA256}"/>'
                "<ds:DigestValue></ds:DigestValue></ds:Reference>",
            ),
        ),
        "signed.foreign_reference",
    ),
    "signature-not-a-child-of-the-request": (
        lambda: GOOD.replace(b"<ds:Signature", b"<ContextIdentifier><ds:Signature", 1).replace(
            b"</ds:Signature>", b"</ds:Signature></ContextIdentifier>", 1
        ),
        "signed.signature_malformed",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_each_bad_file_has_its_own_message(name: str) -> None:
    build, code = REFUSALS[name]
    caught = refused(build())
    assert caught.code == code, (caught.code, caught.details)
    assert caught.message("pl") != caught.message("en")


def test_refusal_messages_are_all_different() -> None:
    codes = {code for _, code in REFUSALS.values()} | {"signed.wrong_challenge", "signed.wrong_nip", "signed.expired"}
    assert len(codes) >= 38
    assert len({CATALOG[c].en for c in codes}) == len(codes)


def test_thousands_of_references_are_refused_in_milliseconds() -> None:
    data = _many_references()
    assert len(data) > 800_000
    started = time.perf_counter()
    assert refused(data).code == "signed.too_many_references"
    assert time.perf_counter() - started < 0.5


def test_line_ending_conversion_alone_does_not_break_the_signature() -> None:
    data = sign(request(), PERSON).replace(b"\n", b"\r\n")
    assert check(data).challenge == CHALLENGE  # XML parsers normalise line ends, as KSeF's does


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


def test_inspect_keeps_the_sandbox_contract() -> None:
    """The sandbox reads these fields until it has its own verifier."""
    result = inspect_signed_request(GOOD, now=NOW)
    assert result.identity is not None and result.identity.kind.value == "Nip"
    assert result.certificate == PERSON.certificate and result.context_type.value == "Nip"


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


XPATH_GOOD = sign(request(), PERSON, LAYOUTS["dss-baseline-b"])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_dss_files_never_crash(data: st.DataObject) -> None:
    blob = bytearray(XPATH_GOOD)
    for _ in range(data.draw(st.integers(1, 3))):
        position = data.draw(st.integers(0, len(blob) - 1))
        blob[position : position + data.draw(st.integers(0, 8))] = data.draw(st.binary(max_size=8))
    try:
        check(bytes(blob))
    except UserError as refusal:
        assert refusal.code.startswith("signed.")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: t.encode("utf-8")))
def test_arbitrary_bytes_never_crash(blob: bytes) -> None:
    try:
        check(blob)
    except UserError as refusal:
        assert refusal.code.startswith("signed.")

"""The sandbox's own XAdES verifier (ksefsandbox.xades_verify), judged on files built here.

Files are XAdES templates signed by Debian's xmlsec1 CLI (an implementation apart from both the app's
signxml and the verifier's python-xmlsec). xmlsec1 1.2.37 cannot do RSA-PSS or SHA-3; those files are
signed with python-xmlsec and their SignatureValue is re-checked with `cryptography` in the test.
"""

from __future__ import annotations

import base64
import hashlib
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.x509.oid import NameOID
from lxml import etree

from ksefdesk.core.auth_request import SubjectIdentifierType, build_auth_request
from ksefdesk.core.self_signed import SigningIdentity, person_subject, seal_subject, self_signed
from ksefsandbox.server import SandboxServer
from ksefsandbox.xades_identity import SubjectKind
from ksefsandbox.xades_verify import (
    KSEF_CODES,
    Layout,
    Refusal,
    SignatureRefused,
    VerifiedLogin,
    verify_login,
)
from tests.sandbox.kit import Client
from tests.xmlsec_helpers import require_xmlsec1

NIP = "5265877635"
OTHER_NIP = "7251801126"
PESEL = "44051401359"
CHALLENGE = "20250514-CR-226FB7B000-3ACF9BE4C0-10"

DS = "http://www.w3.org/2000/09/xmldsig#"
XADES = "http://uri.etsi.org/01903/v1.3.2#"
XADES141 = "http://uri.etsi.org/01903/v1.4.1#"
AUTH21 = "http://ksef.mf.gov.pl/auth/token/2.1"
AUTH20 = "http://ksef.mf.gov.pl/auth/token/2.0"
EXC = "http://www.w3.org/2001/10/xml-exc-c14n#"
EXC_WC = EXC + "WithComments"
C14N10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
C14N11 = "http://www.w3.org/2006/12/xml-c14n11"
ENVELOPED = DS + "enveloped-signature"
BASE64 = DS + "base64"
XPATH = "http://www.w3.org/TR/1999/REC-xpath-19991116"
FILTER2 = "http://www.w3.org/2002/06/xmldsig-filter2"
XSLT = "http://www.w3.org/TR/1999/REC-xslt-19991116"
MORE = "http://www.w3.org/2001/04/xmldsig-more#"
MORE07 = "http://www.w3.org/2007/05/xmldsig-more#"
SHA1 = DS + "sha1"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
SHA384 = MORE + "sha384"
SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512"
SHA3_256 = MORE07 + "sha3-256"
RSA_SHA256 = MORE + "rsa-sha256"
ECDSA_SHA256 = MORE + "ecdsa-sha256"
SP_TYPE = "http://uri.etsi.org/01903#SignedProperties"
PPZP = "http://crd.gov.pl/xml/schematy/ppzp/"
OSOBA = "http://crd.gov.pl/xml/schematy/osoba/2009/03/06/"

XPATH_NOT_SIGNATURE = (XPATH, "<ds:XPath>not(ancestor-or-self::ds:Signature)</ds:XPath>")
FILTER2_DSS = (
    FILTER2,
    f'<dsig-filter2:XPath xmlns:dsig-filter2="{FILTER2}" Filter="subtract">'
    "/descendant::ds:Signature</dsig-filter2:XPath>",
)
NOW = datetime.now(UTC)


# --- building signed files ---------------------------------------------------------------------
@dataclass(frozen=True)
class Spec:
    """One XAdES layout; the defaults are the official client's (REFERENCE 2.3)."""

    layout: str = "enveloped"  # enveloped | enveloping | base64
    uri: str | None = None  # the content reference (default: "" or "#obj")
    transforms: tuple[tuple[str, str], ...] | None = None  # (Algorithm, inner XML) of the content reference
    c14n: str = EXC
    method: str | None = None  # SignatureMethod (default from the key)
    digest: str = SHA256
    key_info: tuple[x509.Certificate, ...] | None = None  # default: the signer
    signing_certificates: tuple[x509.Certificate, ...] | None = None  # default: the signer
    cert_digest: str = SHA256
    issuer_serial: bool = True
    v2: bool = False  # SigningCertificateV2 (EN 319 132-1)
    signed_extra: str = ""  # more SignedSignatureProperties (policy, roles)
    unsigned: str = ""  # UnsignedProperties content (timestamps, 1.4.1 validation data)
    objects: str = ""  # more ds:Object after the XAdES one
    sign_key_info: bool = False
    root_id: bool = False
    subject_type: SubjectIdentifierType = SubjectIdentifierType.CERTIFICATE_SUBJECT
    version: str = "2.1"
    nip: str = NIP
    challenge: str = CHALLENGE
    sp_transforms: tuple[tuple[str, str], ...] = ((EXC, ""),)


def _transforms(items: tuple[tuple[str, str], ...]) -> str:
    if not items:
        return ""
    inner = "".join(f'<ds:Transform Algorithm="{alg}">{body}</ds:Transform>' for alg, body in items)
    return f"<ds:Transforms>{inner}</ds:Transforms>"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


def _default_method(identity: SigningIdentity) -> str:
    return ECDSA_SHA256 if isinstance(identity.key, ec.EllipticCurvePrivateKey) else RSA_SHA256


def template(spec: Spec, identity: SigningIdentity) -> bytes:
    request = build_auth_request(spec.challenge, spec.nip, subject_type=spec.subject_type, version=spec.version)
    if spec.root_id:
        request = request.replace(b"<AuthTokenRequest ", b'<AuthTokenRequest Id="root" ', 1)
    uri = spec.uri if spec.uri is not None else ("" if spec.layout == "enveloped" else "#obj")
    transforms = spec.transforms
    if transforms is None:
        transforms = {"enveloped": ((ENVELOPED, ""), (EXC, "")), "enveloping": ((EXC, ""),), "base64": ((BASE64, ""),)}[
            spec.layout
        ]
    certificate = identity.certificate
    key_info = spec.key_info or (certificate,)
    signing = spec.signing_certificates or (certificate,)
    entries = ""
    for cert in signing:
        digest = hashlib.new({SHA1: "sha1", SHA256: "sha256", SHA512: "sha512"}[spec.cert_digest], _der(cert)).digest()
        serial = (
            f"<xades:IssuerSerial><ds:X509IssuerName>{cert.issuer.rfc4514_string()}</ds:X509IssuerName>"
            f"<ds:X509SerialNumber>{cert.serial_number}</ds:X509SerialNumber></xades:IssuerSerial>"
            if spec.issuer_serial and not spec.v2
            else ""
        )
        entries += (
            f'<xades:Cert><xades:CertDigest><ds:DigestMethod Algorithm="{spec.cert_digest}"/>'
            f"<ds:DigestValue>{_b64(digest)}</ds:DigestValue></xades:CertDigest>{serial}</xades:Cert>"
        )
    holder = "SigningCertificateV2" if spec.v2 else "SigningCertificate"
    signing_time = (NOW - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    unsigned = f"<xades:UnsignedProperties>{spec.unsigned}</xades:UnsignedProperties>" if spec.unsigned else ""
    key_info_reference = (
        f'<ds:Reference URI="#KeyInfo">{_transforms(((EXC, ""),))}<ds:DigestMethod Algorithm="{SHA256}"/>'
        "<ds:DigestValue/></ds:Reference>"
        if spec.sign_key_info
        else ""
    )
    body = request.split(b"?>", 1)[1].decode()
    content = ""
    if spec.layout == "enveloping":
        content = f'<ds:Object Id="obj">{body}</ds:Object>'
    elif spec.layout == "base64":
        content = f'<ds:Object Id="obj" MimeType="text/xml">{_b64(request)}</ds:Object>'
    signature = (
        f'<ds:Signature xmlns:ds="{DS}" Id="Signature"><ds:SignedInfo>'
        f'<ds:CanonicalizationMethod Algorithm="{spec.c14n}"/>'
        f'<ds:SignatureMethod Algorithm="{spec.method or _default_method(identity)}"/>'
        f'<ds:Reference URI="{uri}">{_transforms(transforms)}<ds:DigestMethod Algorithm="{spec.digest}"/>'
        "<ds:DigestValue/></ds:Reference>"
        f'<ds:Reference URI="#SignedProperties" Type="{SP_TYPE}">{_transforms(spec.sp_transforms)}'
        f'<ds:DigestMethod Algorithm="{spec.digest}"/><ds:DigestValue/></ds:Reference>{key_info_reference}'
        '</ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo Id="KeyInfo"><ds:X509Data>'
        + "".join(f"<ds:X509Certificate>{_b64(_der(cert))}</ds:X509Certificate>" for cert in key_info)
        + f"</ds:X509Data></ds:KeyInfo>{content}"
        f'<ds:Object><xades:QualifyingProperties xmlns:xades="{XADES}" Target="#Signature">'
        '<xades:SignedProperties Id="SignedProperties"><xades:SignedSignatureProperties>'
        f"<xades:SigningTime>{signing_time}</xades:SigningTime><xades:{holder}>{entries}</xades:{holder}>"
        f"{spec.signed_extra}</xades:SignedSignatureProperties></xades:SignedProperties>{unsigned}"
        f"</xades:QualifyingProperties></ds:Object>{spec.objects}</ds:Signature>"
    )
    if spec.layout == "enveloped":
        closing = request.rindex(b"</")
        return request[:closing] + signature.encode() + request[closing:]
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + signature.encode()


_ID_ATTRIBUTES = (
    f"{XADES}:SignedProperties",
    f"{DS}:Object",
    f"{DS}:KeyInfo",
    f"{AUTH21}:AuthTokenRequest",
    f"{AUTH20}:AuthTokenRequest",
    f"{AUTH21}:Challenge",
)


def cli_sign(data: bytes, identity: SigningIdentity) -> bytes:
    """Sign a template with Debian's xmlsec1."""
    xmlsec1 = require_xmlsec1()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "t.xml").write_bytes(data)
        (work / "k.pem").write_bytes(identity.key_pem())
        ids = [arg for node in _ID_ATTRIBUTES for arg in ("--id-attr:Id", node)]
        result = subprocess.run(
            [
                xmlsec1,
                "--sign",
                "--privkey-pem",
                str(work / "k.pem"),
                *ids,
                "--output",
                str(work / "s.xml"),
                str(work / "t.xml"),
            ],
            capture_output=True,
        )
        assert result.returncode == 0, result.stderr.decode()[-2000:]
        return (work / "s.xml").read_bytes()


def lib_sign(data: bytes, identity: SigningIdentity) -> bytes:
    """Sign with python-xmlsec, for algorithms the CLI (1.2.37) lacks: RSA-PSS, SHA-3."""
    import xmlsec

    root = etree.fromstring(data)
    signature = root if root.tag == f"{{{DS}}}Signature" else root.find(f"{{{DS}}}Signature")
    context = xmlsec.SignatureContext()
    context.key = xmlsec.Key.from_memory(identity.key_pem(), xmlsec.constants.KeyDataFormatPem)
    if root.get("Id"):
        context.register_id(root, "Id")
    context.sign(signature)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def signed(
    spec: Spec | None = None,
    identity: SigningIdentity | None = None,
    *,
    engine: str = "cli",
    before: Callable[[bytes], bytes] | None = None,
) -> bytes:
    """A signed file; ``before`` changes the template first (what the signer itself wrote)."""
    identity = identity or self_signed(person_subject(nip=NIP))
    data = template(spec or Spec(), identity)
    if before:
        data = before(data)
    return cli_sign(data, identity) if engine == "cli" else lib_sign(data, identity)


def verify(data: bytes) -> VerifiedLogin:
    return verify_login(data, now=datetime.now(UTC))


def refused(data: bytes) -> SignatureRefused:
    with pytest.raises(SignatureRefused) as caught:
        verify(data)
    return caught.value


def python_xmlsec_accepts(data: bytes, identity: SigningIdentity) -> bool:
    """What plain libxmlsec1 says, without the verifier's policy (to show a refusal is policy)."""
    import xmlsec

    root = etree.fromstring(data)
    signature = root if root.tag == f"{{{DS}}}Signature" else root.find(f"{{{DS}}}Signature")
    context = xmlsec.SignatureContext()
    spki = identity.certificate.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    context.key = xmlsec.Key.from_memory(spki, xmlsec.constants.KeyDataFormatPem)
    try:
        context.verify(signature)
    except xmlsec.Error:
        return False
    return True


def authority_and_leaf(subject: x509.Name) -> tuple[SigningIdentity, SigningIdentity]:
    """A small CA and a leaf certificate it issued (a qualified certificate's shape)."""
    start = NOW - timedelta(hours=1)
    ca_key = ec.generate_private_key(ec.SECP384R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Testowe CA Kwalifikowane")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA384())
    )
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA384())
    )
    return SigningIdentity(ca_key, ca), SigningIdentity(leaf_key, leaf)


def trusted_profile_role(*pesels: str) -> str:
    people = "".join(
        f"<ppZP:DaneZPOsobyFizycznej><os:Imie>JAN</os:Imie><os:Nazwisko rodzajCzlonu='pierwszy'>TESTOWY"
        f"</os:Nazwisko><os:PESEL>{pesel}</os:PESEL></ppZP:DaneZPOsobyFizycznej>"
        for pesel in pesels
    )
    return (
        "<xades:SignerRole><xades:ClaimedRoles><xades:ClaimedRole>"
        f'<ppZP:PodpisZP xmlns:ppZP="{PPZP}" xmlns:os="{OSOBA}"><ppZP:DaneZP>{people}'
        "</ppZP:DaneZP><ppZP:DanePodpisu><ppZP:IdKontaUzytkownikaEpuap>jtestowy</ppZP:IdKontaUzytkownikaEpuap>"
        "</ppZP:DanePodpisu></ppZP:PodpisZP></xades:ClaimedRole></xades:ClaimedRoles></xades:SignerRole>"
    )


def ministry_seal() -> SigningIdentity:
    return self_signed(seal_subject("5213790815", organization="Ministerstwo Cyfryzacji"), kind="rsa")


@pytest.fixture(scope="module")
def person() -> SigningIdentity:
    return self_signed(person_subject(nip=NIP))


@pytest.fixture(autouse=True)
def _needs_xmlsec1() -> None:
    require_xmlsec1()


# --- accepted layouts --------------------------------------------------------------------------
ACCEPTED = {
    "official-client": Spec(),
    "enveloped-only": Spec(transforms=((ENVELOPED, ""),)),
    "c14n-1.0": Spec(c14n=C14N10, transforms=((ENVELOPED, ""), (C14N10, ""))),
    "c14n-1.0-comments": Spec(
        c14n=C14N10 + "#WithComments", transforms=((ENVELOPED, ""), (C14N10 + "#WithComments", ""))
    ),
    "c14n-1.1": Spec(c14n=C14N11, transforms=((ENVELOPED, ""), (C14N11, ""))),
    "c14n-1.1-comments": Spec(
        c14n=C14N11 + "#WithComments", transforms=((ENVELOPED, ""), (C14N11 + "#WithComments", ""))
    ),
    "exc-c14n-comments": Spec(c14n=EXC_WC, transforms=((ENVELOPED, ""), (EXC_WC, ""))),
    "xpath-procertum": Spec(transforms=(XPATH_NOT_SIGNATURE, (C14N10, ""))),
    "xpath-alone": Spec(transforms=(XPATH_NOT_SIGNATURE,)),
    "filter2-dss": Spec(transforms=(FILTER2_DSS, (EXC, ""))),
    "filter2-double-slash": Spec(
        transforms=((FILTER2, f'<f:XPath xmlns:f="{FILTER2}" Filter="subtract">//ds:Signature</f:XPath>'),)
    ),
    "filter2-here": Spec(
        transforms=(
            (FILTER2, f'<f:XPath xmlns:f="{FILTER2}" Filter="subtract">here()/ancestor::ds:Signature[1]</f:XPath>'),
        )
    ),
    "xpointer-root": Spec(uri="#xpointer(/)", transforms=((ENVELOPED, ""), (EXC_WC, ""))),
    "root-id": Spec(uri="#root", root_id=True),
    "root-xpointer-id": Spec(uri="#xpointer(id('root'))", root_id=True),
    "enveloping": Spec(layout="enveloping"),
    "enveloping-no-transform": Spec(layout="enveloping", transforms=()),
    "enveloping-xpointer-id": Spec(layout="enveloping", uri="#xpointer(id('obj'))"),
    "enveloping-base64": Spec(layout="base64"),
    "enveloping-request-id": Spec(layout="enveloping", uri="#root", root_id=True),
    "signed-key-info": Spec(sign_key_info=True),
    "sha1": Spec(digest=SHA1, cert_digest=SHA1, method=MORE + "ecdsa-sha1"),
    "sha384": Spec(digest=SHA384, method=MORE + "ecdsa-sha384"),
    "sha512": Spec(digest=SHA512, cert_digest=SHA512, method=MORE + "ecdsa-sha512"),
    "signing-certificate-v2": Spec(v2=True),
    "no-issuer-serial": Spec(issuer_serial=False),
    "schema-2.0": Spec(version="2.0"),
    "epes": Spec(
        signed_extra="<xades:SignaturePolicyIdentifier><xades:SignaturePolicyId><xades:SigPolicyId>"
        "<xades:Identifier>urn:oid:1.2.3.4</xades:Identifier></xades:SigPolicyId><xades:SigPolicyHash>"
        f'<ds:DigestMethod Algorithm="{SHA256}"/><ds:DigestValue>{_b64(b"p" * 32)}</ds:DigestValue>'
        "</xades:SigPolicyHash></xades:SignaturePolicyId></xades:SignaturePolicyIdentifier>"
    ),
    "xades-t-and-1.4.1-unsigned": Spec(
        unsigned="<xades:UnsignedSignatureProperties><xades:SignatureTimeStamp>"
        f'<ds:CanonicalizationMethod Algorithm="{EXC}"/><xades:EncapsulatedTimeStamp>{_b64(b"t" * 300)}'
        "</xades:EncapsulatedTimeStamp></xades:SignatureTimeStamp><xades:CertificateValues>"
        f"<xades:EncapsulatedX509Certificate>{_b64(b'c' * 500)}</xades:EncapsulatedX509Certificate>"
        f'</xades:CertificateValues><xades141:TimeStampValidationData xmlns:xades141="{XADES141}">'
        f"<xades:RevocationValues/></xades141:TimeStampValidationData></xades:UnsignedSignatureProperties>"
    ),
}


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_accepted_layouts(name: str, person: SigningIdentity) -> None:
    result = verify(signed(ACCEPTED[name], person))
    assert (result.challenge, result.context_type, result.context_value) == (CHALLENGE, "Nip", NIP)
    assert result.identity.kind is SubjectKind.NIP and result.identity.value == NIP
    assert result.certificate == person.certificate
    expected_layout = {"enveloping": Layout.ENVELOPING, "base64": Layout.ENVELOPING_BASE64}
    assert result.layout is expected_layout.get(ACCEPTED[name].layout, Layout.ENVELOPED)


@pytest.mark.parametrize(
    ("method", "key"),
    [
        (DS + "rsa-sha1", lambda: rsa.generate_private_key(65537, 2048)),
        (MORE + "rsa-sha384", lambda: rsa.generate_private_key(65537, 3072)),
        (MORE + "rsa-sha512", lambda: rsa.generate_private_key(65537, 2048)),
        (MORE + "ecdsa-sha384", lambda: ec.generate_private_key(ec.SECP384R1())),
        (MORE + "ecdsa-sha512", lambda: ec.generate_private_key(ec.SECP521R1())),
        (ECDSA_SHA256, lambda: ec.generate_private_key(ec.BrainpoolP256R1())),
        (MORE + "ecdsa-sha384", lambda: ec.generate_private_key(ec.BrainpoolP384R1())),
        (MORE + "ecdsa-sha512", lambda: ec.generate_private_key(ec.BrainpoolP512R1())),
    ],
    ids=["rsa-sha1", "rsa3072-sha384", "rsa-sha512", "p384", "p521", "brainpool256", "brainpool384", "brainpool512"],
)
def test_accepted_keys_and_methods(
    method: str, key: Callable[[], rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey]
) -> None:
    identity = self_signed(person_subject(nip=NIP), key=key())
    assert verify(signed(Spec(method=method), identity)).certificate == identity.certificate


def _check_pss(data: bytes, identity: SigningIdentity, algorithm: hashes.HashAlgorithm) -> None:
    """What python-xmlsec wrote, re-checked without it: the SignedProperties digest with hashlib and
    the SignatureValue with `cryptography` (RFC 6931: salt length = hash length)."""
    root = etree.fromstring(data)
    signed_info = root.find(f".//{{{DS}}}SignedInfo")
    properties = root.find(f".//{{{XADES}}}SignedProperties")
    assert signed_info is not None and properties is not None
    digest = hashlib.new(algorithm.name.replace("-", "_"), etree.tostring(properties, method="c14n", exclusive=True))
    listed = signed_info.findtext(f"{{{DS}}}Reference[@URI='#SignedProperties']/{{{DS}}}DigestValue")
    assert base64.b64decode(listed or "") == digest.digest()
    value = base64.b64decode(root.findtext(f".//{{{DS}}}SignatureValue") or "")
    octets = etree.tostring(signed_info, method="c14n", exclusive=True)
    public_key = identity.certificate.public_key()
    assert isinstance(public_key, rsa.RSAPublicKey)
    public_key.verify(
        value, octets, padding.PSS(mgf=padding.MGF1(algorithm), salt_length=algorithm.digest_size), algorithm
    )


@pytest.mark.parametrize(
    ("method", "digest", "algorithm"),
    [
        (MORE07 + "sha256-rsa-MGF1", SHA256, hashes.SHA256()),
        (MORE07 + "sha512-rsa-MGF1", SHA512, hashes.SHA512()),
        (MORE07 + "sha3-256-rsa-MGF1", SHA3_256, hashes.SHA3_256()),
    ],
    ids=["pss-sha256", "pss-sha512", "pss-sha3-256"],
)
def test_rsa_pss_and_sha3(method: str, digest: str, algorithm: hashes.HashAlgorithm) -> None:
    identity = self_signed(person_subject(nip=NIP), kind="rsa")
    data = signed(Spec(method=method, digest=digest), identity, engine="lib")
    _check_pss(data, identity, algorithm)
    assert verify(data).identity.value == NIP


def test_ecdsa_with_sha3() -> None:
    identity = self_signed(person_subject(pesel=PESEL))
    data = signed(
        Spec(method="http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-256", digest=SHA3_256), identity, engine="lib"
    )
    assert verify(data).identity.value == PESEL


# --- certificates and chains ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("key_info", "listed"),
    [("ca-first", "leaf-and-ca"), ("leaf-first", "ca-and-leaf"), ("ca-first", "leaf-only")],
)
def test_a_chain_in_any_order_picks_the_signer(key_info: str, listed: str) -> None:
    authority, leaf = authority_and_leaf(person_subject(nip=NIP))
    chain = (authority.certificate, leaf.certificate)
    spec = Spec(
        key_info=chain if key_info == "ca-first" else chain[::-1],
        signing_certificates={
            "leaf-and-ca": (leaf.certificate, authority.certificate),
            "ca-and-leaf": (authority.certificate, leaf.certificate),
            "leaf-only": (leaf.certificate,),
        }[listed],
    )
    assert verify(signed(spec, leaf)).certificate == leaf.certificate


def test_a_ca_listed_first_whose_key_does_not_verify_is_skipped() -> None:
    """Both certificates are named by SigningCertificate; only the one whose key verifies is the signer."""
    _, leaf = authority_and_leaf(person_subject(pesel=PESEL))
    stranger = self_signed(person_subject(nip=OTHER_NIP))  # no CA flag: tried first, does not verify
    spec = Spec(
        key_info=(stranger.certificate, leaf.certificate),
        signing_certificates=(stranger.certificate, leaf.certificate),
    )
    assert verify(signed(spec, leaf)).identity.value == PESEL


# --- who the signer is -------------------------------------------------------------------------------
def test_identities_from_the_certificate() -> None:
    pesel = verify(signed(Spec(), self_signed(person_subject(pesel=PESEL))))
    assert (pesel.identity.kind, pesel.identity.value, pesel.identity.method) == (
        SubjectKind.PESEL,
        PESEL,
        "QualifiedSignature",
    )
    seal = verify(signed(Spec(), self_signed(seal_subject(NIP))))
    assert (seal.identity.kind, seal.identity.value, seal.identity.is_seal) == (SubjectKind.NIP, NIP, True)
    several = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Spółka"),
            x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, f"VATPL-{NIP} NTRPL-0001040934"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Spółka"),
        ]
    )
    assert verify(signed(Spec(), self_signed(several))).identity.value == NIP


def test_e_dowod_is_a_pesel_with_ecdsa() -> None:
    card = self_signed(person_subject(pesel=PESEL), key=ec.generate_private_key(ec.BrainpoolP256R1()))
    result = verify(signed(Spec(), card))
    assert (result.identity.kind, result.identity.value) == (SubjectKind.PESEL, PESEL)


def test_fingerprint_mode() -> None:
    anonymous = self_signed(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Jan Testowy")]))
    result = verify(signed(Spec(subject_type=SubjectIdentifierType.CERTIFICATE_FINGERPRINT), anonymous))
    assert result.identity.kind is SubjectKind.FINGERPRINT
    assert result.identity.value == hashlib.sha256(_der(anonymous.certificate)).hexdigest().upper()


def test_trusted_profile_is_the_person_in_the_signed_properties() -> None:
    result = verify(signed(Spec(signed_extra=trusted_profile_role(PESEL)), ministry_seal()))
    assert (result.identity.kind, result.identity.value, result.identity.method) == (
        SubjectKind.PESEL,
        PESEL,
        "TrustedProfile",
    )


def test_a_claimed_trusted_profile_role_under_someone_elses_seal_is_ignored() -> None:
    result = verify(signed(Spec(signed_extra=trusted_profile_role(PESEL)), self_signed(seal_subject(OTHER_NIP))))
    assert (result.identity.kind, result.identity.value) == (SubjectKind.NIP, OTHER_NIP)


def test_a_trusted_profile_pesel_in_unsigned_properties_is_not_believed() -> None:
    moved = trusted_profile_role(PESEL).replace("xades:SignerRole", "xades:SignerRoleX")
    unsigned = f"<xades:UnsignedSignatureProperties>{moved}</xades:UnsignedSignatureProperties>"
    result = verify(signed(Spec(unsigned=unsigned), ministry_seal()))
    assert result.identity.kind is SubjectKind.NIP  # the Ministry's seal itself, not the PESEL


# --- refusals and their KSeF codes ---------------------------------------------------------------------
def _decoy_request() -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>' + build_auth_request(CHALLENGE, OTHER_NIP).split(b"?>", 1)[1]


def _swap_cert(data: bytes, old: SigningIdentity, new: SigningIdentity) -> bytes:
    return data.replace(_b64(_der(old.certificate)).encode(), _b64(_der(new.certificate)).encode())


def _der_ecdsa(data: bytes) -> bytes:
    root = etree.fromstring(data)
    value = root.find(f".//{{{DS}}}SignatureValue")
    assert value is not None
    raw = base64.b64decode(value.text or "")
    half = len(raw) // 2
    value.text = _b64(encode_dss_signature(int.from_bytes(raw[:half], "big"), int.from_bytes(raw[half:], "big")))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _many_references(count: int) -> bytes:
    reference = (
        f'<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="{ENVELOPED}"/><ds:Transform Algorithm="{EXC}"/>'
        f'</ds:Transforms><ds:DigestMethod Algorithm="{SHA256}"/>'
        "<ds:DigestValue>47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=</ds:DigestValue></ds:Reference>\n"
    )
    data = signed(Spec())
    start = data.index(b"<ds:Reference")
    return data[:start] + reference.encode() * count + data[start:]


def _after_signing(change: Callable[[bytes], bytes], spec: Spec | None = None) -> Callable[[], bytes]:
    return lambda: change(signed(spec))


def _signature_of(data: bytes) -> bytes:
    return data[data.index(b"<ds:Signature") : data.index(b"</ds:Signature>") + len(b"</ds:Signature>")]


def _moved_into_context(data: bytes) -> bytes:
    signature = _signature_of(data)
    return data.replace(signature, b"").replace(b"<ContextIdentifier>", b"<ContextIdentifier>" + signature, 1)


def _doubled(data: bytes) -> bytes:
    return data.replace(b"</AuthTokenRequest>", _signature_of(data) + b"</AuthTokenRequest>")


def _unsigned_properties(inner: str) -> Spec:
    return Spec(unsigned=f"<xades:UnsignedSignatureProperties>{inner}</xades:UnsignedSignatureProperties>")


def _decoy_xml() -> str:
    return _decoy_request().split(b"?>", 1)[1].decode()


ONLY_CHALLENGE = ((XPATH, "<ds:XPath>ancestor-or-self::*[local-name()='Challenge']</ds:XPath>"),)
REFUSED: dict[str, tuple[Callable[[], bytes], int]] = {
    "empty": (lambda: b"  ", 21001),
    "pdf": (lambda: b"%PDF-1.7\n" + signed(), 21001),
    "zip-asic": (lambda: b"PK\x03\x04" + b"\0" * 40, 21001),
    "cades-der": (lambda: b"\x30\x82\x05\x00" + b"\0" * 40, 21001),
    "truncated": (_after_signing(lambda data: data[:300]), 21001),
    "windows-1250": (
        _after_signing(lambda data: data.replace(b"UTF-8", b"windows-1250", 1).replace(b"utf-8", b"windows-1250", 1)),
        21217,
    ),
    "utf-16": (lambda: signed().decode().replace("utf-8", "utf-16", 1).encode("utf-16"), 21217),
    "bad-utf-8-bytes": (_after_signing(lambda data: data.replace(b"<Challenge>", b"<Challenge>\xff\xfe", 1)), 21217),
    "doctype": (_after_signing(lambda data: data.replace(b"?>", b'?><!DOCTYPE a [<!ENTITY x "y">]>', 1)), 9101),
    "not-a-request": (lambda: b"<x/>", 21401),
    "signature-not-under-root": (_after_signing(_moved_into_context), 21401),
    "xsd-violation": (
        _after_signing(lambda data: data.replace(f"<Nip>{NIP}</Nip>".encode(), b"<Nip>12345</Nip>")),
        21401,
    ),
    "unsigned": (lambda: build_auth_request(CHALLENGE, NIP), 9102),
    "two-signatures": (_after_signing(_doubled), 9103),
    "counter-signature": (
        lambda: signed(_unsigned_properties('<xades:CounterSignature><ds:Signature Id="c"/></xades:CounterSignature>')),
        9103,
    ),
    "tampered": (
        _after_signing(lambda data: data.replace(f"{NIP}</Nip>".encode(), f"{OTHER_NIP}</Nip>".encode())),
        9105,
    ),
    "tampered-signed-properties": (
        _after_signing(lambda data: data.replace(b"Z</xades:SigningTime>", b"+01:00</xades:SigningTime>")),
        9105,
    ),
    "bad-signature-value": (
        _after_signing(lambda data: data.replace(b"<ds:SignatureValue>", b"<ds:SignatureValue>AAAA", 1)),
        9105,
    ),
    "ecdsa-der-not-raw": (_after_signing(_der_ecdsa), 9105),
    "hmac": (_after_signing(lambda data: data.replace(ECDSA_SHA256.encode(), (MORE + "hmac-sha256").encode())), 9105),
    "dsa": (
        _after_signing(
            lambda data: data.replace(ECDSA_SHA256.encode(), b"http://www.w3.org/2009/xmldsig11#dsa-sha256")
        ),
        9105,
    ),
    "md5-digest": (_after_signing(lambda data: data.replace(SHA256.encode(), (MORE + "md5").encode(), 1)), 9105),
    "not-xades": (
        _after_signing(lambda data: data.replace(b"xades:QualifyingProperties", b"xades:OtherProperties")),
        9105,
    ),
    "xades-1.1.1": (
        _after_signing(lambda data: data.replace(XADES.encode(), b"http://uri.etsi.org/01903/v1.1.1#")),
        9105,
    ),
    "no-signed-properties-reference": (
        _after_signing(
            lambda data: data.replace(f'URI="#SignedProperties" Type="{SP_TYPE}"'.encode(), b'URI="#KeyInfo"')
        ),
        9105,
    ),
    "detached": (
        lambda: signed(Spec(layout="enveloping")).replace(b'URI="#obj"', b'URI="http://example.com/a.xml"'),
        9105,
    ),
    "reference-without-uri": (
        _after_signing(lambda data: data.replace(b'<ds:Reference URI="">', b"<ds:Reference>", 1)),
        9105,
    ),
    "unknown-transform": (_after_signing(lambda data: data.replace(ENVELOPED.encode(), b"urn:example:magic", 1)), 9105),
    "xpointer-transform": (
        _after_signing(
            lambda data: data.replace(ENVELOPED.encode(), b"http://www.w3.org/2001/04/xmldsig-more/xptr", 1)
        ),
        9105,
    ),
    "base64-on-the-request": (
        _after_signing(
            lambda data: data.replace(
                f'<ds:Transform Algorithm="{ENVELOPED}"/>'.encode(),
                f'<ds:Transform Algorithm="{ENVELOPED}"/><ds:Transform Algorithm="{BASE64}"/>'.encode(),
                1,
            )
        ),
        9105,
    ),
    "other-xpath-expression": (lambda: signed(Spec(transforms=ONLY_CHALLENGE)), 9105),
    "filter2-intersect": (
        lambda: signed(
            Spec(
                transforms=(
                    (
                        FILTER2,
                        f'<f:XPath xmlns:f="{FILTER2}" Filter="intersect">//*[local-name()="Challenge"]</f:XPath>',
                    ),
                )
            )
        ),
        9105,
    ),
    "enveloped-transform-on-object": (lambda: signed(Spec(layout="enveloping", transforms=((ENVELOPED, ""),))), 9105),
    "filter2-on-object": (lambda: signed(Spec(layout="enveloping", transforms=(FILTER2_DSS,))), 9105),
    "duplicate-ids": (
        _after_signing(
            lambda data: data.replace(
                b"<ds:Object><xades",
                b'<ds:Object><d:Decoy xmlns:d="urn:x" Id="SignedProperties"/></ds:Object><ds:Object><xades',
                1,
            )
        ),
        9105,
    ),
    "reference-to-challenge": (
        lambda: signed(
            Spec(uri="#c", transforms=((EXC, ""),)),
            before=lambda data: data.replace(b"<Challenge>", b'<Challenge Id="c">', 1),
        ),
        9105,
    ),
    "reference-to-the-xades-object": (
        lambda: signed(
            Spec(layout="enveloping", uri="#qp"),
            before=lambda data: data.replace(b"<ds:Object><xades", b'<ds:Object Id="qp"><xades', 1),
        ),
        9105,
    ),
    "too-many-references": (lambda: _many_references(11), 9105),
    "signing-certificate-mismatch": (
        lambda: signed(Spec(signing_certificates=(self_signed(person_subject(nip=OTHER_NIP)).certificate,))),
        9105,
    ),
    "issuer-serial-mismatch": (
        lambda: signed(before=lambda data: data.replace(b"<ds:X509SerialNumber>", b"<ds:X509SerialNumber>1", 1)),
        9105,
    ),
    "unsigned-object-with-request": (lambda: signed(Spec(objects=f"<ds:Object>{_decoy_xml()}</ds:Object>")), 9101),
    "unsigned-object": (lambda: signed(Spec(objects="<ds:Object>hello</ds:Object>")), 9101),
    "base64-decoy-object": (lambda: signed(Spec(objects=f"<ds:Object>{_b64(_decoy_request())}</ds:Object>")), 9101),
    "base64-decoy-in-timestamp": (
        lambda: signed(
            _unsigned_properties(
                "<xades:SignatureTimeStamp><xades:EncapsulatedTimeStamp>"
                f"{_b64(_decoy_request())}</xades:EncapsulatedTimeStamp></xades:SignatureTimeStamp>"
            )
        ),
        9101,
    ),
    "second-request-in-unsigned-properties": (lambda: signed(_unsigned_properties(_decoy_xml())), 9101),
    "enveloping-object-with-extra-text": (
        lambda: signed(Spec(layout="enveloping")).replace(
            b"</ds:Object><ds:Object>", b"tekst</ds:Object><ds:Object>", 1
        ),
        9101,
    ),
    "no-certificate": (
        _after_signing(lambda data: data.replace(b"X509Certificate>", b"X509SubjectName>")),
        21115,
    ),
    "garbage-certificate": (
        _after_signing(lambda data: data.replace(b"<ds:X509Certificate>", b"<ds:X509Certificate>AAAA", 1)),
        21115,
    ),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refusals_and_their_ksef_codes(name: str) -> None:
    build, code = REFUSED[name]
    refusal = refused(build())
    assert refusal.ksef_code == code, refusal
    assert refusal.detail


def test_wrong_key() -> None:
    signer, stranger = self_signed(person_subject(nip=NIP)), self_signed(person_subject(nip=NIP))
    data = template(Spec(key_info=(stranger.certificate,), signing_certificates=(stranger.certificate,)), signer)
    assert refused(cli_sign(data, signer)).ksef_code == 9105


@pytest.mark.parametrize(
    "make",
    [
        lambda: self_signed(person_subject(nip=NIP), key=rsa.generate_private_key(65537, 1024)),  # noqa: S505
        lambda: self_signed(person_subject(nip=NIP), key=ec.generate_private_key(ec.SECP224R1())),
        lambda: self_signed(person_subject(nip=NIP), not_before=NOW - timedelta(days=400), days=30),
        lambda: self_signed(person_subject(nip=NIP), not_before=NOW + timedelta(days=2)),
    ],
    ids=["rsa-1024", "ec-224", "expired", "not-yet-valid"],
)
def test_bad_certificates_are_21115(make: Callable[[], SigningIdentity]) -> None:
    identity = make()
    method = MORE + "ecdsa-sha256" if isinstance(identity.key, ec.EllipticCurvePrivateKey) else RSA_SHA256
    assert refused(signed(Spec(method=method), identity)).ksef_code == 21115


@pytest.mark.parametrize(
    ("spec", "identity", "code"),
    [
        (Spec(), lambda: self_signed(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bez numeru")])), 21406),
        (
            Spec(),
            lambda: self_signed(
                x509.Name(
                    [
                        x509.NameAttribute(NameOID.COMMON_NAME, "Sprytny"),
                        x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IDCPL-ABCNIP{OTHER_NIP}"),
                    ]
                )
            ),
            21406,
        ),
        (
            Spec(),
            lambda: self_signed(
                x509.Name([*person_subject(), x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, f"VATPL-{NIP}")])
            ),
            21406,
        ),
        (
            Spec(signed_extra=trusted_profile_role(PESEL), subject_type=SubjectIdentifierType.CERTIFICATE_FINGERPRINT),
            ministry_seal,
            21406,
        ),
        (Spec(signed_extra=trusted_profile_role(PESEL, "02070803628")), ministry_seal, 21117),
        (Spec(signed_extra=trusted_profile_role("1234")), ministry_seal, 21117),
    ],
    ids=[
        "no-identifier",
        "nip-inside-another-identifier",
        "seal-with-person-names",
        "trusted-profile-by-fingerprint",
        "two-trusted-people",
        "bad-trusted-pesel",
    ],
)
def test_unidentified_subjects(spec: Spec, identity: Callable[[], SigningIdentity], code: int) -> None:
    assert refused(signed(spec, identity())).ksef_code == code


def test_policy_refusals_are_not_crypto_failures(person: SigningIdentity) -> None:
    """libxmlsec1 alone verifies these files; the verifier refuses them by KSeF's rules, so a
    signature over the Challenge only, or through XSLT, cannot log in whatever follows it."""
    only_challenge = signed(Spec(transforms=ONLY_CHALLENGE), person)
    assert python_xmlsec_accepts(only_challenge, person)
    forged = only_challenge.replace(f"{NIP}</Nip>".encode(), f"{OTHER_NIP}</Nip>".encode())
    assert python_xmlsec_accepts(forged, person)
    assert refused(forged).ksef_code == 9105
    stylesheet = (
        '<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0">'
        '<xsl:template match="/"><x/></xsl:template></xsl:stylesheet>'
    )
    xslt = signed(Spec(transforms=((ENVELOPED, ""), (XSLT, stylesheet))), person)
    assert python_xmlsec_accepts(xslt, person)
    assert refused(xslt).ksef_code == 9105


def test_thousands_of_references_are_refused_in_milliseconds() -> None:
    data = _many_references(2500)
    assert len(data) > 800_000
    started = time.perf_counter()
    refusal = refused(data)
    assert time.perf_counter() - started < 0.5
    assert refusal.ksef_code == 9105 and "2502 referencji" in refusal.detail


def test_every_refusal_kind_has_a_ksef_code() -> None:
    assert set(KSEF_CODES) == set(Refusal)
    assert {code for code, _ in KSEF_CODES.values()} == {
        21001,
        21217,
        9101,
        21401,
        9102,
        9103,
        9105,
        21115,
        21117,
        21406,
    }


def test_typical_verification_is_fast(person: SigningIdentity) -> None:
    data = signed(Spec(transforms=(FILTER2_DSS, (EXC, ""))), person)
    verify(data)  # warm: the XSD compiles once
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        verify(data)
        timings.append(time.perf_counter() - started)
    assert statistics.median(timings) < 0.020


# --- through the sandbox's HTTP API ----------------------------------------------------------------------
def _error_code(response: requests.Response) -> int:
    body = response.json()
    return int(body["exception"]["exceptionDetailList"][0]["exceptionCode"])


@pytest.mark.parametrize(
    "spec",
    [
        Spec(transforms=(XPATH_NOT_SIGNATURE, (C14N10, ""))),
        Spec(transforms=(FILTER2_DSS, (EXC, ""))),
        Spec(layout="enveloping"),
    ],
    ids=["xpath", "filter2", "enveloping"],
)
def test_login_through_the_api(client: Client, spec: Spec) -> None:
    identity = self_signed(person_subject(nip=NIP))
    data = signed(replace(spec, challenge=client.challenge()["challenge"]), identity)
    response = client.submit_xades(data)
    assert response.status_code == 202, response.text
    client.finish_login(response.json())
    assert client.get("/auth/sessions").json()["items"][0]["authenticationMethod"] == "QualifiedSignature"


def test_trusted_profile_login_through_the_api(client: Client) -> None:
    grant = client.http.post(
        client.base + "/testdata/permissions",
        json={
            "contextIdentifier": {"type": "Nip", "value": NIP},
            "authorizedIdentifier": {"type": "Pesel", "value": PESEL},
            "permissions": [{"description": "Księgowa", "permissionType": "InvoiceRead"}],
        },
    )
    assert grant.status_code == 200
    spec = Spec(challenge=client.challenge()["challenge"], signed_extra=trusted_profile_role(PESEL))
    response = client.submit_xades(signed(spec, ministry_seal()))
    assert response.status_code == 202, response.text
    client.finish_login(response.json())
    assert client.get("/auth/sessions").json()["items"][0]["authenticationMethod"] == "TrustedProfile"


def test_api_refuses_with_the_verifiers_codes(client: Client) -> None:
    xslt = signed(Spec(challenge=client.challenge()["challenge"])).replace(ENVELOPED.encode(), XSLT.encode(), 1)
    assert _error_code(client.submit_xades(xslt)) == 9105
    too_big = client.submit_xades(b"<a>" + b" " * 5_000_001 + b"</a>")
    assert too_big.status_code == 400 and _error_code(too_big) == 21001


def test_api_reads_the_challenge_from_the_verified_request(client: Client, sandbox: SandboxServer) -> None:
    """A second, unsigned request carrying a fresh challenge must not be what the sandbox reads."""
    fresh = client.challenge()["challenge"]
    data = signed(Spec(layout="enveloping", challenge=CHALLENGE))
    decoy = build_auth_request(fresh, NIP).split(b"?>", 1)[1]
    wrapped = data.replace(b"</ds:Signature>", b"<ds:Object>" + decoy + b"</ds:Object></ds:Signature>")
    assert _error_code(client.submit_xades(wrapped)) == 9101
    assert _error_code(client.submit_xades(data)) == 21111  # its own, signed challenge is unknown

"""XAdES templates of the layouts real signing programs write, signed by Debian's xmlsec1 (an independent
implementation), so the pre-check's tests are not written by the same hands as the verifier.

xmlsec1 1.2 has no RSA-PSS and no SHA-3: ``py_sign`` fills those templates with cryptography instead, and
a test checks ``py_sign`` against xmlsec1 on an algorithm both know.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID
from lxml import etree

from ksefdesk.core.self_signed import PrivateKey, SigningIdentity
from tests.xmlsec_helpers import require_xmlsec1

DSIG = "http://www.w3.org/2000/09/xmldsig#"
XADES = "http://uri.etsi.org/01903/v1.3.2#"
XADES141 = "http://uri.etsi.org/01903/v1.4.1#"
ENVELOPED = DSIG + "enveloped-signature"
EXC = "http://www.w3.org/2001/10/xml-exc-c14n#"
EXC_C = EXC + "WithComments"
C14N10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
C14N10_C = C14N10 + "#WithComments"
C14N11 = "http://www.w3.org/2006/12/xml-c14n11"
C14N11_C = C14N11 + "#WithComments"
XPATH = "http://www.w3.org/TR/1999/REC-xpath-19991116"
FILTER2 = "http://www.w3.org/2002/06/xmldsig-filter2"
BASE64 = DSIG + "base64"
SHA1, SHA256 = DSIG + "sha1", "http://www.w3.org/2001/04/xmlenc#sha256"
SHA384, SHA512 = "http://www.w3.org/2001/04/xmldsig-more#sha384", "http://www.w3.org/2001/04/xmlenc#sha512"
SHA3_256 = "http://www.w3.org/2007/05/xmldsig-more#sha3-256"
MORE = "http://www.w3.org/2001/04/xmldsig-more#"
RSA_SHA1 = DSIG + "rsa-sha1"
PSS_SHA256 = "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1"
PSS_SHA3_256 = "http://www.w3.org/2007/05/xmldsig-more#sha3-256-rsa-MGF1"
_DIGESTS = {SHA1: "sha1", SHA256: "sha256", SHA384: "sha384", SHA512: "sha512", SHA3_256: "sha3_256"}


def transform(algorithm: str, p: str = "ds:") -> str:
    return f'<{p}Transform Algorithm="{algorithm}"/>'


def xpath_transform(expression: str = "not(ancestor-or-self::ds:Signature)", p: str = "ds:") -> str:
    """proCertum SmartSign's enveloped transform."""
    return f'<{p}Transform Algorithm="{XPATH}"><{p}XPath>{expression}</{p}XPath></{p}Transform>'


def filter2_transform(expression: str = "/descendant::ds:Signature", p: str = "ds:", filter: str = "subtract") -> str:
    """EU DSS's enveloped transform (XPath Filter 2.0)."""
    return (
        f'<{p}Transform Algorithm="{FILTER2}"><dsig-filter2:XPath xmlns:dsig-filter2="{FILTER2}"'
        f' Filter="{filter}">{expression}</dsig-filter2:XPath></{p}Transform>'
    )


@dataclass
class Layout:
    """One way of writing the signature; the defaults are the official client's layout."""

    content_uri: str = ""
    content_transforms: list[str] = field(default_factory=lambda: [transform(ENVELOPED), transform(EXC)])
    enveloping: bool = False
    enveloping_base64: bool = False
    root_id: str = ""
    signed_info_c14n: str = EXC
    method: str = MORE + "rsa-sha256"
    digest: str = SHA256
    properties_transforms: list[str] = field(default_factory=lambda: [transform(EXC)])
    properties_reference: bool = True
    key_info: list[x509.Certificate] | None = None  # default: the signer alone
    signing_certificates: list[x509.Certificate] | None = None  # default: the signer alone
    signing_certificate_v2: bool = False
    signing_time: datetime | None = None
    claimed_role: str = ""  # XML inside SignerRole/ClaimedRoles/ClaimedRole (podpis zaufany)
    policy: bool = False  # XAdES-EPES
    data_object_format: bool = False  # BASELINE-B
    unsigned: str = ""  # UnsignedSignatureProperties content (XAdES-T/LT)
    extra_references: str = ""
    extra_objects: str = ""
    signature_id: str = "Signature"
    prefix: str = "ds"
    document_comment: bool = False


def _cert_entry(cert: x509.Certificate, p: str, v2: bool) -> str:
    der = cert.public_bytes(serialization.Encoding.DER)
    digest = base64.b64encode(hashlib.sha256(der).digest()).decode()
    serial = (
        ""
        if v2
        else f"<xades:IssuerSerial><{p}X509IssuerName>{cert.issuer.rfc4514_string()}</{p}X509IssuerName>"
        f"<{p}X509SerialNumber>{cert.serial_number}</{p}X509SerialNumber></xades:IssuerSerial>"
    )
    return (
        f'<xades:Cert><xades:CertDigest><{p}DigestMethod Algorithm="{SHA256}"/><{p}DigestValue>{digest}'
        f"</{p}DigestValue></xades:CertDigest>{serial}</xades:Cert>"
    )


def template(document: bytes, identity: SigningIdentity, layout: Layout | None = None) -> bytes:
    """An unsigned XAdES template for ``document`` in ``layout`` (DigestValue/SignatureValue empty)."""
    lay = layout or Layout()
    method = (
        MORE + "ecdsa-sha256" if hasattr(identity.key, "curve") and lay.method == MORE + "rsa-sha256" else lay.method
    )
    p = f"{lay.prefix}:" if lay.prefix else ""
    ns = f'xmlns:{lay.prefix}="{DSIG}"' if lay.prefix else f'xmlns="{DSIG}"'
    key_info = lay.key_info or [identity.certificate]
    signers = lay.signing_certificates or [identity.certificate]
    when = (lay.signing_time or datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    certs = "".join(
        f"<{p}X509Certificate>{base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode()}"
        f"</{p}X509Certificate>"
        for c in key_info
    )
    holder = "SigningCertificateV2" if lay.signing_certificate_v2 else "SigningCertificate"
    signing_certificate = (
        f"<xades:{holder}>{''.join(_cert_entry(c, p, lay.signing_certificate_v2) for c in signers)}</xades:{holder}>"
    )
    policy = (
        "<xades:SignaturePolicyIdentifier><xades:SignaturePolicyId><xades:SigPolicyId>"
        "<xades:Identifier>urn:oid:1.2.3.4</xades:Identifier></xades:SigPolicyId><xades:SigPolicyHash>"
        f'<{p}DigestMethod Algorithm="{SHA256}"/><{p}DigestValue>{base64.b64encode(bytes(32)).decode()}'
        f"</{p}DigestValue></xades:SigPolicyHash></xades:SignaturePolicyId></xades:SignaturePolicyIdentifier>"
        if lay.policy
        else ""
    )
    role = (
        f"<xades:SignerRole><xades:ClaimedRoles><xades:ClaimedRole>{lay.claimed_role}</xades:ClaimedRole>"
        "</xades:ClaimedRoles></xades:SignerRole>"
        if lay.claimed_role
        else ""
    )
    data_format = (
        '<xades:SignedDataObjectProperties><xades:DataObjectFormat ObjectReference="#r-content">'
        "<xades:MimeType>text/xml</xades:MimeType></xades:DataObjectFormat></xades:SignedDataObjectProperties>"
        if lay.data_object_format
        else ""
    )
    unsigned = (
        f"<xades:UnsignedProperties><xades:UnsignedSignatureProperties>{lay.unsigned}"
        "</xades:UnsignedSignatureProperties></xades:UnsignedProperties>"
        if lay.unsigned
        else ""
    )
    properties_reference = (
        f'<{p}Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#SignedProperties">'
        f"<{p}Transforms>{''.join(t.replace('ds:', p) for t in lay.properties_transforms)}</{p}Transforms>"
        f'<{p}DigestMethod Algorithm="{lay.digest}"/><{p}DigestValue></{p}DigestValue></{p}Reference>'
        if lay.properties_reference
        else ""
    )
    transforms = "".join(t.replace("ds:", p) if lay.prefix != "ds" else t for t in lay.content_transforms)
    transforms_xml = f"<{p}Transforms>{transforms}</{p}Transforms>" if transforms else ""
    content_object = ""
    body = document.split(b"?>", 1)[1].strip() if document.startswith(b"<?xml") else document
    if lay.enveloping:
        inner = base64.b64encode(body).decode() if lay.enveloping_base64 else body.decode()
        content_object = f'<{p}Object Id="obj">{inner}</{p}Object>'
    signature = (
        f'<{p}Signature {ns} Id="{lay.signature_id}"><{p}SignedInfo>'
        f'<{p}CanonicalizationMethod Algorithm="{lay.signed_info_c14n}"/><{p}SignatureMethod Algorithm="{method}"/>'
        f'<{p}Reference Id="r-content" URI="{lay.content_uri}">{transforms_xml}'
        f'<{p}DigestMethod Algorithm="{lay.digest}"/><{p}DigestValue></{p}DigestValue></{p}Reference>'
        f"{properties_reference}{lay.extra_references}</{p}SignedInfo><{p}SignatureValue/>"
        f"<{p}KeyInfo><{p}X509Data>{certs}</{p}X509Data></{p}KeyInfo>{content_object}<{p}Object>"
        f'<xades:QualifyingProperties xmlns:xades="{XADES}" Target="#{lay.signature_id}">'
        f'<xades:SignedProperties Id="SignedProperties"><xades:SignedSignatureProperties>'
        f"<xades:SigningTime>{when}</xades:SigningTime>{signing_certificate}{policy}{role}"
        f"</xades:SignedSignatureProperties>{data_format}</xades:SignedProperties>{unsigned}"
        f"</xades:QualifyingProperties></{p}Object>{lay.extra_objects}</{p}Signature>"
    )
    if lay.enveloping:
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + signature.encode()
    text = document
    if lay.root_id:
        text = text.replace(b"<AuthTokenRequest ", f'<AuthTokenRequest Id="{lay.root_id}" '.encode(), 1)
    if lay.document_comment:
        text = text.replace(b"<Challenge>", b"<!-- komentarz --><Challenge>", 1)
    closing = text.rindex(b"</")
    return text[:closing] + signature.encode() + text[closing:]


def _write_key(folder: Path, key: PrivateKey) -> Path:
    path = folder / "k.pem"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))  # fmt: skip
    return path


ID_ATTRIBUTES = [
    f"{XADES}:SignedProperties",
    f"{DSIG}:Object",
    "http://ksef.mf.gov.pl/auth/token/2.1:AuthTokenRequest",
    f"{XADES}:SignatureTimeStamp",
]


def xmlsec_sign(data: bytes, key: PrivateKey) -> bytes:
    """Sign a template with xmlsec1 (``--id-attr`` registers the Id attributes references use)."""
    xmlsec1 = require_xmlsec1()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "t.xml").write_bytes(data)
        ids = [arg for node in ID_ATTRIBUTES for arg in ("--id-attr:Id", node)]
        result = subprocess.run(
            [xmlsec1, "--sign", "--privkey-pem", str(_write_key(folder, key)), *ids,
             "--output", str(folder / "s.xml"), str(folder / "t.xml")],
            capture_output=True,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr.decode()
        return (folder / "s.xml").read_bytes()


def xmlsec_verify(data: bytes, cert: x509.Certificate) -> bool:
    xmlsec1 = require_xmlsec1()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "s.xml").write_bytes(data)
        (folder / "c.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        ids = [arg for node in ID_ATTRIBUTES for arg in ("--id-attr:Id", node)]
        result = subprocess.run(
            [xmlsec1, "--verify", "--pubkey-cert-pem", str(folder / "c.pem"), *ids, str(folder / "s.xml")],
            capture_output=True,
        )
        return result.returncode == 0


def sign(document: bytes, identity: SigningIdentity, layout: Layout | None = None) -> bytes:
    return xmlsec_sign(template(document, identity, layout), identity.key)


# --- the test-side signer for what xmlsec1 1.2 lacks (RSA-PSS, SHA-3) --------------------------
_HASH = {"sha1": hashes.SHA1, "sha256": hashes.SHA256, "sha3_256": hashes.SHA3_256}


def py_sign(data: bytes, key: PrivateKey, method_hash: str = "sha256", pss: bool = False) -> bytes:
    """Fill the official-layout template (URI="" enveloped + exc-c14n, #SignedProperties exc-c14n,
    SignedInfo exc-c14n) using cryptography: digest, then sign SignedInfo."""
    root = etree.fromstring(data)
    signature = root.find(f"{{{DSIG}}}Signature")
    assert signature is not None
    references = signature.findall(f"{{{DSIG}}}SignedInfo/{{{DSIG}}}Reference")
    properties = signature.find(f".//{{{XADES}}}SignedProperties")
    for reference in references:
        # an algorithm name nobody knows is computed as SHA-256 (to test "uncertain algorithm")
        name = _DIGESTS.get(reference.find(f"{{{DSIG}}}DigestMethod").get("Algorithm"), "sha256")
        if reference.get("URI") == "":
            copy = etree.fromstring(data)
            copy.remove(copy.find(f"{{{DSIG}}}Signature"))
            octets = etree.tostring(copy, method="c14n", exclusive=True)
        else:
            octets = etree.tostring(properties, method="c14n", exclusive=True)
        reference.find(f"{{{DSIG}}}DigestValue").text = base64.b64encode(hashlib.new(name, octets).digest()).decode()
    signed_info = etree.tostring(signature.find(f"{{{DSIG}}}SignedInfo"), method="c14n", exclusive=True)
    algorithm = _HASH[method_hash]()
    if isinstance(key, rsa.RSAPrivateKey):
        pad = padding.PSS(padding.MGF1(algorithm), algorithm.digest_size) if pss else padding.PKCS1v15()
        value = key.sign(signed_info, pad, algorithm)
    else:
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        r, s = decode_dss_signature(key.sign(signed_info, ec.ECDSA(algorithm)))
        size = (key.curve.key_size + 7) // 8
        value = r.to_bytes(size, "big") + s.to_bytes(size, "big")
    signature.find(f"{{{DSIG}}}SignatureValue").text = base64.b64encode(value).decode()
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# --- certificates shaped like real ones ---------------------------------------------------------
def certificate(
    subject: x509.Name,
    key: PrivateKey,
    *,
    issuer: tuple[x509.Name, PrivateKey] | None = None,
    ca: bool = False,
    days: int = 365,
) -> x509.Certificate:
    issuer_name, issuer_key = issuer or (subject, key)
    start = datetime.now(UTC) - timedelta(hours=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    return builder.sign(issuer_key, hashes.SHA256())


def name(**attributes: str) -> x509.Name:
    oids = {
        "cn": NameOID.COMMON_NAME,
        "o": NameOID.ORGANIZATION_NAME,
        "serial": NameOID.SERIAL_NUMBER,
        "org_id": NameOID.ORGANIZATION_IDENTIFIER,
        "given": NameOID.GIVEN_NAME,
        "surname": NameOID.SURNAME,
        "c": NameOID.COUNTRY_NAME,
    }
    return x509.Name([x509.NameAttribute(oids[k], v) for k, v in attributes.items()])


def issued(subject: x509.Name, key: PrivateKey, ca_name: x509.Name, ca_key: PrivateKey) -> SigningIdentity:
    return SigningIdentity(key, certificate(subject, key, issuer=(ca_name, ca_key)))


EP_SIGNATURE = (
    '<pz:EPSignature xmlns:pz="http://crd.gov.pl/xml/schematy/podpis_zaufany/"><pz:NaturalPerson>'
    "<pz:CurrentFamilyName>{surname}</pz:CurrentFamilyName><pz:FirstName>{given}</pz:FirstName>"
    "<pz:DateOfBirth>1980-01-01</pz:DateOfBirth><pz:PersonalIdentifier>{pesel}</pz:PersonalIdentifier>"
    "</pz:NaturalPerson><pz:SignatureData><pz:IdentityIssuer>pz.gov.pl</pz:IdentityIssuer>"
    "<pz:IdentityIssueTimestamp>2026-01-01T10:00:00</pz:IdentityIssueTimestamp></pz:SignatureData>"
    "</pz:EPSignature>"
)
PODPIS_ZP = (
    '<ppZP:PodpisZP xmlns:ppZP="http://crd.gov.pl/xml/schematy/ppzp/"'
    ' xmlns:os="http://crd.gov.pl/xml/schematy/osoba/2009/03/06/"><ppZP:DaneZP><ppZP:DaneZPOsobyFizycznej>'
    '<os:Nazwisko os:rodzajCzlonu="pierwszy">{surname}</os:Nazwisko><os:Imie>{given}</os:Imie>'
    "<os:PESEL>{pesel}</os:PESEL><ppZP:IdKontaUzytkownikaEpuap>jkowalski</ppZP:IdKontaUzytkownikaEpuap>"
    "</ppZP:DaneZPOsobyFizycznej></ppZP:DaneZP></ppZP:PodpisZP>"
)
TIMESTAMP_T = (
    f'<xades:SignatureTimeStamp Id="ts1"><ds:CanonicalizationMethod xmlns:ds="{DSIG}" Algorithm="{EXC}"/>'
    f"<xades:EncapsulatedTimeStamp>{base64.b64encode(b'timestamp token ' * 8).decode()}"
    "</xades:EncapsulatedTimeStamp></xades:SignatureTimeStamp>"
)
VALIDATION_LT = (
    f'<xades141:TimeStampValidationData xmlns:xades141="{XADES141}"><xades:CertificateValues>'
    f"<xades:EncapsulatedX509Certificate>{base64.b64encode(b'ca certificate ' * 8).decode()}"
    "</xades:EncapsulatedX509Certificate></xades:CertificateValues></xades141:TimeStampValidationData>"
)

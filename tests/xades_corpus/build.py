"""An independent corpus of XAdES-signed AuthTokenRequest files: what KSeF accepts, and what it refuses.

``build_corpus(unsigned_request, nip=...)`` signs the caller's unsigned request (real challenge,
context Nip = nip, SubjectIdentifierType certificateSubject) in every layout below and returns one
``Case`` each. Nothing here uses the application's verifiers: signatures come from ``xmldsig.py``
(our template signer) and the self-check test verifies them with Debian's xmlsec1.

Layout research (public sources, see manifest.md for the per-case source):

- Official KSeF client (REFERENCE.md 2.3, SignatureService.cs): ``ds:Signature Id="Signature"`` as
  the root's last child, URI="" + enveloped-signature + exc-c14n, #SignedProperties, SHA-256.
- EU DSS (behind many signing tools): XPath Filter 2.0 ``subtract`` ``/descendant::ds:Signature``,
  Ids ``id-<hex>``, ``r-id-<hex>-1``, ``xades-id-<hex>``, ``value-id-<hex>``, SigningCertificateV2
  with SHA-512 CertDigest and IssuerSerialV2, DataObjectFormat ObjectReference + MimeType text/xml
  (esig/dss XPath2FilterEnvelopedSignatureTransform.java; a DSS-signed file in a public test suite).
- proCertum SmartSign: XPath ``not(ancestor-or-self::ds:Signature)`` with ``ds`` bound on the XPath
  element (esig/dss XPathEnvelopedSignatureTransform.java; PITFALLS.md), ``ID-<uuid>`` Ids,
  CommitmentTypeIndication, local-time SigningTime with an offset.
- Podpis zaufany (gov.pl): the signer certificate is the Minister's seal; the person is inside
  ``SignedSignatureProperties/SignerRole/ClaimedRoles/ClaimedRole``: newer files carry
  ``pz:EPSignature`` (ns http://crd.gov.pl/xml/schematy/podpis_zaufany/) with NaturalPerson
  (CurrentFamilyName, FirstName, DateOfBirth, PersonalIdentifier = PESEL) and SignatureData; older
  files ``ppZP:PodpisZP`` (ns http://crd.gov.pl/xml/schematy/ppzp/) with
  DaneZP/DaneZPOsobyFizycznej holding os:Nazwisko, os:Imie, os:PESEL (os = .../osoba/2009/03/06/)
  and IdKontaUzytkownikaEpuap. Sources: wzychla/OldMusicBox.ePUAP.Client (EPSignature.cs,
  GetTpUserInfoResponse.cs, VerifySignedDocument5Response.cs: gov.pl's verifier returns the
  xades:ClaimedRole), a "PZSignStub" in a public KSeF bridge (EPSignature inside ClaimedRole), and an
  XSL stylesheet in a public repo that reads ds:Signature/ds:Object/xades:QualifyingProperties/
  .../xades:SignerRole/xades:ClaimedRoles/xades:ClaimedRole/ppZP:PodpisZP. The SignatureData values
  and the transforms gov.pl uses are our guesses.
- .NET SignedXml: dsig as the default namespace, C14N 1.0.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID
from lxml import etree

from tests.xades_corpus import certs, xades, xmldsig
from tests.xades_corpus.certs import ANNA, KATARZYNA, PIOTR, TOMASZ, Identity, Person
from tests.xades_corpus.xades import OBJECT_TYPE, XADES, Spec, esc
from tests.xades_corpus.xmldsig import (
    BASE64,
    C14N10,
    C14N10_COMMENTS,
    C14N11,
    C14N11_COMMENTS,
    DSIG,
    ENVELOPED,
    EXC_C14N,
    EXC_C14N_COMMENTS,
    FILTER2,
    MD5,
    SHA1,
    SHA3_256,
    SHA384,
    SHA512,
    XPATH,
    XSLT,
    q,
)

Expect = Literal["accept", "refuse"]
REASONS = frozenset(
    {
        "tampered",
        "bad_signature",
        "wrapping",
        "detached",
        "unsigned",
        "many_signatures",
        "forbidden_transform",
        "unsupported_algorithm",
        "weak_key",
        "cert_expired",
        "not_xades",
        "too_many_references",
        "not_xml",
        "doctype",
        "encoding",
        "cades",
        "pdf",
        "asic",
    }
)
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
SIGNED_PROPERTIES_ID = f"{XADES}:SignedProperties"
PZ_NS = "http://crd.gov.pl/xml/schematy/podpis_zaufany/"
PPZP_NS = "http://crd.gov.pl/xml/schematy/ppzp/"
OSOBA_NS = "http://crd.gov.pl/xml/schematy/osoba/2009/03/06/"

# where our belief about KSeF's verdict comes from (manifest.md)
SRC_OFFICIAL = "REFERENCE.md 2.3 (official client layout, SignatureService.cs)"
SRC_TRANSFORMS = "KSeF docs auth/podpis-xades.md / REFERENCE.md 2.3: allowed transforms list"
SRC_FORMS = "podpis-xades.md: enveloped and enveloping accepted, detached refused"
SRC_ALGORITHMS = "REFERENCE.md 2.3: SignatureMethod and DigestMethod lists"
SRC_KEYS = "REFERENCE.md 2.3: RSA >= 2048 bits, EC curves >= 256 bits"
SRC_PROFILES = "REFERENCE.md 2.3: BES/EPES/T/LT/C/X/XL/A and BASELINE-B/T/LT/LTA accepted"
SRC_CERTS = "REFERENCE.md 2.3: certificates accepted for login; podpis-xades.md attribute rules"
SRC_PZ = "REFERENCE.md 13 + podpis-xades.md (Profil Zaufany accepted); layout from gov.pl-facing code (build.py)"
SRC_XMLDSIG = "W3C XMLDSig 1.1 4.4.3 (same-document URIs); KSeF behaviour not documented"
SRC_XADES = "ETSI EN 319 132-1 / XAdES 1.3.2 schema; KSeF accepts XAdES profiles (REFERENCE.md 2.3)"
SRC_POLICY = "KSeF Desk policy (defence against signature wrapping); KSeF behaviour not documented"
SRC_ONE = "REFERENCE.md 2.3: exactly one signature (error 9103)"
SRC_INTEGRITY = "XMLDSig core validation (REFERENCE.md 2.3 error 9105 invalid signature)"
SRC_FORMAT = "REFERENCE.md 2.3: body is the signed XML (errors 21001 / 9101)"
SRC_ENCODING = "REFERENCE.md 2.3 error 21217 (bad character encoding): KSeF expects UTF-8"


@dataclass(frozen=True)
class Xmlsec1Check:
    """How the self-check runs ``xmlsec1 --verify`` on a case, and the outcome it must see."""

    valid: bool
    trusted: tuple[bytes, ...] = ()  # PEM; empty = --insecure (trust the certificate in KeyInfo)
    untrusted: tuple[bytes, ...] = ()
    id_attrs: tuple[str, ...] = ()  # extra "<ns>:<Name>" nodes whose Id attribute is an XML ID
    hmac_key: bytes | None = None
    side_files: tuple[tuple[str, bytes], ...] = ()  # files next to the case (detached references)
    expand_entities: bool = False  # verify the entity-expanded document (xmlsec1 keeps entity references)


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    expect: Expect
    reason: str  # "" for accepted cases, else one of REASONS
    signer: tuple[str, str] | None  # ("pesel"|"nip"|"fingerprint", value) for accepted cases
    signer_name: str
    note: str
    needs_person_permission: bool = False  # signer is not the context owner: grant it permissions first
    source: str = ""
    layout: str = ""
    xmlsec1: Xmlsec1Check | None = None  # None: xmlsec1 1.2 cannot judge this file


def _id(name: str, size: int = 32) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:size]


def _uuid(name: str) -> str:
    h = _id(name)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def _insert(root_xml: bytes, fragment: str) -> bytes:
    """Put a signature template before the root's end tag (string assembly: lxml would otherwise
    rewrite namespace declarations when moving nodes between documents)."""
    end = root_xml.rindex(b"</")
    return root_xml[:end] + fragment.encode() + root_xml[end:]


def _serialize(tree: etree._ElementTree) -> bytes:
    # encoding="UTF-8" writes letters like "ł" as UTF-8, as signing programs do (the default is &#322;)
    data: bytes = etree.tostring(tree.getroot(), encoding="UTF-8")
    return DECLARATION + data


def _sign(
    signature: etree._Element,
    spec: Spec,
    *,
    ecdsa_der: bool = False,
    key: object = None,
    unknown: bool = False,
    external: dict[str, bytes] | None = None,
) -> None:
    xmldsig.sign(
        signature,
        key if key is not None else spec.signer.key,
        ecdsa_der=ecdsa_der,
        wrap=spec.wrap,
        unknown_transforms_are_identity=unknown,
        external=external,
    )
    xades.add_timestamps(signature)


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


class _Corpus:
    def __init__(self, unsigned: bytes, nip: str) -> None:
        self.unsigned = unsigned
        self.nip = nip
        root = xmldsig.parse(unsigned).getroot()
        self.ns = etree.QName(root).namespace or ""
        self.challenge = root.findtext(self._q("Challenge")) or ""
        if root.findtext(f"{self._q('ContextIdentifier')}/{self._q('Nip')}") != nip:
            raise ValueError("the unsigned request's ContextIdentifier/Nip must be the given nip")
        self.other_nip = "7251801126" if nip == "1111111111" else "1111111111"
        self.cases: list[Case] = []

    def _q(self, local: str) -> str:
        return f"{{{self.ns}}}{local}"

    # --- documents ---------------------------------------------------------------------------

    def request(
        self,
        *,
        indent: bool = False,
        comment: str | None = None,
        root_id: str | None = None,
        challenge_id: str | None = None,
        subject_type: str | None = None,
        nip: str | None = None,
    ) -> bytes:
        """The caller's request (root element only), optionally edited BEFORE signing."""
        root = xmldsig.parse(self.unsigned).getroot()
        if nip:
            element = root.find(f"{self._q('ContextIdentifier')}/{self._q('Nip')}")
            assert element is not None
            element.text = nip
        if subject_type:
            element = root.find(self._q("SubjectIdentifierType"))
            assert element is not None
            element.text = subject_type
        if root_id:
            root.set("Id", root_id)
        if challenge_id:
            element = root.find(self._q("Challenge"))
            assert element is not None
            element.set("Id", challenge_id)
        if comment:
            root.insert(1, etree.Comment(comment))
        if indent:
            etree.indent(root, space="  ")
        data: bytes = etree.tostring(root, encoding="UTF-8")
        return data

    def enveloped(
        self,
        spec: Spec,
        request: bytes | None = None,
        *,
        ecdsa_der: bool = False,
        key: object = None,
        unknown_transforms: bool = False,
        external: dict[str, bytes] | None = None,
    ) -> bytes:
        tree = xmldsig.parse(_insert(request or self.request(), xades.render(spec)))
        signature = tree.getroot().findall(q("Signature"))[-1]
        _sign(signature, spec, ecdsa_der=ecdsa_der, key=key, unknown=unknown_transforms, external=external)
        return _serialize(tree)

    def enveloping(self, spec: Spec, content: bytes, object_id: str) -> bytes:
        """ds:Signature as the root; the request inside ds:Object Id=object_id, referenced by #object_id."""
        p = spec.p
        spec.object_extra = f'<{p}Object Id="{object_id}">{content.decode()}</{p}Object>' + spec.object_extra
        tree = xmldsig.parse(xades.render(spec).encode())
        _sign(tree.getroot(), spec)
        return _serialize(tree)

    # --- checks and case records -------------------------------------------------------------

    def strict(self, ident: Identity, *id_attrs: str) -> Xmlsec1Check:
        """xmlsec1 must verify the signature AND the certificate chain up to the test root."""
        if not ident.chain:
            return Xmlsec1Check(True, trusted=(ident.pem,), id_attrs=id_attrs)
        return Xmlsec1Check(
            True,
            trusted=(_pem(ident.chain[-1]),),
            untrusted=tuple(_pem(c) for c in ident.chain[:-1]),
            id_attrs=id_attrs,
        )

    def accept(
        self,
        name: str,
        data: bytes,
        ident: Identity,
        *,
        layout: str,
        note: str,
        source: str,
        check: Xmlsec1Check | None,
        signer: tuple[str, str] | None = None,
        signer_name: str | None = None,
    ) -> None:
        signer = signer or self.identity_of(ident)
        self.cases.append(
            Case(
                name=name,
                data=data,
                expect="accept",
                reason="",
                signer=signer,
                signer_name=signer_name or ident.name,
                note=note,
                needs_person_permission=not (signer[0] == "nip" and signer[1] == self.nip),
                source=source,
                layout=layout,
                xmlsec1=check,
            )
        )

    def refuse(
        self,
        name: str,
        data: bytes,
        reason: str,
        *,
        layout: str,
        note: str,
        source: str,
        check: Xmlsec1Check | None = None,
    ) -> None:
        assert reason in REASONS, reason
        self.cases.append(
            Case(
                name=name,
                data=data,
                expect="refuse",
                reason=reason,
                signer=None,
                signer_name="",
                note=note,
                source=source,
                layout=layout,
                xmlsec1=check,
            )
        )

    def identity_of(self, ident: Identity) -> tuple[str, str]:
        """What KSeF reads from the certificate subject (REFERENCE.md 2.2 patterns)."""
        subject = ident.cert.subject
        serials = [str(a.value) for a in subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)]
        for serial in serials:
            if match := re.search(r"(PNOPL|PESEL).*?(\d{11})", serial):
                return ("pesel", match.group(2))
        for serial in serials:
            if match := re.search(r"(TINPL|NIP).*?(\d{10})", serial):
                return ("nip", match.group(2))
        for org in subject.get_attributes_for_oid(NameOID.ORGANIZATION_IDENTIFIER):
            if match := re.search(r"VATPL.*?(\d{10})", str(org.value)):
                return ("nip", match.group(1))
        return ("fingerprint", ident.fingerprint)

    # --- the official layout, reused by many refusals -----------------------------------------

    def official(self, ident: Identity | None = None, request: bytes | None = None) -> bytes:
        return self.enveloped(Spec(ident or certs.owner(self.nip)), request)


# ------------------------------------------------------------------------------------------------
# Accepted layouts
# ------------------------------------------------------------------------------------------------


def _accepted_transforms(c: _Corpus) -> None:
    owner = certs.owner(c.nip)
    owner_ec = certs.owner(c.nip, "p256")
    seal = certs.qualified_seal(c.nip)
    c.accept(
        "official_exc_c14n",
        c.official(owner),
        owner,
        layout='enveloped, URI="" + enveloped-signature + exc-c14n, #SignedProperties, RSA-SHA256',
        note="The official KSeF client's layout, signed with the sole trader's qualified RSA certificate "
        "(serialNumber TINPL-<context NIP>).",
        source=SRC_OFFICIAL,
        check=c.strict(owner),
    )
    comment = " wygenerowano w KSeF Desk "
    for name, algorithm, ident, with_comment in (
        ("exc_c14n_with_comments", EXC_C14N_COMMENTS, owner_ec, True),
        ("c14n10", C14N10, seal, False),
        ("c14n10_with_comments", C14N10_COMMENTS, seal, True),
        ("c14n11", C14N11, owner, False),
        ("c14n11_with_comments", C14N11_COMMENTS, owner_ec, True),
    ):
        spec = Spec(ident, c14n=algorithm, doc_transforms=(ENVELOPED, algorithm), sp_transforms=(algorithm,))
        extra = (
            ' The request carries a comment; URI="" drops comments, so the #WithComments transform '
            "digests the document without it (XMLDSig 4.4.3.3)."
            if with_comment
            else ""
        )
        short = algorithm.rsplit("/", 1)[-1]
        c.accept(
            name,
            c.enveloped(spec, c.request(comment=comment if with_comment else None)),
            ident,
            layout=f"enveloped, {short} for SignedInfo, the document and SignedProperties",
            note=f"Official layout with canonicalisation {algorithm}.{extra}",
            source=SRC_TRANSFORMS,
            check=c.strict(ident),
        )

    # proCertum SmartSign style
    sig = f"ID-{_uuid('procertum')}"
    spec = Spec(
        owner,
        sig_id=sig,
        signed_info_id=f"ID-{_uuid('procertum-si')}",
        sp_id=f"ID-{_uuid('procertum-sp')}",
        value_id=f"ID-{_uuid('procertum-sv')}",
        object_id=f"ID-{_uuid('procertum-obj')}",
        doc_ref_id=f"ID-{_uuid('procertum-ref')}",
        c14n=C14N10,
        doc_transforms=(XPATH, C14N10),
        sp_transforms=(C14N10,),
        signing_time=(certs.current_time() + timedelta(minutes=59)).strftime("%Y-%m-%dT%H:%M:%S+01:00"),
        data_object_format=(
            f'<xades:DataObjectFormat ObjectReference="#ID-{_uuid("procertum-ref")}">'
            "<xades:Description>Dokument w formacie xml [XML]</xades:Description>"
            "<xades:MimeType>text/xml</xades:MimeType></xades:DataObjectFormat>"
            "<xades:CommitmentTypeIndication><xades:CommitmentTypeId>"
            "<xades:Identifier>http://uri.etsi.org/01903/v1.2.2#ProofOfApproval</xades:Identifier>"
            "<xades:Description>Formalne zatwierdzenie (Proof of approval)</xades:Description>"
            "</xades:CommitmentTypeId><xades:AllSignedDataObjects/></xades:CommitmentTypeIndication>"
        ),
        keyinfo=(owner.cert, *owner.chain),
        wrap=64,
    )
    c.accept(
        "procertum_xpath",
        c.enveloped(spec, c.request(indent=True)),
        owner,
        layout="enveloped, XPath not(ancestor-or-self::ds:Signature) + C14N 1.0, ID-<uuid> Ids",
        note="proCertum SmartSign style: REC-xpath-19991116 transform with xmlns:ds on the ds:XPath element, "
        "SigningTime with a +01:00 offset, DataObjectFormat + CommitmentTypeIndication, base64 wrapped at 64, "
        "KeyInfo with the chain; the user's file was indented before signing.",
        source=SRC_TRANSFORMS,
        check=c.strict(owner),
    )

    # EU DSS style
    h = _id("eu-dss")
    spec = Spec(
        seal,
        sig_id=f"id-{h}",
        sp_id=f"xades-id-{h}",
        value_id=f"value-id-{h}",
        doc_ref_id=f"r-id-{h}-1",
        doc_transforms=(FILTER2, EXC_C14N),
        signing_certificate="v2",
        cert_digest=SHA512,
        data_object_format=(
            f'<xades:DataObjectFormat ObjectReference="#r-id-{h}-1"><xades:MimeType>text/xml</xades:MimeType>'
            "</xades:DataObjectFormat>"
        ),
    )
    c.accept(
        "eu_dss_xpath_filter2",
        c.enveloped(spec),
        seal,
        layout="enveloped, XPath Filter 2.0 subtract /descendant::ds:Signature + exc-c14n, DSS Ids",
        note="EU DSS style (many signing tools and the Ministry's Java client): dsig-filter2 transform, Ids "
        "id-/r-id-/xades-id-/value-id-<hex>, SigningCertificateV2 (SHA-512 CertDigest + IssuerSerialV2), "
        "DataObjectFormat with MimeType text/xml; signed with the company's qualified seal.",
        source=SRC_TRANSFORMS,
        check=c.strict(seal),
    )

    # enveloping
    obj = f"Object-{_id('enveloping', 12)}"
    spec = Spec(owner_ec, doc_uri=f"#{obj}", doc_transforms=(EXC_C14N,), doc_ref_type=OBJECT_TYPE)
    c.accept(
        "enveloping_object",
        c.enveloping(spec, c.request(), obj),
        owner_ec,
        layout="enveloping: ds:Signature is the root, the request in ds:Object Id=..., reference #id",
        note="Enveloping signature; the signed AuthTokenRequest is the child of the referenced ds:Object.",
        source=SRC_FORMS,
        check=c.strict(owner_ec, f"{DSIG}:Object"),
    )

    root_id = "Dokument-1"
    spec = Spec(owner, doc_uri=f"#{root_id}")
    c.accept(
        "root_id_reference",
        c.enveloped(spec, c.request(root_id=root_id)),
        owner,
        layout='enveloped, Reference URI="#Dokument-1" to an Id attribute on the root',
        note='The root carries Id="Dokument-1" and the reference names it (enveloped-signature + exc-c14n). '
        "Doubt: the AuthTokenRequest XSD declares no Id attribute.",
        source=SRC_XMLDSIG,
        check=c.strict(owner, f"{c.ns}:AuthTokenRequest"),
    )
    spec = Spec(owner_ec, doc_uri=f"#xpointer(id('{root_id}'))", doc_transforms=(ENVELOPED, C14N10_COMMENTS))
    c.accept(
        "xpointer_id",
        c.enveloped(spec, c.request(root_id=root_id, comment=comment)),
        owner_ec,
        layout="enveloped, URI=\"#xpointer(id('Dokument-1'))\" + enveloped-signature + C14N#WithComments",
        note="XPointer id() reference keeps comments: the request's comment IS digested here. "
        "Doubt: the AuthTokenRequest XSD declares no Id attribute.",
        source=SRC_XMLDSIG,
        check=c.strict(owner_ec, f"{c.ns}:AuthTokenRequest"),
    )
    spec = Spec(seal, doc_uri="#xpointer(/)", doc_transforms=(ENVELOPED, EXC_C14N_COMMENTS))
    c.accept(
        "xpointer_root_with_comments",
        c.enveloped(spec, c.request(comment=comment)),
        seal,
        layout='enveloped, URI="#xpointer(/)" + enveloped-signature + exc-c14n#WithComments',
        note="Whole-document XPointer keeps comments, so the request's comment is part of the digest.",
        source=SRC_XMLDSIG,
        check=c.strict(seal),
    )


def _accepted_algorithms(c: _Corpus) -> None:
    owner = certs.owner(c.nip)
    owner_ec = certs.owner(c.nip, "p256")
    owner_p384 = certs.owner(c.nip, "p384")
    seal = certs.qualified_seal(c.nip)
    rsa_cases: list[tuple[str, str, str, str]] = [
        (
            "rsa_sha1",
            xmldsig.RSA_SHA1,
            SHA1,
            "RSA PKCS#1 v1.5 SHA-1 with SHA-1 digests (older Polish signing programs)",
        ),
        ("rsa_sha384", xmldsig.RSA_SHA384, SHA384, "RSA PKCS#1 v1.5 SHA-384 with SHA-384 digests"),
        ("rsa_sha512", xmldsig.RSA_SHA512, SHA512, "RSA PKCS#1 v1.5 SHA-512 with SHA-512 digests"),
    ]
    for name, method, digest, note in rsa_cases:
        spec = Spec(owner, method=method, digest=digest, cert_digest=digest)
        c.accept(
            name,
            c.enveloped(spec),
            owner,
            layout=f"official layout, SignatureMethod {method}",
            note=note + ".",
            source=SRC_ALGORITHMS,
            check=c.strict(owner),
        )
    spec = Spec(owner, method=xmldsig.RSA_PSS_SHA256)
    c.accept(
        "rsa_pss_sha256",
        c.enveloped(spec),
        owner,
        layout="official layout, SignatureMethod xmldsig-more#sha256-rsa-MGF1 (RSA-PSS)",
        note="RSA-PSS, MGF1-SHA-256, salt 32 bytes, trailer 1 (RFC 6931); xmlsec1 1.2 cannot verify it.",
        source=SRC_ALGORITHMS,
        check=None,
    )
    spec = Spec(owner, method=xmldsig.RSA_PSS_SHA3_256, digest=SHA3_256)
    c.accept(
        "rsa_pss_sha3_256",
        c.enveloped(spec),
        owner,
        layout="official layout, SignatureMethod xmldsig-more#sha3-256-rsa-MGF1, SHA3-256 digests",
        note="RSA-PSS with SHA3-256 (RFC 6931) and SHA3-256 reference digests; xmlsec1 1.2 cannot verify it.",
        source=SRC_ALGORITHMS,
        check=None,
    )
    anna = certs.person(ANNA, "p256")
    c.accept(
        "ecdsa_p256",
        c.official(anna),
        anna,
        layout="official layout, ECDSA P-256 SHA-256 (raw R||S)",
        note="A qualified personal certificate with serialNumber PNOPL-<PESEL> (not the owner).",
        source=SRC_ALGORITHMS,
        check=c.strict(anna),
    )
    spec = Spec(owner_p384, method=xmldsig.ECDSA_SHA384, digest=SHA384, cert_digest=SHA384)
    c.accept(
        "ecdsa_p384_sha384",
        c.enveloped(spec),
        owner_p384,
        layout="official layout, ECDSA P-384 SHA-384, SHA-384 digests",
        note="ECDSA on P-384; SignatureValue is 96 bytes of raw R||S.",
        source=SRC_ALGORITHMS,
        check=c.strict(owner_p384),
    )
    spec = Spec(owner_ec, method=xmldsig.ECDSA_SHA3_256, digest=SHA3_256)
    c.accept(
        "ecdsa_sha3_256",
        c.enveloped(spec),
        owner_ec,
        layout="official layout, SignatureMethod 2021/04/xmldsig-more#ecdsa-sha3-256, SHA3-256 digests",
        note="ECDSA P-256 with SHA3-256 (RFC 9231); xmlsec1 1.2 cannot verify it.",
        source=SRC_ALGORITHMS,
        check=None,
    )
    for name, digest, ident, note in (
        ("digest_sha1", SHA1, owner_ec, "SHA-1 reference and CertDigest digests under ECDSA-SHA256"),
        ("digest_sha512", SHA512, seal, "SHA-512 reference and CertDigest digests"),
        ("digest_sha3_256", SHA3_256, owner, "SHA3-256 reference and CertDigest digests; xmlsec1 1.2 lacks SHA-3"),
    ):
        spec = Spec(ident, digest=digest, cert_digest=digest)
        c.accept(
            name,
            c.enveloped(spec),
            ident,
            layout=f"official layout, DigestMethod {digest}",
            note=note + ".",
            source=SRC_ALGORITHMS,
            check=None if digest == SHA3_256 else c.strict(ident),
        )


def _accepted_xades(c: _Corpus) -> None:
    owner = certs.owner(c.nip)
    owner_ec = certs.owner(c.nip, "p256")
    seal = certs.qualified_seal(c.nip)
    spec = Spec(owner, timestamp="archive", keyinfo=(owner.cert, *owner.chain), ids={"ts": "TS-" + _id("ts", 8)})
    c.accept(
        "xades141_archive_timestamp",
        c.enveloped(spec),
        owner,
        layout="XAdES 1.3.2 + unsigned SignatureTimeStamp, CertificateValues, xades141:TimeStampValidationData, "
        "xades141:ArchiveTimeStamp",
        note="An XAdES-A-shaped file: 1.3.2 QualifyingProperties with a 1.4.1 (http://uri.etsi.org/01903/v1.4.1#) "
        "unsigned block; the time-stamp tokens are RFC 3161 tokens from the test TSA.",
        source=SRC_PROFILES,
        check=c.strict(owner),
    )
    policy_hash = xmldsig.b64(hashlib.sha256(b"Polityka podpisu testowa KSeF Desk").digest())
    spec = Spec(
        seal,
        signed_props_extra=(
            "<xades:SignaturePolicyIdentifier><xades:SignaturePolicyId><xades:SigPolicyId>"
            '<xades:Identifier Qualifier="OIDAsURN">urn:oid:1.3.6.1.4.1.99999.1.1</xades:Identifier>'
            "<xades:Description>Polityka podpisu (test)</xades:Description></xades:SigPolicyId>"
            f'<xades:SigPolicyHash><ds:DigestMethod Algorithm="{xmldsig.SHA256}"/>'
            f"<ds:DigestValue>{policy_hash}</ds:DigestValue></xades:SigPolicyHash>"
            "<xades:SigPolicyQualifiers><xades:SigPolicyQualifier>"
            "<xades:SPURI>https://policy.test-ca.example/polityka-podpisu.pdf</xades:SPURI>"
            "</xades:SigPolicyQualifier></xades:SigPolicyQualifiers>"
            "</xades:SignaturePolicyId></xades:SignaturePolicyIdentifier>"
        ),
    )
    c.accept(
        "epes_policy",
        c.enveloped(spec),
        seal,
        layout="XAdES-EPES: SignaturePolicyIdentifier after SigningCertificate",
        note="Explicit signature policy (OID as URN, SigPolicyHash, SPURI qualifier).",
        source=SRC_PROFILES,
        check=c.strict(seal),
    )
    spec = Spec(owner_ec, timestamp="signature")
    c.accept(
        "xades_t_timestamp",
        c.enveloped(spec),
        owner_ec,
        layout="XAdES-T: unsigned SignatureTimeStamp over the canonical SignatureValue",
        note="A real RFC 3161 token from the test TSA; KSeF needs only BES-level validity.",
        source=SRC_PROFILES,
        check=c.strict(owner_ec),
    )
    spec = Spec(owner, signing_chain=True, keyinfo=(owner.cert, *owner.chain))
    c.accept(
        "signing_certificate_chain",
        c.enveloped(spec),
        owner,
        layout="SigningCertificate lists signer + intermediate + root; KeyInfo holds the chain",
        note="Only the first SigningCertificate/Cert matches the signing certificate; the others are its CAs "
        "(allowed by XAdES, PITFALLS.md).",
        source=SRC_XADES,
        check=c.strict(owner),
    )
    spec = Spec(seal, keyinfo=(seal.chain[-1], seal.chain[0], seal.cert))
    c.accept(
        "keyinfo_chain_reversed",
        c.enveloped(spec),
        seal,
        layout="KeyInfo X509Data: root, intermediate, signer (signer last)",
        note="The first X509Certificate is NOT the signer's; the signer is the one matching SigningCertificate.",
        source=SRC_XADES,
        check=c.strict(seal),
    )
    spec = Spec(owner_ec, signing_certificate="v2")
    c.accept(
        "signing_certificate_v2",
        c.enveloped(spec),
        owner_ec,
        layout="SigningCertificateV2 with CertDigest + IssuerSerialV2 (EN 319 132-1)",
        note="IssuerSerialV2 is base64 DER of RFC 5035 IssuerSerial (GeneralNames + serial).",
        source=SRC_XADES,
        check=c.strict(owner_ec),
    )
    spec = Spec(owner, ds="", c14n=C14N10, doc_transforms=(ENVELOPED,), sp_transforms=())
    c.accept(
        "dotnet_default_namespace",
        c.enveloped(spec),
        owner,
        layout="dsig as the default namespace (<Signature xmlns=...>), C14N 1.0, no SignedProperties transform",
        note=".NET SignedXml style: unprefixed dsig elements, enveloped-signature only (then default C14N 1.0).",
        source=SRC_TRANSFORMS,
        check=c.strict(owner),
    )
    spec = Spec(owner_ec, keyinfo_id="KeyInfo", extra_refs=xades.reference("ds:", "#KeyInfo", (EXC_C14N,)))
    c.accept(
        "signed_keyinfo",
        c.enveloped(spec),
        owner_ec,
        layout="three references: the document, #KeyInfo, #SignedProperties",
        note='KeyInfo (Id="KeyInfo") is signed too, as several signing programs do.',
        source=SRC_XADES,
        check=c.strict(owner_ec, f"{DSIG}:KeyInfo"),
    )


def _pz_ep_signature(who: Person) -> str:
    return (
        f'<xades:SignerRole><xades:ClaimedRoles><xades:ClaimedRole><pz:EPSignature xmlns:pz="{PZ_NS}">'
        f"<pz:NaturalPerson><pz:CurrentFamilyName>{esc(who.surname)}</pz:CurrentFamilyName>"
        f"<pz:FirstName>{esc(who.given)}</pz:FirstName><pz:DateOfBirth>{who.birth_date}</pz:DateOfBirth>"
        f"<pz:PersonalIdentifier>{who.pesel}</pz:PersonalIdentifier></pz:NaturalPerson>"
        f"<pz:SignatureData><pz:IdentityIssuer>login.gov.pl</pz:IdentityIssuer>"
        f"<pz:IdentityIssueTimestamp>{certs.current_time().strftime('%Y-%m-%dT%H:%M:%S.000Z')}</pz:IdentityIssueTimestamp>"
        f"</pz:SignatureData></pz:EPSignature></xades:ClaimedRole></xades:ClaimedRoles></xades:SignerRole>"
    )


def _pz_podpis_zp(who: Person) -> str:
    return (
        f"<xades:SignerRole><xades:ClaimedRoles><xades:ClaimedRole>"
        f'<ppZP:PodpisZP xmlns:ppZP="{PPZP_NS}" xmlns:os="{OSOBA_NS}"><ppZP:DaneZP><ppZP:DaneZPOsobyFizycznej>'
        f'<os:Nazwisko os:rodzajCzlonu="pierwszy">{esc(who.surname)}</os:Nazwisko><os:Imie>{esc(who.given)}</os:Imie>'
        f"<os:PESEL>{who.pesel}</os:PESEL><ppZP:IdKontaUzytkownikaEpuap>kwojcik92</ppZP:IdKontaUzytkownikaEpuap>"
        f"</ppZP:DaneZPOsobyFizycznej></ppZP:DaneZP></ppZP:PodpisZP></xades:ClaimedRole></xades:ClaimedRoles>"
        f"</xades:SignerRole>"
    )


def _accepted_certificates(c: _Corpus) -> None:
    ministry = certs.podpis_zaufany_seal()
    for name, block, note in (
        (
            "podpis_zaufany",
            _pz_ep_signature(KATARZYNA),
            "Current gov.pl layout: pz:EPSignature/NaturalPerson (FirstName, CurrentFamilyName, DateOfBirth, "
            "PersonalIdentifier = PESEL) inside xades:SignerRole/ClaimedRoles/ClaimedRole.",
        ),
        (
            "podpis_zaufany_legacy_ppzp",
            _pz_podpis_zp(KATARZYNA),
            "Older ePUAP layout: ppZP:PodpisZP/DaneZP/DaneZPOsobyFizycznej with os:Nazwisko, os:Imie, os:PESEL "
            "inside xades:SignerRole/ClaimedRoles/ClaimedRole.",
        ),
    ):
        spec = Spec(
            ministry,
            c14n=C14N10,
            doc_transforms=(ENVELOPED, C14N10),
            sp_transforms=(C14N10,),
            signed_props_extra=block,
            keyinfo=(ministry.cert, *ministry.chain),
        )
        c.accept(
            name,
            c.enveloped(spec),
            ministry,
            signer=("pesel", KATARZYNA.pesel),
            signer_name=KATARZYNA.name,
            layout="podpis zaufany: Ministry seal certificate, the person in signed SignerRole/ClaimedRole",
            note=note + f" The certificate is the Ministry's seal (VATPL-{certs.MINISTRY_NIP}); KSeF identifies "
            "the PERSON by the PESEL in the signed properties, never the Ministry's NIP.",
            source=SRC_PZ,
            check=c.strict(ministry),
        )
    edowod_keys: tuple[tuple[str, certs.KeyKind, str], ...] = (
        ("edowod_brainpool", "brainpoolP256r1", xmldsig.ECDSA_SHA256),
        ("edowod_p384", "p384", xmldsig.ECDSA_SHA384),
    )
    for name, kind, method in edowod_keys:
        ident = certs.edowod(PIOTR, kind)
        spec = Spec(ident, method=method)
        c.accept(
            name,
            c.enveloped(spec),
            ident,
            layout=f"podpis osobisty (e-dowód), ECDSA {kind}",
            note="e-dowód certificate (serialNumber PNOPL-<PESEL>, non-qualified CA). Doubt: KSeF's list names "
            "qualified certificates and Profil Zaufany only; podpis osobisty is assumed accepted.",
            source=SRC_CERTS,
            check=c.strict(ident),
        )
    seal = certs.qualified_seal(c.nip)
    spec = Spec(seal, keyinfo=(seal.cert, seal.chain[0]))
    c.accept(
        "qualified_seal",
        c.enveloped(spec),
        seal,
        layout="official layout, qualified seal (O, organizationIdentifier VATPL-<NIP>, CN, C)",
        note="Company seal: identity = NIP from organizationIdentifier; no givenName/surname.",
        source=SRC_CERTS,
        check=c.strict(seal),
    )
    ksef = certs.ksef_certificate(c.nip)
    c.accept(
        "ksef_certificate",
        c.official(ksef),
        ksef,
        layout="official layout, KSeF Authentication certificate (EC P-256)",
        note="A certificate issued by KSeF's own CA (keyUsage digitalSignature, 16-hex-digit serial).",
        source="REFERENCE.md 6 (KSeF certificates, type Authentication)",
        check=c.strict(ksef),
    )
    tomasz = certs.self_signed_person(TOMASZ)
    c.accept(
        "self_signed_test_person",
        c.official(tomasz),
        tomasz,
        layout="official layout, self-signed certificate with PNOPL-<PESEL>",
        note="Accepted on TEST only (REFERENCE.md 2.3).",
        source=SRC_CERTS,
        check=c.strict(tomasz),
    )
    self_seal = certs.self_signed_seal(c.nip)
    c.accept(
        "self_signed_test_seal",
        c.official(self_seal),
        self_seal,
        layout="official layout, self-signed seal with VATPL-<NIP>",
        note="Accepted on TEST only (REFERENCE.md 2.3).",
        source=SRC_CERTS,
        check=c.strict(self_seal),
    )
    foreign = certs.foreign_person()
    c.accept(
        "fingerprint_foreign_qualified",
        c.official(foreign, c.request(subject_type="certificateFingerprint")),
        foreign,
        layout="official layout, SubjectIdentifierType certificateFingerprint, EU (CZ) qualified certificate",
        note="No PESEL/NIP in the subject: identity = SHA-256 fingerprint (upper-case hex); permissions must "
        "be granted to the fingerprint first. The request was changed to certificateFingerprint BEFORE signing.",
        source="REFERENCE.md 2.2 (certificateFingerprint)",
        check=c.strict(foreign),
    )


# ------------------------------------------------------------------------------------------------
# Refused layouts
# ------------------------------------------------------------------------------------------------


def _tamper(data: bytes, old: bytes, new: bytes) -> bytes:
    assert data.count(old) >= 1, old
    return data.replace(old, new, 1)


def _refused_integrity(c: _Corpus) -> None:
    owner = certs.owner(c.nip)
    official = c.official(owner)
    insecure = Xmlsec1Check(False)
    c.refuse(
        "unsigned",
        c.unsigned,
        "unsigned",
        layout="the unsigned request",
        note="No ds:Signature at all (KSeF error 9102).",
        source="REFERENCE.md 2.3 error 9102",
    )
    challenge = c.challenge.encode()
    other = challenge[:-2] + (b"00" if challenge[-2:] != b"00" else b"01")
    c.refuse(
        "tampered_challenge",
        _tamper(official, b"<Challenge>" + challenge, b"<Challenge>" + other),
        "tampered",
        layout="official layout, Challenge changed after signing",
        note="The reference digest no longer matches.",
        source=SRC_INTEGRITY,
        check=insecure,
    )
    c.refuse(
        "tampered_nip",
        _tamper(official, f"<Nip>{c.nip}</Nip>".encode(), f"<Nip>{c.other_nip}</Nip>".encode()),
        "tampered",
        layout="official layout, ContextIdentifier/Nip changed after signing",
        note=f"The context NIP was replaced by {c.other_nip}.",
        source=SRC_INTEGRITY,
        check=insecure,
    )
    signing_time = (xmldsig.parse(official).getroot().findtext(f".//{{{XADES}}}SigningTime") or "").encode()
    earlier = (certs.current_time() - timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    c.refuse(
        "tampered_signed_properties",
        _tamper(official, signing_time, earlier),
        "tampered",
        layout="official layout, SigningTime changed after signing",
        note="The #SignedProperties reference digest no longer matches.",
        source=SRC_INTEGRITY,
        check=insecure,
    )
    tree = xmldsig.parse(official)
    value = tree.getroot().find(f"{q('Signature')}/{q('SignatureValue')}")
    assert value is not None and value.text
    raw = bytearray(base64.b64decode(value.text))
    raw[len(raw) // 2] ^= 0x5A
    c.refuse(
        "signature_value_corrupted",
        _tamper(official, value.text.encode(), base64.b64encode(bytes(raw))),
        "bad_signature",
        layout="official layout, one byte of SignatureValue flipped",
        note="References are intact; the signature value is not.",
        source=SRC_INTEGRITY,
        check=insecure,
    )
    other_person = certs.person(TOMASZ, "rsa2048")
    c.refuse(
        "keyinfo_cert_replaced",
        c.enveloped(Spec(owner, keyinfo=(other_person.cert,))),
        "bad_signature",
        layout="official layout signed by the owner, KeyInfo holds another person's valid certificate",
        note="The embedded certificate's key does not verify the signature (and SigningCertificate names "
        "another certificate).",
        source=SRC_INTEGRITY,
        check=insecure,
    )
    ec = certs.owner(c.nip, "p256")
    c.refuse(
        "ecdsa_der_signature_value",
        c.enveloped(Spec(ec), ecdsa_der=True),
        "bad_signature",
        layout="official layout, ECDSA SignatureValue DER-encoded instead of raw R||S",
        note="XMLDSig requires raw R||S (REFERENCE.md 2.3); a DER SEQUENCE is a bad signature.",
        source="REFERENCE.md 2.3: ECDSA SignatureValue must be raw R||S",
        check=insecure,
    )
    pretty = xmldsig.parse(official)
    etree.indent(pretty.getroot(), space="    ")
    c.refuse(
        "resave_pretty_printed",
        _serialize(pretty),
        "tampered",
        layout="a correctly signed file re-indented by a text editor",
        note="Whitespace added inside the signed request and inside SignedInfo breaks the digests.",
        source=SRC_INTEGRITY + "; PITFALLS.md (never re-serialise a signed document)",
        check=insecure,
    )
    # the issuer DN in SigningCertificate has non-ASCII letters, so the re-encoding changes bytes
    text = official.decode().replace('encoding="UTF-8"', 'encoding="windows-1250"').replace("\n", "\r\n")
    c.refuse(
        "resave_windows1250_crlf",
        text.encode("cp1250"),
        "encoding",
        layout="a correctly signed file converted to Windows-1250 with CRLF line ends",
        note="XML-wise still valid (the parser normalises CRLF and decodes cp1250, xmlsec1 verifies it), "
        "but KSeF expects UTF-8.",
        source=SRC_ENCODING,
        check=Xmlsec1Check(True),
    )
    utf16 = official.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    c.refuse(
        "utf16_encoded",
        utf16,
        "encoding",
        layout="a correctly signed file re-encoded as UTF-16 (with BOM)",
        note="The signature still verifies XML-wise; KSeF expects UTF-8.",
        source=SRC_ENCODING,
        check=Xmlsec1Check(True),
    )


def _refused_forms(c: _Corpus) -> None:
    owner = certs.owner(c.nip)
    seal = certs.qualified_seal(c.nip)
    request = c.request()
    external = {"AuthTokenRequest.xml": DECLARATION + request}
    spec = Spec(owner, doc_uri="AuthTokenRequest.xml", doc_transforms=())
    tree = xmldsig.parse(xades.render(spec).encode())
    _sign(tree.getroot(), spec, external=external)
    c.refuse(
        "detached_file",
        _serialize(tree),
        "detached",
        layout="detached: ds:Signature root referencing the external file AuthTokenRequest.xml",
        note="The signed request is not in the file at all (xmlsec1 verifies it with the file beside it).",
        source=SRC_FORMS,
        check=Xmlsec1Check(True, side_files=tuple(external.items())),
    )
    spec = Spec(owner, doc_uri="AuthTokenRequest.xml", doc_transforms=())
    c.refuse(
        "detached_inside_request",
        c.enveloped(spec, external=external),
        "detached",
        layout="ds:Signature inside the request, but its only data reference is the external AuthTokenRequest.xml",
        note="Looks enveloped, is detached: nothing in the file covers the request's own content.",
        source=SRC_FORMS,
        check=Xmlsec1Check(True, side_files=tuple(external.items())),
    )
    # parallel signatures: each excludes every ds:Signature, so adding the second keeps the first valid
    first = c.enveloped(Spec(owner, doc_transforms=(FILTER2, EXC_C14N)))
    spec = Spec(seal, sig_id="Signature-2", sp_id="SignedProperties-2", doc_transforms=(XPATH, EXC_C14N))
    second = c.enveloped(spec, first.split(b"\n", 1)[1])
    c.refuse(
        "two_signatures",
        second,
        "many_signatures",
        layout="two parallel enveloped signatures (owner: Filter 2.0, company seal: XPath)",
        note="Both are valid; KSeF allows exactly one (error 9103).",
        source=SRC_ONE,
        check=Xmlsec1Check(True),
    )
    c.refuse(
        "no_qualifying_properties",
        c.enveloped(Spec(owner, qualifying=False)),
        "not_xades",
        layout="plain XMLDSig: no ds:Object/QualifyingProperties, no #SignedProperties reference",
        note="A valid XMLDSig signature that is not XAdES (no signed signing certificate).",
        source="REFERENCE.md 2.3: XAdES profiles only (strict validation since 2026-03-16)",
        check=Xmlsec1Check(True),
    )
    refs = "".join(xades.reference("ds:", "", (ENVELOPED, EXC_C14N)) for _ in range(2500))
    c.refuse(
        "too_many_references",
        c.enveloped(Spec(owner, doc_refs=refs)),
        "too_many_references",
        layout='official layout with 2,500 identical URI="" references',
        note="Cryptographically valid, but a verifier must cap the work per file.",
        source=SRC_POLICY,
        check=Xmlsec1Check(True),
    )


def _wrapped(c: _Corpus, outer: bytes, signature_xml: bytes) -> bytes:
    """Insert an already-signed ds:Signature (bytes, no declaration) into another request."""
    return DECLARATION + _insert(outer, signature_xml.decode())


def _refused_wrapping(c: _Corpus) -> None:
    owner = certs.owner(c.nip)
    attacker_root = c.request(nip=c.other_nip)
    valid = Xmlsec1Check(True)

    # (a) an enveloping signature over the genuine request, placed inside another (unsigned) request
    obj = f"Object-{_id('wrap-a', 12)}"
    spec = Spec(owner, doc_uri=f"#{obj}", doc_transforms=(EXC_C14N,), doc_ref_type=OBJECT_TYPE)
    genuine = c.enveloping(spec, c.request(), obj)
    c.refuse(
        "wrapping_signed_request_in_object",
        _wrapped(c, attacker_root, genuine.split(b"\n", 1)[1]),
        "wrapping",
        layout="root = unsigned request for another NIP; the signed request sits in ds:Object inside its signature",
        note=f"The signature is valid, but it covers the request in ds:Object (NIP {c.nip}), not the root "
        f"(NIP {c.other_nip}).",
        source=SRC_POLICY,
        check=Xmlsec1Check(True, id_attrs=(f"{DSIG}:Object",)),
    )

    # (b) duplicate Id: the reference names an Id carried by both the root and the signed copy
    doc_id = "Dokument-1"
    spec = Spec(owner, doc_uri=f"#{doc_id}", doc_transforms=(EXC_C14N,))
    spec.object_extra = f"<ds:Object>{c.request(root_id=doc_id).decode()}</ds:Object>"
    tree = xmldsig.parse(xades.render(spec).encode())
    _sign(tree.getroot(), spec)
    c.refuse(
        "wrapping_duplicate_id",
        _wrapped(c, c.request(nip=c.other_nip, root_id=doc_id), etree.tostring(tree.getroot(), encoding="UTF-8")),
        "wrapping",
        layout='root Id="Dokument-1" (another NIP) and a signed copy with the same Id inside ds:Object',
        note='URI="#Dokument-1" resolves to two elements; the digest matches the copy, not the root '
        "(xmlsec1, which registers Ids inside the signature only, resolves it to the copy and says valid).",
        source=SRC_POLICY,
        check=valid,
    )

    # (c) only the Challenge element is signed
    spec = Spec(owner, doc_uri="#Challenge-1", doc_transforms=(EXC_C14N,))
    c.refuse(
        "wrapping_only_challenge_signed",
        c.enveloped(spec, c.request(challenge_id="Challenge-1")),
        "wrapping",
        layout="enveloped; the only data reference is #Challenge-1 (the Challenge element)",
        note="ContextIdentifier and SubjectIdentifierType are not signed: anyone could change the NIP.",
        source=SRC_POLICY,
        check=Xmlsec1Check(True, id_attrs=(f"{c.ns}:Challenge",)),
    )

    # (d) correctly signed root plus an unsigned request in a ds:Object
    decoy = c.request(nip=c.other_nip).decode()
    spec = Spec(owner, object_extra=f'<ds:Object Id="Decoy">{decoy}</ds:Object>')
    c.refuse(
        "wrapping_unsigned_request_in_object",
        c.enveloped(spec),
        "wrapping",
        layout="official layout (root signed) plus an unsigned AuthTokenRequest in an extra ds:Object",
        note="The root is genuinely signed; the second request is a decoy for readers that search the tree. "
        "Doubt: KSeF may accept this (it is excluded by enveloped-signature); refusing is our policy.",
        source=SRC_POLICY,
        check=valid,
    )

    # (e) the signed data is a base64 blob of the genuine request; the root is another request
    blob = base64.b64encode(DECLARATION + c.request()).decode()
    spec = Spec(
        owner,
        doc_uri="#Dane-1",
        doc_transforms=(BASE64,),
        object_extra=f'<ds:Object Id="Dane-1" MimeType="text/xml" Encoding="{BASE64}">{blob}</ds:Object>',
    )
    c.refuse(
        "wrapping_base64_decoy",
        c.enveloped(spec, attacker_root),
        "wrapping",
        layout="root = unsigned request for another NIP; the signature covers a base64 ds:Object holding the "
        "genuine request",
        note="Valid signature (base64 transform) over bytes that are not the root element.",
        source=SRC_POLICY,
        check=Xmlsec1Check(True, id_attrs=(f"{DSIG}:Object",)),
    )

    # (f) a second AuthTokenRequest nested in the unsigned properties
    spec = Spec(owner, unsigned_extra=decoy)
    c.refuse(
        "wrapping_nested_request",
        c.enveloped(spec),
        "wrapping",
        layout="official layout plus another AuthTokenRequest inside xades:UnsignedSignatureProperties",
        note="UnsignedSignatureProperties admits foreign elements (xsd:any ##other); the nested request is "
        "unsigned. Doubt: KSeF may ignore it; refusing is our policy.",
        source=SRC_POLICY,
        check=valid,
    )


IDENTITY_XSLT = (
    f'<xsl:stylesheet xmlns:xsl="{xmldsig.XSLT_NS}" version="1.0"><xsl:output method="xml" '
    'omit-xml-declaration="yes"/><xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates '
    'select="@*|node()"/></xsl:copy></xsl:template></xsl:stylesheet>'
)


def _refused_algorithms(c: _Corpus) -> None:
    owner = certs.owner(c.nip)
    xslt_ref = (
        f'<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="{ENVELOPED}"/>'
        f'<ds:Transform Algorithm="{XSLT}">{IDENTITY_XSLT}</ds:Transform></ds:Transforms>'
        f'<ds:DigestMethod Algorithm="{xmldsig.SHA256}"/><ds:DigestValue></ds:DigestValue></ds:Reference>'
    )
    c.refuse(
        "xslt_transform",
        c.enveloped(Spec(owner, doc_refs=xslt_ref)),
        "forbidden_transform",
        layout="enveloped-signature + XSLT (REC-xslt-19991116) identity stylesheet",
        note="XSLT is not on KSeF's transform list (and lets a stylesheet decide what is signed).",
        source=SRC_TRANSFORMS,
        check=Xmlsec1Check(True),
    )
    unknown = "http://www.example.com/transforms#strip-nothing"
    c.refuse(
        "unknown_transform",
        c.enveloped(Spec(owner, doc_transforms=(ENVELOPED, unknown, EXC_C14N)), unknown_transforms=True),
        "forbidden_transform",
        layout="enveloped-signature + an unknown transform algorithm + exc-c14n",
        note="Digest computed as if the unknown transform were the identity.",
        source=SRC_TRANSFORMS,
    )
    hmac_key = b"ksef-desk-test-hmac-key-0123456789"
    c.refuse(
        "hmac_signature",
        c.enveloped(Spec(owner, method=xmldsig.HMAC_SHA256), key=hmac_key),
        "unsupported_algorithm",
        layout="official layout, SignatureMethod hmac-sha256 (KeyInfo still carries the owner's certificate)",
        note="A MAC proves nothing about the certificate holder.",
        source=SRC_ALGORITHMS,
        check=Xmlsec1Check(True, hmac_key=hmac_key),
    )
    dsa_owner = certs.qualified_person("owner-dsa", "Jan", "Kowalski", nip_value=c.nip, kind="dsa2048")
    c.refuse(
        "dsa_signature",
        c.official(dsa_owner),
        "unsupported_algorithm",
        layout="official layout, DSA-2048 key, SignatureMethod dsa-sha256",
        note="DSA is not on KSeF's SignatureMethod list.",
        source=SRC_ALGORITHMS,
        check=Xmlsec1Check(True),
    )
    c.refuse(
        "digest_md5",
        c.enveloped(Spec(owner, digest=MD5)),
        "unsupported_algorithm",
        layout="official layout, DigestMethod md5 for both references",
        note="MD5 is not on KSeF's DigestMethod list.",
        source=SRC_ALGORITHMS,
        check=Xmlsec1Check(True),
    )
    weak = certs.qualified_person("owner-rsa1024", "Jan", "Kowalski", nip_value=c.nip, kind="rsa1024")
    c.refuse(
        "rsa_1024",
        c.official(weak),
        "weak_key",
        layout="official layout, RSA-1024 key",
        note="RSA keys must be at least 2048 bits.",
        source=SRC_KEYS,
        check=Xmlsec1Check(True),
    )
    p224 = certs.qualified_person("owner-p224", "Jan", "Kowalski", nip_value=c.nip, kind="p224")
    c.refuse(
        "ecdsa_p224",
        c.official(p224),
        "weak_key",
        layout="official layout, ECDSA on P-224",
        note="EC curves must be at least 256 bits.",
        source=SRC_KEYS,
        check=Xmlsec1Check(True),
    )
    expired = certs.expired_owner(c.nip)
    c.refuse(
        "cert_expired",
        c.official(expired),
        "cert_expired",
        layout="official layout, the owner's certificate expired yesterday",
        note="The signature is intact; the certificate's validity ended before signing.",
        source="REFERENCE.md 2.1 status 460 / error 21115 (invalid certificate)",
        check=Xmlsec1Check(True),
    )


def _refused_files(c: _Corpus) -> None:
    owner = certs.owner(c.nip)
    official = c.official(owner)
    body = official.split(b"\n", 1)[1]
    nip_element = f"<Nip>{c.nip}</Nip>".encode()
    doctype = f'<!DOCTYPE AuthTokenRequest [\n<!ENTITY nip "{c.nip}">\n]>\n'.encode()
    c.refuse(
        "doctype_internal_entity",
        DECLARATION + doctype + _tamper(body, nip_element, b"<Nip>&nip;</Nip>"),
        "doctype",
        layout="signed file with a DOCTYPE whose internal entity supplies the NIP",
        note="After entity expansion the signature is valid; KSeF-bound XML must not carry a DTD.",
        source="XML hardening (no DTDs in untrusted input); KSeF behaviour not documented",
        check=Xmlsec1Check(True, expand_entities=True),
    )
    xxe = b'<!DOCTYPE AuthTokenRequest [\n<!ENTITY secret SYSTEM "file:///etc/hostname">\n]>\n'
    c.refuse(
        "doctype_external_entity",
        DECLARATION + xxe + body,
        "doctype",
        layout="signed file with a DOCTYPE declaring an external (XXE) entity, unused",
        note="The signature is valid; the DTD alone must make the file refused, without fetching anything.",
        source="XML hardening (XXE); KSeF behaviour not documented",
        check=Xmlsec1Check(True),
    )
    cms = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(DECLARATION + c.request())
        .add_signer(owner.cert, owner.key, hashes.SHA256())  # type: ignore[arg-type]
        .sign(serialization.Encoding.DER, [])
    )
    c.refuse(
        "cades_p7s",
        cms,
        "cades",
        layout="CAdES/CMS SignedData (.p7s, DER) enveloping the request",
        note="A valid CMS signature over the request, but KSeF takes XAdES only.",
        source=SRC_FORMAT,
    )
    c.refuse(
        "pdf",
        _pdf(),
        "pdf",
        layout="a PDF file",
        note="A small PDF (what a PAdES-signing user might send).",
        source=SRC_FORMAT,
    )
    c.refuse(
        "asic_zip",
        _asice(c, owner),
        "asic",
        layout="ASiC-E container (ZIP: mimetype, AuthTokenRequest.xml, META-INF/signatures001.xml)",
        note="The XAdES inside is detached from the request; KSeF takes the signed XML itself.",
        source=SRC_FORMAT,
    )
    c.refuse(
        "not_xml",
        "To nie jest XML — tylko notatka z wyzwaniem: ".encode() + c.challenge.encode() + b"\n",
        "not_xml",
        layout="plain text",
        note="Not XML at all.",
        source=SRC_FORMAT,
    )
    c.refuse("empty_file", b"", "not_xml", layout="an empty file", note="Zero bytes.", source=SRC_FORMAT)


def _pdf() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    ]
    text = b"BT /F1 12 Tf 72 760 Td (AuthTokenRequest) Tj ET"
    objects.append(b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _asice(c: _Corpus, owner: Identity) -> bytes:
    content = DECLARATION + c.request()
    spec = Spec(owner, doc_uri="AuthTokenRequest.xml", doc_transforms=())
    container = f'<asic:XAdESSignatures xmlns:asic="http://uri.etsi.org/02918/v1.2.1#">{xades.render(spec)}</asic:XAdESSignatures>'
    tree = xmldsig.parse(container.encode())
    signature = tree.getroot().find(q("Signature"))
    assert signature is not None
    _sign(signature, spec, external={"AuthTokenRequest.xml": content})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.etsi.asic-e+zip", zipfile.ZIP_STORED)
        archive.writestr("AuthTokenRequest.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/signatures001.xml", _serialize(tree), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


_SECTIONS: tuple[Callable[[_Corpus], None], ...] = (
    _accepted_transforms,
    _accepted_algorithms,
    _accepted_xades,
    _accepted_certificates,
    _refused_integrity,
    _refused_forms,
    _refused_wrapping,
    _refused_algorithms,
    _refused_files,
)


def build_corpus(unsigned_request: bytes, *, nip: str) -> list[Case]:
    """Every case, signed over ``unsigned_request`` (context Nip = ``nip``)."""
    corpus = _Corpus(unsigned_request, nip)
    for section in _SECTIONS:
        section(corpus)
    names = [case.name for case in corpus.cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return corpus.cases


def manifest(cases: list[Case], nip: str) -> str:
    """manifest.md text: one table row per case (the context NIP and fingerprints as placeholders)."""
    lines = [
        "# XAdES login corpus: manifest",
        "",
        "Generated from `build.py` (`manifest(build_corpus(...), nip)`); the self-check test keeps it in sync.",
        "`<NIP>` is the caller's context NIP. Accepted cases need `needs_person_permission` handled when the",
        "signer is not `nip <NIP>`.",
        "",
        "| case | layout | verdict | signer | source |",
        "| --- | --- | --- | --- | --- |",
    ]
    for case in cases:
        verdict = "accept" if case.expect == "accept" else f"refuse: {case.reason}"
        signer = ""
        if case.signer:
            kind, value = case.signer
            value = "<NIP>" if value == nip else ("<SHA-256 of the certificate>" if kind == "fingerprint" else value)
            signer = f"{kind} {value} ({case.signer_name})"
        layout = case.layout.replace("|", "/").replace(nip, "<NIP>")
        lines.append(f"| {case.name} | {layout} | {verdict} | {signer} | {case.source.replace('|', '/')} |")
    return "\n".join(lines) + "\n"

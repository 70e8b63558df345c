"""The sandbox's own judge of ``POST /auth/xades-signature``: a second, independent XAdES verifier.

The app pre-checks files with signxml (``ksefdesk.core.signed_file``); the sandbox must not share that
code, or one bug would pass both. Here the cryptography is libxmlsec1 (PyPI ``xmlsec``), which
implements every transform KSeF lists (REFERENCE 2.3), XPath and XPath Filter 2.0 included; the rest
(what may be referenced, which certificate signed, who the signer is) is this module's own code.

What is checked, before any cryptography (so hostile files cost milliseconds):
- the bytes: size, UTF-8, no DTD; a root that is either the AuthTokenRequest (enveloped signature)
  or a ds:Signature holding the request in a ds:Object (enveloping, as XML or base64);
- exactly one ds:Signature, shaped as XMLDSig says, with at most ``MAX_REFERENCES`` references and
  only KSeF's algorithms and transforms (XSLT, XPointer transforms and unknown URIs are refused);
- signature wrapping: every reference must point at the request (the document, the root, or the
  enveloping Object), this signature's SignedProperties or its KeyInfo; Ids are unique; there is one
  AuthTokenRequest in the whole file, no unsigned ds:Object and no base64 blob holding another request;
  a transform chain may only cut the signature out of the request, never anything else;
- XAdES 1.3.2 QualifyingProperties with SignedProperties that are referenced, and a
  SigningCertificate(V2) entry whose CertDigest names a certificate from KeyInfo.

Then libxmlsec1 verifies SignedInfo and every reference with the key of that certificate (a chain in
KeyInfo may come in any order: leaf certificates are tried first), and the signer's certificate must
be within its validity with RSA >= 2048 or EC >= 256 bits. Challenge and ContextIdentifier are read
from the element that was verified.
"""

from __future__ import annotations

import base64
import binascii
import enum
import functools
import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import datetime
from types import ModuleType

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from lxml import etree

from ksefdesk.core.auth_request import schema_errors
from ksefdesk.core.schemas import AUTH_NS_20, AUTH_NS_21
from ksefdesk.core.xml_safety import MAX_XML_BYTES, UnsafeXml, declared_encoding, parse_untrusted
from ksefsandbox.xades_identity import IdentityProblem, SignerIdentity, identify

DS = "http://www.w3.org/2000/09/xmldsig#"
DS11 = "http://www.w3.org/2009/xmldsig11#"
XADES = "http://uri.etsi.org/01903/v1.3.2#"
AUTH_NAMESPACES = (AUTH_NS_20, AUTH_NS_21)
SIGNED_PROPERTIES_TYPE = "http://uri.etsi.org/01903#SignedProperties"

MAX_BODY_BYTES = MAX_XML_BYTES  # XAdES-LT may carry revocation data; a plain login file is a few KB
MAX_REFERENCES = 10  # KSeF's layouts need 2 or 3; 2,500 references once cost libxmlsec1 43 s
MAX_TRANSFORMS = 5
MAX_CERTIFICATES = 10
MAX_KEY_ATTEMPTS = 3  # each attempt digests everything again; the leaf (tried first) is the signer in practice

C14N_METHODS = frozenset(
    {
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
        "http://www.w3.org/2006/12/xml-c14n11",
        "http://www.w3.org/2006/12/xml-c14n11#WithComments",
        "http://www.w3.org/2001/10/xml-exc-c14n#",
        "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
    }
)
EXC_C14N_NS = "http://www.w3.org/2001/10/xml-exc-c14n#"
ENVELOPED = DS + "enveloped-signature"
BASE64 = DS + "base64"
XPATH = "http://www.w3.org/TR/1999/REC-xpath-19991116"
FILTER2 = "http://www.w3.org/2002/06/xmldsig-filter2"

_MORE = "http://www.w3.org/2001/04/xmldsig-more#"
_MORE07 = "http://www.w3.org/2007/05/xmldsig-more#"
_MORE21 = "http://www.w3.org/2021/04/xmldsig-more#"
# KSeF's DigestMethod list (also for SigningCertificate/CertDigest), as hashlib names.
DIGESTS = {
    DS + "sha1": "sha1",
    "http://www.w3.org/2001/04/xmlenc#sha256": "sha256",
    _MORE + "sha384": "sha384",
    "http://www.w3.org/2001/04/xmlenc#sha512": "sha512",
    _MORE07 + "sha3-256": "sha3_256",
    _MORE07 + "sha3-384": "sha3_384",
    _MORE07 + "sha3-512": "sha3_512",
}
# SignatureMethod -> key family: RSA PKCS#1 v1.5, RSA-PSS (RFC 6931 *-rsa-MGF1), ECDSA (raw R||S).
SIGNATURE_METHODS = {
    DS + "rsa-sha1": "rsa",
    _MORE + "rsa-sha256": "rsa",
    _MORE + "rsa-sha384": "rsa",
    _MORE + "rsa-sha512": "rsa",
    **{f"{_MORE07}{h}-rsa-MGF1": "rsa" for h in ("sha1", "sha256", "sha384", "sha512", "sha3-256", "sha3-384")},
    _MORE07 + "sha3-512-rsa-MGF1": "rsa",
    **{f"{_MORE}ecdsa-{h}": "ec" for h in ("sha1", "sha256", "sha384", "sha512")},
    **{f"{_MORE21}ecdsa-{h}": "ec" for h in ("sha3-256", "sha3-384", "sha3-512")},
}

_NAME = r"[A-Za-z_][\w.-]*"
_XPATH_NOT_SIGNATURE = re.compile(rf"not\(ancestor-or-self::({_NAME}):Signature\)")
# XPath Filter 2.0 "subtract" expressions that remove exactly the (single) signature, as EU DSS and
# the XMLDSig Filter 2.0 spec write them.
_FILTER2_SUBTRACT = (
    re.compile(rf"/descendant::({_NAME}):Signature"),
    re.compile(rf"//({_NAME}):Signature"),
    re.compile(rf"here\(\)/ancestor::({_NAME}):Signature\[1\]"),
)
_XPOINTER_ID = re.compile(r"#xpointer\(id\((['\"])([^'\"]*)\1\)\)")
_KEY_INFO_CHILDREN = frozenset({f"{{{DS}}}X509Data", f"{{{DS}}}KeyValue", f"{{{DS}}}KeyName"})
_X509_DATA_CHILDREN = frozenset(
    {f"{{{DS}}}{name}" for name in ("X509Certificate", "X509IssuerSerial", "X509SubjectName", "X509SKI", "X509CRL")}
    | {f"{{{DS11}}}X509Digest"}
)


class Refusal(enum.StrEnum):
    """Why a file is refused; each maps to one KSeF exceptionCode (``KSEF_CODES``)."""

    UNREADABLE = "unreadable"
    ENCODING = "encoding"
    INVALID_DOCUMENT = "invalid_document"
    SCHEMA = "schema"
    UNSIGNED = "unsigned"
    TOO_MANY_SIGNATURES = "too_many_signatures"
    INVALID_SIGNATURE = "invalid_signature"
    INVALID_CERTIFICATE = "invalid_certificate"
    INVALID_SUBJECT = "invalid_subject"
    SUBJECT_CONFLICT = "subject_conflict"


# KSeF's codes and descriptions for POST /auth/xades-signature (open-api.json, REFERENCE 2.3).
KSEF_CODES: dict[Refusal, tuple[int, str]] = {
    Refusal.UNREADABLE: (21001, "Nieczytelna treść."),
    Refusal.ENCODING: (21217, "Nieprawidłowe kodowanie znaków."),
    Refusal.INVALID_DOCUMENT: (9101, "Nieprawidłowy dokument."),
    Refusal.SCHEMA: (21401, "Dokument nie jest zgodny ze schemą (xsd)."),
    Refusal.UNSIGNED: (9102, "Brak podpisu."),
    Refusal.TOO_MANY_SIGNATURES: (9103, "Przekroczona liczba dozwolonych podpisów."),
    Refusal.INVALID_SIGNATURE: (9105, "Nieprawidłowy podpis."),
    Refusal.INVALID_CERTIFICATE: (21115, "Nieprawidłowy certyfikat."),
    Refusal.INVALID_SUBJECT: (21117, "Nieprawidłowy identyfikator podmiotu dla wskazanego typu kontekstu."),
    # Seen from KSeF TEST for certificateSubject with a certificate whose identifier it cannot read.
    Refusal.SUBJECT_CONFLICT: (21406, "Konflikt podpisu i typu uwierzytelnienia."),
}


class SignatureRefused(Exception):
    def __init__(self, refusal: Refusal, detail: str) -> None:
        super().__init__(f"{refusal.value}: {detail}")
        self.refusal = refusal
        self.detail = detail

    @property
    def ksef_code(self) -> int:
        return KSEF_CODES[self.refusal][0]

    @property
    def ksef_description(self) -> str:
        return KSEF_CODES[self.refusal][1]


class Layout(enum.StrEnum):
    ENVELOPED = "enveloped"
    ENVELOPING = "enveloping"  # the request as XML inside a ds:Object
    ENVELOPING_BASE64 = "enveloping-base64"  # the request base64-encoded inside a ds:Object


@dataclass(frozen=True)
class VerifiedLogin:
    """A login file whose signature verified; every field comes from the verified request."""

    challenge: str
    context_type: str  # Nip, InternalId, NipVatUe, PeppolId
    context_value: str
    subject_identifier_type: str  # certificateSubject or certificateFingerprint
    certificate: x509.Certificate
    identity: SignerIdentity
    layout: Layout
    namespace: str


def _refuse(refusal: Refusal, detail: str) -> SignatureRefused:
    return SignatureRefused(refusal, detail)


@functools.cache
def _xmlsec() -> ModuleType:
    """Imported on first use: a libxml2 mismatch with lxml (PITFALLS.md) then fails XAdES logins
    with a clear message instead of keeping the whole app from starting."""
    import xmlsec

    return xmlsec


# --- reading the bytes ------------------------------------------------------------------------
def _parse(data: bytes) -> etree._Element:
    if not data.strip():
        raise _refuse(Refusal.UNREADABLE, "Plik jest pusty.")
    if len(data) > MAX_BODY_BYTES:
        raise _refuse(Refusal.UNREADABLE, f"Plik jest większy niż {MAX_BODY_BYTES} bajtów.")
    head = data[:8]
    if head.startswith(b"%PDF"):
        raise _refuse(Refusal.UNREADABLE, "To jest plik PDF, a nie podpisany dokument XML.")
    if head.startswith(b"PK\x03\x04"):
        raise _refuse(Refusal.UNREADABLE, "To jest archiwum ZIP (np. ASiC), a nie podpisany dokument XML.")
    if head.startswith(b"\x30"):
        raise _refuse(Refusal.UNREADABLE, "To są dane binarne (np. podpis CAdES), a nie dokument XML.")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4]:
        raise _refuse(Refusal.ENCODING, "Dokument musi być zapisany w UTF-8 (to wygląda na UTF-16).")
    encoding = declared_encoding(data)
    if encoding not in (None, "utf-8", "utf8"):
        raise _refuse(Refusal.ENCODING, f"Dokument musi być zapisany w UTF-8, a deklaruje {encoding!r}.")
    try:
        return parse_untrusted(data, max_bytes=MAX_BODY_BYTES)
    except UnsafeXml as exc:
        if exc.reason == "encoding":
            raise _refuse(Refusal.ENCODING, f"Nieprawidłowe znaki UTF-8: {exc.detail[:200]}") from exc
        if exc.reason == "doctype":
            raise _refuse(Refusal.INVALID_DOCUMENT, "Dokument nie może zawierać deklaracji DOCTYPE ani encji.") from exc
        raise _refuse(Refusal.UNREADABLE, f"To nie jest poprawny XML: {exc.detail[:200]}") from exc


def _elements(parent: etree._Element) -> list[etree._Element]:
    return [child for child in parent if isinstance(child.tag, str)]


def _text(element: etree._Element | None) -> str:
    return "" if element is None else str(element.xpath("string()")).strip()


def _strict_b64(text: str | None) -> bytes:
    return base64.b64decode(re.sub(r"\s+", "", text or ""), validate=True)


def _is_request(element: etree._Element) -> bool:
    qname = etree.QName(element)
    return qname.localname == "AuthTokenRequest" and qname.namespace in AUTH_NAMESPACES


@dataclass
class _Index:
    signatures: list[etree._Element] = field(default_factory=list)
    requests: list[etree._Element] = field(default_factory=list)  # AuthTokenRequest of any namespace
    ids: dict[str, tuple[etree._Element, str]] = field(default_factory=dict)
    duplicate_ids: list[str] = field(default_factory=list)


def _index(root: etree._Element) -> _Index:
    """Signatures, requests and Ids of a whole document (lxml's C-level searches: a hostile file
    with thousands of elements is indexed in a few milliseconds)."""
    index = _Index(
        signatures=list(root.iter(f"{{{DS}}}Signature")),
        requests=list(root.iter("{*}AuthTokenRequest")),
    )
    for attribute in root.xpath("//@Id | //@ID | //@id | //@xml:id"):
        value, element = str(attribute), attribute.getparent()
        if value in index.ids:
            index.duplicate_ids.append(value)
        else:
            index.ids[value] = (element, str(attribute.attrname))
    return index


# --- the ds:Signature element -----------------------------------------------------------------
@dataclass(frozen=True)
class _Transform:
    algorithm: str
    kind: str  # "exclusion" (cuts the signature out), "c14n" or "base64"


@dataclass(frozen=True)
class _Reference:
    element: etree._Element
    uri: str | None
    type: str | None
    transforms: tuple[_Transform, ...]


@dataclass(frozen=True)
class _Signature:
    element: etree._Element
    method: str
    references: tuple[_Reference, ...]
    key_info: etree._Element | None
    objects: tuple[etree._Element, ...]


def _expect(element: etree._Element, tag: str, what: str) -> None:
    if element.tag != f"{{{DS}}}{tag}":
        raise _refuse(Refusal.INVALID_SIGNATURE, f"{what}: oczekiwano ds:{tag}, jest {etree.QName(element).localname}.")


def _no_children(element: etree._Element, what: str) -> None:
    if _elements(element):
        raise _refuse(Refusal.INVALID_SIGNATURE, f"{what} nie może zawierać elementów podrzędnych.")


def _prefix_is_ds(element: etree._Element, prefix: str) -> bool:
    return bool(element.nsmap.get(prefix) == DS)


def _transform(element: etree._Element) -> _Transform:
    _expect(element, "Transform", "Transforms")
    algorithm = element.get("Algorithm", "")
    children = _elements(element)
    if algorithm in C14N_METHODS:
        if any(child.tag != f"{{{EXC_C14N_NS}}}InclusiveNamespaces" for child in children):
            raise _refuse(Refusal.INVALID_SIGNATURE, "Transformacja C14N zawiera nieznane elementy.")
        return _Transform(algorithm, "c14n")
    if algorithm in (ENVELOPED, BASE64):
        _no_children(element, "Transformacja")
        return _Transform(algorithm, "exclusion" if algorithm == ENVELOPED else "base64")
    if algorithm == XPATH:
        if len(children) != 1 or children[0].tag != f"{{{DS}}}XPath":
            raise _refuse(Refusal.INVALID_SIGNATURE, "Transformacja XPath musi zawierać jedno wyrażenie ds:XPath.")
        expression = re.sub(r"\s+", "", "".join(children[0].itertext()))
        match = _XPATH_NOT_SIGNATURE.fullmatch(expression)
        if not match or not _prefix_is_ds(children[0], match.group(1)):
            raise _refuse(
                Refusal.INVALID_SIGNATURE,
                f"Dozwolone jest tylko wyrażenie XPath not(ancestor-or-self::ds:Signature), jest {expression[:100]!r}.",
            )
        return _Transform(algorithm, "exclusion")
    if algorithm == FILTER2:
        if not children:
            raise _refuse(Refusal.INVALID_SIGNATURE, "Transformacja XPath Filter 2.0 bez wyrażenia.")
        for child in children:
            expression = re.sub(r"\s+", "", "".join(child.itertext()))
            matches = [pattern.fullmatch(expression) for pattern in _FILTER2_SUBTRACT]
            match = next((m for m in matches if m), None)
            if (
                child.tag != f"{{{FILTER2}}}XPath"
                or child.get("Filter") != "subtract"
                or not match
                or not _prefix_is_ds(child, match.group(1))
            ):
                raise _refuse(
                    Refusal.INVALID_SIGNATURE,
                    "XPath Filter 2.0 może tylko odjąć (subtract) element ds:Signature, jest "
                    f"{child.get('Filter')!r} {expression[:100]!r}.",
                )
        return _Transform(algorithm, "exclusion")
    raise _refuse(Refusal.INVALID_SIGNATURE, f"Niedozwolona transformacja: {algorithm[:200]!r}.")


def _reference(element: etree._Element) -> _Reference:
    _expect(element, "Reference", "SignedInfo")
    children = _elements(element)
    transforms: list[_Transform] = []
    if children and children[0].tag == f"{{{DS}}}Transforms":
        listed = _elements(children.pop(0))
        if not listed or len(listed) > MAX_TRANSFORMS:
            raise _refuse(Refusal.INVALID_SIGNATURE, f"Referencja może mieć od 1 do {MAX_TRANSFORMS} transformacji.")
        transforms = [_transform(item) for item in listed]
    if len(children) != 2:
        raise _refuse(Refusal.INVALID_SIGNATURE, "Referencja musi zawierać DigestMethod i DigestValue.")
    _expect(children[0], "DigestMethod", "Reference")
    _expect(children[1], "DigestValue", "Reference")
    _no_children(children[0], "DigestMethod")
    digest = children[0].get("Algorithm", "")
    if digest not in DIGESTS:
        raise _refuse(Refusal.INVALID_SIGNATURE, f"Niedozwolona funkcja skrótu: {digest[:200]!r}.")
    return _Reference(element, element.get("URI"), element.get("Type"), tuple(transforms))


def _signature(element: etree._Element) -> _Signature:
    children = _elements(element)
    if len(children) < 2:
        raise _refuse(Refusal.INVALID_SIGNATURE, "ds:Signature musi zawierać SignedInfo i SignatureValue.")
    signed_info, value, rest = children[0], children[1], children[2:]
    _expect(signed_info, "SignedInfo", "ds:Signature")
    _expect(value, "SignatureValue", "ds:Signature")
    parts = _elements(signed_info)
    if len(parts) - 2 > MAX_REFERENCES:  # refused before any other work: references cost digests
        raise _refuse(Refusal.INVALID_SIGNATURE, f"Podpis ma {len(parts) - 2} referencji, dozwolone {MAX_REFERENCES}.")
    if len(parts) < 3:
        raise _refuse(
            Refusal.INVALID_SIGNATURE, "SignedInfo musi zawierać CanonicalizationMethod, SignatureMethod i Reference."
        )
    _expect(parts[0], "CanonicalizationMethod", "SignedInfo")
    _expect(parts[1], "SignatureMethod", "SignedInfo")
    c14n = parts[0].get("Algorithm", "")
    if c14n not in C14N_METHODS:
        raise _refuse(Refusal.INVALID_SIGNATURE, f"Niedozwolona kanonikalizacja SignedInfo: {c14n[:200]!r}.")
    if any(child.tag != f"{{{EXC_C14N_NS}}}InclusiveNamespaces" for child in _elements(parts[0])):
        raise _refuse(Refusal.INVALID_SIGNATURE, "CanonicalizationMethod zawiera nieznane elementy.")
    method = parts[1].get("Algorithm", "")
    if method not in SIGNATURE_METHODS:
        raise _refuse(Refusal.INVALID_SIGNATURE, f"Niedozwolony algorytm podpisu: {method[:200]!r}.")
    _no_children(parts[1], "SignatureMethod")
    _no_children(value, "SignatureValue")
    key_info = None
    if rest and rest[0].tag == f"{{{DS}}}KeyInfo":
        key_info = rest.pop(0)
        for child in _elements(key_info):
            if child.tag not in _KEY_INFO_CHILDREN:
                raise _refuse(
                    Refusal.INVALID_SIGNATURE, f"Niedozwolony element KeyInfo: {etree.QName(child).localname}."
                )
            if child.tag == f"{{{DS}}}X509Data" and any(c.tag not in _X509_DATA_CHILDREN for c in _elements(child)):
                raise _refuse(Refusal.INVALID_SIGNATURE, "Niedozwolony element w KeyInfo/X509Data.")
    for item in rest:
        _expect(item, "Object", "ds:Signature")
    references = tuple(_reference(item) for item in parts[2:])
    return _Signature(element, method, references, key_info, tuple(rest))


# --- what the references point at -------------------------------------------------------------
@dataclass
class _Targets:
    content: _Reference
    content_element: etree._Element | None  # None: the whole document (URI="" or #xpointer(/))
    content_attribute: str | None  # the Id attribute that reference used, if any
    signed_properties: etree._Element
    register: list[tuple[etree._Element, str]]  # (element, Id attribute) for libxmlsec1's #id lookups


@dataclass(frozen=True)
class _Xades:
    holder: etree._Element  # the ds:Object with the QualifyingProperties
    signed_properties: etree._Element
    signed_signature_properties: etree._Element


def _xades(signature: _Signature) -> _Xades:
    found = list(signature.element.iter("{*}QualifyingProperties"))
    if not found:
        raise _refuse(Refusal.INVALID_SIGNATURE, "To nie jest podpis XAdES: brak xades:QualifyingProperties.")
    if len(found) > 1:
        raise _refuse(Refusal.INVALID_SIGNATURE, "Podpis zawiera więcej niż jedne QualifyingProperties.")
    qualifying = found[0]
    namespace = etree.QName(qualifying).namespace
    if namespace != XADES:
        raise _refuse(Refusal.INVALID_SIGNATURE, f"Obsługiwany jest XAdES 1.3.2, a podpis używa {namespace!r}.")
    holder = qualifying.getparent()
    if holder is None or holder not in signature.objects or len(_elements(holder)) != 1:
        raise _refuse(Refusal.INVALID_SIGNATURE, "QualifyingProperties muszą być jedyną treścią ds:Object podpisu.")
    signature_id = signature.element.get("Id")
    if not signature_id or qualifying.get("Target") != f"#{signature_id}":
        raise _refuse(
            Refusal.INVALID_SIGNATURE, "QualifyingProperties/@Target nie wskazuje tego podpisu (ds:Signature/@Id)."
        )
    parts = _elements(qualifying)
    if not parts or parts[0].tag != f"{{{XADES}}}SignedProperties":
        raise _refuse(Refusal.INVALID_SIGNATURE, "Brak xades:SignedProperties.")
    if any(part.tag != f"{{{XADES}}}UnsignedProperties" for part in parts[1:]) or len(parts) > 2:
        raise _refuse(Refusal.INVALID_SIGNATURE, "Nieoczekiwana treść QualifyingProperties.")
    signed = parts[0]
    signature_properties = signed.find(f"{{{XADES}}}SignedSignatureProperties")
    if signature_properties is None:
        raise _refuse(Refusal.INVALID_SIGNATURE, "Brak xades:SignedSignatureProperties.")
    return _Xades(holder, signed, signature_properties)


def _target_of(reference: _Reference, index: _Index) -> tuple[etree._Element | None, str | None]:
    """(element, Id attribute) a same-document URI names; (None, None) for the whole document."""
    uri = reference.uri
    if uri is None:
        raise _refuse(
            Refusal.INVALID_SIGNATURE, "Referencja bez URI (podpis zewnętrzny, detached, nie jest akceptowany)."
        )
    if uri in ("", "#xpointer(/)"):
        return None, None
    match = _XPOINTER_ID.fullmatch(uri)
    identifier = match.group(2) if match else (uri[1:] if uri.startswith("#") and "(" not in uri else None)
    if identifier is None:
        raise _refuse(
            Refusal.INVALID_SIGNATURE,
            f"Referencja {uri[:200]!r} wskazuje poza dokument (podpis zewnętrzny nie jest akceptowany).",
        )
    if identifier not in index.ids:
        raise _refuse(Refusal.INVALID_SIGNATURE, f"Referencja wskazuje nieistniejący element {identifier[:100]!r}.")
    element, attribute = index.ids[identifier]
    return element, attribute


def _check_chain(reference: _Reference, allowed: tuple[str, ...], what: str) -> None:
    kinds = [transform.kind for transform in reference.transforms]
    if allowed == ("exclusion",):
        # the request: cut the signature out (any KSeF way), then at most one C14N, last
        cut = kinds[:-1] if kinds and kinds[-1] == "c14n" else kinds
        if any(kind != "exclusion" for kind in cut):
            raise _refuse(Refusal.INVALID_SIGNATURE, f"{what}: niedozwolona kolejność lub rodzaj transformacji.")
        return
    if allowed == ("base64",):
        if kinds != ["base64"]:
            raise _refuse(Refusal.INVALID_SIGNATURE, f"{what}: treść base64 wymaga dokładnie transformacji base64.")
        return
    if kinds not in ([], ["c14n"]):  # a digest over signed properties may only be canonicalised
        raise _refuse(Refusal.INVALID_SIGNATURE, f"{what}: dozwolona jest tylko kanonikalizacja C14N.")


def _targets(signature: _Signature, xades: _Xades, index: _Index, layout: Layout, root: etree._Element) -> _Targets:
    content: list[tuple[_Reference, etree._Element | None, str | None]] = []
    signed_properties: list[_Reference] = []
    key_info: list[_Reference] = []
    register: list[tuple[etree._Element, str]] = []
    for reference in signature.references:
        element, attribute = _target_of(reference, index)
        if element is not None and attribute is not None:
            register.append((element, attribute))
        if element is xades.signed_properties:
            if reference.type not in (None, SIGNED_PROPERTIES_TYPE):
                raise _refuse(Refusal.INVALID_SIGNATURE, "Referencja do SignedProperties ma nieprawidłowy Type.")
            _check_chain(reference, ("c14n",), "Referencja do SignedProperties")
            signed_properties.append(reference)
        elif element is not None and element is signature.key_info:
            _check_chain(reference, ("c14n",), "Referencja do KeyInfo")
            key_info.append(reference)
        elif _is_content(element, layout, root, signature, xades):
            content.append((reference, element, attribute))
        else:
            raise _refuse(
                Refusal.INVALID_SIGNATURE,
                f"Referencja {str(reference.uri)[:100]!r} wskazuje element inny niż żądanie, "
                "jego SignedProperties lub KeyInfo.",
            )
        if reference.type == SIGNED_PROPERTIES_TYPE and element is not xades.signed_properties:
            raise _refuse(Refusal.INVALID_SIGNATURE, "Referencja typu SignedProperties wskazuje inny element.")
    if len(signed_properties) != 1:
        raise _refuse(
            Refusal.INVALID_SIGNATURE, "Podpis XAdES musi mieć dokładnie jedną referencję do SignedProperties."
        )
    if len(key_info) > 1:
        raise _refuse(Refusal.INVALID_SIGNATURE, "Podwójna referencja do KeyInfo.")
    if len(content) != 1:
        raise _refuse(Refusal.INVALID_SIGNATURE, f"Podpis musi obejmować żądanie dokładnie raz (jest {len(content)}).")
    reference, element, attribute = content[0]
    return _Targets(reference, element, attribute, xades.signed_properties, register)


def _is_content(
    element: etree._Element | None, layout: Layout, root: etree._Element, signature: _Signature, xades: _Xades
) -> bool:
    """The signed data: the document or its root (enveloped); one of the signature's ds:Object
    (not the XAdES one) or the request directly inside one (enveloping)."""
    if layout is Layout.ENVELOPED:
        return element is None or element is root
    if element is None or element is xades.holder:
        return False
    if element in signature.objects:
        return True
    parent = element.getparent()
    return parent is not None and parent in signature.objects and _is_request(element)


# --- the request itself -----------------------------------------------------------------------
@dataclass(frozen=True)
class _Request:
    element: etree._Element
    layout: Layout
    content_object: etree._Element | None


def _enveloping_request(targets: _Targets, signature: _Signature, index: _Index) -> _Request:
    target = targets.content_element
    assert target is not None  # _targets keeps only Objects (or requests in them) for enveloping
    holder = target if target in signature.objects else target.getparent()
    assert holder is not None
    inside = _elements(holder)
    if inside:
        _check_chain(targets.content, ("c14n",), "Referencja do ds:Object z żądaniem")
        text = (holder.text or "") + "".join(child.tail or "" for child in holder)
        if len(inside) != 1 or not _is_request(inside[0]) or text.strip():
            raise _refuse(Refusal.INVALID_DOCUMENT, "ds:Object z danymi musi zawierać wyłącznie AuthTokenRequest.")
        if index.requests != [inside[0]]:
            raise _refuse(Refusal.INVALID_DOCUMENT, "Plik zawiera więcej niż jedno AuthTokenRequest.")
        return _Request(inside[0], Layout.ENVELOPING, holder)
    if target is not holder or len(holder):
        raise _refuse(Refusal.INVALID_DOCUMENT, "ds:Object z treścią base64 nie może zawierać innych węzłów.")
    _check_chain(targets.content, ("base64",), "Referencja do ds:Object z żądaniem")
    if index.requests:
        raise _refuse(Refusal.INVALID_DOCUMENT, "Plik zawiera AuthTokenRequest poza podpisaną treścią.")
    try:
        decoded = _strict_b64(holder.text)
    except (binascii.Error, ValueError) as exc:
        raise _refuse(Refusal.INVALID_DOCUMENT, "ds:Object nie zawiera poprawnego base64.") from exc
    inner = _parse(decoded)
    inner_index = _index(inner)
    if inner_index.signatures:
        raise _refuse(Refusal.TOO_MANY_SIGNATURES, "Podpisana treść zawiera kolejny ds:Signature.")
    if not _is_request(inner):
        raise _refuse(Refusal.SCHEMA, f"Podpisana treść to {etree.QName(inner).localname}, a nie AuthTokenRequest.")
    if len(inner_index.requests) != 1:
        raise _refuse(Refusal.INVALID_DOCUMENT, "Podpisana treść zawiera więcej niż jedno AuthTokenRequest.")
    return _Request(inner, Layout.ENVELOPING_BASE64, holder)


def _check_decoys(signature: _Signature, request: _Request, xades: _Xades) -> None:
    """Every ds:Object is signed (the XAdES properties or the request) and no base64 text carries
    another request for a careless reader to pick up."""
    for item in signature.objects:
        if item is not xades.holder and item is not request.content_object:
            raise _refuse(Refusal.INVALID_DOCUMENT, "Podpis zawiera niepodpisany ds:Object.")
    for element in signature.element.iter(etree.Element):
        text = (element.text or "").strip()
        if len(text) < 64 or element is request.content_object:
            continue
        try:
            decoded = _strict_b64(text)
        except (binascii.Error, ValueError):
            continue
        if b"AuthTokenRequest" in decoded:
            raise _refuse(Refusal.INVALID_DOCUMENT, "Podpis zawiera ukryte (base64) drugie AuthTokenRequest.")


def _schema_check(request: _Request, drop_attribute: str | None) -> None:
    copy = etree.fromstring(etree.tostring(request.element))
    if drop_attribute:  # the Id the root reference used: no place for it in the XSD
        copy.attrib.pop(drop_attribute, None)
    errors = schema_errors(copy)
    if errors:
        raise _refuse(Refusal.SCHEMA, errors[0][:300])


def _fields(request: etree._Element) -> tuple[str, str, str, str]:
    ns = etree.QName(request).namespace
    context = request.find(f"{{{ns}}}ContextIdentifier")
    choice = _elements(context)[0] if context is not None and _elements(context) else None
    if choice is None:
        raise _refuse(Refusal.SCHEMA, "Brak ContextIdentifier.")
    return (
        _text(request.find(f"{{{ns}}}Challenge")),
        etree.QName(choice).localname,
        _text(choice),
        _text(request.find(f"{{{ns}}}SubjectIdentifierType")),
    )


# --- certificates -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _CertReference:
    hash_name: str
    digest: bytes
    serial: int | None


def _key_info_certificates(key_info: etree._Element | None) -> list[x509.Certificate]:
    found = [] if key_info is None else key_info.findall(f"{{{DS}}}X509Data/{{{DS}}}X509Certificate")
    if not found:
        raise _refuse(Refusal.INVALID_CERTIFICATE, "Podpis nie zawiera certyfikatu (KeyInfo/X509Data/X509Certificate).")
    if len(found) > MAX_CERTIFICATES:
        raise _refuse(Refusal.INVALID_CERTIFICATE, f"KeyInfo zawiera ponad {MAX_CERTIFICATES} certyfikatów.")
    certificates = []
    for element in found:
        try:
            certificates.append(x509.load_der_x509_certificate(_strict_b64(element.text)))
        except (binascii.Error, ValueError) as exc:
            raise _refuse(Refusal.INVALID_CERTIFICATE, "Nie można odczytać certyfikatu z KeyInfo.") from exc
    return certificates


def _signing_certificate(xades: _Xades) -> list[_CertReference]:
    holders = xades.signed_signature_properties.findall(f"{{{XADES}}}SigningCertificate") + (
        xades.signed_signature_properties.findall(f"{{{XADES}}}SigningCertificateV2")
    )
    if len(holders) != 1:
        raise _refuse(
            Refusal.INVALID_SIGNATURE, "SignedSignatureProperties muszą zawierać jeden SigningCertificate(V2)."
        )
    entries = holders[0].findall(f"{{{XADES}}}Cert")
    if not entries or len(entries) > MAX_CERTIFICATES:
        raise _refuse(
            Refusal.INVALID_SIGNATURE, f"SigningCertificate musi wymieniać od 1 do {MAX_CERTIFICATES} certyfikatów."
        )
    references = []
    for entry in entries:
        method = entry.find(f"{{{XADES}}}CertDigest/{{{DS}}}DigestMethod")
        value = entry.find(f"{{{XADES}}}CertDigest/{{{DS}}}DigestValue")
        algorithm = "" if method is None else method.get("Algorithm", "")
        if algorithm not in DIGESTS or value is None:
            raise _refuse(Refusal.INVALID_SIGNATURE, f"Niedozwolony skrót w SigningCertificate: {algorithm[:200]!r}.")
        serial_text = _text(entry.find(f"{{{XADES}}}IssuerSerial/{{{DS}}}X509SerialNumber"))
        try:
            serial = int(serial_text) if serial_text else None
            references.append(_CertReference(DIGESTS[algorithm], _strict_b64(value.text), serial))
        except (binascii.Error, ValueError) as exc:
            raise _refuse(Refusal.INVALID_SIGNATURE, "Nieczytelny wpis SigningCertificate.") from exc
    return references


def _family(key: object) -> str | None:
    if isinstance(key, rsa.RSAPublicKey):
        return "rsa"
    if isinstance(key, ec.EllipticCurvePublicKey):
        return "ec"
    return None


def _is_authority(certificate: x509.Certificate) -> bool:
    try:
        return bool(certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _candidates(
    certificates: list[x509.Certificate], references: list[_CertReference], method: str
) -> list[tuple[x509.Certificate, _CertReference]]:
    """KeyInfo certificates that SigningCertificate names (by CertDigest), leaf certificates first."""
    named: list[tuple[x509.Certificate, _CertReference]] = []
    for certificate in certificates:
        der = certificate.public_bytes(Encoding.DER)
        for reference in references:
            if hmac.compare_digest(hashlib.new(reference.hash_name, der).digest(), reference.digest):
                named.append((certificate, reference))
                break
    if not named:
        raise _refuse(
            Refusal.INVALID_SIGNATURE, "SigningCertificate nie wskazuje (CertDigest) żadnego certyfikatu z KeyInfo."
        )
    family = SIGNATURE_METHODS[method]
    usable = [pair for pair in named if _family(pair[0].public_key()) == family]
    if not usable:
        if all(_family(pair[0].public_key()) is None for pair in named):
            raise _refuse(Refusal.INVALID_CERTIFICATE, "Klucz certyfikatu nie jest kluczem RSA ani EC.")
        raise _refuse(Refusal.INVALID_SIGNATURE, "Algorytm podpisu nie pasuje do klucza certyfikatu.")
    return sorted(usable, key=lambda pair: _is_authority(pair[0]))[:MAX_KEY_ATTEMPTS]


def _verify_with(signature: _Signature, targets: _Targets, certificate: x509.Certificate) -> bool:
    xmlsec = _xmlsec()
    context = xmlsec.SignatureContext()
    spki = certificate.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    context.key = xmlsec.Key.from_memory(spki, xmlsec.constants.KeyDataFormatPem)
    for element, attribute in targets.register:
        if attribute.startswith("{"):
            namespace, _, local = attribute[1:].partition("}")
            context.register_id(element, local, namespace)
        else:
            context.register_id(element, attribute)
    try:
        context.verify(signature.element)
    except xmlsec.Error:  # VerificationError and structural failures alike: this key did not verify
        return False
    return True


def _check_certificate(certificate: x509.Certificate, now: datetime) -> None:
    if now < certificate.not_valid_before_utc:
        raise _refuse(Refusal.INVALID_CERTIFICATE, "Certyfikat podpisu nie jest jeszcze ważny.")
    if now > certificate.not_valid_after_utc:
        raise _refuse(Refusal.INVALID_CERTIFICATE, "Certyfikat podpisu wygasł.")
    key = certificate.public_key()
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < 2048:
        raise _refuse(Refusal.INVALID_CERTIFICATE, f"Klucz RSA ma {key.key_size} bitów, wymagane co najmniej 2048.")
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size < 256:
        raise _refuse(Refusal.INVALID_CERTIFICATE, f"Krzywa {key.curve.name} ma mniej niż 256 bitów.")


# --- the whole check --------------------------------------------------------------------------
def verify_login(data: bytes, *, now: datetime) -> VerifiedLogin:
    """Judge a signed AuthTokenRequest as KSeF does; raises SignatureRefused."""
    root = _parse(data)
    if root.tag == f"{{{DS}}}Signature":
        layout = Layout.ENVELOPING
    elif _is_request(root):
        layout = Layout.ENVELOPED
    else:
        raise _refuse(Refusal.SCHEMA, f"Element główny to {etree.QName(root).localname}, a nie AuthTokenRequest.")
    index = _index(root)
    if not index.signatures:
        raise _refuse(Refusal.UNSIGNED, "Dokument nie zawiera podpisu ds:Signature.")
    if len(index.signatures) > 1:
        raise _refuse(
            Refusal.TOO_MANY_SIGNATURES, f"Dokument zawiera {len(index.signatures)} podpisy, dozwolony jeden."
        )
    if index.duplicate_ids:
        raise _refuse(
            Refusal.INVALID_SIGNATURE, f"Identyfikator {index.duplicate_ids[0][:100]!r} występuje wielokrotnie."
        )
    element = index.signatures[0]
    if layout is Layout.ENVELOPED:
        if element.getparent() is not root:
            raise _refuse(Refusal.SCHEMA, "ds:Signature musi być bezpośrednio w elemencie AuthTokenRequest.")
        if index.requests != [root]:
            raise _refuse(Refusal.INVALID_DOCUMENT, "Plik zawiera więcej niż jedno AuthTokenRequest.")
    signature = _signature(element)
    xades = _xades(signature)
    targets = _targets(signature, xades, index, layout, root)
    if layout is Layout.ENVELOPED:
        _check_chain(targets.content, ("exclusion",), "Referencja do żądania")
        request = _Request(root, layout, None)
    else:
        request = _enveloping_request(targets, signature, index)
        layout = request.layout
    _check_decoys(signature, request, xades)
    _schema_check(request, targets.content_attribute if targets.content_element is request.element else None)
    challenge, context_type, context_value, subject_type = _fields(request.element)

    references = _signing_certificate(xades)
    candidates = _candidates(_key_info_certificates(signature.key_info), references, signature.method)
    signer = next(((cert, ref) for cert, ref in candidates if _verify_with(signature, targets, cert)), None)
    if signer is None:
        raise _refuse(
            Refusal.INVALID_SIGNATURE, "Podpis zweryfikowany negatywnie (wartość podpisu lub skrót referencji)."
        )
    certificate, entry = signer
    if entry.serial is not None and entry.serial != certificate.serial_number:
        raise _refuse(
            Refusal.INVALID_SIGNATURE, "SigningCertificate/IssuerSerial nie zgadza się z certyfikatem podpisu."
        )
    _check_certificate(certificate, now)
    try:
        identity = identify(certificate, subject_type, xades.signed_properties)
    except IdentityProblem as exc:
        raise _refuse(Refusal.SUBJECT_CONFLICT if exc.conflict else Refusal.INVALID_SUBJECT, str(exc)) from exc
    return VerifiedLogin(
        challenge=challenge,
        context_type=context_type,
        context_value=context_value,
        subject_identifier_type=subject_type,
        certificate=certificate,
        identity=identity,
        layout=layout,
        namespace=str(etree.QName(request.element).namespace),
    )

"""A small XMLDSig / XAdES verifier for exactly one signature over one KSeF login request.

Our own code over lxml (canonicalization) and cryptography (digests, RSA, RSA-PSS, ECDSA); it does not
use libxmlsec1, so the sandbox can judge with that one independently. It implements what KSeF lists
(REFERENCE 2.3) and no more:

- references: ``URI=""``, ``#xpointer(/)``, ``#id``, ``#xpointer(id('id'))``;
- transforms: enveloped-signature, C14N 1.0 / 1.1 / exclusive (± comments), base64, and the two XPath
  forms signing programs write instead of enveloped-signature (proCertum: ``not(ancestor-or-self::
  ds:Signature)``; EU DSS: XPath Filter 2.0 ``subtract`` ``/descendant::ds:Signature``). The caller has
  made sure the document holds exactly one signature, so those select exactly what enveloped-signature
  selects and are computed that way; other XPath expressions are not evaluated ("uncertain");
- signatures: RSA PKCS#1 v1.5, RSA-PSS (xmldsig-more 2007/05 ``*-rsa-MGF1``), ECDSA with a raw R||S value
  on any curve cryptography knows (NIST and brainpool); digests SHA-1/2/3.

Definitive problems raise ``UserError("signed.*")``; what cannot be decided here (an XPath expression we
cannot prove equivalent, an algorithm we do not compute) is recorded in ``SignatureReport.uncertain`` and
that part counts as unverified. Work is bounded before any digest is computed.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import hmac
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from lxml import etree

from ksefdesk.core.errors import UserError
from ksefdesk.core.identity import TrustedProfileClaim
from ksefdesk.core.xml_safety import UnsafeXml, parse_untrusted

DSIG = "http://www.w3.org/2000/09/xmldsig#"
XADES = "http://uri.etsi.org/01903/v1.3.2#"
XADES_141 = "http://uri.etsi.org/01903/v1.4.1#"
XADES_OLD = ("http://uri.etsi.org/01903/v1.2.2#", "http://uri.etsi.org/01903/v1.1.1#")
SIGNED_PROPERTIES_TYPE = "http://uri.etsi.org/01903#SignedProperties"
XML_NS = "http://www.w3.org/XML/1998/namespace"
EXC_NS = "http://www.w3.org/2001/10/xml-exc-c14n#"

# Bounds, checked before any digest is computed (a login signature has 2-3 references, 1-3 transforms each).
MAX_REFERENCES = 10
MAX_TRANSFORMS = 5
MAX_CERTIFICATES = 10
MAX_CERT_REFERENCES = 10
MAX_XPATH_CHARS = 300
FUTURE_SIGNING_TIME = timedelta(minutes=5)

ENVELOPED = DSIG + "enveloped-signature"
BASE64 = DSIG + "base64"
XPATH = "http://www.w3.org/TR/1999/REC-xpath-19991116"
XPATH_FILTER2 = "http://www.w3.org/2002/06/xmldsig-filter2"
XSLT = "http://www.w3.org/TR/1999/REC-xslt-19991116"

_MORE = "http://www.w3.org/2001/04/xmldsig-more#"
_MORE07 = "http://www.w3.org/2007/05/xmldsig-more#"
_MORE21 = "http://www.w3.org/2021/04/xmldsig-more#"


@dataclass(frozen=True)
class C14nMethod:
    exclusive: bool
    comments: bool
    v11: bool = False
    prefixes: tuple[str, ...] = ()


_C14N = {
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315": C14nMethod(False, False),
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments": C14nMethod(False, True),
    "http://www.w3.org/2006/12/xml-c14n11": C14nMethod(False, False, True),
    "http://www.w3.org/2006/12/xml-c14n11#WithComments": C14nMethod(False, True, True),
    "http://www.w3.org/2001/10/xml-exc-c14n#": C14nMethod(True, False),
    "http://www.w3.org/2001/10/xml-exc-c14n#WithComments": C14nMethod(True, True),
}
_DEFAULT_C14N = C14nMethod(False, False)  # node-set to octets when no canonicalization ends the chain

DIGESTS: dict[str, str] = {
    DSIG + "sha1": "sha1",
    "http://www.w3.org/2001/04/xmlenc#sha256": "sha256",
    _MORE + "sha384": "sha384",
    "http://www.w3.org/2001/04/xmlenc#sha512": "sha512",
    _MORE07 + "sha3-256": "sha3_256",
    _MORE07 + "sha3-384": "sha3_384",
    _MORE07 + "sha3-512": "sha3_512",
}
# Named by a standard but not on KSeF's list: refused, not "uncertain".
_REFUSED_DIGESTS = {
    _MORE + "md5": "MD5",
    _MORE + "sha224": "SHA-224",
    "http://www.w3.org/2001/04/xmlenc#ripemd160": "RIPEMD-160",
    _MORE07 + "sha3-224": "SHA3-224",
}
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
    "sha3_256": hashes.SHA3_256,
    "sha3_384": hashes.SHA3_384,
    "sha3_512": hashes.SHA3_512,
}

# signature method URI -> (family, hash name)
SIGNATURE_METHODS: dict[str, tuple[str, str]] = {
    DSIG + "rsa-sha1": ("rsa", "sha1"),
    _MORE + "rsa-sha256": ("rsa", "sha256"),
    _MORE + "rsa-sha384": ("rsa", "sha384"),
    _MORE + "rsa-sha512": ("rsa", "sha512"),
    _MORE07 + "sha1-rsa-MGF1": ("pss", "sha1"),
    _MORE07 + "sha256-rsa-MGF1": ("pss", "sha256"),
    _MORE07 + "sha384-rsa-MGF1": ("pss", "sha384"),
    _MORE07 + "sha512-rsa-MGF1": ("pss", "sha512"),
    _MORE07 + "sha3-256-rsa-MGF1": ("pss", "sha3_256"),
    _MORE07 + "sha3-384-rsa-MGF1": ("pss", "sha3_384"),
    _MORE07 + "sha3-512-rsa-MGF1": ("pss", "sha3_512"),
    _MORE + "ecdsa-sha1": ("ecdsa", "sha1"),
    _MORE + "ecdsa-sha256": ("ecdsa", "sha256"),
    _MORE + "ecdsa-sha384": ("ecdsa", "sha384"),
    _MORE + "ecdsa-sha512": ("ecdsa", "sha512"),
    _MORE21 + "ecdsa-sha3-256": ("ecdsa", "sha3_256"),
    _MORE21 + "ecdsa-sha3-384": ("ecdsa", "sha3_384"),
    _MORE21 + "ecdsa-sha3-512": ("ecdsa", "sha3_512"),
}
_WEAK_METHOD_PARTS = ("md5", "sha224", "sha3-224", "ripemd160")

# The XPath forms that, with exactly one signature in the document, select what enveloped-signature
# selects; compared after removing whitespace and renaming the dsig prefix to "ds".
_XPATH_ENVELOPED_FORMS = frozenset(
    {
        "not(ancestor-or-self::ds:Signature)",
        "count(ancestor-or-self::ds:Signature|here()/ancestor::ds:Signature[1])>count(ancestor-or-self::ds:Signature)",
        "count(here()/ancestor::ds:Signature[1]|ancestor-or-self::ds:Signature)>count(ancestor-or-self::ds:Signature)",
    }
)
_FILTER2_SIGNATURE_FORMS = frozenset(
    {
        "/descendant::ds:Signature",
        "/descendant-or-self::ds:Signature",
        "//ds:Signature",
        "/descendant::ds:Signature[1]",
        "//ds:Signature[1]",
        "here()/ancestor::ds:Signature[1]",
        "here()/ancestor-or-self::ds:Signature[1]",
    }
)
_FILTER2_WHOLE_DOCUMENT = frozenset({"/", "/descendant-or-self::node()", "//."})
_SIGNATURE_NAME = re.compile(r"([A-Za-z_][\w.\-]*):Signature(?![\w.\-])")
_XPOINTER_ID = re.compile(r"""^#xpointer\(\s*id\(\s*(['"])([^'"]+)\1\s*\)\s*\)$""")
_ID_ATTRIBUTES = ("Id", "ID", "id", f"{{{XML_NS}}}id")
_WHITESPACE = re.compile(r"\s+")

_PODPIS_ZP = "{http://crd.gov.pl/xml/schematy/ppzp/}PodpisZP"
_EP_SIGNATURE = "{http://crd.gov.pl/xml/schematy/podpis_zaufany/}EPSignature"


@dataclass(frozen=True)
class Uncertainty:
    """Something this verifier cannot decide; ``code`` is a ``signed.uncertain_*`` catalogue entry."""

    code: str
    detail: str


class Undecided(Exception):
    """Raised inside the verifier for something it cannot decide (recorded, never shown as a crash)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.uncertainty = Uncertainty(code, detail)


@dataclass(frozen=True)
class ReferenceResult:
    uri: str
    role: str  # "content" | "properties" | "keyinfo"
    verified: bool  # the digest was computed and matches
    octets: bytes | None = None  # what was digested (kept for the base64-encoded request form)


@dataclass
class SignatureReport:
    signer: x509.Certificate | None
    certificates: list[x509.Certificate]
    references: list[ReferenceResult]
    signed_properties: etree._Element | None
    signing_time: datetime | None
    trusted_profile: TrustedProfileClaim | None
    signature_verified: bool
    checked: list[str] = field(default_factory=list)
    uncertain: list[Uncertainty] = field(default_factory=list)
    warnings: list[UserError] = field(default_factory=list)
    content_id_attribute: tuple[etree._Element, str] | None = None  # (element, attribute) a #id named

    def content_verified(self) -> bool:
        return any(r.role == "content" and r.verified for r in self.references)


@dataclass
class _NodeSet:
    element: etree._Element | None  # None: the whole document
    comments: bool
    without_signature: bool = False


def _children(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


def _one(element: etree._Element, tag: str) -> etree._Element | None:
    found = [child for child in _children(element) if child.tag == tag]
    if len(found) > 1:
        raise UserError("signed.signature_malformed", detail=f"{len(found)} × {etree.QName(tag).localname}")
    return found[0] if found else None


def _inside(element: etree._Element, container: etree._Element) -> bool:
    return element is container or any(a is container for a in element.iterancestors())


def _short(uri: str) -> str:
    return uri.rsplit("#", 1)[-1] or uri.rsplit("/", 1)[-1] or "?"


def _b64(text: str | None, what: str) -> bytes:
    try:
        return base64.b64decode("".join((text or "").split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise UserError("signed.signature_malformed", detail=f"{what} is not base64") from exc


class _Document:
    """The parsed file plus fresh copies of it for transforms that must drop the signature."""

    def __init__(self, data: bytes, root: etree._Element, signature: etree._Element) -> None:
        self.data = data
        self.root = root
        self.tree = root.getroottree()
        self.signature = signature
        self._signature_path = _index_path(signature)
        self.ids: dict[str, list[etree._Element]] = {}
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for value in {element.get(name) for name in _ID_ATTRIBUTES} - {None}:
                self.ids.setdefault(str(value), []).append(element)

    def copy(self, element: etree._Element | None, *, drop_signature: bool) -> Any:
        """The same node in a fresh parse of the bytes (a tree for the whole document)."""
        fresh = parse_untrusted(self.data, max_bytes=len(self.data) + 1)
        target = None if element is None else _follow(fresh, _index_path(element))
        if drop_signature:
            _detach(_follow(fresh, self._signature_path))
        return fresh.getroottree() if target is None else target

    def by_id(self, value: str, uri: str) -> etree._Element:
        found = self.ids.get(value, [])
        if not found:
            raise UserError("signed.signature_malformed", detail=f"reference {uri[:60]} points at nothing")
        if len(found) > 1:
            raise UserError("signed.duplicate_id", id=value[:60])
        return found[0]


def _index_path(element: etree._Element) -> list[int]:
    """Positions among all children (comments and PIs included) from the root down: the same node in
    another parse of the same bytes."""
    path = []
    while (parent := element.getparent()) is not None:
        path.append(parent.index(element))
        element = parent
    return path[::-1]


def _follow(root: etree._Element, path: list[int]) -> etree._Element:
    for position in path:
        root = root[position]
    return root


def _detach(element: etree._Element) -> None:
    """Remove an element but keep the text after it, which belongs to its parent (lxml stores it on the
    element as ``tail``)."""
    parent = element.getparent()
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def c14n_method(element: etree._Element) -> C14nMethod:
    """The canonicalization an Algorithm attribute names; XSLT and unknown algorithms are refused."""
    algorithm = element.get("Algorithm") or ""
    method = _C14N.get(algorithm)
    if method is None:
        raise UserError("signed.transform_refused", detail=_short(algorithm))
    if method.exclusive:
        inclusive = element.find(f"{{{EXC_NS}}}InclusiveNamespaces")
        if inclusive is not None:
            prefixes = tuple((inclusive.get("PrefixList") or "").split())
            return C14nMethod(method.exclusive, method.comments, method.v11, prefixes)
    return method


def _canonicalize(doc: _Document, nodes: _NodeSet, method: C14nMethod) -> bytes:
    element = nodes.element
    node: Any = doc.tree if element is None else element
    if nodes.without_signature:
        if element is not None and _inside(element, doc.signature):
            return b""  # the node-set lies inside the signature, which the transform removed whole
        if element is None or _inside(doc.signature, element):
            node = doc.copy(element, drop_signature=True)
    apex = node.getroot() if isinstance(node, etree._ElementTree) else node
    if not method.exclusive and element is not None:
        # lxml does not carry xml:lang/xml:space/xml:base from ancestors onto a subtree, as C14N 1.0
        # requires (and 1.1 handles differently): only exact without such ancestors.
        for ancestor in element.iterancestors():
            if any(str(name).startswith(f"{{{XML_NS}}}") for name in ancestor.attrib):
                raise Undecided("signed.uncertain_transform", "xml:* attributes inherited by a canonicalized subtree")
    if "#default" in method.prefixes and apex.nsmap.get(None) not in (None, etree.QName(apex).namespace):
        raise Undecided("signed.uncertain_transform", "exclusive C14N with #default in InclusiveNamespaces")
    octets = _c14n(node, method, nodes.comments)
    if not isinstance(node, etree._ElementTree) and b' xmlns=""' in octets and not _needs_empty_default(node):
        octets = _drop_empty_default(octets)
    return octets


_MARKUP = re.compile(rb"<!--.*?-->|<\?.*?\?>|<[^!?/][^\s>]*(?:\s+[^\s=]+=\"[^\"]*\")*\s*/?>", re.S)


def _needs_empty_default(apex: etree._Element) -> bool:
    """Could a correct canonical form of this subtree contain xmlns=""? Only for an element in no namespace
    or one that undeclares a default namespace in scope above it."""
    for element in apex.iter():
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).namespace is None:
            return True
        parent = element.getparent()
        if parent is not None and parent.nsmap.get(None) and element.nsmap.get(None) is None:
            return True
    return False


def _drop_empty_default(octets: bytes) -> bytes:
    """libxml2's inclusive C14N of a subtree emits a spurious xmlns="" on descendants when a default
    namespace is declared above the subtree (e.g. an unprefixed signature inside the request). Where no
    element may carry one (``_needs_empty_default``), removing it from start tags is exact."""

    def fix(match: re.Match[bytes]) -> bytes:
        token = match.group(0)
        return token if token.startswith((b"<!--", b"<?")) else token.replace(b' xmlns=""', b"")

    return _MARKUP.sub(fix, octets)


def _standalone(element: etree._Element) -> etree._ElementTree:
    """The subtree as a document of its own, every namespace in scope declared on its root. libxml2's
    canonicalization of a subtree in place repeats a child's redundant declaration (proCertum writes
    ``<ds:XPath xmlns:ds=…>`` inside ``ds:SignedInfo``), which C14N omits; a whole document it gets right."""
    root = etree.Element(element.tag, attrib=dict(element.attrib), nsmap=element.nsmap)
    root.text = element.text
    for child in element:
        root.append(copy.deepcopy(child))
    return etree.ElementTree(root)


def _c14n(node: Any, method: C14nMethod, comments: bool) -> bytes:
    """lxml's canonicalization of an element (in its document's context) or a whole tree."""
    if isinstance(node, etree._Element) and isinstance(node.tag, str):
        node = _standalone(node)
    try:
        octets: bytes = etree.tostring(
            node,
            method="c14n",
            exclusive=method.exclusive,
            with_comments=method.comments and comments,
            inclusive_ns_prefixes=[p for p in method.prefixes if p != "#default"] or None,
        )
    except (etree.C14NError, ValueError, TypeError) as exc:
        raise UserError("signed.signature_malformed", detail=f"canonicalization failed: {exc}"[:120]) from exc
    return octets


def _signature_xpath(expression: str, context: etree._Element, forms: frozenset[str]) -> bool:
    """Is ``expression`` (with the prefixes in scope at ``context``) one of ``forms``?"""
    if len(expression) > MAX_XPATH_CHARS:
        return False
    compact = _WHITESPACE.sub("", expression)
    prefixes = set(_SIGNATURE_NAME.findall(compact))
    if not prefixes or any(context.nsmap.get(prefix) != DSIG for prefix in prefixes):
        return False
    return _SIGNATURE_NAME.sub("ds:Signature", compact) in forms


def _xpath_transform(transform: etree._Element) -> None:
    """Accept (as enveloped-signature) only the XPath forms proven equivalent; else uncertain."""
    algorithm = transform.get("Algorithm")
    if algorithm == XPATH:
        xpaths = [c for c in _children(transform) if c.tag == f"{{{DSIG}}}XPath"]
        if len(xpaths) == 1 and _signature_xpath(xpaths[0].text or "", xpaths[0], _XPATH_ENVELOPED_FORMS):
            return
        shown = " ".join((xpaths[0].text or "").split())[:80] if xpaths else "?"
        raise Undecided("signed.uncertain_transform", f"XPath {shown}")
    filters = [c for c in _children(transform) if c.tag == f"{{{XPATH_FILTER2}}}XPath"]
    subtracted = False
    for item in filters:
        operation, expression = item.get("Filter"), _WHITESPACE.sub("", item.text or "")
        if operation == "subtract" and _signature_xpath(item.text or "", item, _FILTER2_SIGNATURE_FORMS):
            subtracted = True
        elif operation in ("intersect", "union") and expression in _FILTER2_WHOLE_DOCUMENT:
            continue  # the whole document: no change
        else:
            shown = " ".join((item.text or "").split())[:80]
            raise Undecided("signed.uncertain_transform", f"XPath Filter 2.0 {operation} {shown}")
    if not subtracted:
        raise Undecided("signed.uncertain_transform", "XPath Filter 2.0 without subtracting the signature")


def _string_value(doc: _Document, nodes: _NodeSet) -> str:
    element = nodes.element
    if nodes.without_signature:
        if element is not None and _inside(element, doc.signature):
            return ""
        if element is None or _inside(doc.signature, element):
            copy = doc.copy(element, drop_signature=True)
            return str(copy.xpath("string()"))
    node: Any = doc.tree if element is None else element
    return str(node.xpath("string()"))


def _transform_chain(doc: _Document, nodes: _NodeSet, transforms: list[etree._Element]) -> bytes:
    data: _NodeSet | bytes = nodes
    for transform in transforms:
        algorithm = transform.get("Algorithm") or ""
        if algorithm in (ENVELOPED, XPATH, XPATH_FILTER2):
            if isinstance(data, bytes):
                raise UserError("signed.signature_malformed", detail=f"{_short(algorithm)} after octets")
            if algorithm != ENVELOPED:
                _xpath_transform(transform)
            data.without_signature = True
        elif algorithm in _C14N:
            method = c14n_method(transform)
            if isinstance(data, bytes):
                try:
                    parsed = parse_untrusted(data, max_bytes=len(doc.data) + 1)
                except UnsafeXml as exc:
                    raise UserError("signed.signature_malformed", detail="canonicalized octets are not XML") from exc
                data = _c14n(parsed.getroottree(), method, True)
            else:
                data = _canonicalize(doc, data, method)
        elif algorithm == BASE64:
            text = data.decode("utf-8", "replace") if isinstance(data, bytes) else _string_value(doc, data)
            data = _b64(text, "base64 transform input")
        elif algorithm == XSLT:
            raise UserError("signed.transform_refused", detail="XSLT")
        else:
            raise UserError("signed.transform_refused", detail=_short(algorithm)[:60])
    if isinstance(data, bytes):
        return data
    return _canonicalize(doc, data, _DEFAULT_C14N)


def _digest_name(method: etree._Element | None) -> str:
    algorithm = method.get("Algorithm", "") if method is not None else ""
    if algorithm in DIGESTS:
        return DIGESTS[algorithm]
    if algorithm in _REFUSED_DIGESTS:
        raise UserError("signed.unsupported_algorithm", detail=_REFUSED_DIGESTS[algorithm])
    if not algorithm:
        raise UserError("signed.signature_malformed", detail="no DigestMethod")
    raise Undecided("signed.uncertain_algorithm", f"digest {_short(algorithm)[:60]}")


@dataclass
class _Reference:
    element: etree._Element
    uri: str
    transforms: list[etree._Element]
    digest_method: etree._Element | None
    digest_value: bytes


def _parse_references(signed_info: etree._Element) -> list[_Reference]:
    """Structure and bounds of every Reference, before anything is digested."""
    references = [c for c in _children(signed_info) if c.tag == f"{{{DSIG}}}Reference"]
    if len(references) > MAX_REFERENCES:
        raise UserError("signed.too_many_references", count=len(references), limit=MAX_REFERENCES)
    if not references:
        raise UserError("signed.signature_malformed", detail="no Reference")
    parsed = []
    for reference in references:
        uri = reference.get("URI")
        if uri is None or (uri and not uri.startswith("#")):
            raise UserError("signed.detached")
        transforms_element = _one(reference, f"{{{DSIG}}}Transforms")
        transforms = _children(transforms_element) if transforms_element is not None else []
        if len(transforms) > MAX_TRANSFORMS:
            raise UserError("signed.too_many_references", count=len(transforms), limit=MAX_TRANSFORMS)
        if any(t.tag != f"{{{DSIG}}}Transform" for t in transforms):
            raise UserError("signed.signature_malformed", detail="unknown element in Transforms")
        value = _one(reference, f"{{{DSIG}}}DigestValue")
        if value is None:
            raise UserError("signed.signature_malformed", detail="no DigestValue")
        method = _one(reference, f"{{{DSIG}}}DigestMethod")
        parsed.append(_Reference(reference, uri, transforms, method, _b64(value.text, "DigestValue")))
    return parsed


def _dereference(doc: _Document, uri: str) -> _NodeSet:
    if uri == "":
        return _NodeSet(None, comments=False)
    if uri == "#xpointer(/)":
        return _NodeSet(None, comments=True)
    match = _XPOINTER_ID.match(uri)
    if match:
        return _NodeSet(doc.by_id(match.group(2), uri), comments=True)
    if uri.startswith("#xpointer("):
        raise Undecided("signed.uncertain_reference", uri[:80])
    return _NodeSet(doc.by_id(uri[1:], uri), comments=False)


@dataclass(frozen=True)
class Targets:
    """What a reference may cover: anything else is refused (signature wrapping)."""

    content: tuple[etree._Element, ...]  # the request root (enveloped) or the enveloping Object / request
    whole_document: bool  # URI="" / #xpointer(/) is the request (enveloped form)
    signed_properties: etree._Element | None
    key_info: etree._Element | None


def _role(nodes: _NodeSet, targets: Targets, reference: etree._Element) -> str:
    element = nodes.element
    if element is None:
        if targets.whole_document:
            return "content"
        raise UserError("signed.foreign_reference", what="the whole document")
    if any(element is c for c in targets.content):
        return "content"
    if targets.signed_properties is not None and element is targets.signed_properties:
        return "properties"
    if targets.key_info is not None and _inside(element, targets.key_info):
        return "keyinfo"
    if reference.get("Type") == SIGNED_PROPERTIES_TYPE:
        raise UserError("signed.properties_unsigned")
    raise UserError("signed.foreign_reference", what=etree.QName(element).localname[:40])


_INDENT_ONLY = re.compile(r"^[ \t\r\n]*\n[ \t\r\n]*$")


def _indentation_nodes(element: etree._Element) -> bool:
    return bool(
        (element.text and _INDENT_ONLY.match(element.text) and len(element))
        or (element.tail and _INDENT_ONLY.match(element.tail))
    )


def _strip_indentation(node: Any) -> None:
    root = node.getroot() if isinstance(node, etree._ElementTree) else node
    for element in root.iter():
        if element.text is not None and _INDENT_ONLY.match(element.text) and len(element):
            element.text = None
        if element is not root and element.tail is not None and _INDENT_ONLY.match(element.tail):
            element.tail = None


def _final_c14n(reference: _Reference) -> C14nMethod:
    methods = [c14n_method(t) for t in reference.transforms if t.get("Algorithm") in _C14N]
    return methods[-1] if methods else _DEFAULT_C14N


def _resaved(doc: _Document, nodes: _NodeSet, reference: _Reference, name: str) -> str | None:
    """Why this digest mismatch looks like a text editor's re-save, or None."""
    if not any(t.get("Algorithm") == BASE64 for t in reference.transforms):
        # Re-indentation: does the digest match once the added line breaks and indentation are gone?
        copy = doc.copy(nodes.element, drop_signature=nodes.without_signature and nodes.element is None)
        _strip_indentation(copy)
        try:
            octets = _c14n(copy, _final_c14n(reference), nodes.comments)
            if hmac.compare_digest(hashlib.new(name, octets).digest(), reference.digest_value):
                return "indentation"
        except UserError:
            pass
    if b"\r\n" in doc.data:
        return "crlf"
    scope = doc.root if nodes.element is None else nodes.element
    outside = not _inside(scope, doc.signature)
    for element in scope.iter():
        if outside and _inside(element, doc.signature):
            continue
        if element is not scope and _indentation_nodes(element):
            return "indentation"
    return None


def _check_reference(doc: _Document, reference: _Reference, nodes: _NodeSet, role: str) -> ReferenceResult:
    name = _digest_name(reference.digest_method)
    octets = _transform_chain(doc, nodes, reference.transforms)
    if hmac.compare_digest(hashlib.new(name, octets).digest(), reference.digest_value):
        return ReferenceResult(reference.uri, role, True, octets)
    evidence = _resaved(doc, _NodeSet(nodes.element, nodes.comments, _drops_signature(reference)), reference, name)
    shown = reference.uri or "(whole document)"
    if evidence == "indentation":
        raise UserError("signed.resaved", details=f"digest of reference {shown}: line breaks or indentation added")
    if evidence == "crlf":
        raise UserError("signed.resaved", details=f"digest of reference {shown}: Windows (CRLF) line endings")
    if role == "properties":
        raise UserError("signed.tampered", details="the XAdES signed properties were changed after signing")
    raise UserError("signed.tampered", details=f"digest of reference {shown} does not match")


def _drops_signature(reference: _Reference) -> bool:
    return any(t.get("Algorithm") in (ENVELOPED, XPATH, XPATH_FILTER2) for t in reference.transforms)


# --- the signature value ------------------------------------------------------------------------
def _verify_value(key: Any, family: str, hash_name: str, value: bytes, data: bytes) -> str | None:
    """None when ``key`` made ``value`` over ``data``; else why not ("mismatch", "wrong key type", ...)."""
    algorithm = _HASHES[hash_name]()
    try:
        if family == "rsa":
            if not isinstance(key, rsa.RSAPublicKey):
                return "wrong key type"
            key.verify(value, data, padding.PKCS1v15(), algorithm)
        elif family == "pss":
            if not isinstance(key, rsa.RSAPublicKey):
                return "wrong key type"
            try:
                key.verify(value, data, padding.PSS(padding.MGF1(algorithm), algorithm.digest_size), algorithm)
            except InvalidSignature:
                key.verify(value, data, padding.PSS(padding.MGF1(algorithm), padding.PSS.AUTO), algorithm)
                return "pss salt"
        else:
            if not isinstance(key, ec.EllipticCurvePublicKey):
                return "wrong key type"
            size = (key.curve.key_size + 7) // 8
            if len(value) != 2 * size:
                return "der" if value[:1] == b"\x30" else "mismatch"
            r, s = int.from_bytes(value[:size], "big"), int.from_bytes(value[size:], "big")
            key.verify(encode_dss_signature(r, s), data, ec.ECDSA(algorithm))
    except InvalidSignature:
        return "mismatch"
    except (UnsupportedAlgorithm, ValueError):
        return "unsupported"
    return None


def signature_method(signed_info: etree._Element) -> tuple[str, tuple[str, str] | None]:
    """(URI, (family, hash)) of SignatureMethod; refused methods raise, unknown ones give None."""
    element = _one(signed_info, f"{{{DSIG}}}SignatureMethod")
    algorithm = element.get("Algorithm", "") if element is not None else ""
    lowered = algorithm.lower()
    if not algorithm:
        raise UserError("signed.signature_malformed", detail="no SignatureMethod")
    if "hmac" in lowered:
        raise UserError("signed.unsupported_algorithm", detail=f"HMAC ({_short(algorithm)})")
    if re.search(r"(^|[#/])dsa-", lowered):
        raise UserError("signed.unsupported_algorithm", detail=f"DSA ({_short(algorithm)})")
    if any(part in lowered for part in _WEAK_METHOD_PARTS):
        raise UserError("signed.unsupported_algorithm", detail=_short(algorithm))
    return algorithm, SIGNATURE_METHODS.get(algorithm)


# --- certificates --------------------------------------------------------------------------------
@dataclass(frozen=True)
class _CertReference:
    digest_algorithm: str
    digest: bytes
    serial: int | None


def key_info_certificates(signature: etree._Element) -> list[x509.Certificate]:
    key_info = _one(signature, f"{{{DSIG}}}KeyInfo")
    elements = list(key_info.iter(f"{{{DSIG}}}X509Certificate")) if key_info is not None else []
    if len(elements) > MAX_CERTIFICATES:
        raise UserError("signed.signature_malformed", detail=f"{len(elements)} certificates in KeyInfo")
    certificates = []
    for element in elements:
        der = _b64(element.text, "X509Certificate")
        try:
            certificates.append(x509.load_der_x509_certificate(der))
        except ValueError as exc:
            raise UserError("signed.bad_certificate", details=str(exc)) from exc
    if not certificates:
        raise UserError("signed.no_certificate")
    return certificates


def _cert_references(signed_signature_properties: etree._Element | None) -> list[_CertReference] | None:
    """SigningCertificate / SigningCertificateV2 entries, or None when neither is present."""
    if signed_signature_properties is None:
        return None
    holders = [
        c
        for c in _children(signed_signature_properties)
        if c.tag in (f"{{{XADES}}}SigningCertificate", f"{{{XADES}}}SigningCertificateV2")
    ]
    if not holders:
        return None
    entries: list[_CertReference] = []
    for holder in holders:
        certs = [c for c in _children(holder) if c.tag == f"{{{XADES}}}Cert"]
        if len(entries) + len(certs) > MAX_CERT_REFERENCES:
            raise UserError("signed.signature_malformed", detail="too many SigningCertificate entries")
        for cert in certs:
            digest = cert.find(f"{{{XADES}}}CertDigest")
            method = digest.find(f"{{{DSIG}}}DigestMethod") if digest is not None else None
            value = digest.find(f"{{{DSIG}}}DigestValue") if digest is not None else None
            if method is None or value is None:
                raise UserError("signed.signature_malformed", detail="SigningCertificate without CertDigest")
            serial_element = cert.find(f"{{{XADES}}}IssuerSerial/{{{DSIG}}}X509SerialNumber")
            serial = None
            if serial_element is not None:
                try:
                    serial = int((serial_element.text or "").strip())
                except ValueError as exc:
                    raise UserError("signed.signature_malformed", detail="X509SerialNumber is not a number") from exc
            entries.append(_CertReference(method.get("Algorithm", ""), _b64(value.text, "CertDigest"), serial))
    return entries


def _matching_entry(cert: x509.Certificate, entries: list[_CertReference]) -> _CertReference | None:
    der = cert.public_bytes(serialization.Encoding.DER)
    for entry in entries:
        name = DIGESTS.get(entry.digest_algorithm)
        if name and hmac.compare_digest(hashlib.new(name, der).digest(), entry.digest):
            return entry
    return None


# --- XAdES properties ----------------------------------------------------------------------------
def qualifying_properties(signature: etree._Element) -> tuple[etree._Element | None, etree._Element | None]:
    """(the ds:Object holding QualifyingProperties, QualifyingProperties); refuses non-XAdES signatures."""
    found = []
    for obj in _children(signature):
        if obj.tag != f"{{{DSIG}}}Object":
            continue
        for child in _children(obj):
            namespace = etree.QName(child).namespace
            if etree.QName(child).localname == "QualifyingProperties":
                if namespace in XADES_OLD:
                    raise Undecided("signed.uncertain_format", f"XAdES namespace {namespace}")
                if namespace == XADES:
                    found.append((obj, child))
    if not found:
        raise UserError("signed.not_xades")
    if len(found) > 1:
        raise UserError("signed.signature_malformed", detail=f"{len(found)} × QualifyingProperties")
    return found[0]


def _signing_time(signed_signature_properties: etree._Element | None) -> datetime | None:
    element = (
        signed_signature_properties.find(f"{{{XADES}}}SigningTime") if signed_signature_properties is not None else None
    )
    text = (element.text or "").strip() if element is not None else ""
    if not text:
        return None
    text = re.sub(r"(\.\d{6})\d+", r"\1", text.replace("Z", "+00:00"))
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _claimed_role_elements(signed_signature_properties: etree._Element | None) -> Iterator[etree._Element]:
    if signed_signature_properties is None:
        return
    for role_tag in ("SignerRole", "SignerRoleV2"):
        for role in signed_signature_properties.findall(f"{{{XADES}}}{role_tag}"):
            for claimed in role.iterfind(f"{{{XADES}}}ClaimedRoles/{{{XADES}}}ClaimedRole"):
                if len(claimed):
                    yield from _children(claimed)
                elif (claimed.text or "").strip().startswith("<"):  # the structure as escaped text
                    try:
                        yield parse_untrusted((claimed.text or "").strip().encode("utf-8"), max_bytes=100_000)
                    except UnsafeXml:
                        continue


def _local_text(scope: etree._Element, *names: str) -> str:
    for element in scope.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname in names:
            return " ".join((element.text or "").split())
    return ""


def trusted_profile_claim(signed_signature_properties: etree._Element | None) -> TrustedProfileClaim | None:
    """The person of a podpis zaufany (gov.pl): ``ppZP:PodpisZP`` (older) or ``EPSignature`` (newer)
    inside SignerRole/ClaimedRoles. None when there is none or it names no valid PESEL."""
    for element in _claimed_role_elements(signed_signature_properties):
        for found in element.iter(_PODPIS_ZP, _EP_SIGNATURE):
            if found.tag == _EP_SIGNATURE:
                given = _local_text(found, "FirstName")
                surname = _local_text(found, "CurrentFamilyName")
                pesel = _local_text(found, "PersonalIdentifier")
            else:
                given, surname, pesel = (_local_text(found, n) for n in ("Imie", "Nazwisko", "PESEL"))
            if re.fullmatch(r"\d{11}", pesel):
                return TrustedProfileClaim(given, surname, pesel)
    return None


def has_trusted_profile_structure(signed_signature_properties: etree._Element | None) -> bool:
    return any(
        next(element.iter(_PODPIS_ZP, _EP_SIGNATURE), None) is not None
        for element in _claimed_role_elements(signed_signature_properties)
    )


# --- the whole check ----------------------------------------------------------------------------
def verify_signature(
    data: bytes,
    root: etree._Element,
    signature: etree._Element,
    *,
    content: tuple[etree._Element, ...],
    whole_document: bool,
    now: datetime,
) -> SignatureReport:
    """Verify the one ``signature`` of the document parsed from ``data``.

    ``content`` / ``whole_document`` say which references cover the request (the caller knows the
    layout); a reference to anything but those, the SignedProperties or the signature's own KeyInfo
    is refused as signature wrapping.
    """
    children = _children(signature)
    signed_info = children[0] if children and children[0].tag == f"{{{DSIG}}}SignedInfo" else None
    if signed_info is None:
        raise UserError("signed.signature_malformed", detail="no SignedInfo")
    value_element = _one(signature, f"{{{DSIG}}}SignatureValue")
    if value_element is None:
        raise UserError("signed.signature_malformed", detail="no SignatureValue")
    canonicalization = _one(signed_info, f"{{{DSIG}}}CanonicalizationMethod")
    if canonicalization is None:
        raise UserError("signed.signature_malformed", detail="no CanonicalizationMethod")
    method_uri, method = signature_method(signed_info)
    references = _parse_references(signed_info)  # bounds before any digest
    si_method = c14n_method(canonicalization)
    certificates = key_info_certificates(signature)
    doc = _Document(data, root, signature)
    report = SignatureReport(None, certificates, [], None, None, None, False)

    try:
        _, qualifying = qualifying_properties(signature)
    except Undecided as exc:
        report.uncertain.append(exc.uncertainty)
        qualifying = None
    signed_properties = ssp = None
    if qualifying is not None:
        target = qualifying.get("Target", "")
        signature_id = signature.get("Id")
        if not signature_id or target != f"#{signature_id}":
            report.uncertain.append(Uncertainty("signed.uncertain_format", f"QualifyingProperties Target={target!r}"))
        signed_properties = _one(qualifying, f"{{{XADES}}}SignedProperties")
        if signed_properties is None:
            raise UserError("signed.not_xades")
        ssp = signed_properties.find(f"{{{XADES}}}SignedSignatureProperties")
    report.signed_properties = signed_properties
    targets = Targets(content, whole_document, signed_properties, _one(signature, f"{{{DSIG}}}KeyInfo"))

    for reference in references:
        role = "?"
        try:
            nodes = _dereference(doc, reference.uri)
            role = _role(nodes, targets, reference.element)
            if role == "content" and reference.uri and nodes.element is not None and nodes.element is doc.root:
                attribute = next((a for a in _ID_ATTRIBUTES if doc.root.get(a) is not None), None)
                report.content_id_attribute = (doc.root, attribute) if attribute else None
            result = _check_reference(doc, reference, nodes, role)
            report.checked.append(f"reference {reference.uri or '(whole document)'} ({role}): digest matches")
        except Undecided as exc:
            report.uncertain.append(exc.uncertainty)
            result = ReferenceResult(reference.uri, role, False)
        report.references.append(result)

    # "?": a reference this verifier could not resolve, which might be either.
    if not any(r.role in ("content", "?") for r in report.references):
        raise UserError("signed.content_not_signed")
    if qualifying is not None and not any(r.role in ("properties", "?") for r in report.references):
        raise UserError("signed.properties_unsigned")

    # The signature value: the signer is the certificate whose key made it.
    entries = _cert_references(ssp)
    signed_info_octets: bytes | None = None
    try:
        signed_info_octets = _canonicalize(doc, _NodeSet(signed_info, comments=True), si_method)
    except Undecided as exc:
        report.uncertain.append(exc.uncertainty)
    value = _b64(value_element.text, "SignatureValue")
    if method is None:
        report.uncertain.append(Uncertainty("signed.uncertain_algorithm", f"signature {_short(method_uri)[:60]}"))
    ordered = sorted(certificates, key=lambda c: entries is None or _matching_entry(c, entries) is None)
    if method is not None and signed_info_octets is not None:
        reasons: dict[str, x509.Certificate] = {}
        for cert in ordered:
            reason = _verify_value(_public_key(cert), method[0], method[1], value, signed_info_octets)
            if reason in (None, "pss salt"):
                report.signer, report.signature_verified = cert, True
                if reason == "pss salt":
                    report.uncertain.append(Uncertainty("signed.uncertain_algorithm", "RSA-PSS salt length"))
                break
            reasons[reason or "mismatch"] = cert
        if report.signer is None:
            if "der" in reasons:
                raise UserError("signed.ecdsa_der")
            if _signed_info_resaved(doc, signed_info, si_method, method, value, ordered):
                raise UserError("signed.resaved", details="SignedInfo: line breaks added")
            if set(reasons) <= {"unsupported", "wrong key type"} and "unsupported" in reasons:
                report.uncertain.append(Uncertainty("signed.uncertain_algorithm", f"key of {_short(method_uri)}"))
            else:
                detail = (
                    "the key type does not match the signature method" if set(reasons) == {"wrong key type"} else ""
                )
                raise UserError("signed.bad_signature", details=detail)
        if report.signer is not None:
            report.checked.append(
                f"signature value: {_short(method_uri)} verified with {report.signer.subject.rfc4514_string()[:80]}"
            )
    if report.signer is None:  # could not verify: name the signer by the SigningCertificate digest
        matched = [c for c in certificates if entries and _matching_entry(c, entries) is not None]
        leaves = [c for c in (matched or certificates) if not _is_ca(c)]
        report.signer = (leaves or matched or certificates)[0]

    if report.signer is not None and (report.signature_verified or entries):
        if entries is None:
            if not any(r.role == "keyinfo" and r.verified for r in report.references):
                report.uncertain.append(Uncertainty("signed.uncertain_format", "no SigningCertificate"))
        else:
            entry = _matching_entry(report.signer, entries)
            if entry is None:
                if not any(DIGESTS.get(e.digest_algorithm) for e in entries):
                    report.uncertain.append(Uncertainty("signed.uncertain_algorithm", "SigningCertificate digest"))
                else:
                    raise UserError("signed.cert_reference_mismatch")
            elif entry.serial is not None and entry.serial != report.signer.serial_number:
                raise UserError("signed.cert_reference_mismatch", details="IssuerSerial names another serial number")
            else:
                report.checked.append("SigningCertificate: names the signer's certificate")

    report.signing_time = _signing_time(ssp)
    if report.signing_time is not None and report.signing_time > now + FUTURE_SIGNING_TIME:
        report.warnings.append(
            UserError("signed.warn_future_time", time=report.signing_time.astimezone().strftime("%Y-%m-%d %H:%M"))
        )
    report.trusted_profile = trusted_profile_claim(ssp)
    return report


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except (x509.ExtensionNotFound, ValueError):
        return False


def _signed_info_resaved(
    doc: _Document,
    signed_info: etree._Element,
    method: C14nMethod,
    algorithm: tuple[str, str],
    value: bytes,
    certificates: list[x509.Certificate],
) -> bool:
    """Does the signature verify once line breaks added into SignedInfo are removed?"""
    if not any(_indentation_nodes(e) for e in signed_info.iter() if e is not signed_info):
        return False
    copy = doc.copy(signed_info, drop_signature=False)
    _strip_indentation(copy)
    try:
        octets = _c14n(copy, method, True)
    except UserError:
        return False
    return any(_verify_value(_public_key(c), *algorithm, value, octets) in (None, "pss salt") for c in certificates)


def _public_key(cert: x509.Certificate) -> Any:
    try:
        return cert.public_key()
    except (UnsupportedAlgorithm, ValueError):
        return None

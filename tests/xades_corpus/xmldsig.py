"""A small XMLDSig signer that fills in a signature template, like ``xmlsec1 --sign`` does.

It reads each ds:Reference (URI, Transforms, DigestMethod) from the template, computes the digest,
then canonicalises ds:SignedInfo and signs it. It exists because Debian's xmlsec1 1.2.x lacks
RSA-PSS and SHA-3 and cannot produce some of the odd layouts the corpus needs; the self-check test
verifies everything xmlsec1 understands with ``xmlsec1 --verify``.

Node-set transforms are supported in the shapes signing software writes them: enveloped-signature,
XPath ``not(ancestor-or-self::ds:Signature)`` and ``self::text()``, XPath Filter 2.0 ``subtract``
of ``/descendant::ds:Signature``. C14N 1.1 is computed as C14N 1.0, which is identical when no
``xml:*`` attributes are inherited (asserted).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from lxml import etree

DSIG = "http://www.w3.org/2000/09/xmldsig#"
FILTER2 = "http://www.w3.org/2002/06/xmldsig-filter2"
XSLT_NS = "http://www.w3.org/1999/XSL/Transform"

ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
BASE64 = "http://www.w3.org/2000/09/xmldsig#base64"
XPATH = "http://www.w3.org/TR/1999/REC-xpath-19991116"
XSLT = "http://www.w3.org/TR/1999/REC-xslt-19991116"
C14N10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
C14N10_COMMENTS = C14N10 + "#WithComments"
C14N11 = "http://www.w3.org/2006/12/xml-c14n11"
C14N11_COMMENTS = C14N11 + "#WithComments"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
EXC_C14N_COMMENTS = EXC_C14N + "WithComments"
C14N_ALGORITHMS = {
    C14N10: (False, False),
    C14N10_COMMENTS: (False, True),
    C14N11: (False, False),
    C14N11_COMMENTS: (False, True),
    EXC_C14N: (True, False),
    EXC_C14N_COMMENTS: (True, True),
}

SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1"
SHA224 = "http://www.w3.org/2001/04/xmldsig-more#sha224"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
SHA384 = "http://www.w3.org/2001/04/xmldsig-more#sha384"
SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512"
SHA3_256 = "http://www.w3.org/2007/05/xmldsig-more#sha3-256"
SHA3_384 = "http://www.w3.org/2007/05/xmldsig-more#sha3-384"
SHA3_512 = "http://www.w3.org/2007/05/xmldsig-more#sha3-512"
MD5 = "http://www.w3.org/2001/04/xmldsig-more#md5"
DIGESTS: dict[str, str] = {
    SHA1: "sha1",
    SHA224: "sha224",
    SHA256: "sha256",
    SHA384: "sha384",
    SHA512: "sha512",
    SHA3_256: "sha3_256",
    SHA3_384: "sha3_384",
    SHA3_512: "sha3_512",
    MD5: "md5",
}

RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
RSA_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384"
RSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
RSA_MD5 = "http://www.w3.org/2001/04/xmldsig-more#rsa-md5"
RSA_PSS_SHA256 = "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1"
RSA_PSS_SHA512 = "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1"
RSA_PSS_SHA3_256 = "http://www.w3.org/2007/05/xmldsig-more#sha3-256-rsa-MGF1"
ECDSA_SHA1 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1"
ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
ECDSA_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384"
ECDSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512"
ECDSA_SHA3_256 = "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-256"
DSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#dsa-sha1"
DSA_SHA256 = "http://www.w3.org/2009/xmldsig11#dsa-sha256"
HMAC_SHA1 = "http://www.w3.org/2000/09/xmldsig#hmac-sha1"
HMAC_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"

_HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
    "sha3_256": hashes.SHA3_256,
    "md5": hashes.MD5,
}
SIGNATURE_METHODS: dict[str, tuple[str, str]] = {
    RSA_SHA1: ("rsa", "sha1"),
    RSA_SHA256: ("rsa", "sha256"),
    RSA_SHA384: ("rsa", "sha384"),
    RSA_SHA512: ("rsa", "sha512"),
    RSA_MD5: ("rsa", "md5"),
    RSA_PSS_SHA256: ("pss", "sha256"),
    RSA_PSS_SHA512: ("pss", "sha512"),
    RSA_PSS_SHA3_256: ("pss", "sha3_256"),
    ECDSA_SHA1: ("ecdsa", "sha1"),
    ECDSA_SHA256: ("ecdsa", "sha256"),
    ECDSA_SHA384: ("ecdsa", "sha384"),
    ECDSA_SHA512: ("ecdsa", "sha512"),
    ECDSA_SHA3_256: ("ecdsa", "sha3_256"),
    DSA_SHA1: ("dsa", "sha1"),
    DSA_SHA256: ("dsa", "sha256"),
    HMAC_SHA1: ("hmac", "sha1"),
    HMAC_SHA256: ("hmac", "sha256"),
}

_ID_ATTRIBUTES = ("Id", "ID", "id", "{http://www.w3.org/XML/1998/namespace}id")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False, huge_tree=True)


class TemplateError(ValueError):
    """The template asks for something this signer does not do."""


def q(local: str) -> str:
    return f"{{{DSIG}}}{local}"


def b64(data: bytes, wrap: int | None = None) -> str:
    text = base64.b64encode(data).decode()
    if not wrap:
        return text
    return "\n" + "\n".join(text[i : i + wrap] for i in range(0, len(text), wrap)) + "\n"


def digest(algorithm: str, data: bytes) -> bytes:
    try:
        return hashlib.new(DIGESTS[algorithm], data).digest()
    except KeyError:
        raise TemplateError(f"unknown digest {algorithm}") from None


def path_of(element: etree._Element) -> tuple[int, ...]:
    steps: list[int] = []
    node = element
    while (parent := node.getparent()) is not None:
        steps.append(parent.index(node))
        node = parent
    return tuple(reversed(steps))


def at_path(root: etree._Element, steps: tuple[int, ...]) -> etree._Element:
    node = root
    for step in steps:
        node = node[step]
    return node


def find_id(root: etree._Element, value: str) -> etree._Element:
    """The first element (document order) carrying the ID; duplicate IDs are the caller's business."""
    for element in root.iter():
        if isinstance(element.tag, str) and any(element.get(a) == value for a in _ID_ATTRIBUTES):
            return element
    raise TemplateError(f"no element with Id {value!r}")


@dataclass
class NodeSet:
    """A dereferenced same-document node-set: a subtree (or the document) minus excluded subtrees."""

    apex: tuple[int, ...] | None  # None = the whole document
    with_comments: bool
    excluded: list[tuple[int, ...]] = field(default_factory=list)
    drop_all_signatures: bool = False
    text_only: bool = False


def _drop(element: etree._Element) -> None:
    parent = element.getparent()
    assert parent is not None
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _materialise(document: etree._ElementTree, nodes: NodeSet) -> tuple[etree._ElementTree, etree._Element] | None:
    """A private copy of the document with the excluded subtrees removed, and the apex in it;
    None when the apex itself is excluded (an empty node-set)."""
    copy = etree.ElementTree(etree.fromstring(etree.tostring(document), _PARSER))
    root = copy.getroot()
    apex_steps = nodes.apex if nodes.apex is not None else ()
    for steps in nodes.excluded:
        if steps[: len(apex_steps)] != apex_steps:
            if apex_steps[: len(steps)] == steps:
                return None
            continue
    apex = at_path(root, apex_steps)
    targets = [at_path(root, s) for s in nodes.excluded if s[: len(apex_steps)] == apex_steps]
    if nodes.drop_all_signatures:
        if apex.tag == q("Signature") or any(a.tag == q("Signature") for a in apex.iterancestors()):
            return None
        targets += [
            s
            for s in apex.iter(q("Signature"))
            if not any(a.tag == q("Signature") for a in s.iterancestors() if a is not apex)
        ]
    for target in targets:
        if target is apex:
            return None
        if target.getparent() is not None:
            _drop(target)
    return copy, apex


def canonicalize(
    document: etree._ElementTree,
    nodes: NodeSet,
    algorithm: str,
    prefixes: list[str] | None = None,
) -> bytes:
    exclusive, comments = C14N_ALGORITHMS[algorithm]
    made = _materialise(document, nodes)
    if made is None:
        return b""
    copy, apex = made
    if nodes.text_only:
        return "".join(t for t in apex.itertext() if isinstance(t, str)).encode()
    for ancestor in apex.iterancestors():
        assert not any(a.startswith("{http://www.w3.org/XML/1998/namespace}") for a in ancestor.attrib), (
            "xml:* attributes would make C14N 1.1 differ from 1.0"
        )
    if nodes.apex is not None:
        return c14n_subtree(
            apex, exclusive=exclusive, with_comments=comments and nodes.with_comments, prefixes=prefixes
        )
    data: bytes = etree.tostring(
        copy,
        method="c14n",
        exclusive=exclusive,
        with_comments=comments and nodes.with_comments,
        inclusive_ns_prefixes=prefixes,
    )
    return data


def c14n_subtree(
    element: etree._Element, *, exclusive: bool, with_comments: bool, prefixes: list[str] | None = None
) -> bytes:
    """Canonical form of one element's subtree in its document context.

    lxml's own subtree C14N (a fake root document) emits spurious ``xmlns=""`` below a default
    namespace that shadows another, so the subtree is re-parsed as a standalone document whose
    root declares every in-scope namespace (what inclusive C14N renders on the apex)."""
    text = etree.tostring(element, with_tail=False)
    alone = etree.fromstring(text, _PARSER)
    missing = {prefix: href for prefix, href in element.nsmap.items() if alone.nsmap.get(prefix) != href}
    if missing:
        declarations = "".join(
            f' xmlns{":" + prefix if prefix else ""}="{href.replace("&", "&amp;").replace(chr(34), "&quot;")}"'
            for prefix, href in sorted(missing.items(), key=lambda item: item[0] or "")
        ).encode()
        end = re.match(rb"<[^\s/>]+", text)
        assert end is not None
        text = text[: end.end()] + declarations + text[end.end() :]
        alone = etree.fromstring(text, _PARSER)
    data: bytes = etree.tostring(
        alone.getroottree(),
        method="c14n",
        exclusive=exclusive,
        with_comments=with_comments,
        inclusive_ns_prefixes=prefixes,
    )
    return data


def _prefixes(transform: etree._Element) -> list[str] | None:
    inclusive = transform.find(f"{{{EXC_C14N}}}InclusiveNamespaces")
    if inclusive is None:
        return None
    prefixes: list[str] = str(inclusive.get("PrefixList", "")).split()
    return prefixes


def _signature_step(expression: str, scope: Mapping[str | None, str]) -> bool:
    """Whether an XPath expression names ds:Signature with a prefix bound to the dsig namespace."""
    match = re.fullmatch(r"\s*not\(\s*ancestor-or-self::(\w+):Signature\s*\)\s*", expression) or re.fullmatch(
        r"\s*/descendant::(\w+):Signature\s*", expression
    )
    return bool(match) and scope.get(match.group(1)) == DSIG  # type: ignore[union-attr]


def reference_data(
    reference: etree._Element,
    signature: etree._Element,
    external: Mapping[str, bytes],
    *,
    unknown_transforms_are_identity: bool = False,
) -> bytes:
    """The octets a reference's digest covers."""
    document = reference.getroottree()
    root = document.getroot()
    uri = reference.get("URI")
    data: NodeSet | bytes
    if uri is None:
        raise TemplateError("Reference without URI")
    if uri == "":
        data = NodeSet(None, with_comments=False)
    elif uri == "#xpointer(/)":
        data = NodeSet(None, with_comments=True)
    elif match := re.fullmatch(r"#xpointer\(id\('([^']+)'\)\)", uri):
        data = NodeSet(path_of(find_id(root, match.group(1))), with_comments=True)
    elif uri.startswith("#"):
        data = NodeSet(path_of(find_id(root, uri[1:])), with_comments=False)
    else:
        data = external[uri]
    transforms = reference.find(q("Transforms"))
    for transform in [] if transforms is None else list(transforms):
        if not isinstance(transform.tag, str):
            continue
        algorithm = transform.get("Algorithm", "")
        if algorithm == ENVELOPED:
            assert isinstance(data, NodeSet)
            data.excluded.append(path_of(signature))
        elif algorithm == XPATH:
            assert isinstance(data, NodeSet)
            xpath = transform.find(q("XPath"))
            assert xpath is not None and xpath.text
            if _signature_step(xpath.text, xpath.nsmap):
                data.drop_all_signatures = True
            elif xpath.text.strip() == "self::text()":
                data.text_only = True
            else:
                raise TemplateError(f"XPath {xpath.text!r} not supported")
        elif algorithm == FILTER2:
            assert isinstance(data, NodeSet)
            for step in transform.iterfind(f"{{{FILTER2}}}XPath"):
                if step.get("Filter") != "subtract" or not _signature_step(step.text or "", step.nsmap):
                    raise TemplateError(f"XPath Filter 2.0 {step.get('Filter')} {step.text!r} not supported")
                data.drop_all_signatures = True
        elif algorithm in C14N_ALGORITHMS:
            if isinstance(data, NodeSet):
                data = canonicalize(document, data, algorithm, _prefixes(transform))
            else:
                data = etree.tostring(
                    etree.fromstring(data, _PARSER),
                    method="c14n",
                    exclusive=C14N_ALGORITHMS[algorithm][0],
                    with_comments=C14N_ALGORITHMS[algorithm][1],
                )
        elif algorithm == BASE64:
            if isinstance(data, NodeSet):
                data.text_only = True
                data = canonicalize(document, data, C14N10)
            data = base64.b64decode(b"".join(data.split()))
        elif algorithm == XSLT:
            if isinstance(data, NodeSet):
                data = canonicalize(document, data, C14N10)
            stylesheet = transform.find(f"{{{XSLT_NS}}}stylesheet")
            assert stylesheet is not None
            result = etree.XSLT(etree.ElementTree(stylesheet))(etree.fromstring(data, _PARSER).getroottree())
            data = bytes(result)
        elif not unknown_transforms_are_identity:
            raise TemplateError(f"transform {algorithm} not supported")
    if isinstance(data, NodeSet):
        data = canonicalize(document, data, C14N10)
    return data


def signature_value(method: str, key: object, data: bytes, *, ecdsa_der: bool = False) -> bytes:
    try:
        family, hash_name = SIGNATURE_METHODS[method]
    except KeyError:
        raise TemplateError(f"unknown SignatureMethod {method}") from None
    if family == "hmac":
        assert isinstance(key, bytes)
        return hmac.new(key, data, hash_name).digest()
    algorithm = _HASHES[hash_name]()
    if family == "rsa":
        assert isinstance(key, rsa.RSAPrivateKey)
        return key.sign(data, padding.PKCS1v15(), algorithm)
    if family == "pss":
        assert isinstance(key, rsa.RSAPrivateKey)
        # RFC 6931: MGF1 with the same hash, salt as long as the hash, trailer 1
        return key.sign(data, padding.PSS(mgf=padding.MGF1(algorithm), salt_length=algorithm.digest_size), algorithm)
    if family == "ecdsa":
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        der = key.sign(data, ec.ECDSA(algorithm))
        if ecdsa_der:
            return der
        size = (key.curve.key_size + 7) // 8
        r, s = decode_dss_signature(der)
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")
    assert isinstance(key, dsa.DSAPrivateKey)
    r, s = decode_dss_signature(key.sign(data, algorithm))
    size = (key.parameters().parameter_numbers().q.bit_length() + 7) // 8
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def sign(
    signature: etree._Element,
    key: object,
    *,
    external: Mapping[str, bytes] | None = None,
    ecdsa_der: bool = False,
    wrap: int | None = None,
    unknown_transforms_are_identity: bool = False,
) -> None:
    """Fill every DigestValue and the SignatureValue of a ds:Signature template, in place."""
    signed_info = signature.find(q("SignedInfo"))
    assert signed_info is not None
    # identical references (the too-many-references case) are computed once; no template references
    # a DigestValue, so filling them in does not change what later references cover
    memo: dict[tuple[str | None, bytes], bytes] = {}
    for reference in signed_info.iterfind(q("Reference")):
        method = reference.find(q("DigestMethod"))
        value = reference.find(q("DigestValue"))
        assert method is not None and value is not None
        transforms = reference.find(q("Transforms"))
        memo_key = (reference.get("URI"), b"" if transforms is None else etree.tostring(transforms))
        if memo_key not in memo:
            memo[memo_key] = reference_data(
                reference, signature, external or {}, unknown_transforms_are_identity=unknown_transforms_are_identity
            )
        value.text = b64(digest(method.get("Algorithm", ""), memo[memo_key]))
    c14n_method = signed_info.find(q("CanonicalizationMethod"))
    signature_method = signed_info.find(q("SignatureMethod"))
    assert c14n_method is not None and signature_method is not None
    algorithm = c14n_method.get("Algorithm", "")
    exclusive, comments = C14N_ALGORITHMS[algorithm]
    canonical = c14n_subtree(signed_info, exclusive=exclusive, with_comments=comments, prefixes=_prefixes(c14n_method))
    value_element = signature.find(q("SignatureValue"))
    assert value_element is not None
    value_element.text = b64(
        signature_value(signature_method.get("Algorithm", ""), key, canonical, ecdsa_der=ecdsa_der), wrap
    )


def parse(data: bytes) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(data, _PARSER))

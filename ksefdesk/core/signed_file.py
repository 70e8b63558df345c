"""Checking a signed AuthTokenRequest before it is sent (the app) or accepted (the sandbox).

Every refusal is a ``UserError("signed.*")`` telling the user what is wrong and what to do.
Values (challenge, NIP) are read from the element the verifier says was signed, never from the
raw tree, so a signature-wrapping file cannot smuggle in other values. The original bytes are
never re-serialized: callers send exactly what the user chose.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from lxml import etree
from signxml.algorithms import DigestAlgorithm, SignatureMethod
from signxml.exceptions import InvalidCertificate, InvalidDigest, InvalidInput, InvalidSignature
from signxml.xades.xades import XAdESSignatureConfiguration, XAdESVerifier

from ksefdesk.core.auth_request import AUTH_NAMESPACES, ContextType, SubjectIdentifierType, schema_errors
from ksefdesk.core.errors import UserError
from ksefdesk.core.identity import CertificateIdentity, identity_for
from ksefdesk.core.xml_safety import UnsafeXml, declared_encoding, parse_untrusted

MAX_SIGNED_BYTES = 1_000_000
DSIG = "http://www.w3.org/2000/09/xmldsig#"
XADES_NAMESPACES = ("http://uri.etsi.org/01903/v1.3.2#", "http://uri.etsi.org/01903/v1.4.1#")
_XPATH_TRANSFORMS = ("http://www.w3.org/TR/1999/REC-xpath-19991116", "http://www.w3.org/2002/06/xmldsig-filter2")
_PKCS7_SIGNED_DATA_OID = bytes.fromhex("06092a864886f70d010702")
_AUTH_TAGS = {f"{{{ns}}}AuthTokenRequest" for ns in AUTH_NAMESPACES.values()}

# KSeF accepts RSA PKCS#1 v1.5, RSA-PSS and ECDSA with SHA-1/2/3; never HMAC or DSA.
_ALLOWED_METHODS = frozenset(m for m in SignatureMethod if not m.name.startswith(("HMAC", "DSA")))
_ALLOWED_DIGESTS = frozenset(DigestAlgorithm)


@dataclass(frozen=True)
class SignedAuthRequest:
    challenge: str
    context_type: ContextType
    context_value: str
    subject_type: SubjectIdentifierType
    namespace: str
    certificate: x509.Certificate
    identity: CertificateIdentity | None


def _sniff_other_formats(data: bytes) -> None:
    head = data[:64].lstrip()
    if head.startswith(b"%PDF"):
        raise UserError("signed.pdf")
    if head.startswith(b"PK\x03\x04"):
        raise UserError("signed.asic")
    if head.startswith(b"-----BEGIN PKCS7") or (head[:1] == b"\x30" and _PKCS7_SIGNED_DATA_OID in data[:64]):
        raise UserError("signed.cades")
    if head.startswith(b"MII") and b"<" not in data[:256]:  # base64 of a DER PKCS#7 (.p7s saved as text)
        raise UserError("signed.cades")


def _check_encoding(data: bytes) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError("signed.encoding", encoding="UTF-16")
    declared = declared_encoding(data)
    if declared not in (None, "utf-8", "utf8"):
        raise UserError("signed.encoding", encoding=declared)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError("signed.encoding", encoding="?", details=str(exc)) from exc


def _parse(data: bytes) -> etree._Element:
    try:
        return parse_untrusted(data, max_bytes=MAX_SIGNED_BYTES)
    except UnsafeXml as exc:
        if exc.reason == "doctype":
            raise UserError("signed.doctype") from exc
        if exc.reason == "encoding":
            raise UserError("signed.encoding", encoding="?", details=exc.detail) from exc
        raise UserError("signed.not_xml", detail=exc.detail.split(",")[0][:120] or exc.reason) from exc


def _request_element(root: etree._Element) -> etree._Element:
    if root.tag in _AUTH_TAGS:
        return root
    if root.tag == f"{{{DSIG}}}Signature":  # enveloping: the request sits in a ds:Object
        for element in root.iter(*_AUTH_TAGS):
            return element
    found = etree.QName(root).localname if isinstance(root.tag, str) else "?"
    raise UserError("signed.not_auth_request", found=found)


def _certificate(signature: etree._Element) -> x509.Certificate:
    element = signature.find(f"{{{DSIG}}}KeyInfo//{{{DSIG}}}X509Certificate")
    if element is None or not (element.text or "").strip():
        raise UserError("signed.no_certificate")
    try:
        der = base64.b64decode("".join((element.text or "").split()), validate=True)
        return x509.load_der_x509_certificate(der)
    except (binascii.Error, ValueError) as exc:
        raise UserError("signed.bad_certificate", details=str(exc)) from exc


def _check_certificate(cert: x509.Certificate, now: datetime) -> None:
    try:
        not_after, not_before = cert.not_valid_after_utc, cert.not_valid_before_utc
        key: Any = cert.public_key()
    except ValueError as exc:
        raise UserError("signed.bad_certificate", details=str(exc)) from exc
    if now > not_after:
        raise UserError("signed.cert_expired", date=not_after.date().isoformat())
    if now < not_before:
        raise UserError("signed.cert_not_yet_valid", date=not_before.date().isoformat())
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < 2048:
            raise UserError("signed.weak_key", detail=f"RSA {key.key_size}")
    elif isinstance(key, ec.EllipticCurvePublicKey):
        if key.curve.key_size < 256:
            raise UserError("signed.weak_key", detail=f"EC {key.curve.name}")
    else:
        raise UserError("signed.unsupported_algorithm", detail=type(key).__name__)


def _check_structure(signature: etree._Element) -> None:
    signed_info = signature.find(f"{{{DSIG}}}SignedInfo")
    if signed_info is None:
        raise UserError("signed.signature_malformed", detail="no SignedInfo")
    references = signed_info.findall(f"{{{DSIG}}}Reference")
    if not references:
        raise UserError("signed.signature_malformed", detail="no Reference")
    for reference in references:
        uri = reference.get("URI")
        if uri is None or (uri and not uri.startswith("#")):
            raise UserError("signed.detached")
    for transform in signed_info.iter(f"{{{DSIG}}}Transform"):
        if transform.get("Algorithm") in _XPATH_TRANSFORMS:
            raise UserError("signed.unverifiable")
    method = signed_info.find(f"{{{DSIG}}}SignatureMethod")
    algorithm = method.get("Algorithm", "") if method is not None else ""
    if algorithm not in {m.value for m in _ALLOWED_METHODS}:
        raise UserError("signed.unsupported_algorithm", detail=algorithm.rsplit("#", 1)[-1] or "none")
    if not any(signature.find(f".//{{{ns}}}QualifyingProperties") is not None for ns in XADES_NAMESPACES):
        raise UserError("signed.not_xades")


def _verify(data: bytes, cert: x509.Certificate) -> list[Any]:
    config = XAdESSignatureConfiguration(
        expect_references=True, signature_methods=_ALLOWED_METHODS, digest_algorithms=_ALLOWED_DIGESTS
    )
    pem = cert.public_bytes(serialization.Encoding.PEM)
    verifier = XAdESVerifier()
    # libxml2's inclusive C14N of a subtree emits a spurious xmlns="" on children when the dsig
    # default namespace is declared on an ancestor (unprefixed signatures, e.g. .NET SignedXml).
    # Neither the request (its XSD) nor SignedInfo can hold a real no-namespace element, so
    # dropping those declarations is exact here and matches xmlsec1.
    verifier.excise_empty_xmlns_declarations = True
    try:
        results: list[Any] = verifier.verify(data, x509_cert=pem, expect_config=config)
    except InvalidDigest as exc:
        raise UserError("signed.tampered", details=str(exc)) from exc
    except InvalidCertificate as exc:
        raise UserError("signed.bad_certificate", details=str(exc)) from exc
    except InvalidInput as exc:
        raise UserError("signed.signature_malformed", detail=str(exc)[:120]) from exc
    except InvalidSignature as exc:
        raise UserError("signed.bad_signature", details=str(exc)) from exc
    except Exception as exc:  # lxml C14N/DocumentInvalid, x509 version errors, ...: never a traceback
        raise UserError("signed.signature_malformed", detail=type(exc).__name__, details=str(exc)) from exc
    return results


def _signed_request(results: list[Any]) -> etree._Element:
    for result in results:
        signed = result.signed_xml
        if signed is None:
            continue
        if signed.tag in _AUTH_TAGS:
            return signed
        if signed.tag == f"{{{DSIG}}}Object":
            inner = [child for child in signed if child.tag in _AUTH_TAGS]
            if len(inner) == 1:
                return inner[0]
    raise UserError("signed.content_not_signed")


def _text(element: etree._Element, ns: str, path: str) -> str:
    found = element.find(path.format(ns=f"{{{ns}}}"))
    return (found.text or "").strip() if found is not None else ""


def inspect_signed_request(data: bytes, *, now: datetime) -> SignedAuthRequest:
    """Everything that can be checked without knowing which request the user meant to sign."""
    if not data or not data.strip():
        raise UserError("signed.empty")
    if len(data) > MAX_SIGNED_BYTES:
        raise UserError("signed.too_large", size=len(data))
    _sniff_other_formats(data)
    _check_encoding(data)
    root = _parse(data)
    _request_element(root)
    signatures = list(root.iter(f"{{{DSIG}}}Signature"))
    if not signatures:
        raise UserError("signed.unsigned")
    if len(signatures) > 1:
        raise UserError("signed.many_signatures", count=len(signatures))
    signature = signatures[0]
    _check_structure(signature)
    cert = _certificate(signature)
    _check_certificate(cert, now)
    request = _signed_request(_verify(data, cert))
    errors = schema_errors(request)
    if errors:
        raise UserError("signed.schema", detail=errors[0][:200])
    ns = etree.QName(request).namespace or ""
    context = request.find(f"{{{ns}}}ContextIdentifier")
    assert context is not None and len(context)  # guaranteed by the schema
    context_element = context[0]
    subject_type = SubjectIdentifierType(_text(request, ns, "{ns}SubjectIdentifierType"))
    identity = identity_for(cert, by_fingerprint=subject_type is SubjectIdentifierType.CERTIFICATE_FINGERPRINT)
    if identity is None:
        raise UserError("signed.subject_unidentified")
    return SignedAuthRequest(
        challenge=_text(request, ns, "{ns}Challenge"),
        context_type=ContextType(etree.QName(context_element).localname),
        context_value=(context_element.text or "").strip(),
        subject_type=subject_type,
        namespace=ns,
        certificate=cert,
        identity=identity,
    )


def precheck(data: bytes, *, challenge: str, nip: str, deadline: datetime, now: datetime) -> SignedAuthRequest:
    """The full local check of a file the user signed for a pending request."""
    signed = inspect_signed_request(data, now=now)
    if signed.challenge != challenge:
        raise UserError("signed.wrong_challenge")
    if signed.context_type is not ContextType.NIP or signed.context_value != nip:
        raise UserError("signed.wrong_nip", found=signed.context_value, expected=nip)
    if now >= deadline:
        raise UserError("signed.expired", deadline=deadline.astimezone().strftime("%H:%M:%S"))
    return signed

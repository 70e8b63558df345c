"""Checking a signed AuthTokenRequest before it is sent (the app) or accepted (the sandbox, until it has its
own verifier).

Three verdicts:
- a ``SignedAuthRequest``: the signature verifies and covers exactly the request KSeF will read;
- ``UserError("signed.*")``: a definitive refusal (not signed, detached, tampered, wrong challenge, ...),
  each telling the user what to do;
- ``UncertainSignature``: this app cannot decide (an XPath expression it cannot prove equivalent, an
  algorithm it does not compute, a signer identity it cannot read). It carries what was read and
  checked, so the user can still send the file and let KSeF decide.

Values (challenge, NIP) are read from the element the signature covers, and the layout is pinned down
first (one request, one signature, no unsigned objects or hidden copies), so a signature-wrapping file
cannot smuggle in other values. The original bytes are never re-serialized: callers send exactly
what the user chose. Cryptography is in ``xmldsig`` (our own code, independent of libxmlsec1).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from lxml import etree

from ksefdesk.core.auth_request import AUTH_NAMESPACES, ContextType, SubjectIdentifierType, schema_errors
from ksefdesk.core.errors import ChallengeExpired, Lang, UserError
from ksefdesk.core.identity import (
    CertificateIdentity,
    SignerInfo,
    SignerKind,
    describe_signer,
    identity_for,
    ksef_loose_identity,
    looks_like_trusted_profile_seal,
)
from ksefdesk.core.xml_safety import UnsafeXml, declared_encoding, parse_untrusted
from ksefdesk.core.xmldsig import (
    DSIG,
    SignatureReport,
    Uncertainty,
    Undecided,
    has_trusted_profile_structure,
    qualifying_properties,
    verify_signature,
)

MAX_SIGNED_BYTES = 1_000_000
_PKCS7_SIGNED_DATA_OID = bytes.fromhex("06092a864886f70d010702")
_AUTH_TAGS = {f"{{{ns}}}AuthTokenRequest" for ns in AUTH_NAMESPACES.values()}
_SIGNATURE = f"{{{DSIG}}}Signature"
_OBJECT = f"{{{DSIG}}}Object"
_BASE64_TEXT = re.compile(rb"[A-Za-z0-9+/=\s]{40,}")


@dataclass(frozen=True)
class SignedAuthRequest:
    challenge: str
    context_type: ContextType
    context_value: str
    subject_type: SubjectIdentifierType
    namespace: str
    certificate: x509.Certificate  # the certificate that made the signature (for podpis zaufany: the Ministry's)
    identity: CertificateIdentity | None  # who KSeF will authenticate (for podpis zaufany: the person's PESEL)
    signer: SignerInfo
    chain: tuple[x509.Certificate, ...] = ()  # every certificate in KeyInfo
    signing_time: datetime | None = None
    warnings: tuple[UserError, ...] = ()  # worth showing, not blocking (e.g. a signing time in the future)
    checked: tuple[str, ...] = ()  # what was verified, for "details"
    layout: str = "enveloped"  # "enveloped" | "enveloping"

    def signer_label(self, lang: Lang) -> str:
        """E.g. "podpis zaufany: Jan Kowalski, PESEL 80010112345" (never the Ministry's seal)."""
        return self.signer.label(lang)

    @property
    def is_company_certificate(self) -> bool:
        """Is ``certificate`` the user's own (worth remembering for expiry warnings)? Not for podpis
        zaufany, whose certificate is the Ministry's seal."""
        return self.signer.kind is not SignerKind.TRUSTED_PROFILE


class UncertainSignature(UserError):
    """The app cannot decide: KSeF may still accept the file ("send anyway").

    ``partial`` holds what could be read (None if nothing could), ``checked`` what was verified, and
    ``uncertainties`` every open point (the first one gives the code and message)."""

    def __init__(
        self,
        uncertainties: tuple[Uncertainty, ...],
        *,
        partial: SignedAuthRequest | None,
        checked: tuple[str, ...] = (),
    ) -> None:
        first = uncertainties[0]
        details = "; ".join(u.detail for u in uncertainties)
        if checked:
            details += " | checked: " + "; ".join(checked)
        super().__init__(first.code, details=details, detail=first.detail)
        self.uncertainties = uncertainties
        self.partial = partial
        self.checked = checked


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


def _check_certificate(cert: x509.Certificate, now: datetime) -> None:
    try:
        not_after, not_before = cert.not_valid_after_utc, cert.not_valid_before_utc
        key: Any = cert.public_key()
    except (ValueError, UnsupportedAlgorithm) as exc:
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


def _text(element: etree._Element, ns: str, path: str) -> str:
    found = element.find(path.format(ns=f"{{{ns}}}"))
    return (found.text or "").strip() if found is not None else ""


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else "?"


def _decoded_request(text: str | None) -> bytes | None:
    """The bytes of a base64-encoded AuthTokenRequest in ``text``, if that is what it holds."""
    raw = (text or "").encode("ascii", "ignore")
    if not _BASE64_TEXT.fullmatch(raw):
        return None
    try:
        decoded = base64.b64decode(b"".join(raw.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    return decoded if b"AuthTokenRequest" in decoded else None


@dataclass
class _Layout:
    kind: str  # "enveloped" | "enveloping"
    request: etree._Element | None  # None: base64-encoded inside the enveloping Object
    content: tuple[etree._Element, ...]
    content_object: etree._Element | None


def _layout(root: etree._Element, signature: etree._Element, requests: list[etree._Element]) -> _Layout:
    """Where the request is, and that nothing else in the file could pass for it (signature wrapping)."""
    objects = [c for c in signature if isinstance(c.tag, str) and c.tag == _OBJECT]
    try:
        holder, _ = qualifying_properties(signature)
    except UserError:
        holder = None
    except Undecided:  # an old XAdES namespace: verify_signature records that as uncertain
        holder = next((o for o in objects if any(_local(c) == "QualifyingProperties" for c in o)), None)
    if root.tag in _AUTH_TAGS:
        if signature.getparent() is not root:
            where = _local(signature.getparent())
            raise UserError("signed.signature_malformed", detail=f"the signature sits inside {where}, not the request")
        extra = [o for o in objects if o is not holder]
        if extra:
            raise UserError("signed.extra_object", what=f"ds:Object Id={extra[0].get('Id') or '?'}")
        layout = _Layout("enveloped", root, (root,), None)
    else:
        content_object: etree._Element | None = None
        request: etree._Element | None = None
        if requests:
            request = requests[0]
            parent = request.getparent()
            if parent is None or parent.tag != _OBJECT or parent.getparent() is not signature:
                raise UserError("signed.request_misplaced", where=_local(parent) if parent is not None else "?")
            if [c for c in parent if isinstance(c.tag, str)] != [request]:
                raise UserError("signed.extra_object", what="ds:Object with more than the request")
            content_object = parent
        else:
            encoded = [o for o in objects if o is not holder and len(o) == 0 and _decoded_request(o.text)]
            if not encoded:
                raise UserError("signed.not_auth_request", found="Signature")
            content_object = encoded[0]
        extra = [o for o in objects if o is not holder and o is not content_object]
        if extra:
            raise UserError("signed.extra_object", what=f"ds:Object Id={extra[0].get('Id') or '?'}")
        content = (content_object,) if request is None else (content_object, request)
        layout = _Layout("enveloping", request, content, content_object)
    # A base64 copy of a request anywhere in the signature (an unsigned decoy KSeF might read).
    for element in signature.iter():
        if not isinstance(element.tag, str) or element is layout.content_object:
            continue
        for text in (element.text, element.tail):
            if text and len(text) >= 40 and _decoded_request(text) is not None:
                raise UserError("signed.base64_decoy")
    return layout


def _request_values(
    request: etree._Element, report: SignatureReport, warnings: list[UserError]
) -> tuple[str, ContextType, str, SubjectIdentifierType, str]:
    check = request
    if report.content_id_attribute is not None and report.content_id_attribute[0] is request:
        # KSeF's schema has no Id on the request: validate without the attribute the reference used.
        check = etree.fromstring(etree.tostring(request))
        name = report.content_id_attribute[1]
        del check.attrib[name]
        warnings.append(UserError("signed.warn_root_id", attribute=etree.QName(name).localname))
    errors = schema_errors(check)
    if errors:
        raise UserError("signed.schema", detail=errors[0][:200])
    ns = etree.QName(request).namespace or ""
    context = request.find(f"{{{ns}}}ContextIdentifier")
    assert context is not None and len(context)  # guaranteed by the schema
    context_element = context[0]
    return (
        _text(request, ns, "{ns}Challenge"),
        ContextType(etree.QName(context_element).localname),
        (context_element.text or "").strip(),
        SubjectIdentifierType(_text(request, ns, "{ns}SubjectIdentifierType")),
        ns,
    )


def _signer(
    cert: x509.Certificate, report: SignatureReport, by_fingerprint: bool, uncertain: list[Uncertainty]
) -> SignerInfo:
    ssp = (
        report.signed_properties.find("{http://uri.etsi.org/01903/v1.3.2#}SignedSignatureProperties")
        if (report.signed_properties is not None)
        else None
    )
    claim = report.trusted_profile
    if not by_fingerprint and (claim is not None or has_trusted_profile_structure(ssp)):
        own = identity_for(cert, False)
        if own is None or own.is_seal:  # the Ministry's seal signs for the person: never show its NIP
            if claim is None:
                uncertain.append(Uncertainty("signed.uncertain_identity", "podpis zaufany data without a valid PESEL"))
                return SignerInfo(SignerKind.TRUSTED_PROFILE, "", None)
            if not looks_like_trusted_profile_seal(cert):
                uncertain.append(
                    Uncertainty("signed.uncertain_identity", "podpis zaufany data on a seal that is not the Ministry's")
                )
            return describe_signer(cert, trusted_profile=claim)
    signer = describe_signer(cert, by_fingerprint=by_fingerprint)
    if by_fingerprint:
        return signer
    loose = ksef_loose_identity(cert)
    if signer.identity is None and loose is None:
        raise UserError("signed.subject_unidentified")
    if signer.identity != loose:
        seen = f"{loose.kind.value} {loose.value}" if loose else "nothing"
        uncertain.append(
            Uncertainty("signed.uncertain_identity", f"KSeF's patterns may read {seen} from the certificate subject")
        )
    return signer


def inspect_signed_request(data: bytes, *, now: datetime) -> SignedAuthRequest:
    """Everything that can be checked without knowing which request the user meant to sign.

    Raises ``UserError("signed.*")`` (refused) or ``UncertainSignature`` (cannot decide; ``partial``
    holds the values read)."""
    if not data or not data.strip():
        raise UserError("signed.empty")
    if len(data) > MAX_SIGNED_BYTES:
        raise UserError("signed.too_large", size=len(data))
    _sniff_other_formats(data)
    _check_encoding(data)
    root = _parse(data)
    if root.tag not in _AUTH_TAGS and root.tag != _SIGNATURE:
        raise UserError("signed.not_auth_request", found=_local(root))
    requests = [e for e in root.iter() if isinstance(e.tag, str) and _local(e) == "AuthTokenRequest"]
    if len(requests) > 1:
        raise UserError("signed.second_request", count=len(requests))
    if requests and requests[0].tag not in _AUTH_TAGS:
        raise UserError("signed.not_auth_request", found=f"AuthTokenRequest ({etree.QName(requests[0]).namespace})")
    signatures = list(root.iter(_SIGNATURE))
    if not signatures:
        raise UserError("signed.unsigned")
    if len(signatures) > 1:
        raise UserError("signed.many_signatures", count=len(signatures))
    signature = signatures[0]
    layout = _layout(root, signature, requests)
    report = verify_signature(
        data, root, signature, content=layout.content, whole_document=layout.kind == "enveloped", now=now
    )
    uncertain = list(report.uncertain)
    warnings = list(report.warnings)

    request = layout.request
    if request is None:  # the request is base64 inside the enveloping Object: read what was digested
        octets = next((r.octets for r in report.references if r.role == "content" and r.octets), None)
        if octets is None:
            encoded = _decoded_request(layout.content_object.text if layout.content_object is not None else "")
            octets = encoded or b""
        try:
            request = parse_untrusted(octets, max_bytes=MAX_SIGNED_BYTES)
        except UnsafeXml as exc:
            raise UserError("signed.not_auth_request", found="base64") from exc
        if request.tag not in _AUTH_TAGS:
            raise UserError("signed.not_auth_request", found=_local(request))
        uncertain.append(Uncertainty("signed.uncertain_format", "the request is base64-encoded inside the signature"))
    challenge, context_type, context_value, subject_type, ns = _request_values(request, report, warnings)

    cert = report.signer
    assert cert is not None  # verify_signature names a signer or raises
    _check_certificate(cert, now)
    by_fingerprint = subject_type is SubjectIdentifierType.CERTIFICATE_FINGERPRINT
    signer = _signer(cert, report, by_fingerprint, uncertain)
    if not report.content_verified() and not uncertain:
        raise UserError("signed.content_not_signed")
    if not report.signature_verified and not uncertain:
        raise UserError("signed.bad_signature")
    result = SignedAuthRequest(
        challenge=challenge,
        context_type=context_type,
        context_value=context_value,
        subject_type=subject_type,
        namespace=ns,
        certificate=cert,
        identity=signer.identity,
        signer=signer,
        chain=tuple(report.certificates),
        signing_time=report.signing_time,
        warnings=tuple(warnings),
        checked=tuple(report.checked),
        layout=layout.kind,
    )
    if uncertain:
        raise UncertainSignature(tuple(uncertain), partial=result, checked=result.checked)
    return result


def precheck(data: bytes, *, challenge: str, nip: str, deadline: datetime, now: datetime) -> SignedAuthRequest:
    """The full local check of a file the user signed for a pending request.

    A wrong challenge, another company or a missed deadline are refused even when the signature itself
    is uncertain; only then is ``UncertainSignature`` raised (its ``partial`` checked the same way)."""
    uncertain: UncertainSignature | None = None
    try:
        signed = inspect_signed_request(data, now=now)
    except UncertainSignature as exc:
        if exc.partial is None:
            if now >= deadline:
                raise ChallengeExpired(deadline=deadline.astimezone().strftime("%H:%M:%S")) from exc
            raise
        signed, uncertain = exc.partial, exc
    if signed.challenge != challenge:
        raise UserError("signed.wrong_challenge")
    if signed.context_type is not ContextType.NIP or signed.context_value != nip:
        raise UserError("signed.wrong_nip", found=signed.context_value, expected=nip)
    if now >= deadline:
        raise ChallengeExpired(deadline=deadline.astimezone().strftime("%H:%M:%S"))
    if uncertain is not None:
        raise uncertain
    return signed

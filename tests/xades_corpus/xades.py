"""XAdES signature templates: one configurable renderer for the layouts signing programs write,
plus RFC 3161 time-stamp tokens for the -T/-LT/-A unsigned properties."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, padding, rsa
from lxml import etree

from tests.xades_corpus import _der, xmldsig
from tests.xades_corpus.certs import Identity, current_time, timestamp_authority
from tests.xades_corpus.xmldsig import DSIG, ENVELOPED, EXC_C14N, FILTER2, SHA256, XPATH

XADES = "http://uri.etsi.org/01903/v1.3.2#"
XADES141 = "http://uri.etsi.org/01903/v1.4.1#"
SIGNED_PROPERTIES_TYPE = "http://uri.etsi.org/01903#SignedProperties"
OBJECT_TYPE = "http://www.w3.org/2000/09/xmldsig#Object"
TSTINFO_OID = "1.2.840.113549.1.9.16.1.4"
TSA_POLICY = "1.3.6.1.4.1.99999.3.1"  # invented policy OID for the test TSA


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def method_for(key: object, hash_name: str = "sha256") -> str:
    """The SignatureMethod URI a signing program picks for the key type."""
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return {
            "sha1": xmldsig.ECDSA_SHA1,
            "sha256": xmldsig.ECDSA_SHA256,
            "sha384": xmldsig.ECDSA_SHA384,
            "sha512": xmldsig.ECDSA_SHA512,
        }[hash_name]
    if isinstance(key, dsa.DSAPrivateKey):
        return xmldsig.DSA_SHA256
    assert isinstance(key, rsa.RSAPrivateKey)
    return {
        "sha1": xmldsig.RSA_SHA1,
        "sha256": xmldsig.RSA_SHA256,
        "sha384": xmldsig.RSA_SHA384,
        "sha512": xmldsig.RSA_SHA512,
    }[hash_name]


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def issuer_serial_v2(cert: x509.Certificate) -> bytes:
    """DER IssuerSerial (RFC 5035): GeneralNames{directoryName issuer} + serial, as XAdES IssuerSerialV2."""
    general_names = _der.seq(_der.tlv(0xA4, cert.issuer.public_bytes()))
    return _der.seq(general_names, _der.integer(cert.serial_number))


def transform(p: str, algorithm: str) -> str:
    """One ds:Transform as signing programs write it (XPath bodies bind ds themselves when needed)."""
    if algorithm == XPATH:
        return (
            f'<{p}Transform Algorithm="{XPATH}"><{p}XPath xmlns:ds="{DSIG}">'
            f"not(ancestor-or-self::ds:Signature)</{p}XPath></{p}Transform>"
        )
    if algorithm == FILTER2:
        bind = "" if p == "ds:" else f' xmlns:ds="{DSIG}"'
        return (
            f'<{p}Transform Algorithm="{FILTER2}"><dsig-filter2:XPath xmlns:dsig-filter2="{FILTER2}"{bind} '
            f'Filter="subtract">/descendant::ds:Signature</dsig-filter2:XPath></{p}Transform>'
        )
    return f'<{p}Transform Algorithm="{algorithm}"/>'


def reference(
    p: str,
    uri: str,
    transforms: tuple[str, ...],
    digest: str = SHA256,
    *,
    ref_id: str | None = None,
    ref_type: str | None = None,
) -> str:
    attrs = (f' Id="{ref_id}"' if ref_id else "") + (f' Type="{ref_type}"' if ref_type else "")
    body = f"<{p}Transforms>{''.join(transform(p, t) for t in transforms)}</{p}Transforms>" if transforms else ""
    return (
        f'<{p}Reference{attrs} URI="{esc(uri)}">{body}<{p}DigestMethod Algorithm="{digest}"/>'
        f"<{p}DigestValue></{p}DigestValue></{p}Reference>"
    )


TimestampKind = Literal["none", "signature", "archive"]


@dataclass
class Spec:
    """Knobs of one XAdES signature. Defaults = the official KSeF client's layout (REFERENCE 2.3)."""

    signer: Identity
    ds: str = "ds"  # "" = dsig as the default namespace (.NET SignedXml)
    xades: str = "xades"
    sig_id: str | None = "Signature"
    sp_id: str = "SignedProperties"
    c14n: str = EXC_C14N
    method: str | None = None
    doc_uri: str = ""
    doc_transforms: tuple[str, ...] = (ENVELOPED, EXC_C14N)
    doc_ref_id: str | None = None
    doc_ref_type: str | None = None
    digest: str = SHA256
    doc_refs: str | None = None  # replaces the document reference entirely
    sp_transforms: tuple[str, ...] = (EXC_C14N,)
    sp_digest: str | None = None
    sp_ref_id: str | None = None
    extra_refs: str = ""
    cert_digest: str = SHA256
    signing_certificate: Literal["v1", "v2", "none"] = "v1"
    signing_chain: bool = False
    issuer_serial: bool = True
    keyinfo: tuple[x509.Certificate, ...] | None = None
    keyinfo_id: str | None = None
    signing_time: str | None = None
    signed_props_extra: str = ""
    data_object_format: str = ""
    timestamp: TimestampKind = "none"
    unsigned_extra: str = ""
    object_extra: str = ""
    value_id: str | None = None
    signed_info_id: str | None = None
    object_id: str | None = None
    qp_id: str | None = None
    wrap: int | None = None
    xades_ns_on_signature: bool = False
    qualifying: bool = True
    extra_signature_attrs: str = ""
    ids: dict[str, str] = field(default_factory=dict)

    @property
    def p(self) -> str:
        return f"{self.ds}:" if self.ds else ""

    @property
    def x(self) -> str:
        return f"{self.xades}:" if self.xades else ""


def default_signing_time() -> str:
    # fresh on every build (the official client uses now - 1 min), unlike the per-process certificates
    return (current_time() - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")


def signing_certificate(spec: Spec) -> str:
    p, x = spec.p, spec.x
    certs = [spec.signer.cert, *(spec.signer.chain if spec.signing_chain else ())]
    entries = []
    for cert in certs:
        value = xmldsig.b64(xmldsig.digest(spec.cert_digest, der(cert)))
        cert_digest = (
            f'<{x}CertDigest><{p}DigestMethod Algorithm="{spec.cert_digest}"/>'
            f"<{p}DigestValue>{value}</{p}DigestValue></{x}CertDigest>"
        )
        if spec.signing_certificate == "v2":
            serial = f"<{x}IssuerSerialV2>{xmldsig.b64(issuer_serial_v2(cert))}</{x}IssuerSerialV2>"
        else:
            serial = (
                f"<{x}IssuerSerial><{p}X509IssuerName>{esc(cert.issuer.rfc4514_string())}</{p}X509IssuerName>"
                f"<{p}X509SerialNumber>{cert.serial_number}</{p}X509SerialNumber></{x}IssuerSerial>"
            )
        entries.append(f"<{x}Cert>{cert_digest}{serial if spec.issuer_serial else ''}</{x}Cert>")
    tag = "SigningCertificateV2" if spec.signing_certificate == "v2" else "SigningCertificate"
    return f"<{x}{tag}>{''.join(entries)}</{x}{tag}>"


def unsigned_properties(spec: Spec) -> str:
    p, x = spec.p, spec.x
    if spec.timestamp == "none" and not spec.unsigned_extra:
        return ""
    parts = []
    if spec.timestamp in ("signature", "archive"):
        parts.append(
            f'<{x}SignatureTimeStamp Id="{spec.ids.get("ts", "TS-1")}"><{p}CanonicalizationMethod '
            f'Algorithm="{EXC_C14N}"/><{x}EncapsulatedTimeStamp Id="ets-signature"></{x}EncapsulatedTimeStamp>'
            f"</{x}SignatureTimeStamp>"
        )
    if spec.timestamp == "archive":
        chain = "".join(
            f"<{x}EncapsulatedX509Certificate>{xmldsig.b64(der(c))}</{x}EncapsulatedX509Certificate>"
            for c in spec.signer.chain
        )
        tsa = timestamp_authority()
        tsa_chain = "".join(
            f"<{x}EncapsulatedX509Certificate>{xmldsig.b64(der(c))}</{x}EncapsulatedX509Certificate>"
            for c in (tsa.cert, *tsa.chain)
        )
        parts.append(f"<{x}CertificateValues>{chain}</{x}CertificateValues>")
        parts.append(
            f'<xades141:TimeStampValidationData xmlns:xades141="{XADES141}">'
            f"<{x}CertificateValues>{tsa_chain}</{x}CertificateValues></xades141:TimeStampValidationData>"
        )
        parts.append(
            f'<xades141:ArchiveTimeStamp xmlns:xades141="{XADES141}" Id="ATS-1"><{p}CanonicalizationMethod '
            f'Algorithm="{EXC_C14N}"/><{x}EncapsulatedTimeStamp Id="ets-archive"></{x}EncapsulatedTimeStamp>'
            f"</xades141:ArchiveTimeStamp>"
        )
    parts.append(spec.unsigned_extra)
    body = "".join(parts)
    return (
        f"<{x}UnsignedProperties><{x}UnsignedSignatureProperties>{body}"
        f"</{x}UnsignedSignatureProperties></{x}UnsignedProperties>"
    )


def render(spec: Spec) -> str:
    """The ds:Signature template (DigestValue and SignatureValue empty)."""
    p, x = spec.p, spec.x
    method = spec.method or method_for(spec.signer.key)
    ds_decl = f'xmlns:{spec.ds}="{DSIG}"' if spec.ds else f'xmlns="{DSIG}"'
    xades_decl = f'xmlns:{spec.xades}="{XADES}"' if spec.xades else f'xmlns="{XADES}"'
    sig_attrs = f' Id="{spec.sig_id}"' if spec.sig_id else ""
    if spec.xades_ns_on_signature:
        sig_attrs = f" {xades_decl}" + sig_attrs
    doc_refs = spec.doc_refs
    if doc_refs is None:
        doc_refs = reference(
            p, spec.doc_uri, spec.doc_transforms, spec.digest, ref_id=spec.doc_ref_id, ref_type=spec.doc_ref_type
        )
    refs = doc_refs
    if spec.qualifying:
        refs += reference(
            p,
            f"#{spec.sp_id}",
            spec.sp_transforms,
            spec.sp_digest or spec.digest,
            ref_id=spec.sp_ref_id,
            ref_type=SIGNED_PROPERTIES_TYPE,
        )
    refs += spec.extra_refs
    si_id = f' Id="{spec.signed_info_id}"' if spec.signed_info_id else ""
    signed_info = (
        f'<{p}SignedInfo{si_id}><{p}CanonicalizationMethod Algorithm="{spec.c14n}"/>'
        f'<{p}SignatureMethod Algorithm="{method}"/>{refs}</{p}SignedInfo>'
    )
    value_id = f' Id="{spec.value_id}"' if spec.value_id else ""
    certs = spec.keyinfo if spec.keyinfo is not None else (spec.signer.cert,)
    x509_data = "".join(f"<{p}X509Certificate>{xmldsig.b64(der(c), spec.wrap)}</{p}X509Certificate>" for c in certs)
    ki_id = f' Id="{spec.keyinfo_id}"' if spec.keyinfo_id else ""
    key_info = f"<{p}KeyInfo{ki_id}><{p}X509Data>{x509_data}</{p}X509Data></{p}KeyInfo>"
    qualifying = ""
    if spec.qualifying:
        signed_sig = f"<{x}SigningTime>{spec.signing_time or default_signing_time()}</{x}SigningTime>"
        if spec.signing_certificate != "none":
            signed_sig += signing_certificate(spec)
        signed_sig += spec.signed_props_extra
        data_objects = (
            f"<{x}SignedDataObjectProperties>{spec.data_object_format}</{x}SignedDataObjectProperties>"
            if spec.data_object_format
            else ""
        )
        qp_attrs = ("" if spec.xades_ns_on_signature else f" {xades_decl}") + (
            f' Id="{spec.qp_id}"' if spec.qp_id else ""
        )
        target = f' Target="#{spec.sig_id}"' if spec.sig_id else ""
        object_id = f' Id="{spec.object_id}"' if spec.object_id else ""
        qualifying = (
            f"<{p}Object{object_id}><{x}QualifyingProperties{qp_attrs}{target}>"
            f'<{x}SignedProperties Id="{spec.sp_id}"><{x}SignedSignatureProperties>{signed_sig}'
            f"</{x}SignedSignatureProperties>{data_objects}</{x}SignedProperties>{unsigned_properties(spec)}"
            f"</{x}QualifyingProperties></{p}Object>"
        )
    return (
        f"<{p}Signature {ds_decl}{sig_attrs}{spec.extra_signature_attrs}>{signed_info}"
        f"<{p}SignatureValue{value_id}></{p}SignatureValue>{key_info}{qualifying}{spec.object_extra}</{p}Signature>"
    )


def timestamp_token(data: bytes, tsa: Identity | None = None, moment: datetime | None = None) -> bytes:
    """An RFC 3161 TimeStampToken (CMS SignedData over TSTInfo) for SHA-256(data), signed by the test TSA."""
    tsa = tsa or timestamp_authority()
    moment = moment or current_time()
    sha256 = "2.16.840.1.101.3.4.2.1"
    imprint = _der.seq(_der.algorithm(sha256), _der.octets(hashlib.sha256(data).digest()))
    serial = int.from_bytes(hashlib.sha256(data + b"serial").digest()[:8], "big")
    tst_info = _der.seq(
        _der.integer(1),
        _der.oid(TSA_POLICY),
        imprint,
        _der.integer(serial),
        _der.generalized_time(moment),
        _der.seq(_der.integer(1)),
        _der.integer(int.from_bytes(hashlib.sha256(data + b"nonce").digest()[:8], "big")),
    )
    tsa_der = der(tsa.cert)
    attributes = [
        _der.seq(_der.oid("1.2.840.113549.1.9.3"), _der.set_of(_der.oid(TSTINFO_OID))),
        _der.seq(
            _der.oid("1.2.840.113549.1.9.5"), _der.set_of(_der.tlv(0x17, moment.strftime("%y%m%d%H%M%SZ").encode()))
        ),
        _der.seq(_der.oid("1.2.840.113549.1.9.4"), _der.set_of(_der.octets(hashlib.sha256(tst_info).digest()))),
        _der.seq(
            _der.oid("1.2.840.113549.1.9.16.2.47"),
            _der.set_of(_der.seq(_der.seq(_der.seq(_der.octets(hashlib.sha256(tsa_der).digest()))))),
        ),
    ]
    attrs_content = b"".join(sorted(attributes))  # DER SET OF order
    signed_attrs = _der.tlv(0x31, attrs_content)  # what the signature covers (RFC 5652 5.4)
    assert isinstance(tsa.key, rsa.RSAPrivateKey)
    signature = tsa.key.sign(signed_attrs, padding.PKCS1v15(), hashes.SHA256())
    signer_info = _der.seq(
        _der.integer(1),
        _der.seq(tsa.cert.issuer.public_bytes(), _der.integer(tsa.cert.serial_number)),
        _der.algorithm(sha256),
        _der.implicit_constructed(0, attrs_content),
        _der.algorithm("1.2.840.113549.1.1.11"),
        _der.octets(signature),
    )
    signed_data = _der.seq(
        _der.integer(3),
        _der.set_of(_der.algorithm(sha256)),
        _der.seq(_der.oid(TSTINFO_OID), _der.explicit(0, _der.octets(tst_info))),
        _der.implicit_constructed(0, tsa_der + b"".join(der(c) for c in tsa.chain)),
        _der.set_of(signer_info),
    )
    return _der.seq(_der.oid("1.2.840.113549.1.7.2"), _der.explicit(0, signed_data))


def add_timestamps(signature: etree._Element) -> None:
    """Fill the EncapsulatedTimeStamp placeholders after signing: the signature time-stamp covers the
    canonical SignatureValue (XAdES 7.3); the archive one covers SignedInfo+SignatureValue+KeyInfo."""
    q = xmldsig.q
    for stamp in signature.iter(f"{{{XADES}}}EncapsulatedTimeStamp"):
        value = signature.find(q("SignatureValue"))
        assert value is not None
        covered = etree.tostring(value, method="c14n", exclusive=True)
        if stamp.get("Id") == "ets-archive":
            covered = b"".join(
                etree.tostring(e, method="c14n", exclusive=True)
                for e in (signature.find(q("SignedInfo")), value, signature.find(q("KeyInfo")))
                if e is not None
            )
        stamp.text = xmldsig.b64(timestamp_token(covered))

"""Signing with Debian's xmlsec1: an independent XAdES implementation to check ours against."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from ksefdesk.core.self_signed import SigningIdentity

EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
C14N_10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
METHODS = {
    "rsa": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    "ec": "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
}


def require_xmlsec1() -> str:
    found = shutil.which("xmlsec1")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("xmlsec1 is missing: scripts/system-deps.sh installs it (Debian package xmlsec1)")
    pytest.skip("xmlsec1 is not installed (Debian package xmlsec1)")


def xades_template(document: bytes, identity: SigningIdentity, *, c14n: str = EXC_C14N, prefix: str = "ds") -> bytes:
    """The official client's layout (REFERENCE 2.3): Id="Signature", a URI="" reference with
    enveloped-signature + C14N, a #SignedProperties reference, SigningCertificate with IssuerSerial."""
    cert = identity.certificate
    der = cert.public_bytes(serialization.Encoding.DER)
    digest = base64.b64encode(hashlib.sha256(der).digest()).decode()
    kind = "ec" if hasattr(identity.key, "curve") else "rsa"
    p = f"{prefix}:" if prefix else ""
    ns = (
        f'xmlns:{prefix}="http://www.w3.org/2000/09/xmldsig#"'
        if prefix
        else 'xmlns="http://www.w3.org/2000/09/xmldsig#"'
    )
    signing_time = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"
    signature = (
        f'<{p}Signature {ns} Id="Signature"><{p}SignedInfo><{p}CanonicalizationMethod Algorithm="{c14n}"/>'
        f'<{p}SignatureMethod Algorithm="{METHODS[kind]}"/><{p}Reference URI=""><{p}Transforms>'
        f'<{p}Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>'
        f'<{p}Transform Algorithm="{c14n}"/></{p}Transforms><{p}DigestMethod Algorithm="{sha256}"/>'
        f'<{p}DigestValue></{p}DigestValue></{p}Reference><{p}Reference URI="#SignedProperties" '
        f'Type="http://uri.etsi.org/01903#SignedProperties"><{p}Transforms><{p}Transform Algorithm="{c14n}"/>'
        f'</{p}Transforms><{p}DigestMethod Algorithm="{sha256}"/><{p}DigestValue></{p}DigestValue></{p}Reference>'
        f"</{p}SignedInfo><{p}SignatureValue/><{p}KeyInfo><{p}X509Data><{p}X509Certificate>"
        f"{base64.b64encode(der).decode()}</{p}X509Certificate></{p}X509Data></{p}KeyInfo><{p}Object>"
        f'<xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#Signature">'
        f'<xades:SignedProperties Id="SignedProperties"><xades:SignedSignatureProperties>'
        f"<xades:SigningTime>{signing_time}</xades:SigningTime><xades:SigningCertificate><xades:Cert>"
        f'<xades:CertDigest><{p}DigestMethod Algorithm="{sha256}"/><{p}DigestValue>{digest}</{p}DigestValue>'
        f"</xades:CertDigest><xades:IssuerSerial><{p}X509IssuerName>{cert.issuer.rfc4514_string()}"
        f"</{p}X509IssuerName><{p}X509SerialNumber>{cert.serial_number}</{p}X509SerialNumber>"
        f"</xades:IssuerSerial></xades:Cert></xades:SigningCertificate></xades:SignedSignatureProperties>"
        f"</xades:SignedProperties></xades:QualifyingProperties></{p}Object></{p}Signature>"
    )
    closing = document.rindex(b"</")
    return document[:closing] + signature.encode() + document[closing:]


def xmlsec_sign(template: bytes, identity: SigningIdentity) -> bytes:
    xmlsec1 = require_xmlsec1()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "t.xml").write_bytes(template)
        (work / "k.pem").write_bytes(identity.key_pem())
        subprocess.run(
            [
                xmlsec1,
                "--sign",
                "--privkey-pem",
                str(work / "k.pem"),
                "--id-attr:Id",
                "http://uri.etsi.org/01903/v1.3.2#:SignedProperties",
                "--output",
                str(work / "s.xml"),
                str(work / "t.xml"),
            ],
            check=True,
            capture_output=True,
        )
        return (work / "s.xml").read_bytes()


def xmlsec_verify(signed: bytes, identity: SigningIdentity) -> bool:
    xmlsec1 = require_xmlsec1()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "s.xml").write_bytes(signed)
        (work / "c.pem").write_bytes(identity.certificate_pem())
        result = subprocess.run(
            [
                xmlsec1,
                "--verify",
                "--pubkey-cert-pem",
                str(work / "c.pem"),
                "--id-attr:Id",
                "http://uri.etsi.org/01903/v1.3.2#:SignedProperties",
                str(work / "s.xml"),
            ],
            capture_output=True,
        )
        return result.returncode == 0

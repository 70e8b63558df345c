"""Signing an AuthTokenRequest in the app (XAdES-BES, enveloped), as the official client does."""

from __future__ import annotations

from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from lxml import etree
from signxml.algorithms import SignatureMethod
from signxml.xades.xades import XAdESSigner

from ksefdesk.core.xml_safety import parse_untrusted

SigningKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


def signature_method_for(key: Any) -> SignatureMethod:
    """signxml's default is RSA; an EC key needs ECDSA (else signxml fails with AttributeError)."""
    if isinstance(key, ec.EllipticCurvePrivateKey) or hasattr(key, "curve"):  # "curve": a card's EC key
        size = key.curve.key_size
        return SignatureMethod.ECDSA_SHA384 if size >= 384 else SignatureMethod.ECDSA_SHA256
    return SignatureMethod.RSA_SHA256


def sign_xml(document: bytes, key: Any, chain: list[x509.Certificate]) -> bytes:
    """Enveloped XAdES-BES over the whole document; the certificate (chain) in KeyInfo only.

    ``key`` may be a cryptography private key or an adapter with the same ``sign`` method
    (PKCS#11). The result's bytes must be sent unchanged: never re-serialize a signed file.
    """
    root = parse_untrusted(document)
    signer = XAdESSigner(signature_algorithm=signature_method_for(key))
    signed = signer.sign(root, key=key, cert=chain, always_add_key_value=False)
    data: bytes = etree.tostring(signed, xml_declaration=True, encoding="utf-8")
    return data

"""The AuthTokenRequest document a user signs to log in with XAdES."""

from __future__ import annotations

import enum

from lxml import etree

from ksefdesk.core.schemas import AUTH_NS_20, AUTH_NS_21, auth_request_schema


class ContextType(enum.StrEnum):
    NIP = "Nip"
    INTERNAL_ID = "InternalId"
    NIP_VAT_UE = "NipVatUe"
    PEPPOL_ID = "PeppolId"


class SubjectIdentifierType(enum.StrEnum):
    CERTIFICATE_SUBJECT = "certificateSubject"
    CERTIFICATE_FINGERPRINT = "certificateFingerprint"


AUTH_NAMESPACES = {"2.0": AUTH_NS_20, "2.1": AUTH_NS_21}


def build_auth_request(
    challenge: str,
    context_value: str,
    *,
    context_type: ContextType = ContextType.NIP,
    subject_type: SubjectIdentifierType = SubjectIdentifierType.CERTIFICATE_SUBJECT,
    version: str = "2.1",
) -> bytes:
    """UTF-8 bytes of an unsigned AuthTokenRequest, validated against the official schema."""
    ns = AUTH_NAMESPACES[version]
    root = etree.Element(f"{{{ns}}}AuthTokenRequest", nsmap={None: ns})
    etree.SubElement(root, f"{{{ns}}}Challenge").text = challenge
    context = etree.SubElement(root, f"{{{ns}}}ContextIdentifier")
    etree.SubElement(context, f"{{{ns}}}{context_type.value}").text = context_value
    etree.SubElement(root, f"{{{ns}}}SubjectIdentifierType").text = subject_type.value
    validate_auth_request(root)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return data


def schema_errors(root: etree._Element) -> list[str]:
    """Schema problems of an AuthTokenRequest (its ds:Signature ignored; 2.0 checked as 2.1,
    whose only difference is IP regexes that libxml2 cannot compile in 2.0)."""
    copy = etree.fromstring(etree.tostring(root))
    for signature in copy.findall("{http://www.w3.org/2000/09/xmldsig#}Signature"):
        copy.remove(signature)
    if etree.QName(copy).namespace == AUTH_NS_20:
        for element in copy.iter():
            qname = etree.QName(element)
            if qname.namespace == AUTH_NS_20:
                element.tag = f"{{{AUTH_NS_21}}}{qname.localname}"
        copy = etree.fromstring(etree.tostring(copy))  # drop the stale namespace declaration
    schema = auth_request_schema()
    if schema.validate(copy):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def validate_auth_request(root: etree._Element) -> None:
    errors = schema_errors(root)
    if errors:
        raise ValueError("; ".join(errors))


def request_to_sign(data: bytes, name: str) -> bytes:
    """Check that ``data`` is an unsigned AuthTokenRequest (what KSeF Desk or KSeF hands out to sign);
    returns it unchanged, or raises UserError saying what it is instead."""
    from ksefdesk.core.errors import UserError
    from ksefdesk.core.xml_safety import UnsafeXml, parse_untrusted

    try:
        root = parse_untrusted(data)
    except UnsafeXml as exc:
        raise UserError("signfile.not_request", path=name, details=str(exc)) from exc
    if etree.QName(root).localname != "AuthTokenRequest":
        raise UserError("signfile.not_request", path=name, details=etree.QName(root).localname)
    if root.find("{http://www.w3.org/2000/09/xmldsig#}Signature") is not None:
        raise UserError("signfile.already_signed", path=name)
    errors = schema_errors(root)
    if errors:
        raise UserError("signfile.not_request", path=name, details=errors[0][:200])
    return data

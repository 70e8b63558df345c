"""Hardened XML parsing for files that come from outside (signed requests, invoices, UPOs).

No DTDs, no entity expansion, no network, a size cap and lxml's own depth/size limits kept on,
so XXE, "billion laughs" and oversized files are refused before they cost anything.
"""

from __future__ import annotations

from lxml import etree

MAX_XML_BYTES = 5_000_000


class UnsafeXml(ValueError):
    """The bytes are not acceptable XML; ``reason`` is a short machine-readable word."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        remove_comments=False,
        remove_pis=False,
    )


def parse_untrusted(data: bytes, *, max_bytes: int = MAX_XML_BYTES) -> etree._Element:
    """Parse bytes from outside; raises UnsafeXml(reason) with reason one of:
    ``empty``, ``too_large``, ``doctype``, ``encoding``, ``malformed``."""
    if not data or not data.strip():
        raise UnsafeXml("empty")
    if len(data) > max_bytes:
        raise UnsafeXml("too_large", f"{len(data)} bytes")
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise UnsafeXml("doctype")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        message = str(exc)
        reason = "encoding" if "encoding" in message.lower() or "utf-8" in message.lower() else "malformed"
        raise UnsafeXml(reason, message) from exc
    except ValueError as exc:  # e.g. a unicode string with an encoding declaration
        raise UnsafeXml("encoding", str(exc)) from exc
    if root.getroottree().docinfo.doctype:
        raise UnsafeXml("doctype")
    return root


def declared_encoding(data: bytes) -> str | None:
    """The encoding named in the XML declaration, lower-case, or None."""
    head = data[:200].lstrip(b"\xef\xbb\xbf")
    if not head.startswith(b"<?xml"):
        return None
    end = head.find(b"?>")
    declaration = head[: end if end > 0 else len(head)].decode("ascii", "replace")
    for quote in ('"', "'"):
        marker = f"encoding={quote}"
        at = declaration.find(marker)
        if at >= 0:
            rest = declaration[at + len(marker) :]
            return rest[: rest.find(quote)].strip().lower()
    return None

"""Minimal DER encoding for the few ASN.1 structures the corpus needs and `cryptography` does not build
(qcStatements, IssuerSerialV2, RFC 3161 time-stamp tokens)."""

from __future__ import annotations

from datetime import datetime


def length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + length(len(content)) + content


def seq(*items: bytes) -> bytes:
    return tlv(0x30, b"".join(items))


def set_of(*items: bytes) -> bytes:
    # DER sorts SET OF members by their encodings
    return tlv(0x31, b"".join(sorted(items)))


def integer(value: int) -> bytes:
    if value == 0:
        return tlv(0x02, b"\x00")
    body = value.to_bytes((value.bit_length() + 8) // 8, "big", signed=True)
    return tlv(0x02, body)


def oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    body = bytearray([40 * parts[0] + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        part >>= 7
        while part:
            chunk.append(0x80 | (part & 0x7F))
            part >>= 7
        body.extend(reversed(chunk))
    return tlv(0x06, bytes(body))


def null() -> bytes:
    return b"\x05\x00"


def octets(data: bytes) -> bytes:
    return tlv(0x04, data)


def utf8(text: str) -> bytes:
    return tlv(0x0C, text.encode())


def printable(text: str) -> bytes:
    return tlv(0x13, text.encode("ascii"))


def boolean(value: bool) -> bytes:
    return tlv(0x01, b"\xff" if value else b"\x00")


def generalized_time(moment: datetime) -> bytes:
    return tlv(0x18, moment.strftime("%Y%m%d%H%M%SZ").encode())


def explicit(number: int, content: bytes) -> bytes:
    return tlv(0xA0 | number, content)


def implicit_constructed(number: int, content: bytes) -> bytes:
    return tlv(0xA0 | number, content)


def algorithm(dotted: str, *, with_null: bool = True) -> bytes:
    return seq(oid(dotted), null()) if with_null else seq(oid(dotted))

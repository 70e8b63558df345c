"""KSeF numbers and reference numbers: formats and their CRC-8 check."""

from __future__ import annotations

import re
import secrets
from datetime import date

KSEF_NUMBER = re.compile(r"^(\d{10})-(\d{8})-([0-9A-F]{12})-([0-9A-F]{2})$")
REFERENCE_NUMBER = re.compile(r"^\d{8}-[A-Z]{2}-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}$")


def crc8(text: str) -> int:
    """CRC-8, polynomial 0x07, initial value 0 (KSeF's check on numbers)."""
    crc = 0
    for byte in text.encode("ascii"):
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def ksef_number(seller_nip: str, day: date, unique_hex: str | None = None) -> str:
    """``NIP-YYYYMMDD-XXXXXXXXXXXX-CC``, 35 characters."""
    body = f"{seller_nip}-{day:%Y%m%d}-{unique_hex or secrets.token_hex(6).upper()}"
    return f"{body}-{crc8(body):02X}"


def is_valid_ksef_number(text: str) -> bool:
    match = KSEF_NUMBER.match(text)
    return bool(match) and crc8(text[:32]) == int(text[33:], 16)


def reference_number(infix: str, day: date) -> str:
    """``YYYYMMDD-XX-10hex-10hex-CC``, 36 characters (CR challenge, AU auth, SO session, ...)."""
    body = f"{day:%Y%m%d}-{infix}-{secrets.token_hex(5).upper()}-{secrets.token_hex(5).upper()}"
    return f"{body}-{crc8(body):02X}"

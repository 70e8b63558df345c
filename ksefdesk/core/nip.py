"""Polish tax identifier (NIP) validation."""

from __future__ import annotations

import random
import re

from ksefdesk.core.errors import UserError

_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
_SEPARATORS = re.compile(r"[\s-]")
# KSeF's TNIP: the first three digits are a tax-office code, never 0xx nor x00.
_TAX_OFFICE = re.compile(r"[1-9](\d[1-9]|[1-9]\d)")


def nip_checksum_ok(digits: str) -> bool:
    """True when ``digits`` is ten digits whose last one is the NIP check digit."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=False))
    check = total % 11
    return check != 10 and check == int(digits[9])


def normalize_nip(text: str) -> str:
    """Return the ten-digit NIP typed by a user (spaces, dashes and a PL prefix allowed).

    Raises UserError with a specific message when it is not a valid NIP.
    """
    cleaned = _SEPARATORS.sub("", text.strip())
    if cleaned.upper().startswith("PL"):
        cleaned = cleaned[2:]
    if not cleaned:
        raise UserError("nip.empty")
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise UserError("nip.not_digits", value=text.strip())
    if len(cleaned) != 10:
        raise UserError("nip.length", value=text.strip(), count=len(cleaned))
    if not _TAX_OFFICE.fullmatch(cleaned[:3]):
        raise UserError("nip.tax_office", value=cleaned, prefix=cleaned[:3])
    if not nip_checksum_ok(cleaned):
        raise UserError("nip.checksum", value=cleaned)
    return cleaned


def nip_problem(text: str) -> UserError | None:
    """The reason ``text`` is not a valid NIP, or None (for live validation in forms)."""
    try:
        normalize_nip(text)
    except UserError as exc:
        return exc
    return None


def random_nip(rng: random.Random) -> str:
    """A random NIP with a valid check digit (test data, sandbox sellers)."""
    while True:
        body = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        check = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11
        if check != 10 and _TAX_OFFICE.fullmatch(body[:3]):
            return body + str(check)

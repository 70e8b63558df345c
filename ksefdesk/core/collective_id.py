"""Collective identifiers (IZ, API 2.7+): one number for a single transfer paying several invoices of one seller.

Format ``NIP-IZYYYYMM-12HEX-CC`` (35 characters): the seller's NIP, the year and month the IZ was created,
a 12-character technical part and a CRC-8 (polynomial 0x07, initial value 0x00) over the first 32
characters, dashes included, exactly as for KSeF numbers (the contract's example
``1111111111-IZ202607-65ED02180000-E7`` checks only that way). The NIP part follows the contract's
KsefNumber pattern (no 0xx or x00 tax-office prefix), which does not test the NIP's check digit
either; the CRC catches typos.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ksefdesk.core.errors import Bilingual, UserError
from ksefdesk.core.numbers import crc8

LENGTH = 35
IZ_NUMBER = re.compile(r"^([1-9](?:\d[1-9]|[1-9]\d)\d{7})-IZ(\d{4})(\d{2})-([0-9A-F]{12})-([0-9A-F]{2})$")
_SHAPE = "1111111111-IZ202607-65ED02180000-E7"


@dataclass(frozen=True)
class CollectiveId:
    """A checked collective identifier and its parts."""

    number: str
    seller_nip: str
    year: int
    month: int
    technical: str
    checksum: str

    def __str__(self) -> str:
        return self.number


def _characters_pl(count: int) -> str:
    """``1 znak``, ``3 znaki``, ``12 znaków``, ``22 znaki``: Polish plural agreement."""
    if count == 1:
        return "1 znak"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return f"{count} znaki"
    return f"{count} znaków"


def _invalid(value: str, pl: str, en: str) -> UserError:
    return UserError("collective.invalid_number", value=value[:60], reason=Bilingual(pl, en))


def parse_collective_id(text: str, *, lenient: bool = False) -> CollectiveId:
    """The IZ in ``text``, or ``UserError('collective.invalid_number')`` saying what is wrong.

    ``lenient`` is for what a person typed or pasted: surrounding and inner spaces are dropped and
    letters upper-cased. KSeF's own answers are checked strictly."""
    value = "".join(text.split()).upper() if lenient else text
    if len(value) != LENGTH:
        raise _invalid(
            value,
            f"ma {_characters_pl(len(value))}, a identyfikator zbiorczy ma ich {LENGTH} (np. {_SHAPE})",
            f"it has {len(value)} characters; a collective identifier has {LENGTH} (e.g. {_SHAPE})",
        )
    match = IZ_NUMBER.match(value)
    if not match:
        raise _invalid(
            value,
            f"nie ma postaci NIP-IZRRRRMM-XXXXXXXXXXXX-KK (np. {_SHAPE})",
            f"it does not have the form NIP-IZYYYYMM-XXXXXXXXXXXX-CC (e.g. {_SHAPE})",
        )
    nip, year, month, technical, checksum = match.groups()
    if not 1 <= int(month) <= 12 or not 2026 <= int(year) <= 2999:
        raise _invalid(value, f"data {year}-{month} nie jest poprawna", f"the date {year}-{month} is not valid")
    if crc8(value[:32]) != int(checksum, 16):
        raise _invalid(
            value,
            "suma kontrolna (dwa ostatnie znaki) się nie zgadza, więc w numerze jest literówka",
            "the checksum (the last two characters) does not match, so the number contains a typo",
        )
    return CollectiveId(value, nip, int(year), int(month), technical, checksum)


def is_valid_collective_id(text: str) -> bool:
    try:
        parse_collective_id(text)
    except UserError:
        return False
    return True

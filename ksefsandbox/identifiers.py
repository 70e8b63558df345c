"""Check digits of the identifiers KSeF validates: PESEL, the internal identifier (NIP-5 digits), and the
subjects named on an invoice when a session asks for ``X-KSeF-Feature: subject-identifier-validation``."""

from __future__ import annotations

import re

from lxml import etree

from ksefdesk.core.nip import nip_checksum_ok

SUBJECT_VALIDATION = "subject-identifier-validation"  # the X-KSeF-Feature value (API 2.8.0, test environments)
_ROLES = {
    "Podmiot1": "sprzedawcy",
    "Podmiot2": "nabywcy",
    "Podmiot3": "podmiotu trzeciego",
    "PodmiotUpowazniony": "podmiotu upoważnionego",
}


def pesel_ok(value: str) -> bool:
    if len(value) != 11 or not value.isascii() or not value.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3), strict=False))
    return (10 - total % 10) % 10 == int(value[10])


def internal_id_ok(value: str) -> bool:
    """NIP-5 digits, the last one the check digit of alternating 1/3 weights (the contract's algorithm)."""
    match = re.fullmatch(r"([0-9]{10})-([0-9]{5})", value)
    if not match or not nip_checksum_ok(match[1]):
        return False
    digits = match[1] + match[2][:4]
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
    return total % 10 == int(match[2][4])


def subject_identifier_problems(root: etree._Element) -> list[str]:
    """Why the NIPs and internal identifiers of the invoice's subjects are not valid numbers (empty: all are)."""
    problems = []
    for subject in root:
        role = _ROLES.get(etree.QName(subject).localname) if isinstance(subject.tag, str) else None
        if role is None:
            continue
        for element in subject.iter():
            if not isinstance(element.tag, str):
                continue
            name, value = etree.QName(element).localname, (element.text or "").strip()
            if name == "NIP" and not nip_checksum_ok(value):
                problems.append(f"Nieprawidłowy NIP {role}: {value} (błędna cyfra kontrolna).")
            elif name == "IDWew" and not internal_id_ok(value):
                problems.append(f"Nieprawidłowy identyfikator wewnętrzny {role}: {value}.")
    return problems

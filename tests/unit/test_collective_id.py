"""Collective identifiers (IZ): the client's parser against the contract's example and the sandbox's own generator."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ksefdesk.core.collective_id import is_valid_collective_id, parse_collective_id
from ksefdesk.core.errors import UserError
from ksefsandbox import api_collective

EXAMPLE = "1111111111-IZ202607-65ED02180000-E7"  # GenerateCollectiveIdentifierResponse's example (2.8.1)
IZ_TEXT = re.compile(r"\d{10}-IZ\d{6}-[0-9A-F]{12}-[0-9A-F]{2}")
DATA = Path(__file__).resolve().parent.parent / "data"


def test_the_contract_example_verifies_and_splits_into_its_parts() -> None:
    iz = parse_collective_id(EXAMPLE)
    assert (iz.seller_nip, iz.year, iz.month, iz.technical, iz.checksum) == (
        "1111111111",
        2026,
        7,
        "65ED02180000",
        "E7",
    )
    assert str(iz) == EXAMPLE


def test_every_example_in_the_contract_verifies() -> None:
    """The examples of both contracts, including the number inside the 2.8.1 continuation-token example."""
    found: set[str] = set()
    for name in ("open-api-2.8.1.json", "open-api-2.7.0.json"):
        text = (DATA / name).read_text(encoding="utf-8")
        tokens = re.findall(r'"continuationToken": "(eyJ[A-Za-z0-9+/=]+)"', text)
        decoded = " ".join(base64.b64decode(token).decode() for token in tokens)
        found |= set(IZ_TEXT.findall(text + " " + decoded))
    assert EXAMPLE in found and "8631941578-IZ202607-323B52184000-CD" in found
    for number in found:
        assert is_valid_collective_id(number), number


@pytest.mark.parametrize(
    ("damaged", "reason"),
    [
        (EXAMPLE[:-2] + "E8", "checksum"),  # the CRC itself
        (EXAMPLE.replace("65ED", "65EE"), "checksum"),  # one character of the technical part
        (EXAMPLE.replace("202607", "202608"), "checksum"),  # the month
        ("2111111111" + EXAMPLE[10:], "checksum"),  # the NIP
        (EXAMPLE.replace("-IZ", "-XZ"), "form"),
        (EXAMPLE.lower(), "form"),
        (EXAMPLE[:-1], "characters"),
        (EXAMPLE.replace("202607", "202613"), "date"),
        ("0111111111" + EXAMPLE[10:], "form"),  # no tax office starts with 0
    ],
)
def test_damaged_numbers_are_refused_with_the_reason(damaged: str, reason: str) -> None:
    assert not is_valid_collective_id(damaged)
    with pytest.raises(UserError) as caught:
        parse_collective_id(damaged)
    assert caught.value.code == "collective.invalid_number"
    assert reason in caught.value.message("en")
    assert "identyfikatorem zbiorczym" in caught.value.message("pl")


def test_the_crc_covers_the_dashes_as_in_the_example() -> None:
    """Only a CRC over all 32 characters, dashes included, gives the contract's E7 (checked, not assumed)."""
    body = EXAMPLE[:32]
    assert api_collective.crc8(body.encode()) == 0xE7
    assert api_collective.crc8(body.replace("-", "").encode()) != 0xE7
    assert api_collective.crc8(body[11:].encode()) != 0xE7


def test_lenient_parsing_takes_what_a_person_pastes() -> None:
    assert parse_collective_id(f"  {EXAMPLE.lower()[:20]} {EXAMPLE.lower()[20:]}\n", lenient=True).number == EXAMPLE
    with pytest.raises(UserError):
        parse_collective_id(f" {EXAMPLE} ")


def test_sandbox_generated_numbers_verify_with_the_clients_parser() -> None:
    when = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # already January in Warsaw
    for nip in ("1111111111", "5265877635", "7251801126"):
        for _ in range(200):
            number = api_collective.new_number(nip, when)
            iz = parse_collective_id(number)
            assert (iz.seller_nip, iz.year, iz.month) == (nip, 2027, 1)
            assert api_collective.number_ok(number)


def test_the_two_crc_implementations_agree_and_refuse_the_same_damage() -> None:
    """The sandbox (polynomial division) and core (bitwise loop) judge each other on many numbers."""
    from ksefdesk.core.numbers import crc8 as core_crc8

    when = datetime(2026, 7, 1, tzinfo=UTC)
    for index in range(500):
        number = api_collective.new_number("5265877635", when)
        assert api_collective.crc8(number[:32].encode()) == core_crc8(number[:32])
        position = 13 + index % 19  # somewhere in IZYYYYMM-HEX
        original = number[position]
        replacement = "0" if original != "0" else "1"
        if original == "-":
            continue
        damaged = number[:position] + replacement + number[position + 1 :]
        assert not api_collective.number_ok(damaged) or damaged[:32] == number[:32]
        assert is_valid_collective_id(damaged) == api_collective.number_ok(damaged)

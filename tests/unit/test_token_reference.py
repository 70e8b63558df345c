"""A KSeF token starts with its own reference number (REFERENCE.md 2.4: ``20251010-EC-...|internalId-...|<hex>``):
the app revokes a token the user pasted by that reference."""

from __future__ import annotations

from ksefdesk.services.auth import token_reference


def test_the_reference_is_the_first_part_of_a_token() -> None:
    token = "20251010-EC-2B1E3F0A4C-9D8E7F6A5B-AC|internalId-5265877635-12345|" + "ab" * 32
    assert token_reference(token) == "20251010-EC-2B1E3F0A4C-9D8E7F6A5B-AC"
    assert token_reference(" 20261201-EC-1A2B3C4D5E-6F7A8B9C0D-42|nip-5265877635|ff ") == (
        "20261201-EC-1A2B3C4D5E-6F7A8B9C0D-42"
    )


def test_text_that_is_not_a_token_gives_no_reference() -> None:
    for text in ("", "abcdef", "not-a-ref|nip|secret", "20261201-EC-1A2B"):
        assert token_reference(text) is None

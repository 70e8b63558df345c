"""Pieces instead of one big buffer: the same results as the one-shot functions."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ksefdesk.core.crypto import aes_decrypt_chunks, aes_encrypt, new_aes_key, new_iv, sha256_b64, sha256_b64_chunks
from ksefdesk.services.sync import json_list


def pieces(data: bytes, cuts: list[int]) -> list[bytes]:
    marks = sorted({min(c, len(data)) for c in cuts})
    return [data[a:b] for a, b in zip([0, *marks], [*marks, len(data)], strict=True)]


@given(st.binary(max_size=3000), st.lists(st.integers(0, 3000), max_size=8))
def test_decrypting_and_hashing_in_pieces_equals_the_whole(plain: bytes, cuts: list[int]) -> None:
    key, iv = new_aes_key(), new_iv()
    cipher = aes_encrypt(key, iv, plain)
    assert b"".join(aes_decrypt_chunks(key, iv, pieces(cipher, cuts))) == plain
    assert sha256_b64_chunks(pieces(cipher, cuts)) == sha256_b64(cipher)


def test_damaged_ciphertext_is_a_value_error() -> None:
    key, iv = new_aes_key(), new_iv()
    cipher = aes_encrypt(key, iv, b"faktura")
    with pytest.raises(ValueError):
        b"".join(aes_decrypt_chunks(key, iv, [cipher[:-1]]))
    with pytest.raises(ValueError):
        b"".join(aes_decrypt_chunks(new_aes_key(), iv, [cipher]))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10,
)


@given(st.lists(json_values, max_size=6), st.dictionaries(st.text(max_size=6), json_values, max_size=3), st.booleans())
def test_json_list_reads_what_json_loads_reads(items: list[object], others: dict[str, object], pretty: bool) -> None:
    document = {**{k: v for k, v in others.items() if k != "invoices"}, "invoices": items}
    raw = json.dumps(document, indent=2 if pretty else None, ensure_ascii=False).encode()
    assert json_list(raw, "invoices") == items


@pytest.mark.parametrize("raw", [b"[]", b'{"invoices": {}}', b'{"other": []}', b'{"invoices": [1, 2', b"\xff"])
def test_json_list_refuses_what_is_not_an_object_with_the_list(raw: bytes) -> None:
    with pytest.raises(ValueError):
        json_list(raw, "invoices")

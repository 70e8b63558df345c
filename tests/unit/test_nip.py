import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ksefdesk.core.errors import UserError
from ksefdesk.core.nip import nip_checksum_ok, nip_problem, normalize_nip, random_nip
from tests.conftest import VALID_NIPS


@pytest.mark.parametrize("nip", VALID_NIPS)
def test_valid_nips(nip: str) -> None:
    assert nip_checksum_ok(nip)
    assert normalize_nip(nip) == nip


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("526-587-76-35", "5265877635"), (" 526 587 76 35 ", "5265877635"), ("PL5265877635", "5265877635")],
)
def test_typed_forms_are_normalized(typed: str, expected: str) -> None:
    assert normalize_nip(typed) == expected


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "nip.empty"),
        ("   ", "nip.empty"),
        ("52658776A5", "nip.not_digits"),
        ("١٢٣٤٥٦٧٨٩٠", "nip.not_digits"),  # Arabic-Indic digits are digits to Python, not to KSeF
        ("526587763", "nip.length"),
        ("52658776355", "nip.length"),
        ("5265877636", "nip.checksum"),
        ("2004312909", "nip.tax_office"),  # right check digit, but KSeF's schema refuses x00 and 0xx
    ],
)
def test_invalid_nips_say_why(typed: str, code: str) -> None:
    with pytest.raises(UserError) as caught:
        normalize_nip(typed)
    assert caught.value.code == code
    assert nip_problem(typed) is not None


def test_check_digit_ten_is_never_valid() -> None:
    # 123456789x: weights give 1*6+2*5+3*7+4*2+5*3+6*4+7*5+8*6+9*7 = 230, 230 % 11 = 10
    assert not any(nip_checksum_ok(f"123456789{d}") for d in range(10))


@given(st.integers(min_value=0, max_value=2**32))
def test_generated_nips_are_valid_and_one_digit_change_is_caught(seed: int) -> None:
    rng = random.Random(seed)
    nip = random_nip(rng)
    assert normalize_nip(nip) == nip
    assert re.fullmatch(r"[1-9]((\d[1-9])|([1-9]\d))\d{7}", nip)  # KSeF's TNIP pattern
    position = rng.randrange(10)
    changed = nip[:position] + str((int(nip[position]) + rng.randint(1, 9)) % 10) + nip[position + 1 :]
    # Each weight is nonzero mod 11 (a prime), so any single changed digit breaks the checksum.
    assert not nip_checksum_ok(changed)


@given(st.text(max_size=30))
def test_any_text_gives_a_user_error_or_a_nip(text: str) -> None:
    problem = nip_problem(text)
    assert problem is None or isinstance(problem, UserError)

import string

import pytest

from ksefdesk.core.errors import CATALOG, UserError


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_every_error_speaks_both_languages_with_the_same_placeholders(code: str) -> None:
    text = CATALOG[code]
    for value in (text.pl, text.en, text.action_pl, text.action_en):
        assert value.strip(), f"{code} has an empty text"
    assert _fields(text.pl) == _fields(text.en), code
    assert _fields(text.action_pl) == _fields(text.action_en), code
    assert text.pl != text.en or code.startswith("env."), f"{code} is not translated"


def test_message_action_and_details() -> None:
    error = UserError("nip.checksum", value="5265877636", details="typed in the wizard", ksef_code=None)
    assert "5265877636" in error.message("pl") and "cyfrę kontrolną" in error.message("pl")
    assert "check digit" in error.message("en")
    assert error.action("en").startswith("Compare")
    block = error.full_text("en")
    assert "[nip.checksum]" in block and "typed in the wizard" in block
    assert str(error) == error.message("en")


def test_ksef_code_is_kept_and_shown() -> None:
    error = UserError("store.busy", ksef_code=21405)
    assert error.ksef_code == 21405
    assert "KSeF 21405" in error.full_text("pl")


def test_unknown_code_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        UserError("no.such.code")


def test_missing_parameter_does_not_crash() -> None:
    assert "{value}" in UserError("nip.checksum").message("en")


def test_no_message_a_window_shows_asks_the_user_to_type_a_command() -> None:
    """Windows show ``message`` + ``action``; commands belong in ``cli_*`` (issue 22)."""
    import re

    from ksefdesk.core.errors import CATALOG

    command = re.compile(r"ksefdesk |--[a-z]|[„“](company|auth|token|cert|status)( [a-z-]+)*[”]|KSEF_[A-Z]")
    cli_only = {"pdf.one_ksef_number"}  # raised by ``ksefdesk pdf`` only
    offending = [
        code
        for code, text in CATALOG.items()
        if code not in cli_only and any(command.search(t) for t in (text.pl, text.en, text.action_pl, text.action_en))
    ]
    assert offending == []

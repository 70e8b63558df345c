import ast
import string
from pathlib import Path

import pytest

from ksefdesk.core.auth_flow import TOKEN_REAUTH_REASONS, TOKEN_REFUSALS, login_refusal, token_refusal
from ksefdesk.core.errors import (
    CATALOG,
    REASON_CODES,
    TOKEN_REFUSAL_CODES,
    TRY_LATER,
    Cancelled,
    ChallengeExpired,
    KsefError,
    KsefRateLimited,
    KsefRefused,
    KsefServerFault,
    KsefUnavailable,
    KsefUnreachable,
    LoginRefused,
    NoPermissions,
    NotAuthorized,
    ReauthNeeded,
    TokenRefusal,
    TokenRefused,
    UserError,
    WrongPassword,
    reason_code,
    reason_text,
)
from ksefdesk.core.status import (
    CertificateStatus,
    ConnectionStatus,
    OutageReason,
    ReauthReason,
    parse_certificate_status,
    parse_reason,
    parse_status,
)


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


# --- typed errors: callers decide by type -------------------------------------------------------------
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, KsefRefused),
        (401, KsefRefused),
        (403, KsefRefused),
        (404, KsefRefused),
        (0, KsefRefused),  # a refusal carried in a status body (an authentication status)
        (429, KsefRateLimited),
        (500, KsefServerFault),
        (502, KsefServerFault),
        (503, KsefUnavailable),
        (307, KsefError),
        (200, KsefError),
    ],
)
def test_an_answers_error_is_built_as_the_type_its_status_means(status: int, kind: type[KsefError]) -> None:
    error = KsefError("ksef.bad_answer", status=status, ksef_code=21405, details="d", body={"a": 1})
    assert type(error) is kind
    assert (error.status, error.ksef_code, error.details, error.body) == (status, 21405, "d", {"a": 1})
    assert error.code == "ksef.bad_answer"  # the code given is kept: the type says the kind, the code the text


def test_the_typed_classes_bring_their_own_codes() -> None:
    assert KsefUnavailable(status=503).code == "ksef.unavailable"
    assert KsefRateLimited(status=429, seconds=60).code == "ksef.rate_limited"
    assert "60" in KsefRateLimited(status=429, seconds=60).message("pl")
    assert KsefServerFault(status=500).code == "ksef.server_error"
    assert KsefRefused(status=400, description="x").code == "ksef.rejected"
    assert KsefUnreachable(host="h", reason="timeout").code == "ksef.unreachable"
    assert NotAuthorized(nip="5265877635").code == "auth.not_authorized"
    assert WrongPassword(path="a.p12").code == "cert.wrong_password"
    assert ChallengeExpired(deadline="12:00:00").code == "signed.expired"


def test_faults_to_wait_out_are_told_apart_from_refusals() -> None:
    later = [KsefUnreachable(), KsefUnavailable(status=503), KsefRateLimited(status=429), KsefServerFault(status=500)]
    assert all(isinstance(error, TRY_LATER) for error in later)
    refusals = [KsefRefused(status=400), NoPermissions(nip="1"), TokenRefused(TokenRefusal.REVOKED, nip="1")]
    assert not any(isinstance(error, TRY_LATER) for error in refusals)
    assert not isinstance(KsefUnreachable(), KsefError)  # no answer at all: nothing of KSeF's to keep


def test_a_cancel_is_not_an_error() -> None:
    assert not issubclass(Cancelled, UserError) and issubclass(Cancelled, Exception)
    assert "ksef.cancelled" not in CATALOG  # nothing to show, so no message


def test_reauth_needed_carries_its_reason_in_both_languages() -> None:
    error = ReauthNeeded(ReauthReason.TOKEN_REVOKED, nip="5265877635")
    assert error.reason is ReauthReason.TOKEN_REVOKED and error.code == "auth.reauth_needed"
    assert error.message("pl").endswith(CATALOG["reauth.token_revoked"].pl)
    assert error.message("en").endswith(CATALOG["reauth.token_revoked"].en)


# --- stored reasons: enums in the data, texts in the catalogue ----------------------------------------------
@pytest.mark.parametrize("reason", [*ReauthReason, *OutageReason])
def test_every_stored_reason_has_its_text_in_both_languages(reason: ReauthReason | OutageReason) -> None:
    text = reason_text(reason)
    assert text is not None and reason_code(reason) in CATALOG
    for value in (text.pl, text.en, text.action_pl, text.action_en):
        assert value.strip()
        assert _fields(value) == set(), f"{reason!r}: a stored reason has no parameters to fill in"
    assert text.pl != text.en


def test_the_reason_mapping_is_exactly_the_enums() -> None:
    assert set(REASON_CODES) == {*ReauthReason, *OutageReason}
    values = [r.value for r in ReauthReason] + [r.value for r in OutageReason]
    assert len(set(values)) == len(values)  # one column holds both: no value may mean two things
    assert all(value.isascii() and value.replace("_", "").isalpha() and len(value) <= 20 for value in values)
    assert "." not in "".join(values)  # values, not catalogue keys
    assert reason_text(None) is None and reason_code(None) == ""


def test_stored_values_read_back_safely() -> None:
    assert parse_status("connected") is ConnectionStatus.CONNECTED
    assert parse_status("something_newer") is ConnectionStatus.NOT_AUTHORIZED
    assert parse_status(None) is ConnectionStatus.NOT_AUTHORIZED
    assert parse_reason(ConnectionStatus.REAUTH_NEEDED, "token_revoked") is ReauthReason.TOKEN_REVOKED
    assert parse_reason(ConnectionStatus.REAUTH_NEEDED, "reauth.token_revoked") is ReauthReason.EXPIRED
    assert parse_reason(ConnectionStatus.REAUTH_NEEDED, "") is ReauthReason.EXPIRED
    assert parse_reason(ConnectionStatus.UNAVAILABLE, "unreachable") is OutageReason.UNREACHABLE
    assert parse_reason(ConnectionStatus.UNAVAILABLE, "expired") is OutageReason.UNAVAILABLE
    assert parse_reason(ConnectionStatus.CONNECTED, "expired") is None
    assert parse_certificate_status("Active") is CertificateStatus.ACTIVE
    assert parse_certificate_status("Suspended") is CertificateStatus.BLOCKED  # unknown: never taken for Active


# --- login refusals ------------------------------------------------------------------------------------------
def test_every_token_refusal_has_a_message_and_the_stems_name_each_once() -> None:
    assert set(TOKEN_REFUSAL_CODES) == set(TokenRefusal)
    assert all(refusal.code in CATALOG for refusal in TokenRefusal)
    named = [refusal for _, refusal in TOKEN_REFUSALS]
    assert len(named) == len(set(named)) and TokenRefusal.BAD not in named  # BAD: what no stem matched
    assert set(TOKEN_REAUTH_REASONS) <= set(TokenRefusal)
    assert token_refusal(["Token unieważniony."]) is TokenRefusal.REVOKED


def test_a_refused_token_login_keeps_why() -> None:
    error = login_refusal("5265877635", 450, "Nieudane uwierzytelnienie", ["Nieprawidłowy token."])
    assert isinstance(error, TokenRefused) and error.refusal is TokenRefusal.WRONG
    assert TOKEN_REAUTH_REASONS[error.refusal] is ReauthReason.TOKEN_UNUSABLE
    assert isinstance(login_refusal("5265877635", 470, "", []), LoginRefused)


# --- nobody decides by matching a code string, and typed codes are raised as their types -------------------
TYPED_CODES = {
    "ksef.unreachable": "KsefUnreachable",
    "ksef.unavailable": "KsefUnavailable",
    "auth.reauth_needed": "ReauthNeeded",
    "auth.not_authorized": "NotAuthorized",
    "auth.no_permissions": "NoPermissions",
    "cert.wrong_password": "WrongPassword",
    "signed.expired": "ChallengeExpired",
    **{code: "TokenRefused" for code in TOKEN_REFUSAL_CODES.values()},
}


def _sources() -> list[Path]:
    return sorted([*(ROOT / "ksefdesk").rglob("*.py"), *(ROOT / "ksefsandbox").rglob("*.py")])


def test_typed_codes_are_raised_only_as_their_types() -> None:
    offending = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("UserError", "KsefApiError", "KsefError")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value in TYPED_CODES
            ):
                offending.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.args[0].value}")
    assert offending == [], "raise the typed class instead: " + repr(offending)


def _strings(node: ast.expr) -> bool:
    """A string constant, or a tuple/list/set of them."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    return isinstance(node, ast.Tuple | ast.List | ast.Set) and any(_strings(item) for item in node.elts)


def test_no_decision_matches_an_error_code_string() -> None:
    """``exc.code == "ksef.unreachable"`` breaks silently when a code is renamed; a type does not."""
    offending = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                sides = [node.left, *node.comparators]
                codes = [s for s in sides if isinstance(s, ast.Attribute) and s.attr == "code"]
                getattrs = [
                    s
                    for s in sides
                    if isinstance(s, ast.Call)
                    and isinstance(s.func, ast.Name)
                    and s.func.id == "getattr"
                    and len(s.args) > 1
                    and isinstance(s.args[1], ast.Constant)
                    and s.args[1].value == "code"
                ]
                if (codes or getattrs) and any(_strings(s) for s in sides):
                    offending.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offending == [], "catch the typed error instead: " + repr(offending)

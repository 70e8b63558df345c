"""core/readiness: an independent table of situations and what they must give on 2 Dec 2026."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ksefdesk.core.errors import Bilingual
from ksefdesk.core.readiness import (
    CHECKPOINTS,
    MISSING_TEXT,
    STEP_TEXT,
    TOKEN_RULES,
    WAY_TEXT,
    CertificateFacts,
    LoginFacts,
    LoginWay,
    Missing,
    NextStep,
    RuleStatus,
    TokenOutlook,
    TokenRule,
    assess,
    token_outlook,
)

TODAY = date(2026, 12, 2)
JAN, DEC = date(2027, 1, 1), date(2027, 12, 1)
A = Missing.AUTH_CERTIFICATE
OFF = Missing.OFFLINE_CERTIFICATE
B = Missing.KEY_BACKUP
W = LoginWay


def cert(valid_to: date = date(2028, 6, 1), *, backed_up: bool = True, serial: str = "S1") -> CertificateFacts:
    return CertificateFacts(serial, datetime(valid_to.year, valid_to.month, valid_to.day, 12, tzinfo=UTC), backed_up)


def facts(**kw: object) -> LoginFacts:
    values: dict[str, object] = {"nip": "5265877635", "name": "Piekarnia", "connected": True, "has_ksef_token": False}
    values.update(kw)
    return LoginFacts(**values)  # type: ignore[arg-type]


# situation, facts, (today, 1 Jan 2027, 1 Dec 2027), missing, next step, ready
CASES = [
    (
        "token only",
        facts(has_ksef_token=True),
        (W.KSEF_TOKEN, W.TOKEN_UNCERTAIN, W.SIGNATURE),
        (A, OFF),
        NextStep.SET_UP_CERTIFICATES,
        False,
    ),
    ("signature only", facts(), (W.SIGNATURE, W.SIGNATURE, W.SIGNATURE), (A, OFF), NextStep.SET_UP_CERTIFICATES, False),
    (
        "own certificates, backed up, token kept",
        facts(has_ksef_token=True, authentication=cert(), offline=cert()),
        (W.KSEF_CERTIFICATE,) * 3,
        (),
        NextStep.REVOKE_TOKEN,
        True,
    ),
    (
        "own certificates, backed up",
        facts(authentication=cert(), offline=cert()),
        (W.KSEF_CERTIFICATE,) * 3,
        (),
        NextStep.NONE,
        True,
    ),
    (
        "own certificates, no backup",
        facts(authentication=cert(backed_up=False), offline=cert()),
        (W.KSEF_CERTIFICATE,) * 3,
        (B,),
        NextStep.BACK_UP_KEY,
        True,
    ),
    (
        "authentication but no offline",
        facts(authentication=cert()),
        (W.KSEF_CERTIFICATE,) * 3,
        (OFF,),
        NextStep.ADD_OFFLINE_CERTIFICATE,
        True,
    ),
    (
        "certificate ending within 30 days",
        facts(authentication=cert(date(2026, 12, 20)), offline=cert()),
        (W.KSEF_CERTIFICATE,) * 3,
        (),
        NextStep.RENEW_CERTIFICATE,
        True,
    ),
    (
        "certificate ending in 31 days",
        facts(authentication=cert(date(2027, 1, 2)), offline=cert()),
        (W.KSEF_CERTIFICATE,) * 3,
        (),
        NextStep.NONE,
        True,
    ),
    (
        "office client, granted",
        facts(office_nip="1111111111", office_certificate=cert(), office_granted=True),
        (W.OFFICE_CERTIFICATE,) * 3,
        (),
        NextStep.NONE,
        True,
    ),
    (
        "office client, unknown",
        facts(office_nip="1111111111", office_certificate=cert(), office_granted=None),
        (W.OFFICE_CERTIFICATE,) * 3,
        (),
        NextStep.NONE,
        True,
    ),
    (
        "office client, not granted, token",
        facts(
            connected=False,
            has_ksef_token=True,
            office_nip="1111111111",
            office_certificate=cert(),
            office_granted=False,
        ),
        (W.NONE,) * 3,
        (Missing.CONNECTION, Missing.OFFICE_GRANT),
        NextStep.ASK_CLIENT_TO_GRANT,
        False,
    ),
    (
        "office client, office lost its certificate",
        facts(has_ksef_token=True, office_nip="1111111111"),
        (W.KSEF_TOKEN, W.TOKEN_UNCERTAIN, W.SIGNATURE),
        (A,),
        NextStep.SET_UP_CERTIFICATES,
        False,
    ),
    ("not connected", facts(connected=False), (W.NONE,) * 3, (Missing.CONNECTION, A, OFF), NextStep.CONNECT, False),
    (
        "not connected, certificate held",
        facts(connected=False, authentication=cert(), offline=cert()),
        (W.KSEF_CERTIFICATE,) * 3,
        (Missing.CONNECTION,),
        NextStep.NONE,
        True,
    ),
]


@pytest.mark.parametrize(("situation", "given", "ways", "missing", "step", "ready"), CASES, ids=[c[0] for c in CASES])
def test_each_situation(
    situation: str,
    given: LoginFacts,
    ways: tuple[LoginWay, LoginWay, LoginWay],
    missing: tuple[Missing, ...],
    step: NextStep,
    ready: bool,
) -> None:
    result = assess(given, TODAY)
    assert (result.today, result.way_on(JAN), result.way_on(DEC)) == ways
    assert result.missing == missing
    assert result.next_step is step
    assert result.ready is ready


def test_renew_by_is_thirty_days_before_the_first_ending_certificate() -> None:
    result = assess(facts(authentication=cert(date(2027, 3, 31)), offline=cert(date(2027, 3, 1))), TODAY)
    assert result.renew_by == date(2027, 1, 30)
    assert assess(facts(), TODAY).renew_by is None


def test_the_dates_come_from_the_rules_table() -> None:
    longer = (TokenRule(date(2027, 12, 31), RuleStatus.LAW, "a future amendment", Bilingual("p", "e")),)
    token = facts(has_ksef_token=True)
    assert assess(token, TODAY).way_on(DEC) is W.SIGNATURE
    result = assess(token, TODAY, rules=longer)
    assert (result.way_on(JAN), result.way_on(DEC)) == (W.KSEF_TOKEN, W.KSEF_TOKEN)
    assert result.ready is False  # a token is never "ready": it renews only while the law keeps it
    only_law = TOKEN_RULES[:1]
    assert assess(token, TODAY, rules=only_law).way_on(JAN) is W.SIGNATURE  # without the announcement
    other_days = assess(token, TODAY, checkpoints=(date(2026, 12, 31),))
    assert other_days.checkpoints == ((date(2026, 12, 31), W.KSEF_TOKEN),)


def test_token_outlook_edges() -> None:
    assert token_outlook(date(2026, 12, 31)) is TokenOutlook.LEGAL
    assert token_outlook(date(2027, 1, 1)) is TokenOutlook.ANNOUNCED_ONLY
    assert token_outlook(date(2027, 11, 30)) is TokenOutlook.ANNOUNCED_ONLY
    assert token_outlook(date(2027, 12, 1)) is TokenOutlook.ENDED
    assert CHECKPOINTS == (JAN, DEC)


def test_every_rule_has_a_source_and_both_languages() -> None:
    assert [r.status for r in TOKEN_RULES] == [RuleStatus.LAW, RuleStatus.ANNOUNCED]
    for rule in TOKEN_RULES:
        assert len(rule.source) > 20 and rule.summary.pl and rule.summary.en and rule.summary.pl != rule.summary.en
    assert "1815" in TOKEN_RULES[0].source and "834" in TOKEN_RULES[1].source


@pytest.mark.parametrize(("enum_type", "words"), [(LoginWay, WAY_TEXT), (Missing, MISSING_TEXT), (NextStep, STEP_TEXT)])
def test_every_value_has_polish_and_english(enum_type: type, words: dict[object, Bilingual]) -> None:
    assert set(words) == set(enum_type)
    for text in words.values():
        assert text.pl.strip() and text.en.strip() and text.pl != text.en

"""core/today: which items a company's facts give, their urgency, date and action, and their order."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from ksefdesk.core.errors import Bilingual
from ksefdesk.core.readiness import CertificateFacts, LoginFacts, NextStep, assess
from ksefdesk.core.status import ConnectionStatus, ReauthReason
from ksefdesk.core.today import (
    URGENCY_MARK,
    URGENCY_TEXT,
    Action,
    CompanyFacts,
    Kind,
    SyncFacts,
    Urgency,
    company_items,
    plural_pl,
    sync_summary,
    today_items,
)

TODAY = date(2026, 12, 2)
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
SYNCED = SyncFacts(last=NOW - timedelta(hours=1), next_at=NOW + timedelta(minutes=20))
CERT = CertificateFacts("S1", datetime(2028, 6, 1, tzinfo=UTC), True)


def ready_facts(nip: str = "5265877635", **kw: object) -> LoginFacts:
    base: dict[str, object] = {
        "nip": nip,
        "name": "Piekarnia",
        "connected": True,
        "has_ksef_token": False,
        "authentication": CERT,
        "offline": CERT,
    }
    base.update(kw)
    return LoginFacts(**base)  # type: ignore[arg-type]


def company(nip: str = "5265877635", name: str = "Piekarnia", **kw: object) -> CompanyFacts:
    """A connected company that is ready for 2027 and synced: nothing to do unless ``kw`` says so."""
    base: dict[str, object] = {
        "nip": nip,
        "name": name,
        "status": ConnectionStatus.CONNECTED,
        "readiness": assess(ready_facts(nip, name=name), TODAY),
        "sync": SYNCED,
    }
    base.update(kw)
    return CompanyFacts(**base)  # type: ignore[arg-type]


def kinds(facts: CompanyFacts) -> list[Kind]:
    return [item.kind for item in company_items(facts, TODAY)]


def test_a_ready_synced_company_needs_nothing() -> None:
    assert today_items([company()], TODAY) == []


def test_new_purchase_invoices_lead_to_the_invoices() -> None:
    (item,) = company_items(company(new_purchases=3), TODAY)
    assert (item.kind, item.urgency, item.action, item.when) == (
        Kind.NEW_INVOICES,
        Urgency.INFO,
        Action.SHOW_INVOICES,
        None,
    )
    assert item.title == Bilingual("3 nowe faktury zakupu", "3 new purchase invoices")
    (one,) = company_items(company(new_purchases=1), TODAY)
    assert one.title == Bilingual("1 nowa faktura zakupu", "1 new purchase invoice")
    (many,) = company_items(company(new_purchases=12), TODAY)
    assert many.title.pl == "12 nowych faktur zakupu"


@pytest.mark.parametrize(
    ("count", "word"), [(1, "a"), (2, "b"), (4, "b"), (5, "c"), (12, "c"), (14, "c"), (22, "b"), (25, "c"), (102, "b")]
)
def test_polish_plural(count: int, word: str) -> None:
    assert plural_pl(count, "a", "b", "c") == word


def test_waiting_invoices_without_a_deadline_are_soon_and_lead_to_sending() -> None:
    (item,) = company_items(company(waiting=2), TODAY)
    assert (item.kind, item.urgency, item.action, item.when) == (Kind.TO_SEND, Urgency.SOON, Action.SEND, None)
    assert item.title.en == "2 invoices waiting to be sent" and item.title.pl == "2 faktury czekają na wysłanie"


def test_an_offline_deadline_due_by_tomorrow_is_urgent_and_dated() -> None:
    deadline = TODAY + timedelta(days=1)
    (item,) = company_items(company(waiting=1, due_now=1, first_deadline=deadline), TODAY)
    assert (item.urgency, item.when, item.action) == (Urgency.URGENT, deadline, Action.SEND)
    assert "03.12.2026" in item.detail.pl and "the deadline to send them to KSeF is" in item.detail.en


def test_a_later_offline_deadline_is_soon_and_a_missed_one_says_so() -> None:
    later = TODAY + timedelta(days=5)
    (item,) = company_items(company(waiting=1, first_deadline=later), TODAY)
    assert (item.urgency, item.when) == (Urgency.SOON, later)
    (late,) = company_items(company(waiting=1, due_now=1, first_deadline=TODAY - timedelta(days=1)), TODAY)
    assert late.urgency is Urgency.URGENT and "was" in late.detail.en and "minął" in late.detail.pl


def test_reauthorization_needed_is_urgent_with_the_catalogue_reason() -> None:
    facts = company(status=ConnectionStatus.REAUTH_NEEDED, reason=ReauthReason.SESSION_REVOKED, readiness=None)
    (item,) = company_items(facts, TODAY)
    assert (item.kind, item.urgency, item.action, item.when) == (
        Kind.LOGIN,
        Urgency.URGENT,
        Action.REAUTHORIZE,
        TODAY,
    )
    assert "The login session was closed" in item.detail.en


def test_a_company_never_connected_is_asked_to_sign_in_and_not_to_sync() -> None:
    facts = company(status=ConnectionStatus.NOT_AUTHORIZED, sync=SyncFacts())
    facts = replace(facts, readiness=assess(ready_facts(connected=False), TODAY))
    assert kinds(facts) == [Kind.LOGIN]  # no readiness "connect" step, no "not synced yet" on top of it
    assert company_items(facts, TODAY)[0].urgency is Urgency.SOON


def test_a_login_nothing_renews_says_when_it_ends() -> None:
    signature_only = assess(ready_facts(authentication=None, offline=None), TODAY)
    ends = NOW + timedelta(days=6)
    items = company_items(company(readiness=signature_only, login_ends=ends), TODAY)
    login = next(item for item in items if item.kind is Kind.LOGIN_ENDS)
    assert (login.urgency, login.when, login.action) == (Urgency.SOON, ends.date(), Action.REAUTHORIZE)
    tomorrow = company_items(company(readiness=signature_only, login_ends=NOW + timedelta(days=1)), TODAY)
    assert next(i for i in tomorrow if i.kind is Kind.LOGIN_ENDS).urgency is Urgency.URGENT
    # a KSeF certificate renews it: nothing to say about the login's end
    assert Kind.LOGIN_ENDS not in kinds(company(login_ends=ends))


def test_not_ready_for_2027_leads_to_the_readiness_tab_dated_at_the_checkpoint() -> None:
    token = assess(ready_facts(authentication=None, offline=None, has_ksef_token=True), TODAY)
    assert not token.ready
    (item,) = [i for i in company_items(company(readiness=token), TODAY) if i.kind is Kind.READINESS]
    assert (item.urgency, item.action, item.when) == (Urgency.SOON, Action.READINESS, date(2027, 1, 1))
    assert "Get ready for 2027 (one signature)" in item.detail.en


def test_ready_but_a_step_left_is_information_unless_a_renewal_is_due() -> None:
    backup = assess(ready_facts(authentication=CertificateFacts("S1", CERT.valid_to, False)), TODAY)
    assert backup.ready and backup.next_step is NextStep.BACK_UP_KEY
    (item,) = company_items(company(readiness=backup), TODAY)
    assert (item.kind, item.urgency, item.when) == (Kind.READINESS, Urgency.INFO, None)
    ending = CertificateFacts("S2", NOW + timedelta(days=10), True)
    renew = assess(ready_facts(authentication=ending, offline=ending), TODAY)
    assert renew.next_step is NextStep.RENEW_CERTIFICATE
    (due,) = company_items(company(readiness=renew), TODAY)
    assert (due.urgency, due.when) == (Urgency.SOON, renew.renew_by)


def test_credential_warnings_lead_to_the_credentials() -> None:
    warning = Bilingual("Piekarnia: certyfikat wygaśnie", "Piekarnia: the certificate expires")
    (item,) = company_items(company(credential_warnings=(warning,)), TODAY)
    assert (item.kind, item.detail, item.action, item.urgency) == (
        Kind.CREDENTIAL,
        warning,
        Action.CREDENTIALS,
        Urgency.SOON,
    )


def test_a_failed_sync_and_no_sync_yet_lead_to_sync_now() -> None:
    error = Bilingual("KSeF nie odpowiada", "KSeF does not answer")
    (failed,) = company_items(company(sync=SyncFacts(last=NOW, error=error)), TODAY)
    assert (failed.kind, failed.urgency, failed.action, failed.detail) == (Kind.SYNC, Urgency.SOON, Action.SYNC, error)
    (never,) = company_items(company(sync=SyncFacts()), TODAY)
    assert (never.kind, never.urgency, never.action) == (Kind.SYNC, Urgency.INFO, Action.SYNC)
    assert company_items(company(sync=SyncFacts(next_at=NOW)), TODAY) == []  # planned: it comes by itself
    assert company_items(company(sync=SyncFacts(running=True, error=error)), TODAY) == []  # running now


def test_items_sort_by_urgency_then_date_then_company() -> None:
    a = company("1111111111", "Alfa", new_purchases=2, waiting=1, first_deadline=TODAY + timedelta(days=4))
    b = company("2222222222", "Beta", waiting=1, due_now=1, first_deadline=TODAY + timedelta(days=1))
    c = company("3333333333", "Cezar", status=ConnectionStatus.REAUTH_NEEDED, reason=None, readiness=None)
    d = company("4444444444", "Delta", waiting=1, first_deadline=TODAY + timedelta(days=2))
    items = today_items([a, b, c, d], TODAY)
    assert [(item.nip[0], item.kind) for item in items] == [
        ("3", Kind.LOGIN),  # urgent, today
        ("2", Kind.TO_SEND),  # urgent, tomorrow
        ("4", Kind.TO_SEND),  # soon, in two days
        ("1", Kind.TO_SEND),  # soon, in four days
        ("1", Kind.NEW_INVOICES),  # information
    ]
    assert len({item.key for item in items}) == len(items)


def test_every_urgency_has_a_symbol_and_a_word() -> None:
    for urgency in Urgency:
        assert URGENCY_MARK[urgency].strip() and URGENCY_TEXT[urgency].pl and URGENCY_TEXT[urgency].en
    assert len(set(URGENCY_MARK.values())) == len(Urgency)


def test_the_sync_summary_counts_only_logged_in_companies() -> None:
    later = SyncFacts(last=NOW, next_at=NOW + timedelta(hours=1))
    running = SyncFacts(last=NOW - timedelta(days=1), running=True)
    out = company("3333333333", status=ConnectionStatus.NOT_AUTHORIZED, sync=SyncFacts(last=NOW + timedelta(days=1)))
    summary = sync_summary([company(), company("2222222222", sync=later), company("1111111111", sync=running), out])
    assert summary.last == NOW
    assert summary.next_at == SYNCED.next_at  # the soonest planned, of those not running
    assert (summary.running, summary.companies) == (1, 3)
    assert sync_summary([]).last is None and sync_summary([]).companies == 0

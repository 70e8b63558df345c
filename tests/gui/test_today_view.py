"""The Today tab against the sandbox: each kind of item appears for the company it concerns, and its button
leads to its action in the real main window (the Invoices tab with that company's new purchase invoices, the
Outbox tab and a send, the login wizard, the readiness tab, a sync); it reloads after runs and changes; its
empty state says what comes next."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from ksefdesk.core.errors import Bilingual
from ksefdesk.core.models import ConnectionStatus, Environment
from ksefdesk.core.offline import OfflineMode
from ksefdesk.core.readiness import CertificateFacts, LoginFacts, assess
from ksefdesk.core.status import ReauthReason
from ksefdesk.core.today import CompanyFacts, SyncFacts
from ksefdesk.services.cancel import CancelToken
from ksefdesk.ui.main_window import MainWindow
from ksefdesk.ui.today_view import TodayPanel
from ksefsandbox.seed import login_kit, seed_invoices
from tests.gui.conftest import GuiKit
from tests.sandbox.kit import Client, invoice_xml

SHOP, GARAGE, STUDIO = "5265877635", "7251801126", "1234563218"  # token + invoices; re-auth needed; never synced
SEEDED = 5  # purchase invoices new since the first sync
SELLER = "6462933516"


@dataclass
class Desk:
    window: MainWindow
    today: TodayPanel
    run_now: list[str]  # the NIPs the scheduler was asked to run now (recorded, not run)
    deadline: date


def _row_text(panel: TodayPanel, kind: str, nip: str, part: str) -> str:
    row = panel.row(kind, nip)
    assert row is not None, (kind, nip, [item.key for item in panel.items])
    label = row.findChild(QLabel, part)
    assert label is not None
    return label.text()


def _click(panel: TodayPanel, kind: str, nip: str) -> QPushButton:
    button = panel.button(kind, nip)
    assert button is not None, (kind, nip, [item.key for item in panel.items])
    assert button.isVisible() and button.isEnabled()
    button.click()
    return button


@pytest.fixture
def desk(qtbot: QtBot, kit: GuiKit, monkeypatch: pytest.MonkeyPatch) -> Desk:
    services = kit.services
    # a shop logged in by token, with purchase invoices received and an offline invoice waiting for KSeF
    seed_invoices(kit.server.sandbox, SHOP, 3, months=1)
    services.companies.add(SHOP, Environment.SANDBOX, name="Piekarnia")
    services.auth.login_with_token(SHOP, login_kit(kit.server.sandbox, SHOP).ksef_token)
    time.sleep(1.1)  # the seeded invoices are below the high-water mark
    assert kit.desk.receiver.sync(SHOP).new_purchases == 0  # the first sync brings history, not news
    seller = Client(kit.server.base_url).login_xades(SELLER)
    session = seller.open_session()
    for n in range(SEEDED):
        seller.send_ok(session, invoice_xml(SELLER, buyer=SHOP, number=f"FV/NEW/{n}"))
    time.sleep(1.1)
    assert kit.desk.receiver.sync(SHOP).new_purchases == SEEDED
    assert services.sender is not None
    _, item = services.sender.enqueue(
        SHOP,
        "FV-OFF.xml",
        invoice_xml(SHOP, number="FV/OFF/1", issue_date=date.today()),
        offline_mode=OfflineMode.OFFLINE24,
    )
    assert item.deadline is not None
    # a garage whose login session was closed, and a studio logged in but never synced
    services.companies.add(GARAGE, Environment.SANDBOX, name="Warsztat")
    services.companies.set_status(GARAGE, ConnectionStatus.REAUTH_NEEDED, ReauthReason.SESSION_REVOKED)
    services.companies.add(STUDIO, Environment.SANDBOX, name="Studio")
    services.auth.login_with_token(STUDIO, login_kit(kit.server.sandbox, STUDIO).ksef_token)

    scheduler = services.scheduler
    assert scheduler is not None
    asked: list[str] = []
    monkeypatch.setattr(scheduler, "run_now", asked.append)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    assert window.invoices_panel is not None  # the tabs built after the first paint, now
    today = window.today_panel
    assert today is not None and window.tabs.widget(1) is today and window.tabs.tabText(1) == "Today"
    window.tabs.setCurrentWidget(today)
    qtbot.waitUntil(lambda: not today.loading and today.item("to_send", SHOP) is not None, timeout=20_000)
    return Desk(window, today, asked, item.deadline)


def test_each_item_appears_for_its_company(desk: Desk) -> None:
    today = desk.today
    assert today.showing_all and today.all_companies.isChecked()
    new = today.item("new_invoices", SHOP)
    assert new is not None and new.title.en == f"{SEEDED} new purchase invoices"
    assert _row_text(today, "new_invoices", SHOP, "title") == "Piekarnia: 5 new purchase invoices"
    waiting = today.item("to_send", SHOP)
    assert waiting is not None and waiting.when == desk.deadline
    urgent = desk.deadline <= date.today() + timedelta(days=1)
    assert _row_text(today, "to_send", SHOP, "urgency").endswith("Urgent" if urgent else "Soon")  # a word too
    login = today.item("login", GARAGE)
    assert login is not None and "The login session was closed" in login.detail.en
    assert _row_text(today, "login", GARAGE, "urgency") == "⚠ Urgent"
    readiness = today.item("readiness", SHOP)  # a KSeF token: not certain to log in through 2027
    assert readiness is not None and readiness.title.en == "Not ready for 2027"
    assert today.item("sync", STUDIO) is not None and today.item("sync", SHOP) is None  # the shop synced
    assert today.items[0].urgency.name == "URGENT"  # the urgent first
    assert "Last sync: " in today.sync_line.text() and "Automatic sync is off" in today.sync_line.text()
    assert today.empty.isHidden()
    for item in today.items:  # every row has its action button, named by its text
        button = today.button(item.kind.value, item.nip)
        assert button is not None and button.text().strip()


def test_show_new_invoices_opens_the_invoices_of_that_company(qtbot: QtBot, desk: Desk) -> None:
    _click(desk.today, "new_invoices", SHOP)
    window = desk.window
    panel = window.invoices_panel
    assert panel is not None and window.tabs.currentWidget() is panel
    assert panel.company.currentData() == SHOP and panel.only_new.isChecked()
    qtbot.waitUntil(lambda: panel.model.rowCount() == SEEDED, timeout=10_000)
    selected = window.selected()
    assert selected is not None and selected.nip == SHOP


def test_send_now_opens_the_outbox_and_sends(desk: Desk) -> None:
    _click(desk.today, "to_send", SHOP)
    assert desk.window.tabs.currentWidget() is desk.window.outbox_panel
    assert desk.run_now == [SHOP]  # the one company with invoices waiting (the studio has none)


def test_sign_in_again_opens_the_login_wizard_for_that_company(desk: Desk) -> None:
    _click(desk.today, "login", GARAGE)
    wizard = desk.window.wizard
    assert wizard is not None and wizard.isVisible()
    assert wizard.flow.company is not None and wizard.flow.company.nip == GARAGE
    wizard.reject()


def test_open_readiness_shows_the_readiness_tab(desk: Desk) -> None:
    _click(desk.today, "readiness", SHOP)
    assert desk.window.tabs.currentWidget() is desk.window.readiness_panel


def test_sync_now_asks_the_scheduler(desk: Desk) -> None:
    _click(desk.today, "sync", STUDIO)
    assert desk.run_now == [STUDIO]
    desk.today.sync_button.click()  # the sync line, all companies: every logged-in one
    assert desk.run_now[0] == STUDIO and sorted(desk.run_now[1:]) == sorted([SHOP, STUDIO])


def test_this_company_shows_only_the_selected_one(desk: Desk) -> None:
    today, window = desk.today, desk.window
    window.select(GARAGE)
    assert today.company_nip == GARAGE and today.this_company.isEnabled()
    today.this_company.setChecked(True)
    assert [item.key for item in today.items] == [f"login-{GARAGE}"]
    assert today.sync_line.isHidden()  # not logged in: no sync to speak of
    today.all_companies.setChecked(True)
    assert {item.nip for item in today.items} == {SHOP, GARAGE, STUDIO}


def test_it_reloads_after_changes_and_runs(qtbot: QtBot, kit: GuiKit, desk: Desk) -> None:
    today, window = desk.today, desk.window
    assert kit.services.invoices is not None
    kit.services.invoices.mark_seen(None)  # the invoices were opened
    kit.services.companies.set_status(GARAGE, ConnectionStatus.NOT_AUTHORIZED)
    window.refresh()  # what the window does after a login, a dialog, a run
    qtbot.waitUntil(lambda: today.item("new_invoices", SHOP) is None, timeout=10_000)
    login = today.item("login", GARAGE)
    assert login is not None and login.title.en == "Not connected to KSeF"
    # a real run of the studio: when it ends, its "not synced yet" is gone
    scheduler = kit.services.scheduler
    assert scheduler is not None
    type(scheduler).run_now(scheduler, STUDIO)
    qtbot.waitUntil(
        lambda: not scheduler.snapshot(STUDIO).running and today.item("sync", STUDIO) is None, timeout=20_000
    )
    assert kit.services.companies.get(STUDIO).last_sync_at is not None


NOW = datetime.now(UTC)
CERT = CertificateFacts("S1", NOW + timedelta(days=500), True)


def _ready(nip: str, name: str) -> CompanyFacts:
    facts = LoginFacts(nip, name, True, False, authentication=CERT, offline=CERT)
    return CompanyFacts(
        nip, name, ConnectionStatus.CONNECTED, readiness=assess(facts, date.today()), sync=SyncFacts(last=NOW)
    )


def test_the_empty_state_says_what_comes_next(qtbot: QtBot, kit: GuiKit) -> None:
    facts = [_ready(SHOP, "Piekarnia")]

    def load(cancel: CancelToken) -> list[CompanyFacts]:
        return list(facts)

    def sync_of(company: CompanyFacts) -> SyncFacts:
        return SyncFacts(last=NOW, next_at=datetime.now(UTC) + timedelta(minutes=12, seconds=30))

    panel = TodayPanel(kit.services, load, sync_of)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: not panel.loading and bool(panel.facts), timeout=10_000)
    assert panel.items == [] and panel.empty.isVisible() and not panel.list_area.isVisible()
    assert panel.empty.text().startswith("Nothing needs doing today.")
    assert "The next sync is in 12 min" in panel.empty.text() and "Next sync in 12 min" in panel.sync_line.text()
    # something to do: the list comes back, with the urgency as a word and a symbol
    facts[0] = replace(facts[0], credential_warnings=(Bilingual("ko", "the card ends"),))
    panel.reload()
    qtbot.waitUntil(lambda: bool(panel.items), timeout=10_000)
    assert panel.empty.isHidden() and panel.list_area.isVisible()
    assert _row_text(panel, "credential", SHOP, "urgency") == "● Soon"
    assert _row_text(panel, "credential", SHOP, "detail") == "the card ends"
    with qtbot.waitSignal(panel.action_requested) as emitted:
        _click(panel, "credential", SHOP)
    assert emitted.args == ["credentials", SHOP]


def test_the_today_tab_never_reads_secrets_on_the_gui_thread(
    qtbot: QtBot, kit: GuiKit, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.gui.test_no_secrets_on_gui_thread import GuiThreadGuard

    services = kit.services
    from ksefdesk.core.self_signed import person_subject, self_signed
    from ksefdesk.core.signing_material import SigningMaterial

    services.companies.add(SHOP, Environment.SANDBOX, name="Piekarnia")
    person = self_signed(person_subject(nip=SHOP))
    services.auth.sign_in(SHOP, SigningMaterial(person.key, person.certificate))
    assert services.certificates is not None
    services.certificates.enroll(SHOP, "Authentication")  # its key is in the secret store
    guard = GuiThreadGuard()
    guard.arm(kit, monkeypatch)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    assert window.invoices_panel is not None
    today = window.today_panel
    assert today is not None
    window.tabs.setCurrentWidget(today)
    qtbot.waitUntil(lambda: not today.loading and today.item("readiness", SHOP) is not None, timeout=15_000)
    window.select(SHOP)
    today.this_company.setChecked(True)
    window.refresh()
    qtbot.waitUntil(lambda: not today.loading and not today._reload.isActive(), timeout=15_000)
    services.runner.wait()
    assert guard.calls_elsewhere > 0  # the readiness read the store, on a worker
    guard.check()

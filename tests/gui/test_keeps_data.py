"""Issue 22, walked as a person would: switching environment and removing a company never lose data
by surprise; quitting, closing to the tray and a small screen behave like a desktop program."""

from __future__ import annotations

import time

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QToolButton, QWizard
from pytestqt.qtbot import QtBot

from ksefdesk.core.models import AuthMethod, ConnectionStatus, Environment
from ksefdesk.ui.dialogs import Dialogs
from ksefdesk.ui.main_window import MainWindow
from ksefsandbox.seed import login_kit, seed_invoices
from tests.gui.conftest import GuiKit
from tests.sandbox.kit import invoice_xml

NIP = "5265877635"


def _connected_company_with_data(qtbot: QtBot, kit: GuiKit) -> MainWindow:
    """A company with received invoices, a sent invoice with its UPO and an unsent one."""
    seed_invoices(kit.server.sandbox, NIP, 12, months=1)
    kit.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    kit.services.auth.login_with_token(NIP, login_kit(kit.server.sandbox, NIP).ksef_token)
    sender = kit.services.sender
    assert sender is not None
    sender.enqueue(NIP, "fv1.xml", invoice_xml(NIP, number="FV/1/2026"))
    assert sender.send(NIP).done
    time.sleep(1.1)  # the seeded invoices are below the high-water mark
    assert kit.services.scheduler is not None
    kit.services.scheduler.receiver.sync(NIP)
    sender.enqueue(NIP, "fv2.xml", invoice_xml(NIP, number="FV/2/2026"))
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    window.select(NIP)
    return window


def _counts(kit: GuiKit) -> tuple[int, int, int]:
    conn = kit.db.connection()
    return (
        conn.execute("SELECT COUNT(*) FROM invoices").fetchone()[0],
        conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0],
        conn.execute("SELECT COUNT(*) FROM outbox WHERE upo IS NOT NULL").fetchone()[0],
    )


def test_switch_environment_then_cancel_changes_nothing(qtbot: QtBot, kit: GuiKit) -> None:
    window = _connected_company_with_data(qtbot, kit)
    before = _counts(kit)
    assert before[0] >= 12 and before[1:] == (2, 1)
    company = kit.services.companies.get(NIP)

    kit.dialogs.choices = ["switch"]
    window.switch_environment()
    wizard = window.wizard
    assert wizard is not None and wizard.switch_from is not None
    assert "nothing changes until that login succeeds" in kit.dialogs.asked[-1].lower()
    assert "not yet sent" in kit.dialogs.asked[-1]  # the unsent invoice is named
    wizard.next()  # method: signature
    assert not wizard.environment_page.buttons[Environment.SANDBOX].isEnabled()  # the one in use now
    wizard.environment_page.buttons[Environment.TEST].setChecked(True)
    wizard.next()
    assert wizard.company_page.nip.text() == NIP and wizard.company_page.nip.isReadOnly()
    wizard.next()  # the switch begins: the download page
    assert wizard.currentId() != -1 and kit.services.companies.get(NIP).environment is Environment.TEST
    wizard.reject()  # Cancel

    after = kit.services.companies.get(NIP)
    assert after.id == company.id and after.environment is Environment.SANDBOX
    assert after.status is ConnectionStatus.CONNECTED
    assert _counts(kit) == before
    assert kit.services.companies.archives() == []
    window.refresh()
    assert window.model.rowCount() == 1


def test_switch_environment_keeps_the_old_one_as_an_archive(qtbot: QtBot, kit: GuiKit) -> None:
    window = _connected_company_with_data(qtbot, kit)
    before = _counts(kit)
    kit.dialogs.choices = ["switch"]
    window.switch_environment()
    wizard = window.wizard
    assert wizard is not None
    wizard.method_page.buttons[AuthMethod.TOKEN].setChecked(True)
    wizard.next()
    wizard.environment_page.buttons[Environment.TEST].setChecked(True)  # the test kit's API is the sandbox
    wizard.next()
    wizard.next()
    wizard.token_page.token.setText(login_kit(kit.server.sandbox, NIP).ksef_token)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.result_page.succeeded, timeout=15_000)
    wizard.accept()

    now = kit.services.companies.get(NIP)
    assert now.environment is Environment.TEST and now.switch_from is None
    (archive,) = kit.services.companies.archives(NIP)
    assert archive.environment is Environment.SANDBOX
    assert _counts(kit) == before  # nothing deleted: the archive holds it
    dialog = window.open_archives()
    assert dialog is not None and dialog.list.count() == 1
    assert "with their UPO" in dialog.details.text()
    assert window.outbox_panel is not None


def test_removal_lists_what_goes_and_defaults_to_no(qtbot: QtBot, kit: GuiKit) -> None:
    window = _connected_company_with_data(qtbot, kit)
    before = _counts(kit)
    window.remove_company()  # the scripted user just presses Enter: the default
    text = kit.dialogs.asked[-1]
    assert "received invoices" in text and "1 of them with their UPO" in text
    assert "NOT YET SENT" in text and "WARNING" in text
    assert _counts(kit) == before and kit.services.companies.find(NIP) is not None

    kit.dialogs.choices = ["remove"]
    window.remove_company()
    qtbot.waitUntil(lambda: kit.services.companies.find(NIP) is None, timeout=15_000)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.welcome, timeout=5_000)


def test_removal_can_export_first(qtbot: QtBot, kit: GuiKit, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = _connected_company_with_data(qtbot, kit)
    kit.dialogs.choices = ["export"]
    kit.dialogs.answers = [str(tmp_path)]
    window.remove_company()
    qtbot.waitUntil(lambda: "exported" in window.statusBar().currentMessage(), timeout=15_000)
    assert kit.services.companies.find(NIP) is None
    (folder,) = [p for p in tmp_path.iterdir() if p.name.startswith("KSeF Desk")]
    assert list((folder / "wyslane").glob("UPO_*.xml")) and (folder / "faktury.csv").exists()


def test_real_confirmations_default_to_no() -> None:
    dialogs = Dialogs("pl")
    box = dialogs.confirm_box(None, "t", "x")
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    choice, keys = dialogs.choice_box(None, "t", "x", [("remove", "Usuń"), ("cancel", "Anuluj")])
    assert keys[choice.defaultButton()] == "cancel" and keys[choice.escapeButton()] == "cancel"


def test_quit_from_the_tray_ends_in_one_click_even_with_close_to_tray(
    qtbot: QtBot, kit: GuiKit, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.keep_in_tray = True
    notices: list[bool] = []
    window.hidden_to_tray.connect(lambda: notices.append(True))
    window.show()
    window.close()  # closing the window only hides it, and says so once
    window.bring_forward()
    window.close()
    assert notices == [True] and not window.isVisible()
    window.bring_forward()
    assert window.isVisible()
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(True)))
    window.quit_app()  # Quit: the window really closes and the application ends, in one step
    assert quits == [True] and not window.isVisible() and window.quitting


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_usable_at_1024_by_600(qtbot: QtBot, kit: GuiKit, lang: str) -> None:
    from ksefdesk.ui.launch import install_translations

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translations(app, lang)  # type: ignore[arg-type]
    try:
        _check_small_screen(qtbot, kit)
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def _check_small_screen(qtbot: QtBot, kit: GuiKit) -> None:
    kit.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.show()
    qtbot.waitExposed(window)
    assert window.minimumSizeHint().width() <= 1024, window.minimumSizeHint()
    assert window.width() <= 1024 and window.height() <= 600
    # every toolbar action is a visible button (no overflow arrow hides Settings)
    for action in window.toolbar.actions():
        button = window.toolbar.widgetForAction(action)
        assert isinstance(button, QToolButton) and button.isVisible(), action.text()
        assert button.geometry().right() <= window.toolbar.width()
    assert len(window.menuBar().actions()) == 5  # Company, Invoices, All companies, Tools, Help
    assert window.menuBar().sizeHint().width() <= 1024
    assert window.menuBar().isVisible()
    in_menus = {a for m in window.menuBar().actions() for a in m.menu().actions()}
    for action in (window.settings_action, window.about_action, window.glossary_action, window.archives_action):
        assert action in in_menus


def test_the_only_company_is_selected_by_default(qtbot: QtBot, kit: GuiKit) -> None:
    kit.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    selected = window.selected()
    assert selected is not None and selected.nip == NIP
    assert window.reauth_action.isEnabled()


def test_wizard_last_page_has_no_ambiguous_cancel(qtbot: QtBot, kit: GuiKit) -> None:
    kit.services.companies.add(NIP, Environment.SANDBOX)
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    window.select(NIP)
    wizard = window.reauthorize()
    assert wizard is not None
    wizard.method_page.buttons[AuthMethod.TOKEN].setChecked(True)
    wizard.next()
    wizard.token_page.token.setText(login_kit(kit.server.sandbox, NIP).ksef_token)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.result_page.succeeded, timeout=15_000)
    assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()
    assert wizard.focusWidget() is not wizard.button(QWizard.WizardButton.BackButton)


def test_a_past_dated_invoice_is_announced_as_offline_before_sending(
    qtbot: QtBot,
    kit: GuiKit,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    from datetime import date, timedelta

    from ksefdesk.services.outbox_folder import import_files

    kit.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    old = tmp_path / "old.xml"
    old.write_bytes(invoice_xml(NIP, number="FV/OLD/1", issue_date=date.today() - timedelta(days=3)))
    sender = kit.services.sender
    assert sender is not None
    kit.dialogs.choices = ["back"]
    window._imported(import_files(sender, [old]))
    assert "OFFLINE" in kit.dialogs.asked[-1] and "FV/OLD/1" in kit.dialogs.asked[-1]
    assert sender.outbox.listing() == []  # taken back: nothing goes to KSeF

    window._imported(import_files(sender, [old]))  # the default answer keeps it queued, as it is
    assert len(sender.outbox.listing()) == 1


def test_credentials_offer_only_what_works_for_the_current_login(qtbot: QtBot, kit: GuiKit) -> None:
    kit.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    kit.services.auth.login_with_token(NIP, login_kit(kit.server.sandbox, NIP).ksef_token)
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    window.select(NIP)
    dialog = window.open_credentials()
    assert dialog is not None
    # a token login cannot request KSeF certificates: the buttons say what to do instead of failing
    assert not dialog.enroll_login.isEnabled() and "signature" in dialog.enroll_login.toolTip()
    assert dialog.check_button.isEnabled()
    with qtbot.waitSignal(dialog.changed, timeout=15_000):
        dialog.check_button.click()
    assert dialog.busy.text().startswith("Checked in KSeF at")  # the check shows its result
    dialog.close()


def test_after_downloading_the_focus_is_on_next_and_trusted_profile_is_explained(
    qtbot: QtBot, kit: GuiKit, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    kit.services.companies.add(NIP, Environment.SANDBOX)
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    window.select(NIP)
    wizard = window.reauthorize()
    assert wizard is not None
    wizard.next()  # signature: the download page
    page = wizard.download_page
    assert "gov.pl" in page.trusted_profile.text() and "token" in page.trusted_profile.text()
    kit.dialogs.answers = [str(tmp_path / "do-podpisu.xml")]
    page.download.click()
    qtbot.waitUntil(lambda: "do-podpisu.xml" in page.saved.text(), timeout=10_000)
    assert wizard.focusWidget() is wizard.button(QWizard.WizardButton.NextButton)
    wizard.reject()


def _company_with_a_key(qtbot: QtBot, kit: GuiKit) -> MainWindow:
    from ksefdesk.core.self_signed import person_subject, self_signed
    from ksefdesk.core.signing_material import SigningMaterial

    person = self_signed(person_subject(nip=NIP))
    kit.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    kit.services.auth.sign_in(NIP, SigningMaterial(person.key, person.certificate))
    assert kit.services.certificates is not None
    kit.services.certificates.enroll(NIP)
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    window.select(NIP)
    return window


def test_removal_offers_the_key_backup_and_removes_only_after_it(qtbot: QtBot, kit: GuiKit, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = _company_with_a_key(qtbot, kit)
    kit.dialogs.choices = ["backup"]
    kit.dialogs.answers = [None]  # Cancel at the folder question: nothing written, nothing removed
    window.remove_company()
    assert "private keys" in kit.dialogs.asked[-1]
    qtbot.wait(200)
    assert kit.services.companies.find(NIP) is not None

    kit.dialogs.choices = ["backup"]
    kit.dialogs.answers = [str(tmp_path / "kopie"), "dlugie haslo kopii"]
    window.remove_company()
    qtbot.waitUntil(lambda: kit.services.companies.find(NIP) is None, timeout=15_000)
    (backup,) = sorted((tmp_path / "kopie").glob("*.p12"))
    assert backup.stat().st_size > 0


def test_removal_without_a_backup_needs_a_second_yes(qtbot: QtBot, kit: GuiKit) -> None:
    window = _company_with_a_key(qtbot, kit)
    kit.dialogs.choices = ["remove"]
    kit.dialogs.confirm_answer = False
    window.remove_company()
    assert "cannot be recovered" in kit.dialogs.asked[-1]
    qtbot.wait(200)
    assert kit.services.companies.find(NIP) is not None

    kit.dialogs.choices = ["remove"]
    kit.dialogs.confirm_answer = True
    window.remove_company()
    qtbot.waitUntil(lambda: kit.services.companies.find(NIP) is None, timeout=15_000)

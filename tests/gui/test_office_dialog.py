"""The accounting office in the window, against the sandbox: clients grant the office through the grant
dialog (and the sandbox then holds the grant), the office's window ticks the clients that log in with its
certificate, its check shows the three granting clients held and a fourth refused with the reason (415),
and a Cancel or a close during a check leaves the companies and the runner as they were."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidgetItem
from pytestqt.qtbot import QtBot

from ksefdesk.core.models import AuthMethod, ConnectionStatus, Environment
from ksefdesk.core.readiness import NextStep
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.core.status import ReauthReason
from ksefdesk.services.certificates import AUTHENTICATION
from ksefdesk.ui.grant_office_dialog import GrantOfficeDialog
from ksefdesk.ui.main_window import MainWindow
from ksefdesk.ui.office_dialog import USES, OfficeDialog
from ksefsandbox.seed import login_kit
from tests import harness
from tests.gui.conftest import GuiKit

OFFICE = "7251801126"
GRANTING = ("5265877635", "5213017228", "5260250274")
NOT_GRANTING = "1234563218"
OWNER = self_signed(person_subject(nip=OFFICE, given="Ewa", surname="Księgowa"))
WAIT_MS = 30_000


def _window(qtbot: QtBot, kit: GuiKit, *, office_certificate: bool = True) -> MainWindow:
    kit.services.companies.add(OFFICE, Environment.SANDBOX, name="Biuro Rachunkowe Bilans")
    for nip in (*GRANTING, NOT_GRANTING):
        kit.services.companies.add(nip, Environment.SANDBOX, name=f"Klient {nip[-3:]}")
    if office_certificate:  # the office signs in once and enrols its own KSeF certificate
        kit.desk.auth.sign_in(OFFICE, SigningMaterial(OWNER.key, OWNER.certificate))
        kit.desk.certificates.setup(OFFICE)
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    return window


def _sandbox_grants(kit: GuiKit, context: str) -> set[tuple[str, str]]:
    rows = kit.server.sandbox.state.all(
        "SELECT subject_value, permission FROM grants WHERE context_value = ?", (context,)
    )
    return {(r["subject_value"], r["permission"]) for r in rows}


def _grant_dialog(qtbot: QtBot, window: MainWindow, kit: GuiKit, client: str) -> GrantOfficeDialog:
    """The client, logged in as itself, opens the grant dialog on itself."""
    kit.services.auth.login_with_token(client, login_kit(kit.server.sandbox, client).ksef_token)
    window.refresh()
    window.select(client)
    assert window.grant_office_action.isEnabled()
    window.grant_office_action.trigger()
    dialog = window.grant_office_dialog
    assert dialog.owner.nip == client
    return dialog


def _tick(office: OfficeDialog, nip: str) -> QTableWidgetItem:
    item = office.table.item(office.row_of(nip), USES)
    assert item is not None
    return item


def _idle(qtbot: QtBot, dialog: GrantOfficeDialog | OfficeDialog) -> None:
    qtbot.waitUntil(lambda: dialog.handle is None, timeout=WAIT_MS)


def _grant_read(qtbot: QtBot, window: MainWindow, kit: GuiKit, client: str) -> GrantOfficeDialog:
    dialog = _grant_dialog(qtbot, window, kit, client)
    dialog.nip.setText(OFFICE)
    _idle(qtbot, dialog)  # a valid NIP lists what the office holds already: nothing
    assert dialog.grants == [] and "nothing" in dialog.list.item(0).text()
    assert dialog.name.text() == "Biuro Rachunkowe Bilans"  # known to the app: KSeF wants it with the grant
    assert dialog.read.isChecked() and not dialog.write.isChecked()
    dialog.grant_button.click()
    _idle(qtbot, dialog)
    assert dialog.scopes() == ["InvoiceRead"] and "Granted" in dialog.state.text()
    assert dialog.revoke_button.isEnabled()
    return dialog


def test_clients_grant_and_the_office_check_shows_three_held_and_a_fourth_refused_with_the_reason(
    qtbot: QtBot, kit: GuiKit
) -> None:
    window = _window(qtbot, kit)
    for client in GRANTING:
        dialog = _grant_read(qtbot, window, kit, client)
        dialog.close()
        assert _sandbox_grants(kit, client) == {(OFFICE, "InvoiceRead")}  # what the app granted, KSeF holds
        kit.services.auth.logout(client)  # from now on only the office's certificate logs the client in
    assert _sandbox_grants(kit, NOT_GRANTING) == set()

    window.office_action.trigger()
    office = window.office_dialog
    assert office.office_nip() == OFFICE and office.empty_box.isHidden()
    assert office.table.rowCount() == 4 and "own credentials" in office.access_text(NOT_GRANTING)
    for client in (*GRANTING, NOT_GRANTING):  # tick: logs in with the office's certificate
        _tick(office, client).setCheckState(Qt.CheckState.Checked)
        qtbot.waitUntil(lambda: "not checked yet" in office.access_text(client), timeout=WAIT_MS)  # noqa: B023
    assert [c.nip for c in kit.services.office.clients(OFFICE)] == sorted((*GRANTING, NOT_GRANTING))

    office.check_button.click()
    assert office.bar.isVisible() and office.stop.isVisible() and not office.check_button.isEnabled()
    _idle(qtbot, office)
    assert office.bar.value() == 4 and "3 of 4" in office.state.text()
    for client in GRANTING:
        text = office.access_text(client)
        assert text.startswith("✔ InvoiceRead held") and "not granted: InvoiceWrite" in text, text
        company = kit.services.companies.get(client)
        assert company.status is ConnectionStatus.CONNECTED and company.auth_method is AuthMethod.KSEF_CERTIFICATE
    refused = office.access_text(NOT_GRANTING)
    assert refused.startswith("✖ Not granted (415)") and "InvoiceRead" in refused, refused
    assert kit.services.companies.get(NOT_GRANTING).status_reason is ReauthReason.OFFICE_NOT_GRANTED

    office.select(NOT_GRANTING)  # what to send to the client, copied
    instructions = office.instructions.toPlainText()
    assert OFFICE in instructions and "InvoiceRead" in instructions and "InvoiceWrite" in instructions
    office.copy_button.click()
    assert QApplication.clipboard().text() == instructions
    office.select(GRANTING[0])  # held InvoiceRead: only InvoiceWrite is left to ask for
    assert "InvoiceWrite" in office.instructions.toPlainText()
    assert "InvoiceRead" not in office.instructions.toPlainText()

    # The "Ready for 2027" page's step for the refused client opens this window on that client.
    window.show_readiness()
    panel = window.readiness_panel

    def asks_to_grant() -> bool:
        panel.refresh()  # a load started before the check may still be running: ask until a fresh one answers
        return any(r.facts.nip == NOT_GRANTING and r.next_step is NextStep.ASK_CLIENT_TO_GRANT for r in panel.rows)

    qtbot.waitUntil(asks_to_grant, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not panel.loading, timeout=WAIT_MS)
    step = panel.button(NOT_GRANTING)
    assert step is not None and step.isEnabled()
    step.click()
    assert window.office_dialog is not office and window.office_dialog.selected_nip() == NOT_GRANTING
    assert "Not granted (415)" in window.office_dialog.access_text(NOT_GRANTING)  # the stored reason
    window.office_dialog.close()

    # Toggling back: the client logs in with its own credentials again.
    _tick(office, NOT_GRANTING).setCheckState(Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: "own credentials" in office.access_text(NOT_GRANTING), timeout=WAIT_MS)
    assert kit.services.companies.get(NOT_GRANTING).login_via is None
    assert _tick(office, NOT_GRANTING).checkState() == Qt.CheckState.Unchecked
    assert kit.dialogs.errors == []


def test_a_client_revokes_after_confirming_and_a_bad_nip_cannot_be_granted(qtbot: QtBot, kit: GuiKit) -> None:
    window = _window(qtbot, kit)
    client = GRANTING[0]
    dialog = _grant_dialog(qtbot, window, kit, client)
    dialog.nip.setText("7251801127")  # one digit wrong: the checksum fails
    assert dialog.problem.isVisible() and "✖" in dialog.problem.text()
    assert not dialog.grant_button.isEnabled()
    dialog.close()

    dialog = _grant_read(qtbot, window, kit, client)
    kit.dialogs.confirm_answer = False  # asked first; No leaves the grant
    dialog.revoke()
    assert dialog.handle is None and _sandbox_grants(kit, client) == {(OFFICE, "InvoiceRead")}
    kit.dialogs.confirm_answer = True
    dialog.revoke_button.click()
    assert len(kit.dialogs.asked) == 2 and OFFICE in kit.dialogs.asked[-1]
    qtbot.waitUntil(lambda: dialog.handle is None and "nothing" in dialog.list.item(0).text(), timeout=WAIT_MS)
    assert _sandbox_grants(kit, client) == set() and dialog.grants == []
    assert not dialog.revoke_button.isEnabled() and kit.dialogs.errors == []


def test_a_client_that_logs_in_via_the_office_is_told_it_cannot_grant_from_here(qtbot: QtBot, kit: GuiKit) -> None:
    window = _window(qtbot, kit)
    kit.services.office.use_office(NOT_GRANTING, OFFICE)
    window.refresh()
    window.select(NOT_GRANTING)
    dialog = window.open_grant_office()
    assert dialog is not None and dialog.via.isVisibleTo(dialog) and "Biuro" in dialog.via.text()
    dialog.nip.setText(OFFICE)
    assert not dialog.grant_button.isEnabled()
    dialog.close()


def test_cancel_or_close_during_a_check_leaves_everything_consistent(qtbot: QtBot, kit: GuiKit) -> None:
    window = _window(qtbot, kit)
    for client in (*GRANTING, NOT_GRANTING):
        kit.services.office.use_office(client, OFFICE)
    office = window.open_office()
    office.check()
    office.cancel()  # at once: at most the client already started is checked
    _idle(qtbot, office)
    assert "cancelled" in office.state.text() and not office.stop.isVisible() and office.check_button.isEnabled()
    qtbot.waitUntil(lambda: not kit.services.runner.busy, timeout=WAIT_MS)  # nothing left hanging
    assert _tick(office, GRANTING[0]).flags() & Qt.ItemFlag.ItemIsUserCheckable  # ticks usable again

    office.check()
    assert not _tick(office, GRANTING[0]).flags() & Qt.ItemFlag.ItemIsUserCheckable  # locked while checking
    office.close()  # mid-check: the work stops, the window hears nothing more
    assert office.handle is None
    qtbot.waitUntil(lambda: kit.services.runner.pool.activeThreadCount() == 0, timeout=WAIT_MS)
    for client in (*GRANTING, NOT_GRANTING):  # still the office's clients, nothing half-set
        assert kit.services.companies.get(client).login_via == kit.services.companies.get(OFFICE).id
    again = window.open_office()
    assert again.table.rowCount() == 4 and again.check_button.isEnabled()
    again.close()
    assert kit.dialogs.errors == []


def test_without_a_company_holding_its_own_certificate_the_window_says_what_to_do_and_imports_one(
    qtbot: QtBot, kit: GuiKit, tmp_path: Path
) -> None:
    window = _window(qtbot, kit, office_certificate=False)
    office = window.open_office()
    assert office.office_nip() is None and office.empty.isVisibleTo(office)
    assert "Ready for 2027" in office.empty.text() and ".p12" in office.empty.text()
    assert not office.table.isVisibleTo(office) and not office.check_button.isVisibleTo(office)

    # The office's certificate, enrolled on another computer and backed up there as a .p12.
    elsewhere = harness.Desk(tmp_path / "elsewhere", kit.server.base_url, certificate_poll_s=0.1)
    elsewhere.companies.add(OFFICE, Environment.SANDBOX)
    elsewhere.auth.sign_in(OFFICE, SigningMaterial(OWNER.key, OWNER.certificate))
    (enrolled, *_) = [c for c in elsewhere.certificates.setup(OFFICE) if c.type == AUTHENTICATION]
    backup = tmp_path / "biuro.p12"
    backup.write_bytes(elsewhere.certificates.export_pkcs12(OFFICE, enrolled.serial, "haslo-biura"))
    elsewhere.close()

    office.import_company.setCurrentIndex(office.import_company.findData(OFFICE))
    kit.dialogs.answers = [str(backup), "zle-haslo"]
    office.import_button.click()
    _idle(qtbot, office)
    assert [e.code for e in kit.dialogs.errors] == ["cert.wrong_password"] and office.office_nip() is None
    kit.dialogs.answers = [str(backup), "haslo-biura"]
    office.import_button.click()
    _idle(qtbot, office)
    assert office.office_nip() == OFFICE and office.empty_box.isHidden() and office.table.rowCount() == 4
    assert office.table.isVisibleTo(office) and office.check_button.isVisibleTo(office)
    assert enrolled.serial in office.certificate.text() and "imported" in office.state.text()
    assert [c.nip for c in kit.services.office.candidates()] == [OFFICE]
    office.close()

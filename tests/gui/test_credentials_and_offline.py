"""The credentials page and offline invoices in the outbox, driven as a user would, against the sandbox."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12
from pytestqt.qtbot import QtBot

from ksefdesk.core.formatting import format_date
from ksefdesk.core.models import AuthMethod, Environment
from ksefdesk.core.offline import OfflineMode, add_business_days
from ksefdesk.core.qr import InvoiceFacts, kod1_link
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.availability import AvailabilityWatcher
from ksefdesk.ui.main_window import MainWindow
from tests.gui.conftest import GuiKit
from tests.qr_helpers import decoded_qr
from tests.sandbox.kit import invoice_xml

NIP = "5265877635"
PERSON = self_signed(person_subject(nip=NIP, given="Maria", surname="Kowalczyk"))


def _signed_in(kit: GuiKit, qtbot: QtBot) -> MainWindow:
    kit.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    kit.services.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    window.select(NIP)
    return window


def test_credentials_page_lists_enrolls_and_revokes(qtbot: QtBot, kit: GuiKit, tmp_path: Path) -> None:
    window = _signed_in(kit, qtbot)
    assert window.credentials_action.isEnabled()
    dialog = window.open_credentials()
    assert dialog is not None
    assert dialog.table.rowCount() == 1 and "Maria Kowalczyk" in dialog.table.item(0, 0).text()  # the signer
    with qtbot.waitSignal(dialog.changed, timeout=15_000):
        dialog.enroll_login.click()
    with qtbot.waitSignal(dialog.changed, timeout=15_000):
        dialog.enroll_offline.click()
    texts = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert sum("KSeF certificate" in t for t in texts) == 2
    row = next(r for r, t in enumerate(texts) if "offline invoices" in t)
    assert dialog.table.item(row, 2).text() == "active" and int(dialog.table.item(row, 4).text()) > 700
    dialog.table.selectRow(row)
    assert dialog.revoke_button.isEnabled() and dialog.backup_button.isEnabled()
    backup = tmp_path / "kopia.p12"
    kit.dialogs.answers += ["haslo kopii 2026", str(backup)]
    assert dialog.back_up_selected() == str(backup)
    assert pkcs12.load_key_and_certificates(backup.read_bytes(), b"haslo kopii 2026")[0] is not None
    with qtbot.waitSignal(dialog.changed, timeout=15_000):
        dialog.revoke_button.click()
    assert dialog.table.item(row, 2).text() == "revoked" and not kit.dialogs.errors
    # the login certificate now keeps the company connected without the card
    kit.db.connection().execute("UPDATE authorizations SET expires_at = '2020-01-01T00:00:00+00:00'")
    assert kit.services.auth.access_token(NIP)
    assert kit.services.companies.get(NIP).auth_method is AuthMethod.KSEF_CERTIFICATE
    dialog.close()


def test_an_offline_invoice_shows_its_deadline_and_prints_both_codes(qtbot: QtBot, kit: GuiKit, tmp_path: Path) -> None:
    window = _signed_in(kit, qtbot)
    assert kit.services.certificates is not None
    kit.services.certificates.enroll(NIP, "Offline")
    panel = window.outbox_panel
    assert panel is not None
    kit.server.sandbox.faults.update({"error_rate": 1.0, "outage": "FAILURE"})  # KSeF is down: nothing goes out
    panel.mode.setCurrentIndex(panel.mode.findData(OfflineMode.OFFLINE24.value))
    invoice = tmp_path / "FV-OFF.xml"
    xml = invoice_xml(NIP, number="FV/OFF/1", issue_date=date.today())
    invoice.write_bytes(xml)
    kit.dialogs.answers.append(str(invoice))
    window.add_invoice_files()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
    due = add_business_days(date.today(), 1)
    assert panel.model.index(0, 5).data() == "offline24" and panel.model.index(0, 6).data() == format_date(due, "en")
    warnings = window.deadline_warnings(kit.services.companies.get(NIP))
    assert len(warnings) == 1 and f"by {format_date(due, 'en')}: 1" in warnings[0].text("en")
    panel.table.selectRow(0)
    pdf = tmp_path / "off.pdf"
    kit.dialogs.answers.append(str(pdf))
    assert window.save_outbox_pdf(panel.model.item(0).id) == str(pdf)
    codes = decoded_qr(pdf)
    assert kod1_link(Environment.SANDBOX, InvoiceFacts.of(xml)) in codes
    assert len(codes) == 2 and any("/certificate/Nip/" in code for code in codes)  # KOD II


def test_the_window_says_when_ksef_is_down_and_sends_offline_invoices_when_it_is_back(
    qtbot: QtBot, kit: GuiKit, tmp_path: Path
) -> None:
    window = _signed_in(kit, qtbot)
    assert kit.services.sender is not None and window.outbox_panel is not None
    watcher = AvailabilityWatcher(
        kit.services.companies, kit.services.sender, lambda company: kit.server.base_url, kit.services.runner
    )
    watcher.changed.connect(window.show_availability)
    kit.server.sandbox.faults.update({"outage": "FAILURE", "error_rate": 1.0})
    with qtbot.waitSignal(watcher.changed, timeout=15_000):
        watcher.check_now()
    assert window.banner.isVisible() and "failure" in window.banner.text()
    assert window.outbox_panel.offline_mode() is OfflineMode.EMERGENCY  # suggested for what is added now
    _, item = kit.services.sender.enqueue(
        NIP, "a.xml", invoice_xml(NIP, number="FV/A/1", issue_date=date.today()), offline_mode=OfflineMode.EMERGENCY
    )
    assert item.deadline is None
    kit.server.sandbox.faults.update({"outage": "AVAILABLE", "error_rate": 0.0})
    with qtbot.waitSignal(watcher.back, timeout=15_000) as back:
        watcher.check_now()
    assert back.args == [NIP] and not window.banner.isVisible()
    assert window.outbox_panel.offline_mode() is None
    company_id = kit.services.companies.get(NIP).id
    (item,) = kit.services.sender.outbox.items(company_id)
    assert item.deadline == add_business_days(date.today(), 7)


def test_the_app_token_shows_its_permissions_after_a_check(qtbot: QtBot, kit: GuiKit) -> None:
    window = _signed_in(kit, qtbot)
    kit.services.auth.create_app_token(NIP)
    dialog = window.open_credentials()
    assert dialog is not None
    with qtbot.waitSignal(dialog.changed, timeout=15_000):
        dialog.check_button.click()
    texts = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert any("permissions: InvoiceRead, InvoiceWrite" in t for t in texts), texts
    dialog.close()


def test_sign_a_file_with_the_card_then_log_in_with_it(
    qtbot: QtBot, kit: GuiKit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.softhsm import add_identity, make_token

    token = make_token(tmp_path / "hsm", monkeypatch)
    add_identity(token, "rsa", b"\x09", NIP)
    kit.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    request = tmp_path / "do-podpisu.xml"
    request.write_bytes(kit.services.auth.request_document(NIP).document)
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    dialog = window.open_sign_file()
    dialog.request.setText(str(request))
    dialog.module.setEditText(token.module)
    dialog.read_card()
    qtbot.waitUntil(lambda: dialog.card_certificate.count() == 1, timeout=10_000)
    assert "Karol Kartowy" in dialog.card_certificate.currentText()
    dialog.pin.setText("999999")
    kit.dialogs.answers.append(str(tmp_path / "zly.xml"))
    dialog.sign()
    qtbot.waitUntil(lambda: "refused the PIN" in dialog.outcome.text(), timeout=10_000)
    assert dialog.pin.text() == ""  # never kept
    dialog.pin.setText(token.pin)
    signed = tmp_path / "podpisany.xml"
    kit.dialogs.answers.append(str(signed))
    dialog.sign()
    qtbot.waitUntil(lambda: "Signed and saved" in dialog.outcome.text(), timeout=10_000)
    company = kit.services.auth.submit_signed(NIP, signed.read_bytes())
    assert company.status.value == "connected"
    dialog.close()

"""Walking the authorization wizard against the sandbox, as a user would (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ksefdesk.core.models import AuthMethod, ConnectionStatus, Environment
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.xades_sign import sign_xml
from ksefdesk.ui.wizard import (
    PAGE_CERTIFICATE,
    PAGE_COMPANY,
    PAGE_DOWNLOAD,
    PAGE_ENVIRONMENT,
    PAGE_RESULT,
    PAGE_TOKEN,
    PAGE_UPLOAD,
    AuthWizard,
)
from ksefsandbox.seed import login_kit
from tests.gui.conftest import CHALLENGE_SECONDS, GuiKit

NIP = "5265877635"
PERSON = self_signed(person_subject(nip=NIP), kind="ec")
WAIT_MS = 15_000


def _start(qtbot: QtBot, kit: GuiKit, method: AuthMethod, environment: Environment = Environment.SANDBOX) -> AuthWizard:
    wizard = AuthWizard(kit.services)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.method_page.buttons[method].setChecked(True)
    wizard.next()
    assert wizard.currentId() == PAGE_ENVIRONMENT
    wizard.environment_page.buttons[environment].setChecked(True)
    wizard.next()
    assert wizard.currentId() == PAGE_COMPANY
    wizard.company_page.nip.setText("526-587-76-35")
    wizard.company_page.name.setText("Piekarnia Testowa")
    assert wizard.company_page.isComplete()
    wizard.next()
    return wizard


def _finish(qtbot: QtBot, wizard: AuthWizard) -> None:
    assert wizard.currentId() == PAGE_RESULT
    qtbot.waitUntil(lambda: wizard.result_page.done, timeout=WAIT_MS)


def _download(qtbot: QtBot, kit: GuiKit, wizard: AuthWizard, target: Path) -> None:
    kit.dialogs.answers.append(str(target))
    wizard.download_page.download.click()
    qtbot.waitUntil(lambda: wizard.download_page.isComplete(), timeout=WAIT_MS)


def _upload(qtbot: QtBot, wizard: AuthWizard, path: Path) -> None:
    wizard.upload_page.load(str(path))
    qtbot.waitUntil(lambda: not wizard.upload_page.checking, timeout=WAIT_MS)


def test_signature_method_end_to_end(qtbot: QtBot, kit: GuiKit, tmp_path: Path) -> None:
    wizard = _start(qtbot, kit, AuthMethod.SIGNATURE)
    assert wizard.currentId() == PAGE_DOWNLOAD and not wizard.download_page.isComplete()
    _download(qtbot, kit, wizard, tmp_path / "do-podpisu.xml")
    assert wizard.download_page.strip.countdown.state in ("normal", "amber")
    assert "Time left" in wizard.download_page.strip.countdown.text()
    wizard.next()
    assert wizard.currentId() == PAGE_UPLOAD and not wizard.upload_page.isComplete()
    signed = tmp_path / "podpisany.xml"
    signed.write_bytes(sign_xml((tmp_path / "do-podpisu.xml").read_bytes(), PERSON.key, [PERSON.certificate]))
    _upload(qtbot, wizard, signed)
    assert wizard.upload_page.isComplete(), wizard.upload_page.result.text()
    assert "correctly signed" in wizard.upload_page.result.text()
    wizard.next()
    _finish(qtbot, wizard)
    assert wizard.result_page.succeeded, wizard.result_page.message.text()
    company = kit.services.companies.get(NIP)
    assert company.status is ConnectionStatus.CONNECTED and company.name == "Piekarnia Testowa"
    assert wizard.result_page.offer.isVisible() and wizard.result_page.stay.isVisible()
    wizard.result_page.stay.click()  # stay connected: a KSeF certificate for silent logins
    qtbot.waitUntil(lambda: "logs in by itself" in wizard.result_page.offer_result.text(), timeout=WAIT_MS)
    assert kit.services.certificates is not None
    assert kit.services.certificates.usable(company, "Authentication") is not None
    assert not wizard.result_page.offer.isVisible()


def test_signature_login_can_keep_a_ksef_token_instead(qtbot: QtBot, kit: GuiKit, tmp_path: Path) -> None:
    wizard = _start(qtbot, kit, AuthMethod.SIGNATURE)
    _download(qtbot, kit, wizard, tmp_path / "do-podpisu.xml")
    wizard.next()
    signed = tmp_path / "podpisany.xml"
    signed.write_bytes(sign_xml((tmp_path / "do-podpisu.xml").read_bytes(), PERSON.key, [PERSON.certificate]))
    _upload(qtbot, wizard, signed)
    wizard.next()
    _finish(qtbot, wizard)
    wizard.result_page.offer.click()
    qtbot.waitUntil(lambda: "renew automatically" in wizard.result_page.offer_result.text(), timeout=WAIT_MS)
    assert kit.services.auth.state(NIP).has_ksef_token


def test_a_bad_file_is_explained_and_blocks_sending(qtbot: QtBot, kit: GuiKit, tmp_path: Path) -> None:
    wizard = _start(qtbot, kit, AuthMethod.SIGNATURE)
    _download(qtbot, kit, wizard, tmp_path / "do-podpisu.xml")
    wizard.next()
    _upload(qtbot, wizard, tmp_path / "do-podpisu.xml")  # the unsigned file
    assert not wizard.upload_page.isComplete()
    assert "not signed" in wizard.upload_page.result.text()
    (tmp_path / "umowa.pdf").write_bytes(b"%PDF-1.7 podpis")
    _upload(qtbot, wizard, tmp_path / "umowa.pdf")
    assert "XAdES" in wizard.upload_page.result.text() and not wizard.upload_page.isComplete()


def test_countdown_runs_out_and_a_new_file_restarts_it(qtbot: QtBot, kit: GuiKit, tmp_path: Path) -> None:
    wizard = _start(qtbot, kit, AuthMethod.SIGNATURE)
    _download(qtbot, kit, wizard, tmp_path / "do-podpisu.xml")
    first_challenge = wizard.pending.challenge if wizard.pending else ""
    wizard.next()
    countdown = wizard.upload_page.strip.countdown
    qtbot.waitUntil(lambda: countdown.state == "amber", timeout=WAIT_MS)  # the last minute (here: all of it)
    qtbot.waitUntil(lambda: wizard.upload_page.strip.renew.isVisible(), timeout=(CHALLENGE_SECONDS + 3) * 1000)
    assert countdown.state == "red" and "up" in countdown.text() and "b71c1c" in countdown.styleSheet()
    signed = tmp_path / "podpisany.xml"
    signed.write_bytes(sign_xml((tmp_path / "do-podpisu.xml").read_bytes(), PERSON.key, [PERSON.certificate]))
    _upload(qtbot, wizard, signed)
    assert not wizard.upload_page.isComplete() and "time to sign ran out" in wizard.upload_page.result.text()
    kit.dialogs.answers.append(str(tmp_path / "nowy.xml"))
    wizard.upload_page.strip.renew.click()  # one click: back to the download step with a new file
    assert wizard.currentId() == PAGE_DOWNLOAD
    qtbot.waitUntil(lambda: wizard.download_page.isComplete(), timeout=WAIT_MS)
    assert wizard.pending is not None and wizard.pending.challenge != first_challenge


def test_token_method(qtbot: QtBot, kit: GuiKit) -> None:
    token = login_kit(kit.server.sandbox, NIP).ksef_token
    wizard = _start(qtbot, kit, AuthMethod.TOKEN)
    assert wizard.currentId() == PAGE_TOKEN and not wizard.token_page.isComplete()
    wizard.token_page.token.setText(token)
    wizard.next()
    _finish(qtbot, wizard)
    assert wizard.result_page.succeeded
    assert kit.services.companies.get(NIP).auth_method is AuthMethod.TOKEN
    assert not wizard.result_page.offer.isVisible()  # a token renews by itself already


def test_wrong_token_shows_the_reason_and_keeps_nothing(qtbot: QtBot, kit: GuiKit) -> None:
    wizard = _start(qtbot, kit, AuthMethod.TOKEN)
    wizard.token_page.token.setText("20261124-EC-0000000000-0000000000-00|nip-5265877635|00ff")
    wizard.next()
    _finish(qtbot, wizard)
    assert not wizard.result_page.succeeded and "did not recognise the token" in wizard.result_page.message.text()
    wizard.reject()
    assert kit.services.companies.find(NIP) is None


@pytest.mark.parametrize("password", ["tajne", None])
def test_certificate_file_method(qtbot: QtBot, kit: GuiKit, tmp_path: Path, password: str | None) -> None:
    wizard = _start(qtbot, kit, AuthMethod.CERTIFICATE)
    assert wizard.currentId() == PAGE_CERTIFICATE
    if password:
        (tmp_path / "cert.p12").write_bytes(PERSON.pkcs12(password.encode()))
        wizard.certificate_page.cert.setText(str(tmp_path / "cert.p12"))
        wizard.certificate_page.password.setText(password)
    else:
        (tmp_path / "cert.pem").write_bytes(PERSON.certificate_pem())
        (tmp_path / "key.pem").write_bytes(PERSON.key_pem())
        wizard.certificate_page.cert.setText(str(tmp_path / "cert.pem"))
        wizard.certificate_page.key.setText(str(tmp_path / "key.pem"))
    wizard.next()
    _finish(qtbot, wizard)
    assert wizard.result_page.succeeded, wizard.result_page.message.text()


def test_cancel_mid_way_leaves_nothing(qtbot: QtBot, kit: GuiKit, tmp_path: Path) -> None:
    wizard = _start(qtbot, kit, AuthMethod.SIGNATURE)
    assert kit.services.companies.find(NIP) is not None  # added when the company page was accepted
    kit.dialogs.answers.append(str(tmp_path / "a.xml"))
    wizard.download_page.download.click()
    wizard.reject()  # while the challenge request may still be running
    kit.services.runner.wait()
    assert kit.services.companies.find(NIP) is None


def test_production_needs_an_explicit_confirmation(qtbot: QtBot, kit: GuiKit) -> None:
    wizard = AuthWizard(kit.services)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    page = wizard.environment_page
    assert page.isComplete() and not page.warning.isVisible()
    page.buttons[Environment.PROD].setChecked(True)
    assert page.warning.isVisible() and not page.isComplete()
    page.confirm.setChecked(True)
    assert page.isComplete()
    page.buttons[Environment.TEST].setChecked(True)
    assert not page.warning.isVisible() and not page.confirm.isChecked()


def test_nip_is_validated_live(qtbot: QtBot, kit: GuiKit) -> None:
    wizard = AuthWizard(kit.services)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.next()
    page = wizard.company_page
    page.nip.setText("5265877636")
    assert not page.isComplete() and "check digit" in page.nip_status.text()
    page.nip.setText("52658")
    assert not page.isComplete() and "has 5 digits" in page.nip_status.text()
    page.nip.setText("5265877635")
    assert page.isComplete() and "Correct NIP" in page.nip_status.text()


def test_reauthorize_skips_to_the_method(qtbot: QtBot, kit: GuiKit) -> None:
    company = kit.services.companies.add(NIP, Environment.SANDBOX)
    token = login_kit(kit.server.sandbox, NIP).ksef_token
    wizard = AuthWizard(kit.services, company)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.method_page.buttons[AuthMethod.TOKEN].setChecked(True)
    wizard.next()
    assert wizard.currentId() == PAGE_TOKEN
    wizard.token_page.token.setText(token)
    wizard.next()
    _finish(qtbot, wizard)
    assert wizard.result_page.succeeded


def test_watched_folder_picks_up_the_signed_file(qtbot: QtBot, kit: GuiKit, tmp_path: Path) -> None:
    wizard = _start(qtbot, kit, AuthMethod.SIGNATURE)
    _download(qtbot, kit, wizard, tmp_path / "do-podpisu.xml")
    wizard.next()
    usb = tmp_path / "pendrive"
    usb.mkdir()
    (usb / "stary.xml").write_bytes(b"<old/>")  # already there: ignored
    kit.dialogs.answers.append(str(usb))
    wizard.upload_page.watch.setChecked(True)
    assert str(usb) in wizard.upload_page.watch.text()
    (usb / "podpisany.xml").write_bytes(
        sign_xml((tmp_path / "do-podpisu.xml").read_bytes(), PERSON.key, [PERSON.certificate])
    )
    qtbot.waitUntil(wizard.upload_page.isComplete, timeout=WAIT_MS)
    assert "correctly signed" in wizard.upload_page.result.text()


def test_dropping_a_file_checks_it(qtbot: QtBot, kit: GuiKit, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    wizard = _start(qtbot, kit, AuthMethod.SIGNATURE)
    _download(qtbot, kit, wizard, tmp_path / "do-podpisu.xml")
    wizard.next()
    signed = tmp_path / "podpisany.xml"
    signed.write_bytes(sign_xml((tmp_path / "do-podpisu.xml").read_bytes(), PERSON.key, [PERSON.certificate]))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(signed))])
    event = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    wizard.upload_page.drop.dropEvent(event)
    qtbot.waitUntil(wizard.upload_page.isComplete, timeout=WAIT_MS)


def test_every_input_has_an_accessible_name(qtbot: QtBot, kit: GuiKit) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLineEdit

    wizard = AuthWizard(kit.services)
    qtbot.addWidget(wizard)
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)
        for field in page.findChildren(QLineEdit):
            assert field.accessibleName(), f"{type(page).__name__}: a text field has no accessible name"
        for button in page.findChildren(QAbstractButton):
            assert button.text() or button.accessibleName(), f"{type(page).__name__}: an unnamed button"


def test_signing_with_the_card_inside_the_wizard(
    qtbot: QtBot, kit: GuiKit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.softhsm import add_identity, make_token

    token = make_token(tmp_path / "hsm", monkeypatch)
    add_identity(token, "ec", b"\x05", NIP)
    wizard = _start(qtbot, kit, AuthMethod.SIGNATURE)
    _download(qtbot, kit, wizard, tmp_path / "do-podpisu.xml")
    wizard.next()
    dialog = wizard.upload_page.open_card_signing()
    assert dialog.request.text() == str(tmp_path / "do-podpisu.xml")  # starts from the downloaded file
    dialog.module.setEditText(token.module)
    dialog.read_card()
    qtbot.waitUntil(lambda: dialog.card_certificate.count() == 1, timeout=WAIT_MS)
    dialog.pin.setText(token.pin)
    kit.dialogs.answers.append(str(tmp_path / "podpisany.xml"))
    dialog.sign()
    qtbot.waitUntil(lambda: wizard.upload_page.isComplete(), timeout=WAIT_MS)  # loaded and pre-checked
    wizard.next()
    _finish(qtbot, wizard)
    assert wizard.result_page.succeeded, wizard.result_page.message.text()

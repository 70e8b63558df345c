""" "Get ready for 2027" from the readiness page, walked as a user would against the sandbox: a company that
logs in with a KSeF token signs once (a certificate file), gets both KSeF certificates, backs up the keys,
revokes the token after confirming, and still syncs, now with its KSeF certificate."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.serialization import pkcs12
from pytestqt.qtbot import QtBot

from ksefdesk.core.models import AuthMethod, Environment
from ksefdesk.core.readiness import NextStep, Readiness
from ksefdesk.core.signing_material import load_signing_material
from ksefdesk.services.cancel import CancelToken
from ksefdesk.services.certificates import AUTHENTICATION, OFFLINE
from ksefdesk.ui.main_window import MainWindow
from ksefdesk.ui.readiness_view import RELOAD_DELAY_MS, ReadinessPanel
from ksefdesk.ui.setup_2027 import PAGE_BACKUP, PAGE_REVOKE, PAGE_SET_UP, PAGE_SUMMARY, SetupFor2027
from ksefdesk.ui.wizard import PAGE_CERTIFICATE, PAGE_METHOD, PAGE_RESULT
from ksefsandbox.kit import LoginKit
from ksefsandbox.seed import login_kit, seed_invoices
from tests.gui.conftest import GuiKit

NIP = "5265877635"
WAIT_MS = 30_000
PASSPHRASE = "kopia kluczy 2027"


def _token_company(qtbot: QtBot, kit: GuiKit) -> tuple[MainWindow, LoginKit]:
    kit.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    login = login_kit(kit.server.sandbox, NIP)
    kit.services.auth.login_with_token(NIP, login.ksef_token)  # pasted: the app does not know its reference
    seed_invoices(kit.server.sandbox, NIP, 4, months=1)
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    return window, login


def _open_setup(qtbot: QtBot, window: MainWindow) -> SetupFor2027:
    window.show_readiness()
    panel = window.readiness_panel

    def offers_setup() -> bool:
        return not panel.loading and any(
            r.facts.nip == NIP and r.next_step is NextStep.SET_UP_CERTIFICATES for r in panel.rows
        )

    qtbot.waitUntil(offers_setup, timeout=WAIT_MS)
    button = panel.button(NIP)
    assert button is not None and button.isEnabled() and "one signature" in button.text()
    button.click()
    wizard = panel.setup_wizard
    assert wizard is not None and wizard.isVisible()
    return wizard


def _sign_with_file(qtbot: QtBot, wizard: SetupFor2027, login: LoginKit) -> None:
    assert wizard.currentId() == PAGE_METHOD
    assert not wizard.method_page.buttons[AuthMethod.TOKEN].isVisible()  # a token login gets no certificates
    wizard.method_page.buttons[AuthMethod.CERTIFICATE].setChecked(True)
    wizard.next()
    assert wizard.currentId() == PAGE_CERTIFICATE
    wizard.certificate_page.cert.setText(str(login.pkcs12_file))
    wizard.certificate_page.password.setText(login.pkcs12_password)
    wizard.next()
    assert wizard.currentId() == PAGE_RESULT
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_SET_UP, timeout=WAIT_MS)  # on by itself after the login


def _token_status(kit: GuiKit, login: LoginKit) -> str:
    row = kit.server.sandbox.state.one(
        "SELECT status FROM ksef_tokens WHERE ref = ?", (login.ksef_token.split("|")[0],)
    )
    assert row is not None
    return str(row["status"])


def _sessions_over(kit: GuiKit) -> None:
    """As if a week had passed: the access and refresh tokens are over, the next call logs in again."""
    kit.db.connection().execute(
        "UPDATE authorizations SET expires_at = '2020-01-01T00:00:00+00:00'"
        " WHERE kind IN ('access_token', 'refresh_token')"
    )


def _receive(qtbot: QtBot, kit: GuiKit, window: MainWindow) -> int:
    scheduler = kit.services.scheduler
    assert scheduler is not None
    window.select(NIP)
    with qtbot.waitSignal(scheduler.run_finished, timeout=WAIT_MS) as run:
        window.sync_action.trigger()
    result = run.args[1].received
    assert result is not None
    return int(result.total_added)


def test_one_signature_sets_up_backs_up_revokes_the_token_and_it_still_syncs(
    qtbot: QtBot, kit: GuiKit, tmp_path: Path
) -> None:
    window, login = _token_company(qtbot, kit)
    wizard = _open_setup(qtbot, window)
    _sign_with_file(qtbot, wizard, login)
    page = wizard.set_up_page
    qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)
    assert "valid until" in page.status.text() and not page.retry.isVisible(), page.status.text()
    company = kit.services.companies.get(NIP)
    certificates = kit.services.certificates
    assert certificates is not None
    assert (
        certificates.usable(company, AUTHENTICATION) is not None and certificates.usable(company, OFFLINE) is not None
    )
    assert company.auth_method is AuthMethod.KSEF_CERTIFICATE  # the renewal is the certificate's now

    wizard.next()
    assert wizard.currentId() == PAGE_BACKUP and not wizard.button(wizard.WizardButton.BackButton).isEnabled()
    folder = tmp_path / "kopia"
    folder.mkdir()
    kit.dialogs.answers += [str(folder), PASSPHRASE]
    wizard.backup_page.save.click()
    qtbot.waitUntil(lambda: bool(wizard.backup), timeout=WAIT_MS)
    assert len(wizard.backup) == 2 and all(path.parent == folder for path in wizard.backup)
    for path in wizard.backup:
        assert pkcs12.load_key_and_certificates(path.read_bytes(), PASSPHRASE.encode())[0] is not None

    wizard.next()
    assert wizard.currentId() == PAGE_REVOKE
    assert _token_status(kit, login) == "Active"  # nothing revoked without the confirmation
    wizard.revoke_page.revoke.click()
    assert "cannot be undone" in kit.dialogs.asked[-1]
    qtbot.waitUntil(lambda: wizard.token_revoked, timeout=WAIT_MS)
    assert _token_status(kit, login) == "Revoked"
    assert not kit.services.auth.state(NIP).has_ksef_token

    wizard.next()
    assert wizard.currentId() == PAGE_SUMMARY
    summary = wizard.summary_page.text.text()
    assert "KSeF certificate" in summary and "revoked" in summary and f"saved in {folder} (2 files)" in summary
    wizard.accept()
    assert kit.dialogs.errors == []

    # A week later: the app logs in again with its KSeF certificate and receives the invoices.
    _sessions_over(kit)
    assert _receive(qtbot, kit, window) == 4
    assert kit.services.companies.get(NIP).auth_method is AuthMethod.KSEF_CERTIFICATE
    row = kit.server.sandbox.state.one("SELECT method FROM auth_operations ORDER BY start_date DESC LIMIT 1")
    assert row is not None and row["method"] == "InternalCertificate"
    panel = window.readiness_panel
    qtbot.waitUntil(
        lambda: any(r.facts.nip == NIP and r.next_step is NextStep.NONE for r in panel.rows) and not panel.loading,
        timeout=WAIT_MS,
    )


def test_cancel_at_the_signature_or_during_the_setup_keeps_the_token_login(qtbot: QtBot, kit: GuiKit) -> None:
    window, login = _token_company(qtbot, kit)
    wizard = _open_setup(qtbot, window)
    wizard.method_page.buttons[AuthMethod.CERTIFICATE].setChecked(True)
    wizard.next()
    wizard.certificate_page.cert.setText(str(login.pkcs12_file))
    wizard.reject()  # Cancel on the certificate file page: nothing happened
    company = kit.services.companies.get(NIP)
    assert company.auth_method is AuthMethod.TOKEN and kit.services.auth.state(NIP).has_ksef_token
    assert kit.services.certificates is not None and kit.services.certificates.stored(NIP) == []

    window.readiness_panel.refresh()
    wizard = _open_setup(qtbot, window)
    kit.server.sandbox.faults.latency_s = 0.3  # KSeF is slow today: the setup is still running at Cancel
    _sign_with_file(qtbot, wizard, login)
    assert wizard.set_up_page.running
    wizard.reject()
    kit.services.runner.wait()
    kit.server.sandbox.faults.latency_s = 0.0

    assert kit.dialogs.asked == [] and kit.dialogs.errors == []  # no confirmation asked, nothing revoked
    assert _token_status(kit, login) == "Active" and kit.services.auth.state(NIP).has_ksef_token
    assert kit.services.companies.find(NIP) is not None
    company = kit.services.auth.login_with_token(NIP, login.ksef_token)  # the token still logs in
    assert company.auth_method is AuthMethod.TOKEN
    assert _receive(qtbot, kit, window) == 4


def test_a_company_signed_in_already_goes_straight_to_the_certificates(qtbot: QtBot, kit: GuiKit) -> None:
    kit.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    login = login_kit(kit.server.sandbox, NIP)
    material = load_signing_material(login.pkcs12_file.read_bytes(), None, login.pkcs12_password, "kit.p12")
    kit.services.auth.sign_in(NIP, material)  # a signature login, no token kept
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    wizard = _open_setup(qtbot, window)
    assert wizard.currentId() == PAGE_SET_UP  # no second signature
    qtbot.waitUntil(wizard.set_up_page.isComplete, timeout=WAIT_MS)
    wizard.next()
    assert wizard.currentId() == PAGE_BACKUP
    wizard.next()  # no backup now; no token to revoke: the summary says what is left
    assert wizard.currentId() == PAGE_SUMMARY
    assert "No backup of the keys yet" in wizard.summary_page.text.text()
    assert "token" not in wizard.summary_page.text.text()
    wizard.accept()
    assert kit.services.companies.get(NIP).auth_method is AuthMethod.KSEF_CERTIFICATE


def test_readiness_reloads_once_for_a_burst_and_not_while_hidden(qtbot: QtBot, kit: GuiKit) -> None:
    kit.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    loads: list[int] = []
    readiness = kit.services.readiness

    def load(cancel: CancelToken) -> list[Readiness]:
        loads.append(1)
        return readiness.all()

    panel = ReadinessPanel(kit.services, load, lambda nip: None, None)
    qtbot.addWidget(panel)
    for _ in range(10):
        panel.request_refresh()  # hidden: nothing loads
    qtbot.wait(RELOAD_DELAY_MS + 200)
    assert loads == []
    panel.show()  # shown: the reload asked for while hidden, once
    qtbot.waitUntil(lambda: len(panel.rows) == 1 and not panel.loading, timeout=WAIT_MS)
    assert len(loads) == 1
    for _ in range(10):  # what the window does at every refresh
        panel.request_refresh()
    qtbot.waitUntil(lambda: len(loads) == 2 and not panel.loading, timeout=WAIT_MS)
    qtbot.wait(RELOAD_DELAY_MS + 200)
    assert len(loads) == 2


def test_the_revoke_step_asks_first_and_revokes_a_pasted_token(qtbot: QtBot, kit: GuiKit, tmp_path: Path) -> None:
    window, login = _token_company(qtbot, kit)
    material = load_signing_material(login.pkcs12_file.read_bytes(), None, login.pkcs12_password, "kit.p12")
    kit.services.auth.sign_in(NIP, material)
    certificates = kit.services.certificates
    assert certificates is not None
    certificates.setup(NIP)
    certificates.back_up(NIP, tmp_path, PASSPHRASE)
    window.show_readiness()
    panel = window.readiness_panel

    def step() -> NextStep | None:
        return next((r.next_step for r in panel.rows if r.facts.nip == NIP), None) if not panel.loading else None

    qtbot.waitUntil(lambda: step() is NextStep.REVOKE_TOKEN, timeout=WAIT_MS)
    button = panel.button(NIP)
    assert button is not None
    kit.dialogs.confirm_answer = False
    button.click()  # declined: nothing happens
    kit.services.runner.wait()
    assert len(kit.dialogs.asked) == 1 and _token_status(kit, login) == "Active"
    kit.dialogs.confirm_answer = True
    button.click()
    qtbot.waitUntil(lambda: step() is NextStep.NONE, timeout=WAIT_MS)
    assert _token_status(kit, login) == "Revoked" and kit.dialogs.errors == []

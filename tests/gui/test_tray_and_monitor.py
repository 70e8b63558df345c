"""The tray summarizes the companies; the monitor's findings reach the main window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import requests
from pytestqt.qtbot import QtBot

from ksefdesk.core.models import ConnectionStatus, Environment
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.core.status import ReauthReason
from ksefdesk.services.monitor import ConnectionMonitor
from ksefdesk.services.settings import close_to_tray
from ksefdesk.services.store import SettingsRepository
from ksefdesk.ui.main_window import MainWindow
from ksefdesk.ui.settings_dialog import SettingsDialog
from ksefdesk.ui.tray import Tray, summary_state
from ksefsandbox.app import SandboxConfig
from ksefsandbox.server import SandboxServer
from tests.gui.conftest import GuiKit

NIP = "5265877635"


def test_tray_summary_and_menu(qtbot: QtBot, kit: GuiKit) -> None:
    companies = kit.services.companies
    companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    companies.add("7251801126", Environment.PROD, name="Hurtownia")
    tray = Tray("en")
    tray.update(companies.list())
    assert tray.state == "idle"
    companies.set_status(NIP, ConnectionStatus.CONNECTED)
    tray.update(companies.list())
    assert tray.state == "ok" and "in order" in tray.icon.toolTip()
    companies.set_status("7251801126", ConnectionStatus.REAUTH_NEEDED, ReauthReason.EXPIRED)
    tray.update(companies.list())
    texts = [a.text() for a in tray.menu.actions() if a.text()]
    assert tray.state == "error" and "1 companies need attention" in tray.icon.toolTip()
    assert texts[:2] == ["Hurtownia – needs authorizing again", "Piekarnia – connected"]
    assert texts[-3:] == ["Open KSeF Desk", "Check connections now", "Quit"]
    opened: list[bool] = []
    tray.open_requested.connect(lambda: opened.append(True))
    tray.menu.actions()[0].trigger()
    assert opened == [True]
    tray.notify_reauth(companies.get("7251801126"))  # must not fail without a real tray
    assert summary_state([]) == "idle"


def test_settings_dialog_stores_choices(qtbot: QtBot, kit: GuiKit) -> None:
    settings = SettingsRepository(kit.db)
    assert close_to_tray(settings)  # the default: keep running in the tray
    dialog = SettingsDialog(settings, "pl", tray_available=True)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(1)
    dialog.tray.setChecked(False)
    dialog.accept()
    assert settings.get("language") == "en" and not close_to_tray(settings)


def test_settings_dialog_checks_the_white_list_address(qtbot: QtBot, kit: GuiKit) -> None:
    settings = SettingsRepository(kit.db)
    dialog = SettingsDialog(settings, "en", tray_available=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.whitelist.text() == "" and dialog.whitelist.placeholderText() == "https://wl-api.mf.gov.pl"
    dialog.whitelist.setText("http://wl-proxy.example.com")  # unencrypted, not this computer
    dialog.language.setCurrentIndex(0)
    dialog.accept()
    assert dialog.isVisible() and dialog.whitelist_error.isVisible()  # kept open, nothing saved
    assert "wl-proxy.example.com" in dialog.whitelist_error.text() and settings.get("language") is None
    dialog.whitelist.setText("https://wl-proxy.example.com/ ")
    dialog.accept()
    assert not dialog.isVisible()
    assert settings.get("whitelist.base_url") == "https://wl-proxy.example.com/" and settings.get("language") == "pl"


def test_monitor_changes_reach_the_window(
    qtbot: QtBot, kit: GuiKit, tmp_path: Path, start_sandbox: Callable[..., SandboxServer]
) -> None:
    from ksefdesk.ui.wizard import UiServices
    from tests.harness import Desk

    server = start_sandbox(SandboxConfig(rate_scale=0, access_token_ttl_s=2))
    desk = Desk(kit.db, server.base_url, secrets=kit.secrets)  # over the same data, at a sandbox of short tokens
    auth, api = desk.auth, desk.api
    kit.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    person = self_signed(person_subject(nip=NIP))
    auth.sign_in(NIP, SigningMaterial(person.key, person.certificate))

    window = MainWindow(UiServices(desk, kit.services.runner, kit.dialogs, scheduler=kit.services.scheduler))
    qtbot.addWidget(window)
    monitor = ConnectionMonitor(kit.services.companies, auth, interval_ms=300)
    monitor.company_changed.connect(window.refresh_company)
    reauth: list[str] = []
    monitor.reauth_needed.connect(lambda nip, reason: reauth.append(reason))
    with qtbot.waitSignal(monitor.checked, timeout=10_000):
        monitor.start()
    assert window.model.index(0, 4).data() == "Connected"
    session = api.auth_sessions(auth.access_token(NIP))[0].reference_number
    requests.post(
        server.admin_url("revoke-session"), json={"referenceNumber": session}, headers=server.admin_headers, timeout=10
    )
    qtbot.waitUntil(lambda: window.model.index(0, 4).data() == "Re-authorization needed", timeout=15_000)
    assert reauth == [ReauthReason.SESSION_REVOKED.value]
    monitor.stop()
    assert not monitor._thread.isRunning()

"""Showing companies, their credentials, their readiness for 2027 and the office's windows never reads or
writes the secret store on the GUI thread: the store may be slow (a keyring over D-Bus) or ask for its
passphrase, and the window must stay live meanwhile. The kit's store is wrapped so that every get/set/delete
on the main thread is recorded with where it came from; the test walks the display paths and fails if any
was recorded."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12
from pytestqt.qtbot import QtBot

from ksefdesk.core.models import Environment
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.ui.main_window import MainWindow
from ksefsandbox.seed import login_kit
from tests.gui.conftest import GuiKit

SIGNED, TOKEN = "5265877635", "7251801126"
PERSON = self_signed(person_subject(nip=SIGNED, given="Maria", surname="Kowalczyk"))


class GuiThreadGuard:
    """Records each secret-store call made on the main (GUI) thread; calls on workers pass untouched."""

    def __init__(self) -> None:
        self.offences: list[str] = []
        self.calls_elsewhere = 0

    def wrap(self, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if threading.current_thread() is threading.main_thread():
                where = "".join(traceback.format_stack(limit=10)[:-1])
                self.offences.append(f"secret store .{name}() on the GUI thread:\n{where}")
            else:
                self.calls_elsewhere += 1
            return original(*args, **kwargs)

        return guarded

    def arm(self, kit: GuiKit, monkeypatch: pytest.MonkeyPatch) -> None:
        store = kit.secrets  # the one instance every service reaches through the composition root
        for name in ("get", "set", "delete"):
            monkeypatch.setattr(store, name, self.wrap(name, getattr(store, name)))

    def check(self) -> None:
        assert not self.offences, "\n\n".join(self.offences)


def test_display_paths_never_touch_the_secret_store_on_the_gui_thread(
    qtbot: QtBot, kit: GuiKit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # set-up as the app would have left it (on this thread, before the guard): one company signed in with
    # its KSeF certificates, one logging in with a KSeF token
    kit.services.companies.add(SIGNED, Environment.SANDBOX, name="Piekarnia")
    kit.services.auth.sign_in(SIGNED, SigningMaterial(PERSON.key, PERSON.certificate))
    assert kit.services.certificates is not None
    kit.services.certificates.enroll(SIGNED, "Authentication")
    kit.services.certificates.enroll(SIGNED, "Offline")
    kit.services.companies.add(TOKEN, Environment.SANDBOX, name="Warsztat")
    kit.services.auth.login_with_token(TOKEN, login_kit(kit.server.sandbox, TOKEN).ksef_token)
    guard = GuiThreadGuard()
    guard.arm(kit, monkeypatch)

    # the main window: the list, each company's details, the status bar's estimate
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    for nip in (SIGNED, TOKEN):
        window.select(nip)
        window.refresh()
    window.model.refresh_times()
    assert kit.services.scheduler is not None
    qtbot.waitUntil(lambda: kit.services.scheduler is not None and kit.services.scheduler.last_eta is not None)

    # the readiness page, loaded and shown
    window.show_readiness()
    panel = window.readiness_panel
    qtbot.waitUntil(lambda: not panel.loading and len(panel.rows) == 2, timeout=15_000)

    # the credentials page of each company, a row selected, the key backed up, a check in KSeF
    window.select(TOKEN)
    tokens = window.open_credentials()
    assert tokens is not None and tokens.table.rowCount() >= 1
    tokens.close()
    window.select(SIGNED)
    dialog = window.open_credentials()
    assert dialog is not None
    texts = [(cell.text() if (cell := dialog.table.item(r, 0)) else "") for r in range(dialog.table.rowCount())]
    row = next(r for r, text in enumerate(texts) if "offline invoices" in text)
    dialog.table.selectRow(row)
    backup = tmp_path / "kopia.p12"
    kit.dialogs.answers += ["haslo kopii 2026", str(backup)]
    assert dialog.back_up_selected() == str(backup)
    assert pkcs12.load_key_and_certificates(backup.read_bytes(), b"haslo kopii 2026")[0] is not None
    with qtbot.waitSignal(dialog.changed, timeout=15_000):
        dialog.check_button.click()
    dialog.reload()
    dialog.close()
    kit.services.runner.wait()

    # the office's windows: the token company grants the signed one as its office, then logs in with the
    # office's certificate, checked from the office's window
    window.select(TOKEN)
    grant = window.open_grant_office()
    assert grant is not None
    grant.nip.setText(SIGNED)
    qtbot.waitUntil(lambda: grant.handle is None)
    grant.grant()
    qtbot.waitUntil(lambda: grant.handle is None and bool(grant.scopes()), timeout=15_000)
    grant.close()
    kit.services.office.use_office(TOKEN, SIGNED)  # the database only, as the window's tick does
    office = window.open_office()
    office.check()
    qtbot.waitUntil(lambda: office.handle is None and TOKEN in office.results, timeout=15_000)
    assert office.results[TOKEN].granted
    office.close()
    kit.services.runner.wait()

    assert not kit.dialogs.errors, kit.dialogs.errors
    assert guard.calls_elsewhere > 0  # the guard saw the store at work, only never on the GUI thread
    guard.check()


def test_the_guard_catches_a_read_on_the_gui_thread(kit: GuiKit, monkeypatch: pytest.MonkeyPatch) -> None:
    guard = GuiThreadGuard()
    guard.arm(kit, monkeypatch)
    kit.secrets.get("anything")  # what an offending widget would do
    with pytest.raises(AssertionError, match=r"\.get\(\) on the GUI thread"):
        guard.check()

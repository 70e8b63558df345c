"""All companies at once, walked as an accounting office would: progress, a Cancel that stops, the
results with what to do for those that need attention."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from ksefdesk.core.models import Company, Environment
from ksefdesk.ui.main_window import MainWindow
from ksefsandbox.seed import login_kit
from tests.gui.conftest import GuiKit

CONNECTED = ("5265877635", "7251801126", "5213017228")
NEVER = "1111111111"


def _window(qtbot: QtBot, kit: GuiKit) -> MainWindow:
    for nip in CONNECTED:
        kit.services.companies.add(nip, Environment.SANDBOX, name=f"Firma {nip[-2:]}")
        kit.services.auth.login_with_token(nip, login_kit(kit.server.sandbox, nip).ksef_token)
    kit.services.companies.add(NEVER, Environment.SANDBOX, name="Nowa")
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    return window


def test_check_all_shows_progress_and_what_needs_attention(qtbot: QtBot, kit: GuiKit) -> None:
    window = _window(qtbot, kit)
    window.check_all_action.trigger()
    dialog = window.bulk_dialog
    qtbot.waitUntil(lambda: dialog.buttons.isVisible(), timeout=20_000)
    lines = [dialog.results.item(i).text() for i in range(dialog.results.count())]
    assert len(lines) == 4 and sum(line.startswith("✓") for line in lines) == 3
    (attention,) = [line for line in lines if line.startswith("✗")]
    assert "Nowa" in attention
    assert "1 need attention" in dialog.state.text() and dialog.bar.value() == 4


def test_cancel_stops_before_the_next_company_and_says_so(
    qtbot: QtBot, kit: GuiKit, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, kit)
    # The first company's check waits until Cancel was pressed: checks of logged-in companies take no
    # network and would otherwise all be done before the click, whatever the dialog does.
    pressed = threading.Event()
    check = kit.desk.auth.check

    def slow_check(nip: str, **kwargs: Any) -> Company:
        assert pressed.wait(20)
        return check(nip, **kwargs)

    monkeypatch.setattr(kit.desk.auth, "check", slow_check)
    window.check_all_action.trigger()
    dialog = window.bulk_dialog
    dialog.cancel()
    pressed.set()
    qtbot.waitUntil(lambda: dialog.buttons.isVisible(), timeout=20_000)
    assert dialog.results.count() <= 1 and "Cancelled" in dialog.state.text()  # at most the one already started
    assert not kit.services.runner.busy

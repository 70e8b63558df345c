"""KSeF's X-System-Warning reaches the user in the main window once per distinct message, however many
requests carry it, and without blocking anything (the sandbox's ``system_warning`` fault sends it)."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from ksefdesk.ui.main_window import MainWindow
from tests.gui.conftest import GuiKit
from tests.sandbox.kit import admin

FIRST = "[S1]: Planowana przerwa techniczna 12.12.2026 22:00-23:00"
SECOND = "[S2]: New rate limits from 1.01.2027"


def _requests(kit: GuiKit, count: int) -> None:
    """KSeF traffic as the app makes it: from worker threads, through the app's own client."""
    api = kit.services.auth._api_for(kit.services.companies.get("5265877635"))
    workers = [threading.Thread(target=api.challenge) for _ in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)


def test_a_system_warning_is_shown_once_per_message(qtbot: QtBot, kit: GuiKit) -> None:
    from ksefdesk.core.models import Environment

    kit.services.companies.add("5265877635", Environment.SANDBOX, name="Piekarnia")
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    bar = window.system_notice
    assert bar.isHidden()
    _requests(kit, 3)
    qtbot.wait(50)
    assert bar.isHidden() and bar.shown == []  # no warning, no bar

    assert admin(kit.server, "faults", {"system_warning": FIRST}).status_code == 200
    _requests(kit, 6)  # six answers carry it
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=5_000)
    qtbot.wait(100)  # any duplicate would be delivered by now
    assert bar.shown == [FIRST] and FIRST in bar.label.text()
    assert "Message from KSeF" in window.statusBar().currentMessage()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]  # not modal

    bar.dismiss.click()
    assert bar.isHidden()
    _requests(kit, 3)  # the same message again: the user has seen it
    qtbot.wait(100)
    assert bar.isHidden() and bar.shown == [FIRST]

    assert admin(kit.server, "faults", {"system_warning": SECOND}).status_code == 200
    _requests(kit, 2)
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=5_000)
    assert bar.shown == [FIRST, SECOND] and bar.visible == [SECOND]
    assert SECOND in bar.label.text() and FIRST not in bar.label.text()


def test_a_window_opened_later_still_tells_what_arrived_before(qtbot: QtBot, kit: GuiKit) -> None:
    """A sync at start-up can hear the warning before the window exists (the CLI hears it on stderr)."""
    kit.services.notices.report(FIRST)
    kit.services.notices.report(FIRST)
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.system_notice.isVisible(), timeout=5_000)
    assert window.system_notice.shown == [FIRST]

"""The vault passphrase is asked on the GUI thread, twice when the vault is new (issue 22)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from ksefdesk.ui.dialogs import PassphraseDialog
from ksefdesk.ui.gui_thread import GuiThreadCaller


def test_a_worker_gets_its_answer_from_the_gui_thread(qtbot: QtBot) -> None:
    caller = GuiThreadCaller()
    seen: list[object] = []

    def ask() -> str:
        seen.append(QThread.currentThread())
        return "sekret-hasło"

    result: list[str] = []
    worker = threading.Thread(target=lambda: result.append(caller.call(ask)))
    worker.start()
    qtbot.waitUntil(lambda: bool(result), timeout=5_000)
    worker.join()
    app = QApplication.instance()
    assert app is not None
    assert result == ["sekret-hasło"] and seen == [app.thread()]


def test_errors_reach_the_worker_that_asked(qtbot: QtBot) -> None:
    caller = GuiThreadCaller()
    caught: list[BaseException] = []

    def fail() -> str:
        raise ValueError("no")

    def work() -> None:
        try:
            caller.call(fail)
        except ValueError as exc:
            caught.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    qtbot.waitUntil(lambda: bool(caught), timeout=5_000)
    worker.join()


def test_a_new_vault_asks_twice_and_explains_a_lost_passphrase(qtbot: QtBot) -> None:
    from ksefdesk.ui.launch import install_translations

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translations(app, "pl")  # the dialog speaks through tr(), as every widget
    try:
        _new_vault_in_polish(qtbot)
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def _new_vault_in_polish(qtbot: QtBot) -> None:
    dialog = PassphraseDialog("pl", creating=True)
    qtbot.addWidget(dialog)
    text = " ".join(label.text() for label in dialog.findChildren(type(dialog.problem)))
    assert "bez niego sejfu nie da się otworzyć" in text
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.first.setText("krótkie")
    assert not ok.isEnabled() and "8 znaków" in dialog.problem.text()
    dialog.first.setText("długie hasło sejfu")
    dialog.second.setText("długie hasło sejfv")
    assert not ok.isEnabled() and "różnią" in dialog.problem.text()
    dialog.second.setText("długie hasło sejfu")
    assert ok.isEnabled() and dialog.passphrase() == "długie hasło sejfu"


def test_an_existing_vault_asks_once(qtbot: QtBot) -> None:
    dialog = PassphraseDialog("en", creating=False)
    qtbot.addWidget(dialog)
    assert not dialog.second.isVisibleTo(dialog)
    dialog.first.setText("x")
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()

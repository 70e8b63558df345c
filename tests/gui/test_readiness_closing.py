"""Closing the window while the readiness page is still loading: the load's answer arrives at nothing
(the runner forgets it), never at a deleted widget."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from ksefdesk.core.models import Environment
from ksefdesk.ui.main_window import MainWindow
from tests.gui.conftest import GuiKit


def test_a_load_that_ends_after_the_window_is_gone_is_dropped(
    qtbot: QtBot, kit: GuiKit, monkeypatch: pytest.MonkeyPatch
) -> None:
    kit.services.companies.add("5265877635", Environment.SANDBOX, name="Piekarnia")
    release = threading.Event()
    loads: list[int] = []
    everything = kit.desk.readiness.all

    def slow_all(*args: Any, **kwargs: Any) -> Any:
        loads.append(1)
        assert release.wait(20)
        return everything(*args, **kwargs)

    monkeypatch.setattr(kit.desk.readiness, "all", slow_all)
    window = MainWindow(kit.services)
    window.show()
    window.show_readiness()
    panel = window.readiness_panel
    qtbot.waitUntil(lambda: bool(loads) and panel.loading)
    with qtbot.waitSignal(window.destroyed, timeout=5000):  # asserts the window (and its panel) is gone
        window.deleteLater()
    release.set()
    assert kit.services.runner.wait()
    for _ in range(5):  # the finished signal is delivered here: pytest-qt fails the test on any exception
        qtbot.wait(20)
    assert not kit.services.runner.busy

""" "Try the local sandbox" in the app as built by its composition root: the sandbox runs in a child
process, not in the GUI's interpreter, and it ends when the app's context is closed (issue 19)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from ksefdesk.app import build_context
from ksefdesk.services.sandbox_host import DEMO_NIP
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.main_window import MainWindow
from ksefdesk.ui.ui_services import UiServices
from tests.gui.conftest import ScriptedDialogs
from tests.services.test_sandbox_child import alive


def test_try_the_local_sandbox_starts_a_child_process_that_ends_with_the_app(
    qtbot: QtBot, tmp_path: Path, keys_template: Path
) -> None:
    ctx = build_context(str(tmp_path / "data"), lang="en")
    shutil.copytree(keys_template, ctx.paths.data / "sandbox" / "keys")  # no RSA keys to make in the test
    runner = TaskRunner()
    window = MainWindow(UiServices(ctx, runner, ScriptedDialogs()))  # as ui/launch.py builds it
    qtbot.addWidget(window)
    window.show()
    try:
        assert not ctx.sandbox.running  # nothing is started for a user who never asks for the demo
        window.try_sandbox.click()
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.tabs, timeout=30_000)
        qtbot.waitUntil(lambda: "Connected" in window.model.index(0, 4).data(), timeout=30_000)
        selected = window.selected()
        assert selected is not None and selected.nip == DEMO_NIP
        pid = ctx.sandbox.pid
        assert pid is not None and pid != os.getpid() and alive(pid)
    finally:
        runner.wait()
        window.close()
        ctx.close()
    assert not alive(pid)

"""Starting the app again brings the running window forward instead of an error box (issue 22)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from ksefdesk.ui.single_instance import InstanceServer, ask_running_copy_to_show, server_name


def test_second_start_reaches_the_running_copy(qtbot: QtBot, tmp_path: Path) -> None:
    """The second copy is another process, as when the user double-clicks the icon again."""
    server = InstanceServer(tmp_path / "data")
    assert server.listening
    script = (
        "import sys; from pathlib import Path; from PySide6.QtCore import QCoreApplication;"
        "from ksefdesk.ui.single_instance import ask_running_copy_to_show;"
        "app = QCoreApplication([]); sys.exit(0 if ask_running_copy_to_show(Path(sys.argv[1])) else 3)"
    )
    with qtbot.waitSignal(server.show_requested, timeout=10_000):
        second = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "data")])
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=10_000)
    assert second.returncode == 0
    server.close()


def test_without_a_running_copy_nothing_answers(tmp_path: Path) -> None:
    assert not ask_running_copy_to_show(tmp_path / "nobody", timeout_ms=200)


def test_names_differ_per_data_folder(tmp_path: Path) -> None:
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")

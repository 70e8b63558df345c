"""Start-up imports only what the first window needs: signing, XML, HTTP, PDF, the sandbox, the wizard and
the dialogs load when first used. Each check runs a fresh interpreter, the only place sys.modules tells."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Imported by the main window only where a dialog opens or a tab is built (ksefdesk/ui/main_window.py).
NOT_FOR_THE_MAIN_WINDOW = [
    "ksefdesk.ui.wizard",
    "ksefdesk.ui.settings_dialog",
    "ksefdesk.ui.payment_dialog",
    "ksefdesk.ui.credentials_dialog",
    "ksefdesk.ui.archives_dialog",
    "ksefdesk.ui.sign_file_dialog",
    "ksefdesk.ui.about_dialog",
    "ksefdesk.ui.invoice_view",
    "ksefdesk.ui.outbox_view",
    "ksefdesk.ui.paper",
    "ksefdesk.core.preview",
    "ksefdesk.core.fa3",
    "ksefdesk.core.xades_sign",
    "ksefdesk.services.auth",
    "ksefdesk.services.send",
    "ksefdesk.services.sandbox_host",
    "ksefdesk.services.whitelist",
    "signxml",
    "lxml.etree",
    "requests",
    "ksefsandbox",
]

# Nor by the real start until the window is shown: the composition root builds services on first use, and the
# main window imports its tabs' code after the first paint.
NOT_AT_THE_FIRST_PAINT = [
    *NOT_FOR_THE_MAIN_WINDOW,
    "xmlsec",
    "cryptography.x509",
    "ksefdesk.services.ksef.api",
    "PySide6.QtNetwork",  # the second-start listener starts after the first paint
]

IMPORT_ONLY = """
import json, sys
import ksefdesk.ui.main_window
print("MODULES", json.dumps(sorted(sys.modules)))
"""
# The real start (ui/launch.py) in an empty data folder, up to the shown window: what the first paint costs.
SHOWN = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ksefdesk.ui.launch import run_gui

def after_show(window):
    print("MODULES", json.dumps(sorted(sys.modules)), flush=True)
    QTimer.singleShot(0, QApplication.instance().quit)

sys.exit(run_gui(sys.argv[1], lang="en", after_show=after_show))
"""


def loaded_modules(code: str, *args: str) -> set[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KSEFDESK_SECRETS": "memory"}
    result = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = [line for line in result.stdout.splitlines() if line.startswith("MODULES ")]
    assert found, result.stdout[-3000:] + result.stderr[-3000:]
    return set(json.loads(found[0].removeprefix("MODULES ")))


def test_the_main_window_module_imports_no_dialog_tab_or_heavy_library() -> None:
    loaded = loaded_modules(IMPORT_ONLY)
    assert "ksefdesk.ui.main_window" in loaded and "PySide6.QtWidgets" in loaded  # the probe itself works
    assert sorted(set(NOT_FOR_THE_MAIN_WINDOW) & loaded) == []


def test_the_first_window_is_shown_before_the_heavy_modules_load(tmp_path: Path) -> None:
    loaded = loaded_modules(SHOWN, str(tmp_path / "data"))
    assert "ksefdesk.ui.main_window" in loaded and "ksefdesk.ui.launch" in loaded
    assert sorted(set(NOT_AT_THE_FIRST_PAINT) & loaded) == []


# The `ksefdesk` command reads its arguments before it opens the window: that must stay light too.
COMMAND_LINE = """
import json, sys
from ksefdesk.cli import build_parser
build_parser().parse_args([])
print("MODULES", json.dumps(sorted(sys.modules)))
"""


def test_reading_the_command_line_loads_nothing_the_window_defers() -> None:
    loaded = loaded_modules(COMMAND_LINE)
    assert "ksefdesk.cli" in loaded and "ksefdesk.cli_pay" in loaded  # every command's parser is built
    assert sorted(set(NOT_FOR_THE_MAIN_WINDOW) & loaded) == []

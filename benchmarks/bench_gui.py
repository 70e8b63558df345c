"""gui: cold start to the first painted main window, next to a bare PySide6 window with a table started the
same way (the floor Qt itself sets), and the longest GUI-thread stall during a wizard authorization against
the sandbox (targets: first paint < 0.8 s and at most twice the bare window's, stall < 50 ms)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from ksefdesk.ui.launch import run_gui

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("PAINTED", flush=True)
            QApplication.instance().quit()
        return False

painted = FirstPaint()
def after_show(window):
    window.installEventFilter(painted)
sys.exit(run_gui(sys.argv[1], lang="en", after_show=after_show))
"""
# The floor: a main window with a table and a small model, nothing of ours; the same paint signal.
BARE_QT_CHILD = r"""
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("PAINTED", flush=True)
            QApplication.instance().quit()
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1040, 640)
model = QStandardItemModel(3, 4)
for row in range(3):
    for column in range(4):
        model.setItem(row, column, QStandardItem(f"{row}.{column}"))
table = QTableView()
table.setModel(model)
window.setCentralWidget(table)
window.show()
painted = FirstPaint()
window.installEventFilter(painted)
sys.exit(app.exec())
"""


def startup_first_paint_s(runs: int = 5) -> float:
    return _first_paint_s(CHILD, runs)


def startup_bare_qt_s(runs: int = 5) -> float:
    return _first_paint_s(BARE_QT_CHILD, runs)


def _first_paint_s(code: str, runs: int) -> float:
    """Median seconds from starting a fresh interpreter running ``code`` until its window's first paint."""
    samples = []
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "KSEFDESK_SECRETS": "memory",
    }
    for run in range(runs):
        with tempfile.TemporaryDirectory() as data, tempfile.TemporaryFile("w+") as errors:
            started = time.perf_counter()
            child = subprocess.Popen(
                [sys.executable, "-c", code, data],
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
                env=env,
                cwd=ROOT,
            )
            assert child.stdout is not None
            for line in child.stdout:
                if line.startswith("PAINTED"):
                    samples.append(time.perf_counter() - started)
                    break
            child.wait(timeout=60)
            if len(samples) <= run:  # ended without painting: say why instead of a median of nothing
                errors.seek(0)
                raise RuntimeError(f"the window never painted (exit {child.returncode}): {errors.read()[-2000:]}")
    return statistics.median(samples)


def auth_gui_max_stall_ms() -> float:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from datetime import timedelta

    from PySide6.QtWidgets import QApplication

    from benchmarks.timing import StallRecorder
    from ksefdesk.app import AppContext, Timing
    from ksefdesk.core.models import AuthMethod, Environment
    from ksefdesk.core.redaction import Redactor
    from ksefdesk.core.self_signed import person_subject, self_signed
    from ksefdesk.core.xades_sign import sign_xml
    from ksefdesk.services.ksef.api import KsefApi
    from ksefdesk.services.ksef.http import KsefHttp, RateLimiter
    from ksefdesk.services.secrets import MemorySecretStore
    from ksefdesk.services.store import Database
    from ksefdesk.services.tasks import TaskRunner
    from ksefdesk.ui.dialogs import Dialogs
    from ksefdesk.ui.ui_services import UiServices
    from ksefdesk.ui.wizard import AuthWizard
    from ksefsandbox.app import SandboxConfig
    from ksefsandbox.server import SandboxServer

    app = QApplication.instance() or QApplication([])
    nip = "5265877635"
    person = self_signed(person_subject(nip=nip), kind="rsa")
    with tempfile.TemporaryDirectory() as folder:
        server = SandboxServer(Path(folder) / "sandbox", config=SandboxConfig(rate_scale=0)).start()
        db = Database(Path(folder) / "app.db")
        api = KsefApi(KsefHttp(server.base_url, RateLimiter()))
        ctx = AppContext(  # the app's own composition root, at the sandbox of this run
            db,
            lang="en",
            secrets=MemorySecretStore(Redactor()),
            api_for=lambda company: api,
            timing=Timing(poll_interval_s=0.2, challenge_validity=timedelta(minutes=10)),
        )

        class SaveTo(Dialogs):
            def save_file(self, parent: object, title: str, suggested: str, file_filter: str) -> str:
                return str(Path(folder) / "request.xml")

        runner = TaskRunner()
        wizard = AuthWizard(UiServices(ctx, runner, SaveTo("en")))
        wizard.show()
        stalls = StallRecorder()
        stalls.start()

        def wait(condition: object, seconds: float = 30) -> None:
            end = time.monotonic() + seconds
            while not condition() and time.monotonic() < end:  # type: ignore[operator]
                app.processEvents()
                time.sleep(0.001)

        wizard.method_page.buttons[AuthMethod.SIGNATURE].setChecked(True)
        wizard.next()
        wizard.environment_page.buttons[Environment.SANDBOX].setChecked(True)
        wizard.next()
        wizard.company_page.nip.setText(nip)
        wizard.next()
        wizard.download_page.download.click()
        wait(wizard.download_page.isComplete)
        wizard.next()
        signed = Path(folder) / "signed.xml"
        signed.write_bytes(sign_xml((Path(folder) / "request.xml").read_bytes(), person.key, [person.certificate]))
        wizard.upload_page.load(str(signed))
        wait(lambda: not wizard.upload_page.checking)
        wizard.next()
        wait(lambda: wizard.result_page.done)
        longest = stalls.stop()
        assert wizard.result_page.succeeded, wizard.result_page.message.text()
        runner.wait()
        wizard.close()
        server.stop()
        ctx.close()
    # The user-driven steps (next(), click) run inside the measurement on purpose: they are GUI work too.
    return longest


def run() -> list[tuple[str, float, str]]:
    return [
        ("startup_first_paint_s", startup_first_paint_s(), "s"),
        ("startup_bare_qt_s", startup_bare_qt_s(), "s"),
        ("auth_gui_max_stall_ms", auth_gui_max_stall_ms(), "ms"),
    ]

"""What the screenshot scripts share: where pictures go, waiting for background work, one picture of a
widget (checked to fit 1280×720), and a run per language with its translations installed."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from ksefdesk.core.errors import Lang, UserError
from ksefdesk.ui.dialogs import Dialogs
from ksefdesk.ui.launch import install_translations

OUT = Path(os.environ.get("KSEFDESK_SHOTS", Path(__file__).resolve().parent.parent / "docs" / "screenshots"))
MAX_W, MAX_H = 1280, 720  # the smallest screen the app is made for


class PrintedErrors(Dialogs):
    def show_error(self, parent: QWidget | None, error: UserError) -> None:
        print("error:", error.full_text("en"), file=sys.stderr)


def wait(app: QApplication, condition: Callable[[], object], seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    app.processEvents()


def shot(app: QApplication, widget: QWidget, name: str, lang: str) -> None:
    for _ in range(5):
        app.processEvents()
    assert widget.width() <= MAX_W and widget.height() <= MAX_H, (name, widget.size())
    path = OUT / f"{name}_{lang}.png"
    widget.grab().save(str(path))
    print(path)


def in_each_language(pictures: Callable[[QApplication, Lang, Path], None]) -> int:
    """``pictures(app, lang, folder)`` in Polish, then English, each over a fresh temporary folder."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for lang in ("pl", "en"):
            translators = install_translations(app, lang)
            pictures(app, lang, Path(folder))  # type: ignore[arg-type]
            for translator in translators:
                app.removeTranslator(translator)
    return 0

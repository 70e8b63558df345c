"""docs/screenshots/stretch/: the main window, the wizard's pages and the dialogs in Polish with every text
stretched to 200 % (KSEFDESK_STRETCH=2), to see which layouts a longer text cramps.

    QT_QPA_PLATFORM=offscreen python scripts/stretch_screenshots.py

It walks the same screens as scripts/screenshots.py (real services, the built-in sandbox, a temporary data
folder) and writes the shots into their own folder, so the ordinary screenshots stay as they are.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["KSEFDESK_STRETCH"] = os.environ.get("KSEFDESK_STRETCH", "2")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import screenshots  # after the environment above is set
from PySide6.QtWidgets import QApplication

from ksefdesk.ui.launch import install_translations
from ksefdesk.ui.stretch import StretchTranslator

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots" / "stretch"


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    OUT.mkdir(parents=True, exist_ok=True)
    screenshots.OUT = OUT  # shot() and the PDF page write here
    translators = install_translations(app, "pl")
    if not any(isinstance(t, StretchTranslator) for t in translators):
        print("KSEFDESK_STRETCH is off: nothing to stretch", file=sys.stderr)
        return 2
    try:
        with tempfile.TemporaryDirectory() as folder:
            screenshots.wizard_pages(app, "pl", Path(folder))
    finally:
        for translator in translators:
            app.removeTranslator(translator)
    return 0


if __name__ == "__main__":
    sys.exit(main())

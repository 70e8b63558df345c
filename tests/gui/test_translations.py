"""Polish is complete, in step with the code, and loads into Qt."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from lxml import etree
from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

ROOT = Path(__file__).resolve().parent.parent.parent
TS = ROOT / "ksefdesk" / "resources" / "translations" / "ksefdesk_pl.ts"


def _tool(name: str) -> str:
    candidate = Path(sys.executable).parent / f"pyside6-{name}"
    return str(candidate) if candidate.exists() else str(shutil.which(f"pyside6-{name}"))


def test_every_string_in_the_code_is_translated(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS, fresh)
    sources = sorted(str(p) for p in (ROOT / "ksefdesk" / "ui").rglob("*.py"))
    subprocess.run([_tool("lupdate"), "-no-obsolete", *sources, "-ts", str(fresh)], check=True, capture_output=True)
    untranslated = [
        m.findtext("source")
        for m in etree.parse(str(fresh)).iter("message")
        if m.find("translation").get("type") == "unfinished"
    ]
    assert untranslated == [], "run scripts/translations.py update and translate: " + repr(untranslated)


def test_compiled_polish_loads(qtbot: QtBot, tmp_path: Path) -> None:
    qm = tmp_path / "pl.qm"
    subprocess.run([_tool("lrelease"), "-silent", str(TS), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("MainWindow", "Welcome to KSeF Desk") == "Witaj w KSeF Desk"
        assert QCoreApplication.translate("EnvironmentPage", "PRODUCTION") == "PRODUKCJA"
    finally:
        QCoreApplication.removeTranslator(translator)

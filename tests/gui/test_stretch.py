"""Stretch mode (KSEFDESK_STRETCH=2): every text about twice as long, placeholders and markup intact, and a
measurement of the labels and buttons the longer texts no longer fit (written to stretch_clipped.txt)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ksefdesk.core.models import Environment
from ksefdesk.services.store import SettingsRepository
from ksefdesk.ui.launch import install_translations
from ksefdesk.ui.main_window import MainWindow
from ksefdesk.ui.settings_dialog import SettingsDialog
from ksefdesk.ui.stretch import STRETCH_ENV, StretchTranslator, stretch_factor, stretch_text
from ksefdesk.ui.wizard import AuthWizard
from tests.gui.conftest import GuiKit

TEXTS = [
    "Quit",
    "Zaznacz fakturę, aby zobaczyć jej szczegóły.",
    "Message from KSeF: %1",
    "%1 received %2 new purchase invoices from KSeF.",
    "&Open KSeF Desk",
    "Save && &Close",
    "<b>%1</b> needs to be authorized again<br>Log in &amp; retry",
    "Łódź – żółć, gęślą jaźń",
    "F&aktury",
    "Pomo&c",
]
_DOUBLED = re.compile(r"\b(\w{3,}) \1\b")
_MARKUP = re.compile(r"<[^>]*>|&[a-zA-Z]+;|%L?\d+|%n|&&")


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in _MARKUP.sub("", text))


@pytest.mark.parametrize("text", TEXTS)
def test_every_word_doubles_and_what_the_program_fills_in_stays(text: str) -> None:
    stretched = stretch_text(text, 2)
    assert _letters(stretched) == 2 * _letters(text)
    assert _MARKUP.findall(stretched) == _MARKUP.findall(text)  # tags, entities, %1, && in the same order
    assert QKeySequence.mnemonic(stretched) == QKeySequence.mnemonic(text)  # the accelerator still works
    assert stretched.count("&") - stretched.count("&&") * 2 == text.count("&") - text.count("&&") * 2


def test_plain_texts_reach_twice_their_length_and_read_as_words() -> None:
    for text in ("Quit", "Check connections now", "Zaznacz fakturę, aby zobaczyć jej szczegóły."):
        assert len(stretch_text(text, 2)) >= 1.8 * len(text)
    assert stretch_text("Zapisz plik", 2) == "Zapisz Zapisz plik plik"
    assert stretch_text("Settings", 1.5) == "Settings Sett"
    assert stretch_text("F&aktury", 2) == "F&aktury Faktury"  # a menu title: one word, one accelerator
    assert stretch_text("Open ksef.podatki.gov.pl or https://wl-api.mf.gov.pl/x", 2) == (
        "Open Open ksef.podatki.gov.pl or or https://wl-api.mf.gov.pl/x"
    )  # addresses stay as they are
    assert stretch_text("%1 – %2", 2) == "%1 – %2"  # nothing to stretch
    filled = stretch_text("Message from KSeF: %1", 2).replace("%1", "przerwa")
    assert filled.endswith(": przerwa")


def test_the_factor_comes_from_the_environment() -> None:
    assert stretch_factor({STRETCH_ENV: "2"}) == 2
    assert stretch_factor({STRETCH_ENV: "1,5"}) == 1.5
    for off in ({}, {STRETCH_ENV: ""}, {STRETCH_ENV: "0.5"}, {STRETCH_ENV: "many"}, {STRETCH_ENV: "nan"}):
        assert stretch_factor(off) == 1


@pytest.fixture
def stretched_polish(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[StretchTranslator]:
    """The app's own Polish set-up with KSEFDESK_STRETCH=2, as a user would start it."""
    monkeypatch.setenv(STRETCH_ENV, "2")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translations(app, "pl")
    try:
        (stretcher,) = [t for t in translators if isinstance(t, StretchTranslator)]
        yield stretcher
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def test_launch_installs_it_over_the_polish_translation(stretched_polish: StretchTranslator) -> None:
    welcome = QCoreApplication.translate("MainWindow", "Welcome to KSeF Desk")
    assert welcome == "Witaj Witaj w w KSeF KSeF Desk Desk"  # Polish first, then stretched
    assert QCoreApplication.translate("Nowhere", "Not in any file") == "Not Not in in any any file file"
    # Qt's own Polish (qtbase) is asked too: a standard button reads stretched Polish, not English.
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    assert cancel.split(" ")[0] == cancel.split(" ")[1] and "Cancel" not in cancel


def test_without_the_variable_nothing_is_stretched(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(STRETCH_ENV, raising=False)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translations(app, "pl")
    try:
        assert not any(isinstance(t, StretchTranslator) for t in translators)
        assert QCoreApplication.translate("MainWindow", "Welcome to KSeF Desk") == "Witaj w KSeF Desk"
    finally:
        for translator in translators:
            app.removeTranslator(translator)


# --- the measurement -----------------------------------------------------------------------------------------
SMALL_SCREEN = 1024  # the narrowest screen the app promises to fit (tests/gui/test_keeps_data.py)


def clipped(root: QWidget, where: str) -> list[str]:
    """A window that needs more width than a small screen has, and the visible one-line labels and buttons
    whose text needs more width than they were given."""
    found = []
    needed = max(root.minimumSizeHint().width(), root.minimumWidth())
    if needed > SMALL_SCREEN:
        found.append(f"{where}: the window needs {needed} px, wider than a {SMALL_SCREEN} px screen")
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) or not isinstance(widget, QLabel | QAbstractButton):
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or (widget.pixmap() is not None and widget.text() == "")):
            continue
        text = widget.text().replace("\n", " ")
        if text and widget.sizeHint().width() > widget.width():
            found.append(f"{where}: {type(widget).__name__} {widget.width()} < {widget.sizeHint().width()} px: {text}")
    return found


def _settle(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()


def test_the_measurement_sees_a_clipped_label(qtbot: QtBot) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    fits, cramped = QLabel("OK"), QLabel("A label much longer than the forty pixels it is given")
    cramped.setFixedWidth(40)
    wrapped = QLabel("A wrapping label is allowed to be narrow, it breaks its lines")
    wrapped.setWordWrap(True)
    wrapped.setFixedWidth(40)
    for label in (fits, cramped, wrapped):
        layout.addWidget(label)
    _settle(qtbot, box)
    found = clipped(box, "box")
    assert len(found) == 1 and "much longer" in found[0]
    layout.addWidget(QLabel("wide " * 300))  # one line far wider than any screen: the window grows past it
    _settle(qtbot, box)
    assert any("wider than a 1024 px screen" in line for line in clipped(box, "box"))


def test_main_window_wizard_and_settings_measured_stretched(
    qtbot: QtBot, kit: GuiKit, stretched_polish: StretchTranslator, tmp_path: Path
) -> None:
    kit.services.companies.add("5265877635", Environment.SANDBOX, name="Piekarnia Kowalski sp. z o.o.")
    findings: list[str] = []
    shots = Path(os.environ.get("KSEFDESK_STRETCH_SHOTS", tmp_path))  # docs/screenshots/stretch to keep them
    shots.mkdir(parents=True, exist_ok=True)
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.resize(1024, 640)
    _settle(qtbot, window)
    shown = [w.text() for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton)]
    assert any(_DOUBLED.search(text) for text in shown)  # the window is built from stretched texts
    findings += clipped(window, "main window")
    assert window.grab().save(str(shots / "main_window_pl.png"))
    window.select("5265877635")
    dialogs: list[tuple[str, QWidget | None]] = [
        ("credentials", window.open_credentials()),
        ("about", window.open_about()),
        ("sign_file", window.open_sign_file()),
    ]
    for name, dialog in dialogs:
        assert dialog is not None, name
        _settle(qtbot, dialog)
        findings += clipped(dialog, name)
        assert dialog.grab().save(str(shots / f"{name}_pl.png"))
        dialog.close()

    wizard = AuthWizard(kit.services)
    qtbot.addWidget(wizard)
    _settle(qtbot, wizard)
    seen = set()
    while wizard.currentId() not in seen:
        seen.add(wizard.currentId())
        page = wizard.currentPage()
        findings += clipped(wizard, f"wizard page {wizard.currentId()} ({type(page).__name__})")
        wizard.grab().save(str(shots / f"wizard_{len(seen)}_{type(page).__name__}_pl.png"))
        if wizard.currentPage() is wizard.company_page:
            wizard.company_page.nip.setText("526-587-76-35")
            wizard.company_page.name.setText("Piekarnia Kowalski sp. z o.o.")
        wizard.next()
        QApplication.processEvents()
    assert len(seen) >= 3  # method, environment, company at least

    settings = SettingsDialog(SettingsRepository(kit.db), "pl", tray_available=True)
    qtbot.addWidget(settings)
    _settle(qtbot, settings)
    findings += clipped(settings, "settings")
    assert settings.grab().save(str(shots / "settings_pl.png"))
    stretched_titles = [settings.windowTitle(), wizard.windowTitle()]
    assert all(_DOUBLED.search(title) for title in stretched_titles), stretched_titles

    report = Path(os.environ.get("KSEFDESK_STRETCH_REPORT", tmp_path / "stretch_clipped.txt"))
    report.write_text("\n".join(findings) + "\n", encoding="utf-8")
    print(f"\n{len(findings)} clipped texts at 200 % (see {report}):\n" + "\n".join(findings))

"""Help ▸ Keyboard shortcuts: every shortcut of the main window, read from its actions so that the page cannot
drift from what the keys really do."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Shortcut:
    action: QAction
    name: str  # the action's text without its accelerator and ellipsis
    keys: str  # its main key sequence, as the platform writes it ("Ctrl+N")
    menu: str  # where the action is found in the menus ("" when only a shortcut)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _menus_of(window: QMainWindow) -> dict[QAction, str]:
    where: dict[QAction, str] = {}
    for entry in window.menuBar().actions():
        menu = entry.menu()
        if isinstance(menu, QMenu):
            for action in menu.actions():
                where.setdefault(action, _plain(menu.title()))
    return where


def shortcuts_of(window: QMainWindow) -> list[Shortcut]:
    """The window's actions that have a key, in menu order (then any others in the order they were made)."""
    where = _menus_of(window)
    ordered = list(where) + [a for a in window.actions() if a not in where]
    found = []
    for action in ordered:
        sequences = [s for s in action.shortcuts() if not s.isEmpty()]
        if sequences and not action.isSeparator():
            # the platform's main binding; the others are dedicated keys ("New", "Refresh") few keyboards have
            keys = sequences[0].toString(QKeySequence.SequenceFormat.NativeText)
            found.append(Shortcut(action, _plain(action.text()), keys, where.get(action, "")))
    return found


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.shortcuts = shortcuts_of(window)
        self.table = QTableWidget(len(self.shortcuts), 3)
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys"), self.tr("Menu")])
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setTabKeyNavigation(False)  # Tab goes on to the Close button; the arrows move in the list
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, shortcut in enumerate(self.shortcuts):
            for column, text in enumerate((shortcut.name, shortcut.keys, shortcut.menu)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        more = QLabel(
            self.tr(
                "In the companies list, the right mouse button, Shift+F10 or the Menu key opens the company's "
                "actions. Ctrl+Tab moves to the next tab; Tab and Shift+Tab move between the fields."
            )
        )
        more.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(more)
        layout.addWidget(buttons)
        self.resize(560, 480)

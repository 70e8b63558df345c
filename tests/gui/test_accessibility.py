"""Keyboard and screen-reader use of every window, and the main window at 1280×720 in Polish.

* every visible control of every window (main window and its tabs, the wizard's pages, each dialog) has an
  accessible name or a visible text of its own (a button's text, a QLabel buddy, a tab's title);
* Tab from the first control goes round every enabled visible input and back to the start (no trap);
* each keyboard shortcut is unique in the main window, is listed in Help ▸ Keyboard shortcuts, and triggers
  its action;
* at 1280×720 in Polish, and in stretched Polish (every word doubled), the tool bar hides nothing behind its
  overflow arrow and no visible widget runs past the window's right edge.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QRadioButton,
    QTabBar,
    QTextEdit,
    QToolBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ksefdesk.core.errors import UserError
from ksefdesk.core.models import Environment
from ksefdesk.core.preview import Page
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.cancel import CancelToken
from ksefdesk.ui.dialogs import PassphraseDialog
from ksefdesk.ui.invoice_view import PaperPreview
from ksefdesk.ui.launch import install_translations
from ksefdesk.ui.main_window import MainWindow
from ksefdesk.ui.setup_2027 import SetupFor2027
from ksefdesk.ui.shortcuts_dialog import ShortcutsDialog, shortcuts_of
from ksefdesk.ui.signature_doctor import SignatureDoctorDialog
from ksefdesk.ui.stretch import STRETCH_ENV
from ksefdesk.ui.update_dialog import UpdateDialog
from ksefdesk.ui.wizard import AuthWizard
from tests.gui.conftest import GuiKit

NIP = "5265877635"
INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTabBar,
    QPlainTextEdit,
    QTextEdit,
)
# Qt's own parts of a control, named by the control they belong to
_PARTS_OF = (QComboBox, QAbstractSpinBox, QLineEdit, QTabBar, QToolBar)


@pytest.fixture
def window(qtbot: QtBot, kit: GuiKit) -> MainWindow:
    services = kit.services
    services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia Kowalski sp. z o.o.")
    person = self_signed(person_subject(nip=NIP))
    services.auth.sign_in(NIP, SigningMaterial(person.key, person.certificate))
    main = MainWindow(services)
    qtbot.addWidget(main)
    main.select(NIP)
    return main


def _show(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()


def _own_part(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, _PARTS_OF):
            return True
        parent = parent.parentWidget()
    return isinstance(widget, QHeaderView)


def _named(widget: QWidget, buddies: set[QWidget]) -> bool:
    if widget.accessibleName().strip() or widget in buddies:
        return True
    if isinstance(widget, QAbstractButton):
        return bool(widget.text().replace("&", "").strip())
    if isinstance(widget, QTabBar):
        return widget.count() > 0 and all(widget.tabText(i).strip() for i in range(widget.count()))
    return False


def unnamed(root: QWidget, where: str, *, visible_only: bool = True) -> list[str]:
    """The interactive controls in ``root`` a screen reader could only call "button" or "edit"."""
    buddies = {b for label in root.findChildren(QLabel) if (b := label.buddy()) is not None}
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or _own_part(widget):
            continue
        if visible_only and not widget.isVisibleTo(root):
            continue
        if not _named(widget, buddies):
            label = widget.toolTip() or widget.objectName() or getattr(widget, "placeholderText", lambda: "")()
            found.append(f"{where}: {type(widget).__name__} {label!r}")
    return found


def _owner(widget: QWidget | None) -> QWidget | None:
    """The control a focused part belongs to (a combo's or a date field's line edit)."""
    while widget is not None and isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox):
        widget = widget.parentWidget()
    return widget


def _inputs(root: QWidget) -> list[QWidget]:
    """What Tab must reach: every enabled visible control that takes focus from Tab."""
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or _owner(widget) is not widget or _own_part(widget):
            continue
        if not (widget.isVisibleTo(root) and widget.isEnabled()):
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        found.append(widget)
    return found


def _describe(widget: QWidget | None) -> str:
    if widget is None:
        return "nothing"
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__} {widget.accessibleName() or text!r}"


STAY = 6  # Tabs a control may keep the focus for (a date field moves from day to month to year), no more


def tab_round(qtbot: QtBot, root: QWidget, where: str) -> list[str]:
    """Tab from the first control: where it got stuck, or the inputs it never reached. A table keeps Tab for
    itself when its tabKeyNavigation is on (Tab then walks its cells, and round them again): a trap."""
    root.activateWindow()
    qtbot.waitUntil(root.isActiveWindow, timeout=3000)
    inputs = _inputs(root)
    # Tab through a table's cells comes round to its first cell again: a trap as soon as the table has rows
    traps = [
        f"{where}: Tab walks the cells of {_describe(w)}"
        for w in inputs
        if isinstance(w, QAbstractItemView) and w.tabKeyNavigation()
    ]
    if traps or not inputs:
        return traps
    first = root.focusWidget() or inputs[0]
    if _owner(first) not in inputs:
        first = inputs[0]
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=3000)
    start = _owner(QApplication.focusWidget())
    reached: list[QWidget | None] = [start]
    stayed = 0
    for _ in range(STAY * len(inputs) + 40):
        focused = QApplication.focusWidget()
        assert focused is not None, f"{where}: Tab lost the focus after {_describe(reached[-1])}"
        QTest.keyClick(focused, Qt.Key.Key_Tab)
        now = _owner(QApplication.focusWidget())
        stayed = stayed + 1 if now is reached[-1] else 0
        if stayed >= STAY:
            return [f"{where}: Tab stays in {_describe(now)}"]
        if now is start and stayed == 0:
            break
        reached.append(now)
    else:
        return [f"{where}: Tab never comes back to {_describe(start)}"]
    return [f"{where}: Tab never reaches {_describe(w)}" for w in inputs if not _seen(w, reached)]


def _seen(widget: QWidget, reached: list[QWidget | None]) -> bool:
    """Reached, or one of its exclusive group of radio buttons was (Tab enters a group once, the arrows move
    inside it)."""
    if widget in reached:
        return True
    if not isinstance(widget, QRadioButton):
        return False
    group = widget.group()
    if group is not None and group.exclusive():
        return any(b in reached for b in group.buttons())
    parent = widget.parentWidget()
    siblings = parent.findChildren(QRadioButton, options=Qt.FindChildOption.FindDirectChildrenOnly) if parent else []
    return widget.autoExclusive() and any(b in reached for b in siblings if b.autoExclusive())


def _check(qtbot: QtBot, widget: QWidget | None, where: str, findings: list[str]) -> None:
    assert widget is not None, where
    _show(qtbot, widget)
    findings += unnamed(widget, where)
    findings += tab_round(qtbot, widget, where)
    widget.close()


def test_every_window_names_its_controls_and_tab_goes_round(qtbot: QtBot, kit: GuiKit, window: MainWindow) -> None:
    findings: list[str] = []
    _show(qtbot, window)
    assert window.invoices_panel is not None  # the tabs built after the first paint, now
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        where = f"main window, tab {window.tabs.tabText(index)!r}"
        findings += unnamed(window, where)
        findings += tab_round(qtbot, window, where)

    wizard = AuthWizard(kit.services)
    qtbot.addWidget(wizard)
    for page_id in wizard.pageIds():  # every page, shown or not: they open one after another
        page = wizard.page(page_id)
        findings += unnamed(page, f"wizard page {type(page).__name__}", visible_only=False)
    _show(qtbot, wizard)
    findings += tab_round(qtbot, wizard, "wizard, first page")
    wizard.reject()
    company = window.selected()
    assert company is not None
    setup = SetupFor2027(kit.services, company, window)
    for page_id in setup.pageIds():
        page = setup.page(page_id)
        findings += unnamed(page, f"ready-for-2027 page {type(page).__name__}", visible_only=False)
    setup.reject()

    form = window.open_invoice_form(NIP)
    assert form is not None
    qtbot.addWidget(form)
    numbering = form.open_numbering()
    _check(qtbot, numbering, "numbering", findings)
    _check(qtbot, form, "invoice form", findings)

    def failed(cancel: CancelToken) -> object:
        raise UserError("update.unreachable", address="http://127.0.0.1:9/feed.json", details="")

    update = UpdateDialog(kit.services.runner, kit.services.lang, failed, window)  # type: ignore[arg-type]
    qtbot.addWidget(update)
    _show(qtbot, update)
    qtbot.waitUntil(lambda: update.error is not None, timeout=5000)
    dialogs: list[tuple[str, QWidget | None]] = [
        ("update (failed)", update),
        ("settings", window.open_settings()),
        ("about", window.open_about()),
        ("glossary", window.open_glossary()),
        ("keyboard shortcuts", window.open_shortcuts()),
        ("credentials", window.open_credentials()),
        ("sign a file", window.open_sign_file()),
        ("accounting office", window.open_office(NIP)),
        ("grant to an office", window.open_grant_office()),
        ("archives", window.open_archives()),
        ("drafts", window.open_drafts(NIP)),
        ("contractor book", window.open_contractor_book(NIP)),
        ("passphrase (new)", PassphraseDialog("en", creating=True, parent=window)),
        ("passphrase (asked)", PassphraseDialog("en", creating=False, parent=window)),
        ("signature doctor", SignatureDoctorDialog(window)),
        ("invoice preview", PaperPreview(Page("<p>FV/1/2026</p>", title="FV/1/2026"), window, print_page=print)),
    ]
    payments = kit.services.payments
    if payments is not None:
        from ksefdesk.ui.payment_dialog import PaymentDialog

        dialogs.append(
            (
                "payment",
                PaymentDialog(
                    "en", kit.services.runner, payments, NIP, ["5265877635-20260101-0000000000AB-00"], window
                ),
            )
        )
    for name, dialog in dialogs:
        _check(qtbot, dialog, name, findings)
    bulk = window.run_for_all("check")
    _check(qtbot, bulk, "all companies (bulk)", findings)
    qtbot.waitUntil(lambda: not kit.services.runner.busy, timeout=15_000)
    assert findings == [], "\n".join(findings)


# --- shortcuts ---------------------------------------------------------------------------------------------------
def _window_keys(window: MainWindow) -> list[tuple[str, str]]:
    """Every key sequence the main window answers to (its actions' and shortcuts' that are not bound to a
    single widget), with what owns it."""
    keys: list[tuple[str, str]] = []
    for action in window.findChildren(QAction):
        if action.shortcutContext() is Qt.ShortcutContext.WidgetShortcut:
            continue
        keys += [(s.toString(), action.text()) for s in action.shortcuts() if not s.isEmpty()]
    for shortcut in window.findChildren(QShortcut):
        if shortcut.context() is not Qt.ShortcutContext.WidgetShortcut and not shortcut.key().isEmpty():
            keys.append((shortcut.key().toString(), f"QShortcut of {shortcut.parent()}"))
    return keys


def _cell(page: ShortcutsDialog, row: int, column: int) -> str:
    item = page.table.item(row, column)
    return item.text() if item is not None else ""


def test_shortcuts_are_unique_listed_and_trigger_their_actions(qtbot: QtBot, window: MainWindow) -> None:
    _show(qtbot, window)
    assert window.invoices_panel is not None  # its actions too
    keys = _window_keys(window)
    seen: dict[str, str] = {}
    for key, owner in keys:
        assert key not in seen, f"{key} is both {seen[key]!r} and {owner!r}"
        seen[key] = owner
    listed = shortcuts_of(window)
    by_action = {s.action: s for s in listed}
    for action in (
        window.issue_invoice_action,
        window.sync_action,
        window.send_action,
        window.settings_action,
        window.shortcuts_action,
        window.find_action,
        window.add_action,
        window.quit_action,
    ):
        assert action in by_action, action.text()
    assert QKeySequence(QKeySequence.StandardKey.New) in window.issue_invoice_action.shortcuts()
    assert window.sync_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Refresh)
    assert window.send_action.shortcut() == QKeySequence("Ctrl+Shift+S")
    assert window.settings_action.shortcut() == QKeySequence("Ctrl+,")
    assert window.find_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert window.shortcuts_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)

    page = window.open_shortcuts()
    assert isinstance(page, ShortcutsDialog)
    rows = [(_cell(page, r, 0), _cell(page, r, 1)) for r in range(page.table.rowCount())]
    assert rows == [(s.name, s.keys) for s in listed]  # what the page shows is read from the actions
    assert ("Issue invoice", QKeySequence("Ctrl+N").toString(QKeySequence.SequenceFormat.NativeText)) in rows
    page.close()
    help_menu = window.menuBar().actions()[-1].menu()
    assert isinstance(help_menu, QMenu) and window.shortcuts_action in help_menu.actions()

    # Each key, pressed in the window, triggers its action (the slots are taken off: no dialog, no quitting)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    fired: list[QAction] = []
    for shortcut in listed:
        action = shortcut.action
        action.triggered.disconnect()
        action.setEnabled(True)
        action.triggered.connect(lambda *_, done=action: fired.append(done))
        for sequence in action.shortcuts():
            fired.clear()
            QTest.keySequence(window, sequence)
            assert fired == [action], f"{sequence.toString()} did not trigger {shortcut.name}"


# --- the main window at 1280×720 -----------------------------------------------------------------------------------
@pytest.fixture(params=["pl", "stretched pl"])
def polish(request: pytest.FixtureRequest, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "stretched pl":
        monkeypatch.setenv(STRETCH_ENV, "2")
    else:
        monkeypatch.delenv(STRETCH_ENV, raising=False)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translations(app, "pl")
    try:
        yield str(request.param)
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def overflow(window: MainWindow, where: str) -> list[str]:
    """Tool bar actions behind the "››" arrow, and visible widgets that run past the window's right edge (a
    widget inside a scroll area counts where its viewport shows it)."""
    found = []
    bar = window.toolbar
    for action in bar.actions():
        button = bar.widgetForAction(action)
        if button is None or not button.isVisible() or button.geometry().right() > bar.contentsRect().right():
            found.append(f"{where}: tool bar action {action.text()!r} hidden behind the overflow arrow")
    arrow = bar.findChild(QWidget, "qt_toolbar_ext_button")
    if arrow is not None and arrow.isVisible():
        found.append(f"{where}: the tool bar shows its overflow arrow")
    right = window.width()
    for widget in window.findChildren(QWidget):
        if (
            not widget.isVisible()
            or widget.isWindow()
            or any(isinstance(p, QAbstractScrollArea) and p.viewport().isAncestorOf(widget) for p in _ancestors(widget))
        ):
            continue
        edge = widget.mapTo(window, QPoint(widget.width(), 0)).x()
        if edge > right:
            text = getattr(widget, "text", lambda: "")() or widget.accessibleName()
            found.append(f"{where}: {type(widget).__name__} {text!r} ends at {edge} px, past {right} px")
    for bar_widget in window.findChildren(QTabBar):
        if bar_widget.isVisible() and bar_widget.sizeHint().width() > bar_widget.width():
            found.append(f"{where}: the tab bar needs {bar_widget.sizeHint().width()} px, has {bar_widget.width()}")
    return found


def _widest(window: MainWindow) -> list[str]:
    """The visible widgets that need more than 1280 px and none of whose children does: what to make narrower."""
    wide = [w for w in window.findChildren(QWidget) if w.isVisible() and w.minimumSizeHint().width() > 1280 - 40]
    leaves = [w for w in wide if not any(o is not w and w.isAncestorOf(o) for o in wide)]
    return [
        f"{type(w).__name__} {w.objectName() or w.accessibleName()!r} {w.minimumSizeHint().width()} px" for w in leaves
    ]


def _ancestors(widget: QWidget) -> Iterator[QWidget]:
    parent = widget.parentWidget()
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


def test_main_window_at_1280_by_720_in_polish(qtbot: QtBot, window: MainWindow, polish: str) -> None:
    window.resize(1280, 720)
    _show(qtbot, window)
    assert window.invoices_panel is not None
    assert window.toolbar.isVisible()
    findings: list[str] = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        if window.width() > 1280 or window.height() > 720:
            findings.append(f"{polish}: the window grows to {window.width()}×{window.height()}: {_widest(window)}")
        findings += overflow(window, f"{polish}, tab {window.tabs.tabText(index)!r}")
    assert findings == [], "\n".join(findings)
    # the company's actions are on its row, by the mouse or the keyboard's menu key
    menu = window.company_menu()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    for action in (window.reauth_action, window.issue_invoice_action, window.switch_action, window.remove_action):
        assert action.text() in texts


def test_the_welcome_page_has_no_bar_of_disabled_actions(qtbot: QtBot, kit: GuiKit) -> None:
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    _show(qtbot, window)
    assert window.pages.currentWidget() is window.welcome and not window.toolbar.isVisible()
    assert [a.text() for a in window.company_menu().actions()] == [window.add_action.text()]
    window.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    window.refresh()
    assert window.toolbar.isVisible()


def test_right_click_on_a_company_selects_it_and_opens_its_actions(qtbot: QtBot, window: MainWindow) -> None:
    window.services.companies.add("1234563218", Environment.SANDBOX, name="Druga")
    window.refresh()
    _show(qtbot, window)
    row = window.model.row_of("1234563218")
    rect = window.table.visualRect(window.model.index(row, 0))
    window.table.customContextMenuRequested.emit(rect.center())
    selected = window.selected()
    assert selected is not None and selected.nip == "1234563218"
    assert window.context_menu.isVisible()
    assert window.remove_action in window.context_menu.actions()
    window.context_menu.close()

"""The companies list shows each company's next sync within KSeF's limits, the status bar and the
"receive for all" dialog when all companies will be up to date."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ksefdesk.core.models import Environment
from ksefdesk.ui.company_model import COLUMNS
from ksefdesk.ui.main_window import MainWindow
from ksefsandbox.seed import login_kit
from tests.gui.conftest import GuiKit

LIMITED, FREE = "5265877635", "7251801126"  # listed in this order (by name)
SLACK = 0.25  # the limiter's headroom on every window


def clock(moment: float) -> str:
    return datetime.fromtimestamp(moment).strftime("%H:%M")


def _window(qtbot: QtBot, kit: GuiKit) -> tuple[MainWindow, float]:
    """Two connected companies; the first has used up its hour of exports (20, the last 19 after the first
    at 10 s steps), as another process on the data folder would leave the limiter's budget."""
    for name, nip in (("A Limited", LIMITED), ("B Free", FREE)):
        kit.services.companies.add(nip, Environment.SANDBOX, name=name)
        kit.services.auth.login_with_token(nip, login_kit(kit.server.sandbox, nip).ksef_token)
    scheduler = kit.services.scheduler
    assert scheduler is not None
    scheduler.set_interval(timedelta(minutes=15))  # the kit's runs only when asked: plan every 15 minutes
    base = time.time() - 3500
    with scheduler.limiter.budgets.open(LIMITED, time.time()) as budget:
        budget.hits["invoiceExport"] = [base + 10 * i for i in range(20)]
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    return window, base


def test_the_list_shows_the_next_sync_and_the_status_bar_when_all_are_up_to_date(qtbot: QtBot, kit: GuiKit) -> None:
    window, base = _window(qtbot, kit)
    model, column = window.model, COLUMNS.index("next")
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Next sync"
    limited = model.index(model.row_of(LIMITED), column)
    # 3 exports (one per subject): the first when the oldest hit leaves the hour, the last when the third does
    first, last = base + 3600 + SLACK, base + 20 + 3600 + SLACK
    qtbot.waitUntil(lambda: limited.data() == clock(first), timeout=10_000)
    tip = limited.data(Qt.ItemDataRole.ToolTipRole)
    assert f"up to date by about {clock(last)}" in tip and "invoiceExport" in tip and "per hour" in tip
    free = model.index(model.row_of(FREE), column)
    assert free.data() == datetime.now().strftime("%H:%M") or free.data() == clock(time.time() - 60)  # due now
    assert window.eta_line.isVisible()
    assert window.eta_line.text() == f"All companies up to date by about {clock(last)}"


def test_receive_for_all_says_when_all_will_be_up_to_date(qtbot: QtBot, kit: GuiKit) -> None:
    window, base = _window(qtbot, kit)
    window.sync_all_action.trigger()
    dialog = window.bulk_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.estimate.isVisible(), timeout=10_000)
    # one company after another: the limited one first (its last export at base + 20 + 1 h), then 30 s more
    assert dialog.estimate.text().startswith(f"All companies up to date by about {clock(base + 3650 + SLACK)}")
    assert "KSeF's limits hold back 1 of them" in dialog.estimate.text()
    qtbot.waitUntil(lambda: dialog.buttons.isVisible(), timeout=30_000)


def test_without_automatic_sync_nothing_is_promised(qtbot: QtBot, kit: GuiKit) -> None:
    kit.services.companies.add(FREE, Environment.SANDBOX, name="B Free")
    kit.services.auth.login_with_token(FREE, login_kit(kit.server.sandbox, FREE).ksef_token)
    window = MainWindow(kit.services)  # the kit's scheduler plans nothing by itself
    qtbot.addWidget(window)
    window.show()
    scheduler = kit.services.scheduler
    assert scheduler is not None
    qtbot.waitUntil(lambda: scheduler.last_eta is not None, timeout=10_000)
    cell = window.model.index(0, COLUMNS.index("next"))
    assert cell.data() == "—" and cell.data(Qt.ItemDataRole.ToolTipRole) == "No automatic sync planned"
    assert not window.eta_line.isVisible()

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from ksefdesk.core.errors import Cancelled, UserError
from ksefdesk.core.models import ConnectionStatus, Environment
from ksefdesk.core.status import ReauthReason
from ksefdesk.ui.errors import make_excepthook
from ksefdesk.ui.main_window import MainWindow
from ksefsandbox.seed import login_kit
from tests.gui.conftest import GuiKit

NIP = "5265877635"


def _window(qtbot: QtBot, kit: GuiKit) -> MainWindow:
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    return window


def test_first_start_shows_the_welcome_page(qtbot: QtBot, kit: GuiKit) -> None:
    window = _window(qtbot, kit)
    assert window.pages.currentWidget() is window.welcome
    texts = " ".join(label.text() for label in window.welcome.findChildren(QLabel))
    assert "Welcome to KSeF Desk" in texts and "sandbox" in texts
    assert not window.reauth_action.isEnabled()


def test_companies_are_listed_with_their_state(qtbot: QtBot, kit: GuiKit) -> None:
    companies = kit.services.companies
    companies.add("5265877635", Environment.PROD, name="Ministerstwo Finansów")
    companies.add("1111111111", Environment.SANDBOX)
    companies.set_status("1111111111", ConnectionStatus.REAUTH_NEEDED, ReauthReason.SESSION_REVOKED)
    window = _window(qtbot, kit)
    assert window.pages.currentWidget() is window.tabs
    model = window.model
    rows = [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())]
    assert rows[0][:3] == ["1111111111", "1111111111", "Local sandbox"]
    assert rows[0][4] == "Re-authorization needed"
    assert "the login session was closed" in model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    window.select("1111111111")
    assert (
        "the login session was closed" in window.details.text()
        and "Authorize the company again" in window.details.text()
    )
    assert rows[1][:4] == ["Ministerstwo Finansów", "5265877635", "PRODUCTION", "—"]
    assert model.index(1, 2).data(Qt.ItemDataRole.FontRole).bold()  # PRODUCTION stands out
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"


def test_token_login_from_the_window_shows_connected(qtbot: QtBot, kit: GuiKit) -> None:
    kit.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    token = login_kit(kit.server.sandbox, NIP).ksef_token
    window = _window(qtbot, kit)
    window.select(NIP)
    assert window.reauth_action.isEnabled()
    wizard = window.reauthorize()
    assert wizard is not None
    from ksefdesk.core.models import AuthMethod

    wizard.method_page.buttons[AuthMethod.TOKEN].setChecked(True)
    wizard.next()
    wizard.token_page.token.setText(token)
    wizard.next()
    qtbot.waitUntil(lambda: "Connected" in window.model.index(0, 4).data(), timeout=15_000)
    assert window.model.index(0, 5).data().endswith("↻")  # renews by itself with the token
    window.logout()
    qtbot.waitUntil(lambda: window.model.index(0, 4).data() == "Not authorized", timeout=15_000)


def test_remove_company(qtbot: QtBot, kit: GuiKit) -> None:
    kit.services.companies.add(NIP, Environment.SANDBOX)
    window = _window(qtbot, kit)
    window.select(NIP)
    kit.dialogs.choices = ["remove"]
    window.remove_company()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.welcome, timeout=15_000)
    assert kit.services.companies.find(NIP) is None


def test_uncaught_exception_becomes_a_friendly_message(tmp_path: Path) -> None:
    shown: list[UserError] = []
    hook = make_excepthook(shown.append, tmp_path / "ksefdesk.log")
    try:
        raise ZeroDivisionError("bug in a slot")
    except ZeroDivisionError:
        hook(*sys.exc_info())  # type: ignore[arg-type]
    hook(UserError, UserError("store.busy"), None)
    hook(Cancelled, Cancelled(), None)  # a cancel is no error: nothing shown, not even as "unexpected"
    assert [e.code for e in shown] == ["internal.unexpected", "store.busy"]
    assert "ZeroDivisionError" in shown[0].message("en") and str(tmp_path) in shown[0].action("en")


def test_excepthook_survives_a_failing_dialog(tmp_path: Path) -> None:
    def broken(error: UserError) -> None:
        raise RuntimeError("no display")

    make_excepthook(broken, tmp_path / "log")(ValueError, ValueError("x"), None)  # must not raise


def test_welcome_page_sandbox_demo(qtbot: QtBot, kit: GuiKit, tmp_path: Path, keys_template: Path) -> None:
    import shutil

    from ksefdesk.app import AppContext, Timing
    from ksefdesk.services.ksef.http import RateLimiter
    from ksefdesk.services.sandbox_host import DEMO_NIP, SandboxHost
    from ksefdesk.ui.wizard import UiServices
    from ksefsandbox.app import SandboxConfig

    shutil.copytree(keys_template, tmp_path / "hosted" / "keys")
    host = SandboxHost(tmp_path / "hosted", SandboxConfig(rate_scale=0), port=0)
    # The app's own way to KSeF: a sandbox company at the default address reaches the hosted sandbox,
    # whose address is resolved when first needed (it starts on demand).
    desk = AppContext(
        kit.db, lang="en", secrets=kit.secrets, limiter=RateLimiter(), sandbox=host, timing=Timing(poll_interval_s=0.05)
    )
    window = MainWindow(UiServices(desk, kit.services.runner, kit.dialogs, scheduler=kit.services.scheduler))
    qtbot.addWidget(window)
    window.show()
    assert not host.running
    window.try_sandbox.click()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.tabs, timeout=20_000)
    qtbot.waitUntil(lambda: "Connected" in window.model.index(0, 4).data(), timeout=20_000)
    assert window.selected() is not None and window.selected().nip == DEMO_NIP  # type: ignore[union-attr]
    host.stop()


def test_receive_invoices_from_the_window(qtbot: QtBot, kit: GuiKit, tmp_path: Path) -> None:
    import time

    from ksefsandbox.seed import seed_invoices

    seed_invoices(kit.server.sandbox, NIP, 15, months=1)
    kit.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    kit.services.auth.login_with_token(NIP, login_kit(kit.server.sandbox, NIP).ksef_token)
    window = _window(qtbot, kit)
    window.select(NIP)
    assert window.sync_action.isEnabled()
    assert "Automatic sync is off" in window.details.text()
    time.sleep(1.1)  # the seeded invoices are below the high-water mark
    window.sync_action.trigger()
    qtbot.waitUntil(lambda: "new invoices: " in window.statusBar().currentMessage(), timeout=20_000)
    assert window.model.index(0, 6).data() != "—"  # last sync is shown
    assert "KSeF downloads left this hour" in window.details.text()
    panel = window.invoices_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.model.total() >= 15, timeout=10_000)
    assert kit.services.invoices is not None
    assert panel.model.total() == kit.services.invoices.count()


def test_the_invoice_tabs_follow_the_first_paint(qtbot: QtBot, kit: GuiKit) -> None:
    kit.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    window = _window(qtbot, kit)
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["Companies"]  # first paint: one tab
    qtbot.waitUntil(lambda: window.tabs.count() == 5, timeout=5_000)  # built after it, unasked
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs == ["Companies", "Today", "Invoices", "Outbox", "Ready for 2027"]
    assert window.tabs.widget(2) is window.invoices_panel and window.tabs.widget(3) is window.outbox_panel
    assert window.tabs.currentIndex() == 0  # what was shown at the first paint stays shown
    panel = window.invoices_panel
    assert panel is not None and [panel.company.itemData(i) for i in range(panel.company.count())] == [None, NIP]

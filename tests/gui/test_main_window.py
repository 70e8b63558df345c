import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from ksefdesk.core.errors import UserError
from ksefdesk.core.models import ConnectionStatus, Environment
from ksefdesk.services.store import CompanyRepository, Database
from ksefdesk.ui.errors import make_excepthook
from ksefdesk.ui.main_window import MainWindow


def test_first_start_shows_the_welcome_page(qtbot: QtBot, db: Database) -> None:
    window = MainWindow(CompanyRepository(db), "pl", "/tmp/data")
    qtbot.addWidget(window)
    assert window.pages.currentWidget() is window.welcome
    texts = " ".join(label.text() for label in window.welcome.findChildren(QLabel))
    assert "Witaj w KSeF Desk" in texts and "piaskownicy" in texts


def test_companies_are_listed_with_their_state(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    companies = CompanyRepository(db)
    companies.add("5265877635", Environment.PROD, name="Ministerstwo Finansów")
    companies.add("1111111111", Environment.SANDBOX)
    companies.set_status("1111111111", ConnectionStatus.REAUTH_NEEDED, "expired")
    window = MainWindow(companies, "en", str(tmp_path))
    qtbot.addWidget(window)
    window.show()
    assert window.pages.currentWidget() is window.table
    model = window.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert rows == [
        ["1111111111", "1111111111", "Local sandbox", "Re-authorization needed"],
        ["Ministerstwo Finansów", "5265877635", "PRODUCTION", "Not authorized"],
    ]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"


def test_uncaught_exception_becomes_a_friendly_message(tmp_path: Path) -> None:
    shown: list[UserError] = []
    hook = make_excepthook(shown.append, tmp_path / "ksefdesk.log")
    try:
        raise ZeroDivisionError("bug in a slot")
    except ZeroDivisionError:
        hook(*sys.exc_info())  # type: ignore[arg-type]
    hook(UserError, UserError("store.busy"), None)
    assert [e.code for e in shown] == ["internal.unexpected", "store.busy"]
    assert "ZeroDivisionError" in shown[0].message("en") and str(tmp_path) in shown[0].action("en")


def test_excepthook_survives_a_failing_dialog(tmp_path: Path) -> None:
    def broken(error: UserError) -> None:
        raise RuntimeError("no display")

    make_excepthook(broken, tmp_path / "log")(ValueError, ValueError("x"), None)  # must not raise

"""The "Today" page: what needs doing for the selected company or for all of them, each item one click from
its action (the window does it: ``action_requested``), and the last and next sync.

The facts come from the database and the secret store (the readiness for 2027), so loading always goes
through the runner; the scheduler's part (running, next sync, last error) is read on the GUI thread, which
owns it, and merged in without reloading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.errors import UserError
from ksefdesk.core.formatting import format_date, format_moment
from ksefdesk.core.offline import POLAND
from ksefdesk.core.today import (
    URGENCY_MARK,
    URGENCY_TEXT,
    Action,
    CompanyFacts,
    SyncFacts,
    TodayItem,
    Urgency,
    sync_summary,
    today_items,
)
from ksefdesk.services.cancel import CancelToken
from ksefdesk.ui.company_model import format_wait
from ksefdesk.ui.ui_services import UiServices

Load = Callable[[CancelToken], list[CompanyFacts]]
SyncOf = Callable[[CompanyFacts], SyncFacts]
RELOAD_DELAY_MS = 200  # syncs, sends and selection changes come in bursts: one reload for each burst
# The urgency's colour only underlines its mark and word (never colour alone)
_EDGE: dict[Urgency, str] = {Urgency.URGENT: "#c62828", Urgency.SOON: "#ef6c00", Urgency.INFO: "#1565c0"}


def _poland_today() -> date:
    return datetime.now(POLAND).date()


class TodayPanel(QWidget):
    action_requested = Signal(str, str)  # an Action's value, the company's NIP ("" with "sync": every company)
    loaded = Signal()  # the items are shown (after a reload)

    def __init__(
        self,
        services: UiServices,
        load: Load,
        sync_of: SyncOf | None = None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = _poland_today,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._load = load
        self._sync_of = sync_of
        self._today = today
        self.facts: list[CompanyFacts] = []  # every company's, as last loaded
        self.items: list[TodayItem] = []  # those shown: the scope's
        self.loading = False
        self._ever_loaded = False
        self.company_nip: str | None = None  # the company selected in the window
        self._stale = False  # asked to reload while hidden: reload when shown
        self._again = False  # asked to reload while loading: once more when this load ends
        self._reload = QTimer(self)
        self._reload.setSingleShot(True)
        self._reload.setInterval(RELOAD_DELAY_MS)
        self._reload.timeout.connect(self.reload)

        self.heading = QLabel(self.tr("Today"))
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.this_company = QRadioButton(self.tr("This company"))
        self.this_company.setToolTip(self.tr("Only the company selected in the Companies tab"))
        self.all_companies = QRadioButton(self.tr("All companies"))
        self.scope = QButtonGroup(self)
        self.scope.addButton(self.this_company)
        self.scope.addButton(self.all_companies)
        self.all_companies.setChecked(True)  # kept as the user sets it: a click on an item selects its company
        self.scope.buttonToggled.connect(lambda *_: self._show())
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.this_company)
        top.addWidget(self.all_companies)

        self.sync_line = QLabel("")
        self.sync_line.setWordWrap(True)
        self.sync_line.setTextFormat(Qt.TextFormat.PlainText)
        self.sync_line.setAccessibleName(self.tr("Last and next sync"))
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setToolTip(self.tr("Send what waits and receive new invoices now"))
        self.sync_button.clicked.connect(self._sync_clicked)
        sync_row = QHBoxLayout()
        sync_row.addWidget(self.sync_line, 1)
        sync_row.addWidget(self.sync_button)

        self.status = QLabel("")  # loading, or why loading failed
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.empty = QLabel("")
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("font-size: 12pt; padding: 24px;")
        self.empty.setAccessibleName(self.tr("Nothing needs doing today"))

        self.rows = QWidget()
        self.rows_layout = QVBoxLayout(self.rows)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(6)
        self.rows_layout.addStretch(1)
        self.list_area = QScrollArea()
        self.list_area.setWidgetResizable(True)
        self.list_area.setFrameShape(QFrame.Shape.NoFrame)
        self.list_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # rows wrap instead
        self.list_area.setWidget(self.rows)
        self.list_area.setAccessibleName(self.tr("What needs doing"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(sync_row)
        layout.addWidget(self.status)
        layout.addWidget(self.empty)
        layout.addWidget(self.list_area, 1)
        self.status.hide()
        self._show()

    # --- what the window tells ---------------------------------------------------------------------
    def set_company(self, nip: str | None) -> None:
        """The company selected in the window (None: none): the scope "This company" shows it."""
        if nip == self.company_nip:
            return
        self.company_nip = nip
        self._show()

    def refresh(self) -> None:
        """Reload soon, once for any number of requests; while hidden, only when shown again."""
        if not self.isVisible():
            self._stale = True
            return
        if not self._reload.isActive():
            self._reload.start()

    def sync_changed(self, nip: str = "") -> None:
        """The scheduler's state changed (a run started or ended, the next one moved): no reload needed."""
        self._show()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale or (not self._ever_loaded and not self.loading):
            self._stale = False
            self._reload.start()

    # --- loading -----------------------------------------------------------------------------------
    def reload(self) -> None:
        if self.loading:
            self._again = True  # the load under way may have read the facts before the change
            return
        self.loading = True
        self.status.setText(self.tr("Looking at what needs doing…"))
        self.status.setVisible(not self.facts)  # a first load says so; later ones keep the list as it is
        self.services.runner.run(self._load, self._loaded, self._failed, self._stopped, owner=self)

    def _stopped(self) -> None:
        self.loading = False
        self._load_again()

    def _failed(self, error: UserError) -> None:
        self.loading = False
        self.status.setText(error.message(self.services.lang))
        self.status.show()
        self._load_again()

    def _loaded(self, result: object) -> None:
        self.loading = False
        self._ever_loaded = True
        self.status.hide()
        self.facts = [f for f in result if isinstance(f, CompanyFacts)] if isinstance(result, list) else []
        self._show(force=True)
        self.loaded.emit()
        self._load_again()

    def _load_again(self) -> None:
        if self._again:
            self._again = False
            self.refresh()

    # --- showing -----------------------------------------------------------------------------------
    @property
    def showing_all(self) -> bool:
        return self.all_companies.isChecked() or self.company_nip is None

    def _in_scope(self) -> list[CompanyFacts]:
        sync_of = self._sync_of
        facts = [replace(f, sync=sync_of(f)) if sync_of is not None else f for f in self.facts]
        if self.showing_all:
            return facts
        return [f for f in facts if f.nip == self.company_nip]

    def _show(self, *, force: bool = False) -> None:
        self.this_company.setEnabled(self.company_nip is not None)
        facts = self._in_scope()
        self._show_sync(facts)
        items = today_items(facts, self._today())
        if force or items != self.items or self.rows_layout.count() - 1 != len(items):
            self.items = items
            self._fill(items)
        self._show_empty(facts)

    def _show_sync(self, facts: list[CompanyFacts]) -> None:
        summary = sync_summary(facts)
        lang = self.services.lang
        self.sync_line.setVisible(summary.companies > 0)
        self.sync_button.setVisible(summary.companies > 0 and self.services.scheduler is not None)
        self.sync_button.setEnabled(summary.running < summary.companies)
        if summary.companies == 0:
            self.sync_line.setText("")
            return
        if summary.last is None:
            last = self.tr("Last sync: none yet")
        else:
            last = self.tr("Last sync: %1").replace("%1", format_moment(summary.last, lang))
        if summary.running:
            upcoming = self.tr("Syncing now…")
        elif summary.next_at is None:
            upcoming = self.tr("Automatic sync is off")
        else:
            wait = max((summary.next_at - datetime.now(UTC)).total_seconds(), 0.0)
            upcoming = self.tr("Next sync in %1").replace("%1", format_wait(wait, lang))
        self.sync_line.setText(self.tr("%1 · %2").replace("%1", last).replace("%2", upcoming))

    def _show_empty(self, facts: list[CompanyFacts]) -> None:
        nothing = not self.items and self._ever_loaded  # before the first load the status line speaks
        self.empty.setVisible(nothing)
        self.list_area.setVisible(not nothing)
        if not nothing:
            return
        if not self.facts:
            self.empty.setText(
                self.tr("No companies yet: add one (Company ▸ Add company…) and this page shows what it needs.")
            )
            return
        summary = sync_summary(facts)
        if summary.running:
            then = self.tr("A sync is under way; anything it brings shows here.")
        elif summary.next_at is not None:
            wait = max((summary.next_at - datetime.now(UTC)).total_seconds(), 0.0)
            then = self.tr("The next sync is in %1; “Sync now” fetches new invoices at once.").replace(
                "%1", format_wait(wait, self.services.lang)
            )
        elif summary.companies:
            then = self.tr("Automatic sync is off: “Sync now” fetches new invoices.")
        else:
            then = ""
        self.empty.setText(self.tr("Nothing needs doing today.") + ("\n" + then if then else ""))

    def _fill(self, items: list[TodayItem]) -> None:
        while self.rows_layout.count() > 1:  # the last one is the stretch
            taken = self.rows_layout.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        rows = [self._row(item) for item in items]
        for position, row in enumerate(rows):
            self.rows_layout.insertWidget(position, row)
        # the same widths in every row, so marks, texts, dates and buttons line up in columns
        columns: list[list[QWidget]] = [
            [part for row in rows for part in row.findChildren(QLabel, "urgency")],
            [part for row in rows for part in row.findChildren(QLabel, "when")],
            [part for row in rows for part in row.findChildren(QPushButton)],
        ]
        for parts in columns:
            widest = max((part.sizeHint().width() for part in parts), default=0)
            for part in parts:
                part.setFixedWidth(widest)

    def _row(self, item: TodayItem) -> QFrame:
        lang = self.services.lang
        row = QFrame()
        row.setObjectName(f"today-{item.key}")
        row.setFrameShape(QFrame.Shape.StyledPanel)
        row.setStyleSheet(f"QFrame#today-{item.key} {{ border-left: 4px solid {_EDGE[item.urgency]}; }}")
        mark = QLabel(f"{URGENCY_MARK[item.urgency]} {URGENCY_TEXT[item.urgency].text(lang)}")
        mark.setObjectName("urgency")
        mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        title = QLabel(self._title(item))
        title.setObjectName("title")
        title.setWordWrap(True)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setStyleSheet("font-weight: 600;")
        detail = QLabel(item.detail.text(lang))
        detail.setObjectName("detail")
        detail.setWordWrap(True)
        detail.setTextFormat(Qt.TextFormat.PlainText)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(title)
        texts.addWidget(detail)
        when = QLabel(self._when(item.when))
        when.setObjectName("when")
        when.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        button = QPushButton(self._action_text(Action(item.action)))
        button.setObjectName(f"today-action-{item.key}")
        button.setAccessibleDescription(f"{item.company}: {item.title.text(lang)}")
        button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        button.clicked.connect(lambda _=False, i=item: self.action_requested.emit(i.action.value, i.nip))
        line = QHBoxLayout(row)
        line.setContentsMargins(10, 6, 8, 6)
        line.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
        line.addLayout(texts, 1)
        line.addWidget(when, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        return row

    def _title(self, item: TodayItem) -> str:
        text = item.title.text(self.services.lang)
        if not self.showing_all or len({f.nip for f in self.facts}) <= 1:
            return text
        return self.tr("%1: %2").replace("%1", item.company).replace("%2", text)

    def _when(self, day: date | None) -> str:
        if day is None:
            return ""
        today = self._today()
        if day == today:
            return self.tr("today")
        if day == today + timedelta(days=1):
            return self.tr("tomorrow")
        return format_date(day, self.services.lang)

    def _action_text(self, action: Action) -> str:
        texts = {
            Action.SHOW_INVOICES: self.tr("Show new invoices"),
            Action.SEND: self.tr("Send now"),
            Action.REAUTHORIZE: self.tr("Sign in again…"),
            Action.CREDENTIALS: self.tr("Open credentials…"),
            Action.READINESS: self.tr("Open readiness"),
            Action.SYNC: self.tr("Sync now"),
        }
        return texts[action]

    def _sync_clicked(self) -> None:
        """This company, or every logged-in company in view."""
        nip = "" if self.showing_all else self.company_nip or ""
        self.action_requested.emit(Action.SYNC.value, nip)

    # --- for tests and the window ------------------------------------------------------------------
    def item(self, kind: str, nip: str) -> TodayItem | None:
        return next((i for i in self.items if i.kind.value == kind and i.nip == nip), None)

    def button(self, kind: str, nip: str) -> QPushButton | None:
        return self.rows.findChild(QPushButton, f"today-action-{kind}-{nip}")

    def row(self, kind: str, nip: str) -> QFrame | None:
        return self.rows.findChild(QFrame, f"today-{kind}-{nip}")

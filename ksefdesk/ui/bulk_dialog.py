"""One action for all companies, with progress and a Cancel that really stops: check every login,
receive invoices for all, export last month for all. The work runs in the TaskRunner; its progress
reaches this dialog by a queued signal only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.errors import UserError
from ksefdesk.core.sync_eta import OfficeEta
from ksefdesk.services.bulk import BulkAction, BulkItem
from ksefdesk.services.tasks import TaskHandle
from ksefdesk.ui.company_model import format_clock
from ksefdesk.ui.ui_services import UiServices


class _Progress(QObject):
    """Carries the worker's progress to the GUI thread (queued: the dialog lives there)."""

    moved = Signal(int, int, str)


class BulkDialog(QDialog):
    def __init__(
        self, services: UiServices, action: BulkAction, folder: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services, self.action, self.folder = services, action, folder
        self.items: list[BulkItem] = []
        self.handle: TaskHandle | None = None
        titles = {
            BulkAction.CHECK: self.tr("Check all companies"),
            BulkAction.SYNC: self.tr("Receive invoices for all companies"),
            BulkAction.EXPORT_LAST_MONTH: self.tr("Export last month for all companies"),
        }
        self.setWindowTitle(titles[action])
        self.state = QLabel(self.tr("Starting…"))
        self.state.setWordWrap(True)
        self.estimate = QLabel("")  # receiving for all: when every company will be up to date
        self.estimate.setWordWrap(True)
        self.estimate.hide()
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Progress"))
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Results per company"))
        self.stop = QPushButton(self.tr("Cancel"))
        self.stop.clicked.connect(self.cancel)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.hide()
        layout = QVBoxLayout(self)
        for widget in (self.state, self.estimate, self.bar, self.results, self.stop, self.buttons):
            layout.addWidget(widget)
        self.resize(620, 420)
        self._progress = _Progress()
        self._progress.moved.connect(self._moved)

    def start(self) -> None:
        bulk = self.services.bulk
        nips = [company.nip for company in self.services.companies.list()]
        self.bar.setRange(0, max(1, len(nips)))
        action, folder, report = self.action, self.folder, self._progress.moved.emit
        scheduler = self.services.scheduler
        if action is BulkAction.SYNC and scheduler is not None:  # beside the run: it only reads the budget
            self.services.runner.run(lambda cancel: scheduler.eta(bulk=True), self._estimated, lambda error: None)
        self.handle = self.services.runner.run(
            lambda cancel: bulk.run(action, nips, cancel=cancel, progress=report, folder=folder),
            self._finished,
            self._failed,
        )

    def _estimated(self, office: object) -> None:
        if not isinstance(office, OfficeEta) or office.all_done_at is None:
            return  # no company to receive for
        when = format_clock(office.all_done_at, datetime.now(UTC), self.services.lang)
        self.estimate.setText(self.tr("All companies up to date by about %1").replace("%1", when))
        held = [eta for eta in office.companies if eta.held_by]
        if held:
            self.estimate.setText(
                self.estimate.text()
                + " "
                + self.tr("(KSeF's limits hold back %1 of them)").replace("%1", str(len(held)))
            )
        self.estimate.show()

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel.cancel()
            self.stop.setEnabled(False)
            self.state.setText(self.tr("Stopping after the current company…"))

    def _moved(self, done: int, total: int, nip: str) -> None:
        self.bar.setValue(done)
        if nip:
            company = self.services.companies.find(nip)
            name = company.display_name if company else nip
            self.state.setText(
                self.tr("%1 of %2 done · now: %3")
                .replace("%1", str(done))
                .replace("%2", str(total))
                .replace("%3", name)
            )

    def _finished(self, items: object) -> None:
        self.items = list(items) if isinstance(items, list) else []
        lang = self.services.lang
        failed = 0
        for item in self.items:
            company = self.services.companies.find(item.nip)
            name = company.display_name if company else item.nip
            mark = "✓" if item.ok else "✗"
            failed += not item.ok
            detail = item.summary.text(lang)
            if item.error is not None and item.error.action(lang):
                detail += " " + item.error.action(lang)
            self.results.addItem(self.tr("%1 %2: %3").replace("%1", mark).replace("%2", name).replace("%3", detail))
        total = self.services.companies.list()
        text = self.tr("Done: %1 of %2 companies, %3 need attention.")
        if self.handle is not None and self.handle.cancel.cancelled:
            text = self.tr("Cancelled: %1 of %2 companies were done, %3 need attention.")
        self.state.setText(
            text.replace("%1", str(len(self.items))).replace("%2", str(len(total))).replace("%3", str(failed))
        )
        self._end()

    def _failed(self, error: UserError) -> None:
        self.state.setText(error.message(self.services.lang))
        self._end()

    def _end(self) -> None:
        self.handle = None
        self.stop.hide()
        self.buttons.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel()  # closing mid-run stops the work; what was done stays done
        super().closeEvent(event)

    def reject(self) -> None:
        self.cancel()
        super().reject()

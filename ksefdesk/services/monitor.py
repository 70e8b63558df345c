"""Connection monitor: checks every company's authorization in the background, renews what can be
renewed, and tells the GUI only when something changed (state, reason or expiry)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from ksefdesk.core.errors import Cancelled, UserError
from ksefdesk.core.models import Company, ConnectionStatus
from ksefdesk.services.auth import AuthService
from ksefdesk.services.ksef.http import CancelToken
from ksefdesk.services.store import CompanyRepository

log = logging.getLogger(__name__)
DEFAULT_INTERVAL_MS = 60_000


def _signature(company: Company) -> tuple[str, str, str]:
    reason = company.status_reason.value if company.status_reason else ""
    return company.status.value, reason, company.auth_method.value if company.auth_method else ""


class MonitorWorker(QObject):
    """Lives in the monitor thread; its timer is created there (after moveToThread)."""

    company_changed = Signal(str)  # NIP
    reauth_needed = Signal(str, str)  # NIP, the ReauthReason's value
    checked = Signal()

    def __init__(self, companies: CompanyRepository, auth: AuthService, interval_ms: int) -> None:
        super().__init__()
        self.companies = companies
        self.auth = auth
        self.interval_ms = interval_ms
        self.cancel = CancelToken()
        self._last: dict[str, tuple[str, str, str]] = {}
        self._timer: QTimer | None = None

    @Slot()
    def start(self) -> None:
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check_all)
        self._timer.start(self.interval_ms)
        self.check_all()

    @Slot()
    def stop(self) -> None:
        self.cancel.cancel()
        if self._timer is not None:
            self._timer.stop()

    @Slot()
    def check_all(self) -> None:
        for company in self.companies.list():
            if self.cancel.cancelled:
                return
            self._check(company)
        self.checked.emit()

    def _check(self, before: Company) -> None:
        after = before
        if before.status is not ConnectionStatus.NOT_AUTHORIZED:
            try:
                after = self.auth.check(before.nip, cancel=self.cancel)
            except Cancelled:  # the monitor is stopping: nothing to tell
                return
            except UserError as exc:
                log.info("monitor: %s: %s", before.nip, exc.code)
                return
        signature = _signature(after)
        if self._last.get(after.nip) != signature:
            known = after.nip in self._last
            self._last[after.nip] = signature
            self.company_changed.emit(after.nip)
            if known and after.status is ConnectionStatus.REAUTH_NEEDED and after.status_reason:
                self.reauth_needed.emit(after.nip, after.status_reason.value)


class ConnectionMonitor(QObject):
    """Owns the thread; signals are re-emitted in the GUI thread."""

    company_changed = Signal(str)
    reauth_needed = Signal(str, str)
    checked = Signal()
    _check_requested = Signal()
    _stop_requested = Signal()

    def __init__(
        self,
        companies: CompanyRepository,
        auth: AuthService,
        interval_ms: int = DEFAULT_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("connection-monitor")
        self.worker = MonitorWorker(companies, auth, interval_ms)
        self.worker.moveToThread(self._thread)
        self._thread.started.connect(self.worker.start)
        self.worker.company_changed.connect(self.company_changed)
        self.worker.reauth_needed.connect(self.reauth_needed)
        self.worker.checked.connect(self.checked)
        self._check_requested.connect(self.worker.check_all)
        self._stop_requested.connect(self.worker.stop)

    def start(self) -> None:
        self._thread.start()

    def check_now(self) -> None:
        self._check_requested.emit()

    def stop(self, wait_ms: int = 10_000) -> None:
        """Ordered shutdown: cancel network waits, stop the timer in its thread, end the thread."""
        if not self._thread.isRunning():
            return
        self.worker.cancel.cancel()
        self._stop_requested.emit()
        self._thread.quit()
        self._thread.wait(wait_ms)

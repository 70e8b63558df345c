"""Connection monitor: checks every company's authorization in the background, renews what can be
renewed (logins, and KSeF certificates ending within 30 days while the old one still logs in), and tells
the GUI only when something changed (state, reason or expiry, a certificate renewed)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from ksefdesk.core.errors import Cancelled, UserError
from ksefdesk.core.models import Company, ConnectionStatus
from ksefdesk.services.auth import AuthService
from ksefdesk.services.ksef.http import CancelToken
from ksefdesk.services.store import CompanyRepository

if TYPE_CHECKING:
    from ksefdesk.services.certificates import CertificateService

log = logging.getLogger(__name__)
DEFAULT_INTERVAL_MS = 60_000


def _signature(company: Company) -> tuple[str, str, str]:
    reason = company.status_reason.value if company.status_reason else ""
    return company.status.value, reason, company.auth_method.value if company.auth_method else ""


class MonitorWorker(QObject):
    """Lives in the monitor thread; its timer is created there (after moveToThread)."""

    company_changed = Signal(str)  # NIP
    reauth_needed = Signal(str, str)  # NIP, the ReauthReason's value
    certificate_renewed = Signal(str, str)  # NIP, the new certificate's serial
    checked = Signal()

    def __init__(
        self,
        companies: CompanyRepository,
        auth: AuthService,
        interval_ms: int,
        certificates: Callable[[], CertificateService] | None = None,
    ) -> None:
        super().__init__()
        self.companies = companies
        self.auth = auth
        self.certificates = certificates  # built on first use: not at start-up
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
        if after.status is ConnectionStatus.CONNECTED:
            self._renew_certificates(after.nip)
        signature = _signature(after)
        if self._last.get(after.nip) != signature:
            known = after.nip in self._last
            self._last[after.nip] = signature
            # the reason before the change: both are queued to the GUI thread in this order, so whoever
            # sees the window change has already been told why (a test waiting on the window, the tray)
            if known and after.status is ConnectionStatus.REAUTH_NEEDED and after.status_reason:
                self.reauth_needed.emit(after.nip, after.status_reason.value)
            self.company_changed.emit(after.nip)

    def _renew_certificates(self, nip: str) -> None:
        """A certificate ending within 30 days is renewed now, while it still logs in (no card needed); the
        database alone says whether anything is due, so this costs nothing on most checks."""
        if self.certificates is None:
            return
        try:
            renewed = self.certificates().renew_due(nip, cancel=self.cancel)
        except Cancelled:
            return
        except UserError as exc:  # tried again at the next check; the 30-day warning stays meanwhile
            log.warning("monitor: renewing the certificates of %s failed: %s", nip, exc.code)
            return
        for certificate in renewed:
            self.certificate_renewed.emit(nip, certificate.serial)


class ConnectionMonitor(QObject):
    """Owns the thread; signals are re-emitted in the GUI thread."""

    company_changed = Signal(str)
    reauth_needed = Signal(str, str)
    certificate_renewed = Signal(str, str)
    checked = Signal()
    _check_requested = Signal()
    _stop_requested = Signal()

    def __init__(
        self,
        companies: CompanyRepository,
        auth: AuthService,
        interval_ms: int = DEFAULT_INTERVAL_MS,
        parent: QObject | None = None,
        *,
        certificates: Callable[[], CertificateService] | None = None,
    ) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("connection-monitor")
        self.worker = MonitorWorker(companies, auth, interval_ms, certificates)
        self.worker.moveToThread(self._thread)
        self._thread.started.connect(self.worker.start)
        self.worker.company_changed.connect(self.company_changed)
        self.worker.reauth_needed.connect(self.reauth_needed)
        self.worker.certificate_renewed.connect(self.certificate_renewed)
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

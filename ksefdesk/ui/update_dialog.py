"""Check for updates: asks the signed release feed (services/updates.py) in the background and says either
that this is the newest version, or what is new in the newer one with a button that opens its download page
in the browser. Nothing is downloaded or installed here.

``check_at_start`` is the start-up check: it runs only when the user turned it on in the settings (off by
default), and speaks only when a newer version exists, in a window that does not block the main one."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ksefdesk import __version__
from ksefdesk.core.errors import Lang, UserError
from ksefdesk.core.formatting import format_date
from ksefdesk.services.settings import CHECK_UPDATES_AT_START, UPDATE_FEED_URL, Settings

if TYPE_CHECKING:
    from ksefdesk.services.cancel import CancelToken
    from ksefdesk.services.store import SettingsRepository
    from ksefdesk.services.tasks import TaskHandle, TaskRunner
    from ksefdesk.services.updates import UpdateCheck
    from ksefdesk.ui.ui_services import UiServices

log = logging.getLogger(__name__)

CheckWork = Callable[["CancelToken"], "UpdateCheck"]


def update_work(settings: SettingsRepository | None, public_key: bytes | None = None) -> CheckWork:
    """The check as a background task: the feed address read now (on the GUI thread), the HTTP code loaded
    on the worker, so that nothing of it is imported before the user asks."""
    address = Settings(settings).get(UPDATE_FEED_URL) if settings is not None else None

    def work(cancel: CancelToken) -> UpdateCheck:
        from ksefdesk.services.updates import UpdateChecker, shipped_public_key

        key = public_key if public_key is not None else shipped_public_key()
        return UpdateChecker(address, key).check(cancel)

    return work


class UpdateDialog(QDialog):
    """Checking… (Cancel), then the newest version, a newer one with its notes, or the error and its action.
    ``result``: show a check already made (the start-up notice) instead of making one."""

    def __init__(
        self,
        runner: TaskRunner,
        lang: Lang,
        work: CheckWork,
        parent: QWidget | None = None,
        *,
        result: UpdateCheck | None = None,
        open_url: Callable[[QUrl], Any] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self.runner, self.lang, self.work, self._open_url = runner, lang, work, open_url
        self.handle: TaskHandle | None = None
        self.check: UpdateCheck | None = None
        self.error: UserError | None = None
        self.setWindowTitle(self.tr("Check for updates"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        self.headline = QLabel("")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setAccessibleName(self.tr("Update status"))
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        layout.addWidget(self.headline)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # no steps to count: two small files
        self.progress.setAccessibleName(self.tr("Checking for updates"))
        layout.addWidget(self.progress)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)  # the feed's text is never read as markup
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName(self.tr("Details"))
        layout.addWidget(self.detail)
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setAccessibleName(self.tr("What is new"))
        layout.addWidget(self.notes, 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.retry_button = QPushButton(self.tr("Try again"))
        self.retry_button.setAccessibleName(self.tr("Check for updates again"))
        self.retry_button.clicked.connect(self.start)
        self.download_button = QPushButton(self.tr("Open download page"))
        self.download_button.setAccessibleName(self.tr("Open the download page in the browser"))
        self.download_button.clicked.connect(self.open_download)
        self.later_button = QPushButton(self.tr("Later"))
        self.later_button.setAccessibleName(self.tr("Later"))
        self.later_button.clicked.connect(self.reject)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the check"))
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        for button in (
            self.retry_button,
            self.download_button,
            self.later_button,
            self.cancel_button,
            self.close_button,
        ):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        if result is not None:
            self.show_result(result)
        else:
            self.start()

    # --- states ---------------------------------------------------------------------------------------
    def _only(self, *visible: QWidget) -> None:
        for widget in (
            self.progress,
            self.notes,
            self.retry_button,
            self.download_button,
            self.later_button,
            self.cancel_button,
            self.close_button,
        ):
            widget.setVisible(widget in visible)

    def start(self) -> None:
        self.check, self.error = None, None
        self.headline.setText(self.tr("Checking for updates…"))
        self.detail.setText(self.tr("KSeF Desk asks its signed release feed whether there is a newer version."))
        self._only(self.progress, self.cancel_button)
        self.cancel_button.setDefault(True)
        self.handle = self.runner.run(self.work, self.show_result, self.show_error, owner=self)

    def cancel(self) -> None:
        if self.handle is not None:
            self.runner.forget(self.handle)
            self.handle = None
        self.reject()

    def show_result(self, check: Any) -> None:
        self.handle = None
        self.check = check
        release = check.available
        if release is None:
            self.headline.setText(self.tr("You have the newest version (%1).").replace("%1", str(check.current)))
            self.detail.setText("")
            self._only(self.close_button)
            self.close_button.setDefault(True)
            return
        download = release.download_for(check.platform)
        self.headline.setText(self.tr("Version %1 is available").replace("%1", str(release.version)))
        self.detail.setText(
            self.tr(
                "You have version %1. Released on %2. The download page opens in your browser; install it "
                "yourself when you are ready. SHA-256 of the file: %3"
            )
            .replace("%1", str(check.current))
            .replace("%2", format_date(release.day, self.lang))
            .replace("%3", download.sha256 if download is not None else "—")
        )
        newer = [r for r in check.since if r.version <= release.version] or [release]
        if len(newer) == 1:
            self.notes.setPlainText(release.notes.text(self.lang))
        else:  # several versions skipped: what each brought, newest first
            self.notes.setPlainText(
                "\n\n".join(f"{r.version} ({format_date(r.day, self.lang)})\n{r.notes.text(self.lang)}" for r in newer)
            )
        self._only(self.notes, self.download_button, self.later_button)
        self.download_button.setDefault(True)
        self.download_button.setFocus()

    def show_error(self, error: UserError) -> None:
        self.handle = None
        self.error = error
        self.headline.setText(self.tr("Could not check for updates"))
        self.detail.setText(f"{error.message(self.lang)}\n{error.action(self.lang)}")
        self._only(self.retry_button, self.close_button)
        self.close_button.setDefault(True)

    def open_download(self) -> None:
        url = self.check.download_url if self.check is not None else ""
        if url:
            self._open_url(QUrl(url))  # the browser shows the page; the user downloads and installs
        self.accept()

    def reject(self) -> None:
        if self.handle is not None:  # closed while checking (Esc, the title bar): the result is not wanted
            self.runner.forget(self.handle)
            self.handle = None
        super().reject()


def open_update_dialog(services: UiServices, parent: QWidget | None = None) -> UpdateDialog:
    """The Help menu's "Check for updates…"."""
    dialog = UpdateDialog(services.runner, services.lang, update_work(services.settings), parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class StartupCheck:
    """The check at start, when the user allowed it: quiet unless a newer version exists (then a window
    that does not block), and quiet about failures too (logged: the user did not ask just now)."""

    def __init__(
        self,
        services: UiServices,
        parent: QWidget,
        *,
        work: CheckWork | None = None,
        open_url: Callable[[QUrl], Any] = QDesktopServices.openUrl,
    ) -> None:
        self.services, self.parent = services, parent
        self.work = work
        self._open_url = open_url
        self.handle: TaskHandle | None = None
        self.notice: UpdateDialog | None = None

    @staticmethod
    def allowed(settings: SettingsRepository | None) -> bool:
        return settings is not None and Settings(settings).get(CHECK_UPDATES_AT_START)

    def start(self) -> TaskHandle | None:
        settings = self.services.settings
        if not self.allowed(settings):
            return None  # no consent, no network call
        work = self.work or update_work(settings)
        self.handle = self.services.runner.run(work, self._done, self._failed, owner=self.parent)
        return self.handle

    def _done(self, check: Any) -> None:
        self.handle = None
        if check.available is None:
            log.info("start-up update check: %s is the newest", __version__)
            return
        notice = UpdateDialog(
            self.services.runner, self.services.lang, self.work or update_work(self.services.settings),
            self.parent, result=check, open_url=self._open_url,
        )  # fmt: skip
        notice.setModal(False)
        notice.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        notice.show()
        self.notice = notice

    def _failed(self, error: UserError) -> None:
        self.handle = None
        log.info("start-up update check failed: %s", error.message("en"))


def check_at_start(services: UiServices, parent: QWidget) -> StartupCheck:
    """Started once after the main window's first paint; does nothing unless the setting is on."""
    check = StartupCheck(services, parent)
    check.start()
    return check

"""Start the window: QApplication, translations, services from the composition root, the monitor,
the excepthook, and an ordered shutdown. Only wiring of Qt objects and signals: what to decide lives in
the services (services/desk_rules.py), and what the first window does not need starts after its first
paint."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ksefdesk import APP_ID, APP_NAME, __version__
from ksefdesk.app import AppContext, build_context
from ksefdesk.core.errors import Lang, UserError
from ksefdesk.logging_setup import LOG_FILE_NAME
from ksefdesk.paths import resolve_paths
from ksefdesk.services.desk_rules import FIRST_REMINDER_S, REMINDER_INTERVAL_S, is_outage, preferred_language, reminders
from ksefdesk.services.locks import ProcessLock, lock_path
from ksefdesk.services.settings import close_to_tray, outbox_folder, sync_interval
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.dialogs import Dialogs
from ksefdesk.ui.errors import make_excepthook
from ksefdesk.ui.gui_thread import GuiThreadCaller
from ksefdesk.ui.main_window import MainWindow
from ksefdesk.ui.tray import Tray
from ksefdesk.ui.ui_services import UiServices

if TYPE_CHECKING:
    from ksefdesk.services.outbox_folder import OutboxFolderWatcher
    from ksefdesk.services.scheduler import SyncScheduler

log = logging.getLogger(__name__)
TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"
ICON = TRANSLATIONS.parent / "icons" / "ksefdesk.svg"


def install_translations(app: QApplication, lang: Lang) -> list[QTranslator]:
    """Polish: our own ksefdesk_pl.qm plus Qt's (buttons such as Next/Cancel). English is the source."""
    translators: list[QTranslator] = []
    if lang != "pl":
        return translators
    ours = QTranslator(app)
    if ours.load(str(TRANSLATIONS / "ksefdesk_pl.qm")):
        translators.append(ours)
    else:
        log.warning("Polish translation not found in %s (run scripts/translations.py compile)", TRANSLATIONS)
    gaps = QTranslator(app)  # installed before Qt's own, so asked only where Qt's has no text
    if gaps.load(str(TRANSLATIONS / "qtgaps_pl.qm")):
        translators.append(gaps)
    qt = QTranslator(app)
    for folder in qt_translation_folders():
        if qt.load(QLocale(QLocale.Language.Polish), "qtbase", "_", folder):
            translators.append(qt)
            break
    else:
        log.warning("Qt's Polish translation (qtbase_pl.qm) not found: dialogs' own buttons stay in English")
    from ksefdesk.ui.stretch import stretch_translator  # KSEFDESK_STRETCH=2: every text twice as long

    stretched = stretch_translator(app, translators)
    if stretched is not None:
        translators.append(stretched)  # installed last, so asked first
    for translator in translators:
        app.installTranslator(translator)
    return translators


def qt_translation_folders() -> list[str]:
    """Where Qt's own .qm files may be: Qt's configured path, then inside the PySide6 package (a bundle
    made by PyInstaller moves them next to the Qt libraries)."""
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    candidates = [
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(package / "Qt" / "translations"),
        str(package / "translations"),
    ]
    return [folder for folder in candidates if folder and Path(folder, "qtbase_pl.qm").exists()]


def settle_heap() -> None:
    """Move everything made during start-up (Qt bindings, modules, the window) out of the garbage
    collector's reach: its full passes then walk only newer objects, and a pass started by a sync
    worker no longer stalls the GUI thread for tens of milliseconds."""
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(0.001)  # workers hand the interpreter back to the GUI thread sooner (default 5 ms)


def build_ui_services(
    ctx: AppContext, dialogs: Dialogs, runner: TaskRunner, scheduler: SyncScheduler | None = None
) -> UiServices:
    """The windows' view of the context (for scripts and benchmarks that build a window themselves)."""
    return UiServices(ctx, runner, dialogs, scheduler=scheduler)


class FirstPaint(QObject):
    """Calls ``then`` once, right after the window's first paint: what the window does not show yet is
    started only then, so the user sees it without waiting for signing, XML and HTTP to load."""

    def __init__(self, window: MainWindow, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            QTimer.singleShot(0, then)
        return False


class Background:
    """The window's background services (sync, the outbox folder, KSeF's availability, the connection
    monitor, the reminders), built and wired after the first paint; stopped in order at the end."""

    def __init__(self, ctx: AppContext, window: MainWindow, tray: Tray, runner: TaskRunner) -> None:
        self.ctx, self.window, self.tray, self.runner = ctx, window, tray, runner
        self._stops: list[Callable[[], None]] = []

    def start(self) -> None:
        from ksefdesk.services.availability import AvailabilityWatcher
        from ksefdesk.services.monitor import ConnectionMonitor
        from ksefdesk.services.outbox_folder import OutboxFolderWatcher
        from ksefdesk.services.scheduler import SyncScheduler
        from ksefdesk.ui.single_instance import InstanceServer

        ctx, window, tray, runner = self.ctx, self.window, self.tray, self.runner
        instance = InstanceServer(ctx.paths.data, window)  # a second start brings this window forward
        instance.show_requested.connect(window.bring_forward)
        instance.show_requested.connect(lambda: log.info("a second start brought the window forward"))
        scheduler = SyncScheduler(
            ctx.companies, ctx.receiver, ctx.sender, runner, ctx.limiter, interval=sync_interval(ctx.settings)
        )
        window.attach_scheduler(scheduler)
        watcher = OutboxFolderWatcher(ctx.sender, runner, outbox_folder(ctx.settings))
        watcher.scanned.connect(window.folder_scanned)
        window.settings_saved.connect(lambda: self._outbox_folder_changed(watcher))
        availability = AvailabilityWatcher(ctx.companies, ctx.sender, ctx.base_url_for, runner)
        availability.changed.connect(window.show_availability)
        availability.back.connect(scheduler.run_now)  # the offline invoices go out as soon as KSeF is back
        scheduler.run_failed.connect(lambda nip, error: availability.check_now() if is_outage(error) else None)
        monitor = ConnectionMonitor(ctx.companies, ctx.auth, certificates=lambda: ctx.certificates)
        monitor.company_changed.connect(window.refresh_company)
        monitor.certificate_renewed.connect(self._certificate_renewed)
        window.check_action.triggered.connect(monitor.check_now)
        tray.check_requested.connect(monitor.check_now)
        monitor.reauth_needed.connect(lambda nip, reason: self._reauth_needed(nip))
        scheduler.new_invoices.connect(self._new_invoices)
        reminder_timer = QTimer(window)
        reminder_timer.setInterval(REMINDER_INTERVAL_S * 1000)
        reminder_timer.timeout.connect(self.remind)
        reminder_timer.start()
        QTimer.singleShot(FIRST_REMINDER_S * 1000, self.remind)
        settle_heap()  # after the services' modules are loaded, so that they are frozen too
        monitor.start()
        availability.start()
        QTimer.singleShot(2000, availability.check_now)
        scheduler.start()
        watcher.start()
        self._stops = [watcher.stop, availability.stop, scheduler.stop, monitor.stop]

    def stop(self) -> None:
        """Stop the watchers, the scheduler and the monitor thread, in that order."""
        for stop in self._stops:
            stop()

    def _outbox_folder_changed(self, watcher: OutboxFolderWatcher) -> None:
        watcher.set_folder(outbox_folder(self.ctx.settings))
        watcher.scan_now()

    def _reauth_needed(self, nip: str) -> None:
        self.window.announce_reauth(nip)
        company = self.ctx.companies.find(nip)
        if company is not None:
            self.tray.notify_reauth(company)

    def _certificate_renewed(self, nip: str, serial: str) -> None:
        company = self.ctx.companies.find(nip)
        if company is not None:
            self.window.refresh_company(nip)
            self.tray.notify_certificate_renewed(company, serial)

    def _new_invoices(self, nip: str, count: int) -> None:
        company = self.ctx.companies.find(nip)
        if company is not None:
            self.tray.notify_new_invoices(company, count)

    def remind(self) -> None:
        ctx = self.ctx
        found = reminders(ctx.companies.list(), ctx.auth, ctx.certificates, ctx.sender, ctx.lang)
        if found:
            self.tray.notify_credentials(found)


def run_gui(
    data_dir: str | None, *, lang: Lang, verbose: bool = False, after_show: Callable[[MainWindow], None] | None = None
) -> int:
    """``after_show`` lets benchmarks and the self-test observe the shown window."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(ICON)))
    app.setApplicationVersion(__version__)
    dialogs = Dialogs(lang)
    translators = install_translations(app, lang)  # before the first dialog (already running, passphrase)
    window_lock = ProcessLock(lock_path(resolve_paths(data_dir).database, "window"))
    if not window_lock.acquire():  # one window per data folder; the command line may still be used
        from ksefdesk.ui.single_instance import ask_running_copy_to_show

        if ask_running_copy_to_show(resolve_paths(data_dir).data):
            print(UserError("app.brought_forward").message(lang), file=sys.stderr)
            return 0
        error = UserError("app.already_running", path=str(resolve_paths(data_dir).data))
        print(error.full_text(lang), file=sys.stderr)
        if app.platformName() != "offscreen":
            dialogs.show_error(None, error)
        return 1
    gui = GuiThreadCaller()  # the vault is opened on first use, often by a worker thread

    def ask_passphrase(creating: bool) -> str | None:
        return gui.call(lambda: dialogs.ask_passphrase(None, creating))

    try:
        ctx = build_context(data_dir, lang=lang, verbose=verbose, ask_passphrase=ask_passphrase)
    except UserError as exc:
        dialogs.show_error(None, exc)
        return 1
    chosen = preferred_language(ctx.settings, lang)
    if chosen != lang:
        lang = ctx.lang = dialogs.lang = chosen
        for translator in translators:
            app.removeTranslator(translator)
        install_translations(app, lang)
    runner = TaskRunner()
    window = MainWindow(UiServices(ctx, runner, dialogs))
    tray = Tray(lang)
    window.companies_changed.connect(lambda: tray.update(ctx.companies.list()))
    tray.update(ctx.companies.list())
    tray.open_requested.connect(window.bring_forward)
    tray.quit_requested.connect(window.quit_app)
    window.hidden_to_tray.connect(tray.notify_still_running)
    window.keep_in_tray = close_to_tray(ctx.settings) and Tray.available()
    background = Background(ctx, window, tray, runner)
    FirstPaint(window, background.start)
    tray.show()
    log_file = ctx.log_file or ctx.paths.logs / LOG_FILE_NAME
    sys.excepthook = make_excepthook(lambda error: dialogs.show_error(window, error), log_file)
    window.show()
    log.info("window shown")  # support and the cold-start measurement read this line
    if after_show is not None:
        after_show(window)
    try:
        return app.exec()
    finally:
        # Ordered shutdown: stop the background services, cancel and wait for tasks, then close storage.
        background.stop()
        runner.wait(10_000)
        sys.excepthook = sys.__excepthook__
        ctx.close()

"""Start the window: QApplication, translations, services from the composition root, the monitor,
the excepthook, and an ordered shutdown."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ksefdesk import APP_ID, APP_NAME, __version__
from ksefdesk.app import AppContext, build_context
from ksefdesk.core.errors import Lang, UserError
from ksefdesk.paths import resolve_paths
from ksefdesk.services.availability import AvailabilityWatcher
from ksefdesk.services.locks import ProcessLock, lock_path
from ksefdesk.services.monitor import ConnectionMonitor
from ksefdesk.services.outbox_folder import OutboxFolderWatcher
from ksefdesk.services.scheduler import SyncScheduler
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.dialogs import Dialogs
from ksefdesk.ui.errors import make_excepthook
from ksefdesk.ui.gui_thread import GuiThreadCaller
from ksefdesk.ui.main_window import MainWindow
from ksefdesk.ui.settings_dialog import LANGUAGE, close_to_tray, outbox_folder, sync_interval
from ksefdesk.ui.single_instance import InstanceServer, ask_running_copy_to_show
from ksefdesk.ui.tray import Tray
from ksefdesk.ui.wizard import UiServices

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
    return UiServices(
        ctx.companies,
        ctx.auth,
        runner,
        dialogs,
        ctx.lang,
        sandbox=ctx.sandbox,
        settings=ctx.settings,
        data_dir=str(ctx.paths.data),
        invoices=ctx.invoices,
        sender=ctx.sender,
        scheduler=scheduler,
        secret_store=ctx.secret_store_description,
        certificates=ctx.certificates,
        admin=ctx.admin,
        payments=ctx.payments,
        notices=ctx.notices,
    )


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
    saved = ctx.settings.get(LANGUAGE)
    if saved in ("pl", "en") and saved != lang:
        lang = ctx.lang = dialogs.lang = saved  # type: ignore[assignment]
        for translator in translators:
            app.removeTranslator(translator)
        install_translations(app, lang)
    runner = TaskRunner()
    scheduler = SyncScheduler(
        ctx.companies, ctx.receiver, ctx.sender, runner, ctx.limiter, interval=sync_interval(ctx.settings)
    )
    window = MainWindow(build_ui_services(ctx, dialogs, runner, scheduler))
    instance = InstanceServer(ctx.paths.data, window)
    instance.show_requested.connect(window.bring_forward)
    instance.show_requested.connect(lambda: log.info("a second start brought the window forward"))
    watcher = OutboxFolderWatcher(ctx.sender, runner, outbox_folder(ctx.settings))
    watcher.scanned.connect(lambda scan: window.folder_scanned(scan))
    window.settings_saved.connect(lambda: (watcher.set_folder(outbox_folder(ctx.settings)), watcher.scan_now()))
    availability = AvailabilityWatcher(ctx.companies, ctx.sender, ctx.base_url_for, runner)
    availability.changed.connect(window.show_availability)
    availability.back.connect(scheduler.run_now)  # the offline invoices go out as soon as KSeF is back
    scheduler.run_failed.connect(
        lambda nip, error: (
            availability.check_now() if getattr(error, "code", "") in ("ksef.unreachable", "ksef.unavailable") else None
        )
    )
    monitor = ConnectionMonitor(ctx.companies, ctx.auth)
    monitor.company_changed.connect(window.refresh_company)
    window.check_action.triggered.connect(monitor.check_now)
    tray = Tray(lang)
    window.companies_changed.connect(lambda: tray.update(ctx.companies.list()))
    tray.update(ctx.companies.list())
    tray.open_requested.connect(window.bring_forward)
    tray.check_requested.connect(monitor.check_now)
    tray.quit_requested.connect(window.quit_app)
    window.hidden_to_tray.connect(tray.notify_still_running)
    window.keep_in_tray = close_to_tray(ctx.settings) and Tray.available()

    def reauth_needed(nip: str, reason: str) -> None:
        window.announce_reauth(nip)
        company = ctx.companies.find(nip)
        if company is not None:
            tray.notify_reauth(company)

    monitor.reauth_needed.connect(reauth_needed)

    def new_invoices(nip: str, count: int) -> None:
        company = ctx.companies.find(nip)
        if company is not None:
            tray.notify_new_invoices(company, count)

    scheduler.new_invoices.connect(new_invoices)

    def warn_about_credentials() -> None:
        """Expiring certificates and tokens, and offline invoices near their legal deadline, days
        ahead: once at start, then twice a day."""
        found = [w.text(lang) for company in ctx.companies.list() for w in window.credential_warnings(company)]
        found += [w.text(lang) for company in ctx.companies.list() for w in window.deadline_warnings(company)]
        if found:
            tray.notify_credentials(found)

    credentials_timer = QTimer(window)
    credentials_timer.setInterval(12 * 3600 * 1000)
    credentials_timer.timeout.connect(warn_about_credentials)
    credentials_timer.start()
    QTimer.singleShot(5000, warn_about_credentials)
    tray.show()
    sys.excepthook = make_excepthook(lambda error: dialogs.show_error(window, error), ctx.log_file)
    window.show()
    log.info("window shown")  # support and the cold-start measurement read this line
    if after_show is not None:
        after_show(window)
    settle_heap()
    monitor.start()
    availability.start()
    QTimer.singleShot(2000, availability.check_now)
    scheduler.start()
    watcher.start()
    try:
        return app.exec()
    finally:
        # Ordered shutdown: stop the monitor thread, cancel and wait for tasks, then close storage.
        watcher.stop()
        availability.stop()
        scheduler.stop()
        monitor.stop()
        runner.wait(10_000)
        sys.excepthook = sys.__excepthook__
        ctx.close()

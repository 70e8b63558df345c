"""Start the window: QApplication, services from the composition root, the excepthook."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from ksefdesk import APP_NAME, __version__
from ksefdesk.app import build_context
from ksefdesk.core.errors import Lang, UserError
from ksefdesk.ui.dialogs import Dialogs
from ksefdesk.ui.errors import make_excepthook
from ksefdesk.ui.main_window import MainWindow


def run_gui(data_dir: str | None, *, lang: Lang, verbose: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    dialogs = Dialogs(lang)
    try:
        ctx = build_context(
            data_dir,
            lang=lang,
            verbose=verbose,
            ask_passphrase=lambda creating: dialogs.ask_passphrase(None, creating),
        )
    except UserError as exc:
        dialogs.show_error(None, exc)
        return 1
    window = MainWindow(ctx.companies, lang, str(ctx.paths.data))
    sys.excepthook = make_excepthook(lambda error: dialogs.show_error(window, error), ctx.log_file)
    window.show()
    try:
        return app.exec()
    finally:
        sys.excepthook = sys.__excepthook__
        ctx.close()

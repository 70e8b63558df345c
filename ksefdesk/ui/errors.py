"""Last line of defence: an uncaught exception is logged and shown as a friendly dialog."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from ksefdesk.core.errors import Cancelled, UserError

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def make_excepthook(show: Callable[[UserError], None], log_file: Path) -> ExceptHook:
    """``show`` displays a UserError (a dialog); a cancelled operation is only logged (it is no error);
    anything else becomes internal.unexpected."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        if isinstance(value, Cancelled):
            log.info("operation cancelled")
            return
        if isinstance(value, UserError):
            log.warning("unhandled user error: %s [%s]", value, value.code)
            error = value
        else:
            log.error("uncaught exception", exc_info=(kind, value, tb))
            error = UserError("internal.unexpected", kind=kind.__name__, log=str(log_file))
        try:
            show(error)
        except Exception:  # the dialog itself failed: the log already has everything
            log.exception("could not show the error dialog")

    return hook

"""Rotating log file with a redaction filter; optional console output for --verbose."""

from __future__ import annotations

import contextlib
import io
import logging
import logging.handlers
import os
import sys
from pathlib import Path

from ksefdesk.core.redaction import Redactor

LOG_FILE_NAME = "ksefdesk.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
_OWNED = "_ksefdesk_handler"


class RedactingFilter(logging.Filter):
    """Rewrites each record's message and traceback with secrets masked.

    It sits on the handlers (not on a logger) so that records from every library, propagated
    from any child logger, pass through it before they are written anywhere.
    """

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} % {record.args!r}"
        record.msg = self.redactor.redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redactor.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redactor.redact(record.stack_info)
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file it opens, the first and each one after a rotation, is 0600 from its first byte
    (whatever the umask); characters the file's encoding cannot hold (a data folder whose name is not
    UTF-8) are written escaped instead of losing the line."""

    def _open(self) -> io.TextIOWrapper:
        stream = open(  # noqa: SIM115  (the handler owns and closes the stream)
            self.baseFilename,
            self.mode,
            encoding=self.encoding,
            errors="backslashreplace",
            opener=lambda path, flags: os.open(path, flags, 0o600),
        )
        assert isinstance(stream, io.TextIOWrapper)
        return stream


def setup_logging(log_dir: Path, redactor: Redactor, *, verbose: bool = False) -> Path:
    """Install the file (and console) handlers on the root logger; returns the log file path.

    Calling it again replaces the handlers it installed before (tests set up many times).
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _OWNED, False):
            root.removeHandler(handler)
            handler.close()
    log_file = log_dir / LOG_FILE_NAME
    file_handler = PrivateRotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handlers: list[logging.Handler] = [file_handler]
    if verbose:
        handlers.append(logging.StreamHandler(sys.stderr))
    redacting = RedactingFilter(redactor)
    for handler in handlers:
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler.addFilter(redacting)
        setattr(handler, _OWNED, True)
        handler.setLevel(logging.DEBUG if verbose else logging.INFO)
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    _restrict_permissions(log_file)
    logging.captureWarnings(True)
    return log_file


def _restrict_permissions(path: Path) -> None:
    with contextlib.suppress(OSError):  # a filesystem without POSIX modes: nothing better to do
        path.chmod(0o600)

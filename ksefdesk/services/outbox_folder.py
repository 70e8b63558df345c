"""A watched outbox folder: the user's invoicing program drops FA(3) files, KSeF Desk sends them.

Each file goes to the company that is its seller. Accepted files move to ``zaimportowane/`` (the
outbox keeps the bytes, so nothing is lost if the folder is cleaned); refused ones to
``odrzucone/`` next to a ``.txt`` that says why, in Polish and English. Files changed in the last
seconds are left for the next scan: the other program may still be writing them.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ksefdesk.core.errors import UserError
from ksefdesk.core.offline import OfflineMode
from ksefdesk.services.send import Sender
from ksefdesk.services.tasks import TaskRunner

log = logging.getLogger(__name__)
IMPORTED = "zaimportowane"
REFUSED = "odrzucone"
SETTLE_S = 2.0
MAX_FILE_BYTES = 3_000_000  # KSeF's limit for one invoice with attachments


@dataclass
class FolderScan:
    queued: list[tuple[str, str]] = field(default_factory=list)  # (file name, NIP)
    refused: list[tuple[str, UserError]] = field(default_factory=list)

    @property
    def companies(self) -> set[str]:
        return {nip for _, nip in self.queued}


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    counter = 1
    while target.exists():
        target = folder / f"{Path(name).stem} ({counter}){Path(name).suffix}"
        counter += 1
    return target


def read_invoice_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UserError("send.invalid_invoice", file=path.name, problems="> 3 MB")
        return path.read_bytes()
    except OSError as exc:
        raise UserError("send.unreadable_file", file=path.name, details=str(exc)) from exc


def import_files(sender: Sender, paths: list[Path], offline_mode: OfflineMode | None = None) -> FolderScan:
    """Queue these files (file dialog, drag and drop): each to the company that is its seller."""
    scan = FolderScan()
    for path in paths:
        try:
            nip, _ = sender.enqueue(None, path.name, read_invoice_file(path), offline_mode=offline_mode)
            scan.queued.append((path.name, nip))
        except UserError as exc:
            scan.refused.append((path.name, exc))
    return scan


def scan_folder(sender: Sender, folder: Path, *, settle_s: float = SETTLE_S) -> FolderScan:
    scan = FolderScan()
    if not folder.is_dir():
        return scan
    now = time.time()
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".xml"):
        try:
            if now - path.stat().st_mtime < settle_s:
                continue
        except OSError:
            continue
        result = import_files(sender, [path])
        scan.queued += result.queued
        scan.refused += result.refused
        destination = folder / (IMPORTED if result.queued else REFUSED)
        try:
            destination.mkdir(exist_ok=True)
            target = _free_name(destination, path.name)
            path.replace(target)
            for name, error in result.refused:
                target.with_name(target.name + ".txt").write_text(
                    f"{name}\n\n{error.full_text('pl')}\n\n{error.full_text('en')}\n", encoding="utf-8"
                )
        except OSError as exc:  # queued already; it stays in place and is the same item next time
            log.warning("cannot move %s out of the outbox folder: %s", path.name, exc)
    return scan


class OutboxFolderWatcher(QObject):
    """Looks into the folder every few seconds (polling also works on network drives, where file
    system notifications often do not) and queues what it finds, in a worker."""

    scanned = Signal(object)  # FolderScan, when a scan queued or refused something

    def __init__(self, sender: Sender, runner: TaskRunner, folder: Path | None, interval_ms: int = 10_000) -> None:
        super().__init__()
        self.outbox_sender, self.runner, self.folder = sender, runner, folder
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.scan_now)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def set_folder(self, folder: Path | None) -> None:
        self.folder = folder

    def scan_now(self) -> None:
        folder = self.folder
        if folder is None or self._busy:
            return
        self._busy = True
        self.runner.run(lambda cancel: scan_folder(self.outbox_sender, folder), self._done, self._failed)

    def _done(self, scan: object) -> None:
        self._busy = False
        if isinstance(scan, FolderScan) and (scan.queued or scan.refused):
            self.scanned.emit(scan)

    def _failed(self, error: UserError) -> None:
        self._busy = False
        log.warning("outbox folder scan failed: %s", error.code)

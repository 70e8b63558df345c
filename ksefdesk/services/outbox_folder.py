"""A watched outbox folder: the user's invoicing program drops FA(3) files, KSeF Desk sends them.

Each file goes to the company that is its seller. Accepted files move to ``zaimportowane/`` (the
outbox keeps the bytes, so nothing is lost if the folder is cleaned); refused ones to
``odrzucone/`` next to a private ``.txt`` that says why, in Polish and English, without quoting the
file. A file is read only once it has stopped changing (the same size, time stamp and identity in
two scans, whatever its clock says) and only if it is a plain file: a link could point at any
invoice readable on this computer, which would then be sent to KSeF.
"""

from __future__ import annotations

import logging
import os
import re
import stat
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


Signature = tuple[int, int, int]  # size, modification time (ns), inode: what "unchanged" means


def _signature(info: os.stat_result) -> Signature:
    return info.st_size, info.st_mtime_ns, info.st_ino


class _StillChanging(Exception):
    """The file changed while it was read: left for the next scan."""


def _read_settled(path: Path, expected: Signature) -> bytes:
    """The file's bytes, opened without following a link, if it is still what the scan saw."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise UserError("send.unreadable_file", file=path.name, details=exc.strerror or str(exc)) from exc
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise UserError("send.link_refused", file=path.name)
        if _signature(before) != expected:
            raise _StillChanging
        if before.st_size > MAX_FILE_BYTES:
            raise UserError("send.invalid_invoice", file=path.name, problems="> 3 MB")
        pieces, left = [], MAX_FILE_BYTES + 1
        while left > 0:
            piece = os.read(fd, min(left, 1 << 16))
            if not piece:
                break
            pieces.append(piece)
            left -= len(piece)
        if _signature(os.fstat(fd)) != expected or _signature(os.stat(path, follow_symlinks=False)) != expected:
            raise _StillChanging
        return b"".join(pieces)
    finally:
        os.close(fd)


_QUOTED = re.compile(r"„[^”]*”|“[^”]*”|(?<!\w)'[^']*'(?!\w)")  # not the apostrophe of "KSeF's"


def _note(error: UserError, name: str) -> str:
    """Why a file was refused, in both languages, with every value quoted from the file left out
    (messages may quote a field's content) and without technical details."""

    def plain(text: str) -> str:
        return _QUOTED.sub("…", text)

    parts = [name, ""]
    for lang in ("pl", "en"):
        parts += [plain(error.message(lang)), plain(error.action(lang)), f"[{error.code}]", ""]
    return "\n".join(parts)


def _write_private(path: Path, text: str) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags, 0o600), "wb") as handle:
        handle.write(text.encode("utf-8"))


def _move_out(folder: Path, path: Path, accepted: bool, refused: list[tuple[str, UserError]]) -> None:
    destination = folder / (IMPORTED if accepted else REFUSED)
    try:
        destination.mkdir(mode=0o700, exist_ok=True)
        if destination.is_symlink() or not destination.is_dir():  # someone else's link: never move files there
            log.warning("%s in the outbox folder is not a plain folder: %s left in place", destination.name, path.name)
            return
        target = _free_name(destination, path.name)
        path.replace(target)  # a link is moved as the link itself
        for name, error in refused:
            _write_private(target.with_name(target.name + ".txt"), _note(error, name))
    except OSError as exc:  # queued already; it stays in place and is the same item next time
        log.warning("cannot move %s out of the outbox folder: %s", path.name, exc)


def scan_folder(
    sender: Sender, folder: Path, *, settle_s: float = SETTLE_S, state: dict[str, Signature] | None = None
) -> FolderScan:
    """Queue the folder's settled invoice files. With ``state`` (kept by the watcher between scans) a file
    is read once it is unchanged since the previous scan, whatever its time stamp (also one dated in the
    future); without it, once its time stamp is at least ``settle_s`` old. Either way it is read only
    if it did not change while being read."""
    scan = FolderScan()
    if not folder.is_dir():
        return scan
    now_ns = time.time_ns()
    seen: dict[str, Signature] = {}
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        log.warning("cannot list the outbox folder: %s", exc)
        return scan
    for entry in entries:
        if not entry.name.lower().endswith(".xml"):
            continue
        path = Path(entry.path)
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISLNK(info.st_mode):
            refusal = [(entry.name, UserError("send.link_refused", file=entry.name))]
            scan.refused += refusal
            _move_out(folder, path, False, refusal)
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        signature = seen[entry.name] = _signature(info)
        if state is not None:
            settled = state.get(entry.name) == signature
        else:
            settled = (now_ns - info.st_mtime_ns) / 1e9 >= settle_s  # a future time stamp waits for state
        if not settled:
            continue
        try:
            nip, _ = sender.enqueue(None, entry.name, _read_settled(path, signature))
            result = FolderScan(queued=[(entry.name, nip)])
        except _StillChanging:
            continue
        except UserError as exc:
            result = FolderScan(refused=[(entry.name, exc)])
        scan.queued += result.queued
        scan.refused += result.refused
        seen.pop(entry.name, None)
        _move_out(folder, path, bool(result.queued), result.refused)
    if state is not None:
        state.clear()
        state.update(seen)
    return scan


class OutboxFolderWatcher(QObject):
    """Looks into the folder every few seconds (polling also works on network drives, where file
    system notifications often do not) and queues what it finds, in a worker."""

    scanned = Signal(object)  # FolderScan, when a scan queued or refused something

    def __init__(self, sender: Sender, runner: TaskRunner, folder: Path | None, interval_ms: int = 10_000) -> None:
        super().__init__()
        self.outbox_sender, self.runner, self.folder = sender, runner, folder
        self._busy = False
        self._seen: dict[str, Signature] = {}  # what the last scan saw: a file is read once it stops changing
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.scan_now)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def set_folder(self, folder: Path | None) -> None:
        if folder != self.folder:
            self._seen = {}
        self.folder = folder

    def scan_now(self) -> None:
        folder = self.folder
        if folder is None or self._busy:
            return
        self._busy = True
        self.runner.run(
            lambda cancel: scan_folder(self.outbox_sender, folder, state=self._seen), self._done, self._failed
        )

    def _done(self, scan: object) -> None:
        self._busy = False
        if isinstance(scan, FolderScan) and (scan.queued or scan.refused):
            self.scanned.emit(scan)

    def _failed(self, error: UserError) -> None:
        self._busy = False
        log.warning("outbox folder scan failed: %s", error.code)

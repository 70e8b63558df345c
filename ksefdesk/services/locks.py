"""Locks between processes on one data folder (the window, the command line, a second window): an
OS file lock, released by the OS when the process ends, even when it is killed, so a crash never
leaves a stale lock behind."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from types import TracebackType

WAIT_STEP_S = 0.01


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and any missing parents as 0700 from the start (``mkdir(parents=True)`` would
    make the parents with the default mode, e.g. a fresh data folder 0755, before anyone tightens it)."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:  # made by another process meanwhile
            continue


class ProcessLock:
    """An exclusive lock on ``path``: ``acquire`` returns False when another process has it,
    ``acquire_wait`` waits for it (for short critical sections such as a read-modify-write)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def _try(self) -> int | None:
        make_private_dirs(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        return fd

    def acquire(self) -> bool:
        fd = self._try()
        if fd is None:
            return False
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return True

    def acquire_wait(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` for the lock; False if it is still held by then."""
        deadline = time.monotonic() + timeout_s
        while not self.acquire():
            if time.monotonic() >= deadline:
                return False
            time.sleep(WAIT_STEP_S)
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        if sys.platform == "win32":
            import msvcrt

            os.lseek(self._fd, 0, os.SEEK_SET)
            msvcrt.locking(self._fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> ProcessLock:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.release()


def lock_path(database: Path, name: str) -> Path:
    """Locks live beside the database, in ``locks/``: one folder, one set of locks."""
    return database.parent / "locks" / f"{name}.lock"

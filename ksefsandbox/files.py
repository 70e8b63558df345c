"""The sandbox's files are private to the user from their first byte: folders 0700, files 0600.

Its folder holds a login kit (KSeF token, private key, PKCS#12), the JWT secret and the secret part
of its address; another account on the computer must not read any of it. Modes are given when a
file is created (never tightened afterwards), so the umask and a crash in between do not matter.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

FOLDER_MODE = 0o700
FILE_MODE = 0o600
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def private_folder(path: Path) -> Path:
    """Create ``path`` (and missing parents) as 0700; an existing folder is made 0700."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another thread made it meanwhile
            folder.mkdir(mode=FOLDER_MODE)
    if path.is_symlink() or not path.is_dir():
        raise NotADirectoryError(f"{path} is not a folder")
    if stat.S_IMODE(path.stat().st_mode) != FOLDER_MODE:
        os.chmod(path, FOLDER_MODE)
    return path


@contextlib.contextmanager
def private_writer(path: Path) -> Iterator[BinaryIO]:
    """Write ``path`` whole or not at all: a 0600 temporary file next to it, renamed over it at the end.

    The temporary name is created exclusively and never through a link, so a link planted in the
    folder cannot redirect the write."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def write_private(path: Path, data: bytes) -> None:
    with private_writer(path) as handle:
        handle.write(data)


def create_private(path: Path) -> None:
    """Make an empty 0600 file unless one exists (for files other code opens, e.g. SQLite's)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, FILE_MODE))


def make_tree_private(folder: Path) -> int:
    """Tighten what older versions left readable (0755/0644); returns how many entries changed.

    Links are neither followed nor changed: one planted in the folder must not reach other files."""
    changed = 0
    for root, folders, files in os.walk(folder, followlinks=False):
        for name, wanted in [(n, FOLDER_MODE) for n in folders] + [(n, FILE_MODE) for n in files]:
            entry = os.path.join(root, name)
            info = os.lstat(entry)
            if stat.S_ISLNK(info.st_mode) or stat.S_IMODE(info.st_mode) == wanted:
                continue
            os.chmod(entry, wanted)  # not a link (checked just above; only the owner can write here)
            changed += 1
    return changed

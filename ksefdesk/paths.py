"""Where KSeF Desk keeps its files.

By default the platform's usual locations (platformdirs). ``--data-dir DIR``, the ``KSEFDESK_HOME``
variable, or a ``portable`` marker file next to the installed executable put everything under one
folder instead, and then nothing is written outside it.
"""

from __future__ import annotations

import ntpath
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from ksefdesk import APP_ID
from ksefdesk.core.errors import UserError
from ksefdesk.services.locks import make_private_dirs

HOME_ENV = "KSEFDESK_HOME"


@dataclass(frozen=True)
class AppPaths:
    data: Path
    config: Path
    logs: Path
    cache: Path

    @property
    def database(self) -> Path:
        return self.data / "ksefdesk.db"

    @property
    def vault(self) -> Path:
        return self.data / "secrets.vault"

    def ensure(self) -> AppPaths:
        """Create the folders (private to the user, every level made 0700 from the start) or raise a
        clear error. Folders an earlier version left readable to others are closed."""
        for folder in (self.data, self.config, self.logs, self.cache, self.data / "locks"):
            try:
                make_private_dirs(folder)
                _close_if_ours(folder)
                probe = folder / ".write-test"
                probe.write_bytes(b"")
                probe.unlink()
            except OSError as exc:
                raise UserError("datadir.not_writable", path=str(folder), reason=exc.strerror or str(exc)) from exc
        return self


_OURS = frozenset({"ksefdesk.db", "secrets.vault", "locks", "logs", "config", "cache", "sandbox", ".write-test"})


def _close_if_ours(folder: Path) -> None:
    """chmod 0700 a folder of ours open to others (made by an older version, or by a lock taken
    before the folder existed). Only when it holds nothing but KSeF Desk's own files: ``--data-dir``
    may name a folder the user shares on purpose, and that is left alone."""
    if os.name != "posix":
        return
    info = folder.stat()
    if info.st_mode & 0o077 == 0 or info.st_uid != os.getuid():
        return
    names = {p.name for p in folder.iterdir()}
    if all(n in _OURS or n.startswith("ksefdesk.") for n in names):
        folder.chmod(0o700)


PORTABLE_MARKER = "portable"
PORTABLE_DATA = "KSeF Desk data"


def portable_root(executable: str | None = None, frozen: bool | None = None) -> Path | None:
    """A ``portable`` file next to the installed program's executable (a USB stick, an offline signing
    workstation): then everything is kept beside it, in "KSeF Desk data", and nothing elsewhere."""
    is_frozen = getattr(sys, "frozen", False) if frozen is None else frozen
    if not is_frozen:
        return None
    folder = Path(executable or sys.executable).resolve().parent
    return folder / PORTABLE_DATA if (folder / PORTABLE_MARKER).exists() else None


def resolve_paths(
    data_dir: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    platform: str | None = None,
) -> AppPaths:
    """--data-dir, else KSEFDESK_HOME, else portable mode, else the platform's usual folders.
    ``platform`` is ``sys.platform`` unless a test says otherwise (the Windows layout checked on Linux)."""
    env = os.environ if environ is None else environ
    portable = portable_root()
    root_text = os.fspath(data_dir) if data_dir else env.get(HOME_ENV, "") or (str(portable) if portable else "")
    if root_text:
        root = Path(root_text).expanduser().resolve()
        return AppPaths(data=root, config=root / "config", logs=root / "logs", cache=root / "cache")
    if (platform or sys.platform) == "win32" and (local := windows_local_app_data(env)):
        return _windows_paths(local)
    return AppPaths(
        data=Path(platformdirs.user_data_dir(APP_ID, appauthor=False)),
        config=Path(platformdirs.user_config_dir(APP_ID, appauthor=False)),
        logs=Path(platformdirs.user_log_dir(APP_ID, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_ID, appauthor=False)),
    )


def windows_local_app_data(environ: Mapping[str, str]) -> str | None:
    """%LOCALAPPDATA% when it is an absolute Windows path (``C:\\Users\\Łukasz Żółć\\AppData\\Local``), else None.
    Local, not roaming (%APPDATA%): invoices and the database must not follow the user between machines."""
    value = environ.get("LOCALAPPDATA", "").strip()
    drive, rest = ntpath.splitdrive(value)
    return ntpath.normpath(value) if drive and rest.startswith(("\\", "/")) else None


def _windows_paths(local: str) -> AppPaths:
    """platformdirs' Windows layout for the app (not roaming, no author folder), built with Windows path rules
    so that it reads the same when computed elsewhere: data and settings in ksefdesk, logs and cache inside."""
    data = ntpath.join(local, APP_ID)
    return AppPaths(
        data=Path(data), config=Path(data), logs=Path(ntpath.join(data, "Logs")), cache=Path(ntpath.join(data, "Cache"))
    )

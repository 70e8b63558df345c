"""Where KSeF Desk keeps its files.

By default the platform's usual locations (platformdirs). ``--data-dir DIR`` or the
``KSEFDESK_HOME`` variable put everything under one folder instead: tests and portable
installs use that, and then nothing is written outside it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from ksefdesk import APP_ID
from ksefdesk.core.errors import UserError

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
        """Create the folders (private to the user) or raise a clear error."""
        for folder in (self.data, self.config, self.logs, self.cache):
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                probe = folder / ".write-test"
                probe.write_bytes(b"")
                probe.unlink()
            except OSError as exc:
                raise UserError("datadir.not_writable", path=str(folder), reason=exc.strerror or str(exc)) from exc
        return self


def resolve_paths(data_dir: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None) -> AppPaths:
    env = os.environ if environ is None else environ
    root_text = os.fspath(data_dir) if data_dir else env.get(HOME_ENV, "")
    if root_text:
        root = Path(root_text).expanduser().resolve()
        return AppPaths(data=root, config=root / "config", logs=root / "logs", cache=root / "cache")
    return AppPaths(
        data=Path(platformdirs.user_data_dir(APP_ID, appauthor=False)),
        config=Path(platformdirs.user_config_dir(APP_ID, appauthor=False)),
        logs=Path(platformdirs.user_log_dir(APP_ID, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_ID, appauthor=False)),
    )

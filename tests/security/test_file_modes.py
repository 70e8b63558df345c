"""Everything the app creates is private from its first byte: the data folder after the window's first
start, the log after rotation, the pre-migration backup, exports; core dumps are off; a data folder whose
name is not UTF-8 still gets a working log."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ksefdesk.core.redaction import Redactor
from ksefdesk.logging_setup import setup_logging
from ksefdesk.services.store import Database

ROOT = Path(__file__).resolve().parents[2]
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def _python(code: str, *args: str | bytes, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter under the usual umask 022 (a new process: pytest's umask is untouched)."""
    wrapped = "import os, sys\nfrom pathlib import Path\nos.umask(0o022)\n" + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", wrapped, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "KSEFDESK_SECRETS": "memory", **(env or {})},
        timeout=120,
        check=False,
    )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@POSIX
def test_the_data_folder_is_private_after_the_windows_first_start(tmp_path: Path) -> None:
    data = tmp_path / "nowy" / "KSeF Desk data"
    result = _python(
        """
        from ksefdesk.app import build_context
        from ksefdesk.paths import resolve_paths
        from ksefdesk.services.locks import ProcessLock, lock_path
        # what ui/launch.py does: the window lock first, then the services
        lock = ProcessLock(lock_path(resolve_paths(sys.argv[1]).database, "window"))
        assert lock.acquire()
        build_context(sys.argv[1], lang="en").close()
        """,
        str(data),
    )
    assert result.returncode == 0, result.stderr
    for folder in (data, data / "locks", data / "logs", data / "config", data / "cache"):
        assert _mode(folder) & 0o077 == 0, f"{folder}: {oct(_mode(folder))}"
    assert _mode(data.parent) & 0o077 == 0  # a parent the app had to create too


@POSIX
def test_a_data_folder_left_open_by_an_earlier_version_is_closed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "locks").mkdir(parents=True, mode=0o755)
    data.chmod(0o755)
    (data / "locks").chmod(0o755)
    result = _python("from ksefdesk.app import build_context\nbuild_context(sys.argv[1], lang='en').close()", str(data))
    assert result.returncode == 0, result.stderr
    assert _mode(data) & 0o077 == 0 and _mode(data / "locks") & 0o077 == 0


@POSIX
def test_the_log_is_private_after_rotation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log_file = setup_logging(tmp_path, Redactor())
    monkeypatch.setattr(os, "umask", os.umask)  # (restored by monkeypatch; the handler must not rely on it)
    previous = os.umask(0o022)
    try:
        handler = next(h for h in logging.getLogger().handlers if getattr(h, "_ksefdesk_handler", False))
        logging.getLogger("ksefdesk.test").info("before rotation")
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        handler.doRollover()
        logging.getLogger("ksefdesk.test").info("after rotation")
    finally:
        os.umask(previous)
    assert _mode(log_file) == 0o600 and _mode(log_file.with_name(log_file.name + ".1")) == 0o600
    for handler in [h for h in logging.getLogger().handlers if getattr(h, "_ksefdesk_handler", False)]:
        logging.getLogger().removeHandler(handler)
        handler.close()


@POSIX
def test_the_pre_migration_backup_is_private_from_its_first_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ksefdesk.db"
    Database(path, target_version=8).close()
    chmods: list[Path] = []
    monkeypatch.setattr(Path, "chmod", lambda self, mode: chmods.append(self))  # no tightening afterwards
    previous = os.umask(0o022)
    try:
        Database(path).close()  # 8 -> latest: backup first
    finally:
        os.umask(previous)
    (backup,) = tmp_path.glob("*.bak")
    assert _mode(backup) == 0o600, oct(_mode(backup))


@POSIX
def test_every_file_and_folder_a_run_creates_is_private(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "eksport"
    result = _python(
        """
        from ksefdesk.cli import run
        from ksefdesk.core.invoices import Direction
        from ksefdesk.services.store import CompanyRepository, Database
        from ksefdesk.services.ksef.answers import InvoiceMetadata
        from ksefdesk.services.store.invoices import InvoiceRepository, ReceivedInvoice
        data, out = sys.argv[1], sys.argv[2]
        assert run(["--data-dir", data, "company", "add", "--nip", "5265877635", "--env", "test"]) == 0
        db = Database(Path(data) / "ksefdesk.db")
        company = CompanyRepository(db).get("5265877635")
        meta = InvoiceMetadata("5265877635-20261124-0100000000AA-01", "", issue_date="2026-11-24")
        InvoiceRepository(db).store(company.id, Direction.PURCHASE, [ReceivedInvoice(meta, b"<Faktura/>")])
        db.close()
        assert run(["--data-dir", data, "export", "--nip", "5265877635", "--out", out, "--csv", out + ".csv"]) == 0
        assert run(["--data-dir", data, "info"]) == 0
        """,
        str(data),
        str(out),
    )
    assert result.returncode == 0, result.stderr
    created = [data, *data.rglob("*"), out, *out.rglob("*"), tmp_path / "eksport.csv"]
    opened = [f"{p} {oct(_mode(p))}" for p in created if _mode(p) & 0o077]
    assert opened == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_CORE and PR_SET_DUMPABLE are Linux's")
def test_core_dumps_are_off_for_the_apps_process(tmp_path: Path) -> None:
    result = _python(
        """
        import ctypes, resource
        from ksefdesk.app import build_context
        build_context(sys.argv[1], lang="en").close()
        libc = ctypes.CDLL(None, use_errno=True)
        print(resource.getrlimit(resource.RLIMIT_CORE)[0], libc.prctl(3, 0, 0, 0, 0))  # 3 = PR_GET_DUMPABLE
        """,
        str(tmp_path / "data"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "0"]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are bytes only on Linux")
def test_a_data_folder_whose_name_is_not_utf8_still_logs(tmp_path: Path) -> None:
    data = os.fsencode(tmp_path) + b"/dane-\xff\xfe"
    result = subprocess.run(
        [sys.executable, "-m", "ksefdesk", "--data-dir", data, "info"],
        capture_output=True,
        text=True,
        errors="backslashreplace",
        cwd=ROOT,
        env={**os.environ, "KSEFDESK_SECRETS": "memory"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Logging error" not in result.stderr and "UnicodeEncodeError" not in result.stderr
    logged = (Path(os.fsdecode(data)) / "logs" / "ksefdesk.log").read_text(encoding="utf-8")
    assert "starting, data in" in logged and "migrated from schema" in logged

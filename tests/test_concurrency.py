"""Two processes on one data folder: one window only (a second start brings it forward), and never two
syncs or two sends of one company at once, even across processes; a killed holder frees its lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.crash import NIP, CliUnderTest, sales_invoices
from ksefdesk.services.locks import ProcessLock, lock_path
from ksefsandbox.app import SandboxConfig
from ksefsandbox.seed import login_kit
from ksefsandbox.server import SandboxServer

pytestmark = pytest.mark.slow


def _window(data: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KSEFDESK_SECRETS": "memory"}
    return subprocess.Popen(
        [sys.executable, "-m", "ksefdesk", "--data-dir", str(data), "--lang", "en"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_shown(data: Path, process: subprocess.Popen[str]) -> None:
    log = data / "logs" / "ksefdesk.log"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if log.exists() and log.read_text(encoding="utf-8").count("window shown") >= 1:
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError("the window never showed")


def test_one_window_per_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _window(data)
    try:
        _wait_shown(data, first)
        second = _window(data)
        _, err = second.communicate(timeout=30)
        # a second start brings the running window forward instead of an error (issue 22)
        assert second.returncode == 0 and "already running" in err, err
        log = data / "logs" / "ksefdesk.log"
        deadline = time.monotonic() + 10
        while "a second start brought the window forward" not in log.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the running window never heard of the second start"
            time.sleep(0.05)
        assert first.poll() is None  # the first window runs on
        other = _window(tmp_path / "other")  # another data folder: another window is fine
        _wait_shown(tmp_path / "other", other)
        other.kill()
        other.wait()
    finally:
        first.send_signal(signal.SIGKILL)  # killed, not closed: the OS frees the lock
        first.wait()
    third = _window(data)
    try:
        (data / "logs" / "ksefdesk.log").write_text("", encoding="utf-8")
        _wait_shown(data, third)
    finally:
        third.kill()
        third.wait()


def test_no_two_syncs_or_sends_of_one_company_across_processes(
    tmp_path: Path, start_sandbox: Callable[..., SandboxServer]
) -> None:
    server = start_sandbox(SandboxConfig(rate_scale=0, token_activation_s=0.05))

    class Kit:
        base_url = server.base_url
        ksef_token = login_kit(server.sandbox, NIP).ksef_token

    cli = CliUnderTest(tmp_path / "app", Kit())
    database = cli.data / "ksefdesk.db"
    files = [str(p) for p in sales_invoices(tmp_path / "out", 2)]
    for name, args, code in (
        ("sync", ("sync", "--nip", NIP), "[sync.already_running]"),
        ("send", ("send", "--nip", NIP, *files), "[send.already_running]"),
    ):
        with ProcessLock(lock_path(database, f"{name}-sandbox-{NIP}")) as other_process:
            assert other_process.acquire()
            done = subprocess.run(cli.command(*args), env=cli.env, capture_output=True, text=True, timeout=120)
            assert done.returncode == 1 and code in done.stderr, done.stderr
        cli.run(*args)  # the other process is done: now it runs
    rows = server.sandbox.state.all("SELECT invoice_number FROM invoices WHERE seller_nip = ?", (NIP,))
    assert sorted(r["invoice_number"] for r in rows) == ["FV/AWARIA/0001", "FV/AWARIA/0002"]

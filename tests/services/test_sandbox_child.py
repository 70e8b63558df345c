"""The app's sandbox runs in a child process of its own (issue 19) and ends with the app: when it is
stopped, and when the app dies without a word (SIGKILL)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from ksefdesk.core.errors import UserError
from ksefdesk.core.redaction import Redactor
from ksefdesk.services.sandbox_host import InProcessSandboxHost, SandboxChild, SandboxHost
from ksefsandbox.config import SandboxConfig
from ksefsandbox.hosted import CHILD_FLAG, config_from_json, config_to_json
from tests.sandbox.kit import Client

NIP = "5265877635"
ROOT = Path(__file__).resolve().parent.parent.parent


def alive(pid: int) -> bool:
    """A process that has ended, reaped or not (a zombie waits for a parent that may never reap it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return False
    return True


def wait_until(condition: object, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return bool(condition())  # type: ignore[operator]


@pytest.fixture
def folder(tmp_path: Path, keys_template: Path) -> Path:
    shutil.copytree(keys_template, tmp_path / "sb" / "keys")
    return tmp_path / "sb"


def test_the_child_serves_a_real_login_from_another_process(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ksefsandbox.child")  # the child logs at its parent's level
    redactor = Redactor()
    host = SandboxHost(folder, SandboxConfig(rate_scale=0), port=0, redactor=redactor)
    assert not host.running and host.pid is None  # lazy: nothing starts before it is needed
    try:
        url = host.base_url()
        pid = host.pid
        assert pid is not None and pid != os.getpid() and alive(pid)
        kit = host.demo_kit(NIP, invoices=3)
        assert Client(url).login_token(NIP, kit.ksef_token).access  # a real login, over HTTP
        assert kit.pkcs12_file.is_relative_to(folder) and kit.pkcs12_file.exists()
        faults = requests.get(host.admin_url("faults"), headers={"X-Sandbox-Admin-Key": host.admin_key}, timeout=10)
        assert faults.status_code == 200 and faults.json()["maintenance"] is False
        secret = url.split("/")[3]
        for value in (secret, host.admin_key, kit.ksef_token, kit.pkcs12_password):
            assert value not in redactor.redact(f"x {value} y")
        # The child's log reaches this process's log, and carries none of the secrets.
        assert wait_until(lambda: "sandbox database migrated" in caplog.text, 5)
        assert secret not in caplog.text and kit.ksef_token not in caplog.text
    finally:
        host.stop()
    assert not host.running and not alive(pid)


def test_stop_ends_the_child_and_a_second_start_gets_a_new_one(folder: Path) -> None:
    host = SandboxHost(folder, SandboxConfig(rate_scale=0), port=0)
    first = host.base_url()
    pid = host.pid
    assert pid is not None
    host.stop()
    assert not alive(pid)
    with pytest.raises(requests.ConnectionError):
        requests.get(first.rsplit("/", 2)[0] + "/latarnia/status", timeout=5)
    try:
        second = host.base_url()
        assert host.pid not in (None, pid) and alive(host.pid)  # type: ignore[arg-type]
        assert requests.get(second.rsplit("/", 2)[0] + "/latarnia/status", timeout=5).status_code == 200
    finally:
        host.stop()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_a_child_killed_from_outside_is_replaced_on_the_next_use(folder: Path) -> None:
    host = SandboxHost(folder, SandboxConfig(rate_scale=0), port=0)
    try:
        first = host.base_url()
        pid = host.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)  # a task manager, the OOM killer
        assert wait_until(lambda: not alive(pid), 5)
        # ...and the kernel has it reaped-ready (a process a microsecond into its death still polls as running)
        assert wait_until(lambda: host._running is not None and not host._running.alive(), 5)
        url = host.base_url()  # the address secret is the folder's: only the port may change
        assert url.rsplit("/", 2)[1] == first.rsplit("/", 2)[1] and host.pid not in (None, pid)
        assert Client(url).login_token(NIP, host.demo_kit(NIP, invoices=0).ksef_token).access
    finally:
        host.stop()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_a_child_gone_mid_way_is_a_users_error_not_a_hang(folder: Path) -> None:
    child = SandboxChild(folder, SandboxConfig(rate_scale=0), 0)
    try:
        os.kill(child.pid, signal.SIGKILL)
        with pytest.raises(UserError) as caught:
            child.request("stats")
        assert caught.value.code == "sandbox.process_failed" and "ended" in caught.value.details
    finally:
        child.stop()


PARENT = """
import sys, time
from pathlib import Path
from ksefdesk.services.sandbox_host import SandboxHost
from ksefsandbox.config import SandboxConfig

host = SandboxHost(Path(sys.argv[1]), SandboxConfig(rate_scale=0), port=0)
host.base_url()
print(host.pid, flush=True)
time.sleep(600)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_the_child_ends_when_its_parent_is_killed(folder: Path) -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(folder)], stdout=subprocess.PIPE, cwd=ROOT, text=True)
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert child != parent.pid and alive(child)
        parent.send_signal(signal.SIGKILL)  # no cleanup runs in the parent: only the closed pipe tells
        parent.wait(10)
        assert wait_until(lambda: not alive(child), 5), f"sandbox process {child} outlived its parent"
    finally:
        parent.kill()
        parent.wait(10)


def _taken_port() -> socket.socket:
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    return holder


@pytest.mark.parametrize("kind", [SandboxHost, InProcessSandboxHost], ids=["child", "in-process"])
def test_a_taken_port_falls_back_to_a_free_one(folder: Path, kind: type[SandboxHost]) -> None:
    holder = _taken_port()
    taken = holder.getsockname()[1]
    host = kind(folder, SandboxConfig(rate_scale=0), port=taken)
    try:
        url = host.base_url()
        assert f":{taken}/" not in url
        assert requests.get(url.rsplit("/", 2)[0] + "/latarnia/status", timeout=10).json()["status"] == "AVAILABLE"
    finally:
        host.stop()
        holder.close()


def test_a_sandbox_that_cannot_start_is_the_users_error_not_a_hang(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "sandbox.db").write_bytes(b"this is not a database, but it is long enough to be read" * 20)
    host = SandboxHost(folder, port=0)
    with pytest.raises(UserError) as caught:
        host.base_url()
    assert caught.value.code == "store.unreadable" and str(folder) in caught.value.message("en")
    assert not host.running


def test_the_bundles_hidden_argument_runs_the_child(folder: Path) -> None:
    """A frozen bundle has no ``-m``: the app's own entry point dispatches to the sandbox child."""
    config = config_to_json(SandboxConfig(rate_scale=0))
    child = subprocess.Popen(
        [sys.executable, "-m", "ksefdesk", CHILD_FLAG, "--data", str(folder), "--port", "0", "--config", config],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        ready = json.loads(child.stdout.readline())["ready"]
        assert ready["pid"] == child.pid and ready["base_url"].startswith(ready["origin"] + "/")
        child.stdin.write(b'{"op": "stats"}\n')
        child.stdin.flush()
        assert json.loads(child.stdout.readline()) == {"ok": {"calls": {}, "refused": {}}}
        child.stdin.close()  # EOF: the child ends on its own
        assert child.wait(10) == 0
    finally:
        child.kill()
        child.wait(10)


def test_the_configuration_crosses_the_boundary_unchanged_and_checked() -> None:
    config = SandboxConfig(rate_scale=0.5, max_truncation=7, challenge_ttl_s=3, strict_arithmetic=True)
    assert config_from_json(config_to_json(config)) == config
    for bad in (
        '{"rate_scal": 1}',
        '{"max_truncation": 1.5}',
        '{"rate_scale": true}',
        '{"strict_arithmetic": 1}',
        "[]",
    ):
        with pytest.raises(ValueError):
            config_from_json(bad)


def test_a_frozen_bundle_starts_its_child_through_its_own_executable(monkeypatch: pytest.MonkeyPatch) -> None:
    from ksefsandbox.hosted import child_command

    plain = child_command(Path("/data/sb"), SandboxConfig(), 8765, "INFO")
    assert plain[:3] == [sys.executable, "-m", "ksefsandbox"] and "--port" in plain
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # what PyInstaller's bootloader sets
    frozen = child_command(Path("/data/sb"), SandboxConfig(), 8765, "INFO")
    assert frozen[:2] == [sys.executable, CHILD_FLAG] and frozen[2:] == plain[3:]

"""The local sandbox, started by the app when the user picks it (no separate command needed), in a
child process of its own: the demo does not share the GUI's interpreter, and it ends with the app.

Companies on the sandbox keep the default address; ``AppContext.api_for`` resolves it to this
server's real one, so a different free port after a restart changes nothing for the user.

The real address carries a secret first path segment (``http://127.0.0.1:PORT/<secret>/v2``) and
the admin switches a per-run key: another account on this computer sees the port, not these. Both
reach this process through the child's stdout pipe only (``ksefsandbox.hosted``), are registered
with the redactor, and never reach the log.

``InProcessSandboxHost`` runs the same server in a thread of this process instead, for tests and
scripts that reach into the sandbox's state (``server()``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from ksefdesk.core.errors import UserError
from ksefdesk.core.redaction import Redactor
from ksefsandbox.config import SandboxConfig
from ksefsandbox.hosted import Ready, child_command, decode, encode
from ksefsandbox.kit import LoginKit

if TYPE_CHECKING:
    from ksefsandbox.server import SandboxServer

log = logging.getLogger(__name__)
child_log = logging.getLogger("ksefsandbox.child")
DEFAULT_PORT = 8765
DEMO_NIP = "5265877635"  # any valid NIP works in the sandbox; this one is easy to recognise
START_TIMEOUT_S = 120.0  # a first start makes the sandbox's RSA keys
STOP_TIMEOUT_S = 10.0


class SandboxChildError(UserError):
    """The child could not start, has ended, or a command failed in it; ``details`` says how."""

    def __init__(self, details: str) -> None:
        super().__init__("sandbox.process_failed", details=details)


class RunningSandbox(Protocol):
    """A started sandbox, wherever it runs."""

    @property
    def ready(self) -> Ready: ...

    def demo_kit(self, nip: str, invoices: int) -> LoginKit: ...

    def alive(self) -> bool: ...

    def stop(self) -> None: ...


class SandboxChild:
    """``python -m ksefsandbox`` as a child process, spoken to over its stdin and stdout."""

    def __init__(self, folder: Path, config: SandboxConfig, port: int, *, redactor: Redactor | None = None) -> None:
        self._process = subprocess.Popen(
            child_command(folder, config, port, _level_name(child_log.getEffectiveLevel())),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_child_environment(),
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # Windows: no console behind the GUI
        )
        self._replies: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._lock = threading.Lock()  # one command at a time: a reply belongs to the last command
        self._secrets_known = threading.Event()  # the child's log waits until its secrets are redacted
        assert self._process.stdout is not None and self._process.stderr is not None
        threading.Thread(
            target=self._read_replies, args=(self._process.stdout,), name="sandbox-out", daemon=True
        ).start()
        threading.Thread(target=self._read_log, args=(self._process.stderr,), name="sandbox-log", daemon=True).start()
        try:
            first = self._next(START_TIMEOUT_S)
            if "ready" not in first:
                raise _failure(first)
            self.ready = Ready.from_json(first["ready"])
            if redactor is not None:
                redactor.register(self.ready.address_secret)
                redactor.register(self.ready.admin_key)
        except BaseException:
            self._secrets_known.set()
            self.stop()
            raise
        self._secrets_known.set()

    @property
    def pid(self) -> int:
        return self._process.pid

    def alive(self) -> bool:
        return self._process.poll() is None

    def request(self, op: str, **args: Any) -> dict[str, Any]:
        """Send one command and wait for its answer (no time limit: seeding thousands takes a while)."""
        with self._lock:
            stdin = self._process.stdin
            if stdin is None or stdin.closed:
                raise SandboxChildError("the sandbox has been stopped")
            try:
                stdin.write(encode({"op": op, **args}))
                stdin.flush()
            except OSError as exc:
                raise SandboxChildError(f"the sandbox process has ended ({exc})") from exc
            reply = self._next(None)
        if "ok" not in reply:
            raise _failure(reply)
        result: dict[str, Any] = reply["ok"]
        return result

    def demo_kit(self, nip: str, invoices: int) -> LoginKit:
        return LoginKit.from_json(self.request("demo_kit", nip=nip, invoices=invoices)["kit"])

    def stats(self) -> tuple[dict[str, int], dict[str, int]]:
        """Requests per rate-limit group since the start (or the last reset), and the 429s among them."""
        answer = self.request("stats")
        return dict(answer["calls"]), dict(answer["refused"])

    def reset_stats(self) -> None:
        self.request("reset_stats")

    def stop(self) -> None:
        """EOF on its stdin ends the child; one that does not end in time is killed."""
        stdin = self._process.stdin
        if stdin is not None and not stdin.closed:
            with contextlib.suppress(OSError):  # a child already gone
                stdin.close()
        try:
            self._process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            log.warning("the sandbox process did not end in %.0f s: killed", STOP_TIMEOUT_S)
            self._process.kill()
            self._process.wait(STOP_TIMEOUT_S)

    def _next(self, timeout: float | None) -> dict[str, Any]:
        try:
            message = self._replies.get(timeout=timeout)
        except queue.Empty:
            raise SandboxChildError(f"the sandbox did not answer in {timeout:.0f} s") from None
        if message is None:
            self._replies.put(None)  # every later wait sees the end too
            raise SandboxChildError(f"the sandbox process has ended (exit code {self._process.poll()})")
        return message

    def _read_replies(self, stream: IO[bytes]) -> None:
        try:
            for line in stream:
                try:
                    self._replies.put(decode(line))
                except ValueError:
                    log.warning("the sandbox printed something that is not a message (%d bytes)", len(line))
        finally:
            self._replies.put(None)

    def _read_log(self, stream: IO[bytes]) -> None:
        """The child's log lines ("LEVEL logger: text"), into this process's log at their level."""
        level = logging.INFO
        for raw in stream:
            self._secrets_known.wait()
            line = raw.decode("utf-8", "replace").rstrip()
            name, _, rest = line.partition(" ")
            known = logging.getLevelName(name)  # a traceback's lines carry no level: they keep the last one
            if isinstance(known, int):
                level, line = known, rest
            child_log.log(level, "%s", line)


def _level_name(level: int) -> str:
    """The child logs what this process would keep of it."""
    return next((name for limit, name in ((10, "DEBUG"), (20, "INFO"), (30, "WARNING")) if level <= limit), "ERROR")


def _child_environment() -> dict[str, str]:
    """This process's environment; from a checkout, the folder holding ``ksefsandbox`` goes first on
    the child's path, so that ``-m ksefsandbox`` finds the same code wherever the app was started."""
    env = dict(os.environ)
    if not getattr(sys, "frozen", False):
        import ksefsandbox

        root = str(Path(ksefsandbox.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def _failure(message: dict[str, Any]) -> Exception:
    error = message.get("error") or {}
    if isinstance(error, dict) and isinstance(error.get("code"), str):
        try:
            return UserError(error["code"], details=str(error.get("details", "")), **dict(error.get("params") or {}))
        except KeyError:  # a code this catalogue does not know
            pass
    return SandboxChildError(str(error.get("message", error) if isinstance(error, dict) else error))


class _ThreadSandbox:
    """The same server in a thread of this process."""

    def __init__(self, folder: Path, config: SandboxConfig, port: int, *, redactor: Redactor | None) -> None:
        from ksefsandbox.server import SandboxServer

        try:
            server = SandboxServer(folder, port=port, config=config)
        except OSError:
            server = SandboxServer(folder, port=0, config=config)
        if redactor is not None:
            redactor.register(server.sandbox.keys.address_secret)
            redactor.register(server.admin_key)
        self.server = server.start()
        sandbox = server.sandbox
        self.ready = Ready(server.base_url, server.root_url, sandbox.origin, server.admin_key, server.port, os.getpid())

    def demo_kit(self, nip: str, invoices: int) -> LoginKit:
        from ksefsandbox.seed import login_kit, seed_invoices

        seed_invoices(self.server.sandbox, nip, invoices)
        return login_kit(self.server.sandbox, nip)

    def alive(self) -> bool:
        return True  # it lives and dies with this process

    def stop(self) -> None:
        self.server.stop()


class SandboxHost:
    """The app's sandbox: started on first use (from a worker thread: it takes a moment), stopped
    with the app. Taken port: a free one."""

    def __init__(
        self,
        folder: Path,
        config: SandboxConfig | None = None,
        port: int = DEFAULT_PORT,
        *,
        redactor: Redactor | None = None,
    ) -> None:
        self.folder = folder
        self.config = config or SandboxConfig()
        self.port = port
        self.redactor = redactor
        self._running: RunningSandbox | None = None
        self._lock = threading.Lock()

    def _launch(self) -> RunningSandbox:
        return SandboxChild(self.folder, self.config, self.port, redactor=self.redactor)

    def _started(self) -> RunningSandbox:
        with self._lock:
            if self._running is not None and not self._running.alive():
                # Killed from outside (a task manager, the OOM killer): the next use starts a new one, at
                # a new secret address, which api_for resolves the default address to like the first.
                log.warning("the sandbox process %d has ended: starting a new one", self._running.ready.pid)
                self._running.stop()
                self._running = None
            if self._running is None:
                self._running = self._launch()
                log.info(
                    "sandbox started (process %d) at http://127.0.0.1:%d/…/v2 (address secret not logged)",
                    self._running.ready.pid,
                    self._running.ready.port,
                )
            return self._running

    def base_url(self) -> str:
        """The KSeF API address of the hosted sandbox, secret part included."""
        return self._started().ready.base_url

    @property
    def admin_key(self) -> str:
        """This run's key for the admin switches (``X-Sandbox-Admin-Key``)."""
        return self._started().ready.admin_key

    def admin_url(self, name: str) -> str:
        return self._started().ready.admin_url(name)

    @property
    def running(self) -> bool:
        return self._running is not None

    @property
    def pid(self) -> int | None:
        """The process serving the sandbox (this one for ``InProcessSandboxHost``), None before the start."""
        running = self._running
        return running.ready.pid if running is not None else None

    def demo_kit(self, nip: str = DEMO_NIP, invoices: int = 40) -> LoginKit:
        """A ready KSeF token and certificate for ``nip``, with some purchase invoices to receive."""
        kit = self._started().demo_kit(nip, invoices)
        if self.redactor is not None:
            self.redactor.register(kit.ksef_token)
            self.redactor.register(kit.pkcs12_password)
        return kit

    def stop(self) -> None:
        with self._lock:
            if self._running is not None:
                self._running.stop()
                self._running = None


class InProcessSandboxHost(SandboxHost):
    """The sandbox in a thread of this process, for tests and scripts that reach into its state."""

    def _launch(self) -> RunningSandbox:
        return _ThreadSandbox(self.folder, self.config, self.port, redactor=self.redactor)

    def server(self) -> SandboxServer:
        """Start the sandbox if needed, and the server object itself."""
        running = self._started()
        assert isinstance(running, _ThreadSandbox)
        return running.server

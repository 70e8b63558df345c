"""The local sandbox, started inside the app when the user picks it (no separate command needed).

Companies on the sandbox keep the default address; ``AppContext.api_for`` resolves it to this
server's real one, so a different free port after a restart changes nothing for the user.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from ksefdesk.sandbox.app import SandboxConfig
from ksefdesk.sandbox.seed import LoginKit, login_kit, seed_invoices
from ksefdesk.sandbox.server import SandboxServer

log = logging.getLogger(__name__)
DEFAULT_PORT = 8765
DEMO_NIP = "5265877635"  # any valid NIP works in the sandbox; this one is easy to recognise


class SandboxHost:
    def __init__(self, folder: Path, config: SandboxConfig | None = None, port: int = DEFAULT_PORT) -> None:
        self.folder = folder
        self.config = config or SandboxConfig()
        self.port = port
        self._server: SandboxServer | None = None
        self._lock = threading.Lock()

    def server(self) -> SandboxServer:
        """Start the sandbox if needed (on the usual port, or any free one when it is taken)."""
        with self._lock:
            if self._server is None:
                try:
                    self._server = SandboxServer(self.folder, port=self.port, config=self.config).start()
                except OSError:
                    self._server = SandboxServer(self.folder, port=0, config=self.config).start()
                log.info("sandbox started at %s", self._server.base_url)
            return self._server

    def base_url(self) -> str:
        return self.server().base_url

    @property
    def running(self) -> bool:
        return self._server is not None

    def demo_kit(self, nip: str = DEMO_NIP, invoices: int = 40) -> LoginKit:
        """A ready KSeF token and certificate for ``nip``, with some purchase invoices to receive."""
        sandbox = self.server().sandbox
        seed_invoices(sandbox, nip, invoices)
        return login_kit(sandbox, nip)

    def stop(self) -> None:
        with self._lock:
            if self._server is not None:
                self._server.stop()
                self._server = None

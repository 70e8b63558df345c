"""The local sandbox, started inside the app when the user picks it (no separate command needed).

Companies on the sandbox keep the default address; ``AppContext.api_for`` resolves it to this
server's real one, so a different free port after a restart changes nothing for the user.

The real address carries a secret first path segment (``http://127.0.0.1:PORT/<secret>/v2``) and
the admin switches a per-run key: another account on this computer sees the port, not these. Both
are registered with the redactor, so that they never reach the log.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from ksefdesk.core.redaction import Redactor
from ksefsandbox.app import SandboxConfig
from ksefsandbox.seed import LoginKit, login_kit, seed_invoices
from ksefsandbox.server import SandboxServer

log = logging.getLogger(__name__)
DEFAULT_PORT = 8765
DEMO_NIP = "5265877635"  # any valid NIP works in the sandbox; this one is easy to recognise


class SandboxHost:
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
        self._server: SandboxServer | None = None
        self._lock = threading.Lock()

    def server(self) -> SandboxServer:
        """Start the sandbox if needed (on the usual port, or any free one when it is taken)."""
        with self._lock:
            if self._server is None:
                try:
                    server = SandboxServer(self.folder, port=self.port, config=self.config)
                except OSError:
                    server = SandboxServer(self.folder, port=0, config=self.config)
                if self.redactor is not None:
                    self.redactor.register(server.sandbox.keys.address_secret)
                    self.redactor.register(server.admin_key)
                self._server = server.start()
                log.info("sandbox started at http://127.0.0.1:%d/…/v2 (address secret not logged)", server.port)
            return self._server

    def base_url(self) -> str:
        """The KSeF API address of the hosted sandbox, secret part included."""
        return self.server().base_url

    @property
    def admin_key(self) -> str:
        """This run's key for the admin switches (``X-Sandbox-Admin-Key``)."""
        return self.server().admin_key

    def admin_url(self, name: str) -> str:
        return self.server().admin_url(name)

    @property
    def running(self) -> bool:
        return self._server is not None

    def demo_kit(self, nip: str = DEMO_NIP, invoices: int = 40) -> LoginKit:
        """A ready KSeF token and certificate for ``nip``, with some purchase invoices to receive."""
        sandbox = self.server().sandbox
        seed_invoices(sandbox, nip, invoices)
        kit = login_kit(sandbox, nip)
        if self.redactor is not None:
            self.redactor.register(kit.ksef_token)
            self.redactor.register(kit.pkcs12_password)
        return kit

    def stop(self) -> None:
        with self._lock:
            if self._server is not None:
                self._server.stop()
                self._server = None

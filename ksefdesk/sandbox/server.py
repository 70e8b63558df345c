"""Running the sandbox: in the foreground (``ksefdesk sandbox``) or in a thread (the app, tests)."""

from __future__ import annotations

import errno
import logging
import threading
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from ksefdesk.sandbox.app import Faults, Sandbox, SandboxConfig

log = logging.getLogger(__name__)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        log.debug("%s %s -> %s", self.command, self.path, code)

    def log_error(self, format: str, *args: object) -> None:
        log.debug("sandbox connection: " + format, *args)


class SandboxServer:
    """A real HTTP server on ``host`` (127.0.0.1 by default), port 0 = a free one."""

    def __init__(
        self,
        folder: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        config: SandboxConfig | None = None,
        faults: Faults | None = None,
    ) -> None:
        self.sandbox = Sandbox(folder, config, faults)
        try:
            self._server: BaseWSGIServer = make_server(
                host, port, self.sandbox, threaded=True, request_handler=_QuietHandler
            )
        except SystemExit as exc:  # Werkzeug exits the process when the port is taken: a plain error instead
            raise OSError(errno.EADDRINUSE, f"port {port} is in use") from exc
        self.host, self.port = host, self._server.server_port
        self.sandbox.base_url = f"http://{host}:{self.port}/v2"
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return self.sandbox.base_url

    def start(self) -> SandboxServer:
        self._thread = threading.Thread(target=self._server.serve_forever, name="ksef-sandbox", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)
        self.sandbox.state.close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

"""Running the sandbox: in the foreground (``ksefdesk sandbox``) or in a thread (the app, tests)."""

from __future__ import annotations

import errno
import ipaddress
import logging
import socket
import threading
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server, select_address_family

from ksefdesk.core.models import is_loopback_host
from ksefsandbox.app import Sandbox
from ksefsandbox.config import Faults, SandboxConfig

log = logging.getLogger(__name__)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # The path starts with the secret part of the address: log only what follows it.
        first, _, rest = self.path.lstrip("/").partition("/")
        shown = "/…/" + rest if len(first) > 20 else self.path
        log.debug("%s %s -> %s", self.command, shown.split("?", 1)[0], code)

    def log_error(self, format: str, *args: object) -> None:
        log.debug("sandbox connection: " + format, *args)


def check_port(port: object) -> int:
    """0 = any free port; anything outside 0..65535 is refused (the socket layer would wrap it)."""
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise ValueError(f"port {port!r} is outside 0..65535")
    return port


class ListenError(OSError):
    """The host or port cannot be listened on (``unknown_host``: the name or address is not this
    computer's); raised before the sandbox's folder is touched."""

    def __init__(self, error: OSError, *, unknown_host: bool) -> None:
        super().__init__(error.errno, error.strerror or str(error))
        self.unknown_host = unknown_host


def listen(host: str, port: int) -> socket.socket:
    """A listening socket. Made here rather than by werkzeug, which prints to stderr and calls
    sys.exit() when the port is taken; here it is a ListenError that callers can handle."""
    try:
        wanted = select_address_family(host, port)  # the family werkzeug will wrap the descriptor in
        found = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as exc:  # socket.gaierror; UnicodeError: an unencodable name
        raise ListenError(exc if isinstance(exc, OSError) else OSError(str(exc)), unknown_host=True) from exc
    family, kind, proto, _, address = next((a for a in found if a[0] == wanted), found[0])
    sock = socket.socket(family, kind, proto)
    try:
        if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # Windows: no other program may bind the same port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:  # POSIX: only lets a restart reuse a port still in TIME_WAIT
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ListenError(exc, unknown_host=exc.errno == errno.EADDRNOTAVAIL) from exc
    except BaseException:
        sock.close()
        raise
    return sock


def visible_host(host: str) -> str:
    """The host clients on this computer use: a wildcard bind is reached through loopback."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host or "127.0.0.1"
    if address.is_unspecified:
        return "[::1]" if address.version == 6 else "127.0.0.1"
    return f"[{address.compressed}]" if address.version == 6 else address.compressed


class SandboxServer:
    """A real HTTP server on ``host`` (127.0.0.1 by default), port 0 = a free one.

    ``base_url`` (with the secret part of the address) is what KSeF clients get; ``admin_key``
    changes with every start. Any host but loopback is logged as a warning: other computers on the
    network can then reach the sandbox (they still need its address)."""

    def __init__(
        self,
        folder: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        config: SandboxConfig | None = None,
        faults: Faults | None = None,
    ) -> None:
        check_port(port)
        listener = listen(host, port)  # OSError (busy port, unknown host) before anything is made
        try:
            self.sandbox = Sandbox(folder, config, faults)
        except BaseException:
            listener.close()
            raise
        try:
            self._server: BaseWSGIServer = make_server(
                host, port, self.sandbox, threaded=True, request_handler=_QuietHandler, fd=listener.fileno()
            )
        except BaseException:
            self.sandbox.state.close()
            raise
        finally:
            listener.close()  # werkzeug works on its own duplicate of the descriptor
        self.host, self.port = host, int(self._server.port)
        self.sandbox.origin = f"http://{visible_host(host)}:{self.port}"
        self.sandbox.own_names = frozenset({host.lower()}) if host else frozenset()
        if not is_loopback_host(host):
            log.warning(
                "the sandbox listens on %s:%d, not only on this computer: other computers on the network can reach it",
                host,
                self.port,
            )
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return self.sandbox.base_url

    @property
    def root_url(self) -> str:
        return self.sandbox.root_url

    @property
    def admin_key(self) -> str:
        return self.sandbox.admin_key

    @property
    def admin_headers(self) -> dict[str, str]:
        return self.sandbox.admin_headers

    def admin_url(self, name: str) -> str:
        return self.sandbox.admin_url(name)

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

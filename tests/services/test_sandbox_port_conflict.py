"""A taken port never ends the process (Werkzeug calls sys.exit when it cannot bind; issue 22)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from ksefdesk.services.sandbox_host import SandboxHost
from ksefsandbox.server import SandboxServer


def _taken_port() -> socket.socket:
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    return holder


def test_a_taken_port_is_an_os_error_not_an_exit(tmp_path: Path) -> None:
    holder = _taken_port()
    try:
        with pytest.raises(OSError):
            SandboxServer(tmp_path / "sb", port=holder.getsockname()[1])
    finally:
        holder.close()


def test_the_embedded_sandbox_moves_to_a_free_port(tmp_path: Path) -> None:
    """A second copy of the app, or ``ksefdesk cert enroll`` while the window hosts the sandbox."""
    holder = _taken_port()
    host = SandboxHost(tmp_path / "sb", port=holder.getsockname()[1])
    try:
        url = host.base_url()
        assert f":{holder.getsockname()[1]}/" not in url
    finally:
        host.stop()
        holder.close()

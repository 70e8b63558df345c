"""A second start of the app brings the running window forward instead of showing an error."""

from __future__ import annotations

import getpass
import hashlib
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

_MESSAGE = b"show\n"


def server_name(data_folder: Path) -> str:
    """One name per user and data folder (two portable copies are two programs)."""
    digest = hashlib.sha256(f"{getpass.getuser()}\0{data_folder.resolve()}".encode()).hexdigest()[:16]
    return f"ksefdesk-{digest}"


def ask_running_copy_to_show(data_folder: Path, timeout_ms: int = 1500) -> bool:
    """True when a running copy got the request."""
    socket = QLocalSocket()
    deadline = time.monotonic() + timeout_ms / 1000
    while True:  # the running copy starts listening just after its first paint: a start that close may wait
        socket.connectToServer(server_name(data_folder))
        if socket.waitForConnected(timeout_ms):
            break
        if time.monotonic() >= deadline:
            return False
        socket.abort()
        time.sleep(0.05)
    written = socket.write(_MESSAGE)
    socket.flush()  # usually writes at once; otherwise wait for it (False then only means "nothing left")
    if socket.bytesToWrite():
        socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return written == len(_MESSAGE) and not socket.bytesToWrite()


class InstanceServer(QObject):
    show_requested = Signal()

    def __init__(self, data_folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # this user only
        name = server_name(data_folder)
        QLocalServer.removeServer(name)  # a stale socket of a killed copy (we hold the window lock)
        self.listening = self.server.listen(name)
        self.server.newConnection.connect(self._connected)

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(_MESSAGE.strip()):
            self.show_requested.emit()

    def close(self) -> None:
        self.server.close()

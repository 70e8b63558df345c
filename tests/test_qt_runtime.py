"""The Qt binding we install must survive a long-running session.

PySide6 6.12.0 (Python 3.11) drops a reference to ``True`` on every ``Signal.emit``: after some
thousands of signals (an hour of background sync) the interpreter aborts with "bool_dealloc".
pyproject excludes that release; this test fails if such a binding is installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    ping = Signal(str)


def test_emitting_signals_keeps_reference_counts(qapp: object) -> None:
    emitter = _Emitter()
    received: list[str] = []
    emitter.ping.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(200):
        emitter.ping.emit("x")
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
    assert len(received) == 200

"""Run a function on the GUI thread and wait for its result (dialogs must never be built elsewhere)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

T = TypeVar("T")


class GuiThreadCaller(QObject):
    """Created on the GUI thread. ``call`` from a worker blocks until the GUI thread has run ``work``;
    from the GUI thread it simply runs it."""

    _requested = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._requested.connect(self._run, Qt.ConnectionType.BlockingQueuedConnection)

    @Slot(object)
    def _run(self, box: list[Any]) -> None:
        work = box[0]
        try:
            box.append((True, work()))
        except BaseException as exc:  # handed back to the calling thread
            box.append((False, exc))

    def call(self, work: Callable[[], T]) -> T:
        if QThread.currentThread() is self.thread():
            return work()
        box: list[Any] = [work]
        self._requested.emit(box)
        ok, value = box[1]
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

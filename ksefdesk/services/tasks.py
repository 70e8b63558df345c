"""One-off background actions (get a challenge, submit a file, test a token) on a thread pool.

Results come back to the thread that owns the runner (the GUI thread) through queued signals:
workers never touch widgets. Each task gets a CancelToken that network code checks between steps; a
task that ends cancelled is no error: only its optional ``on_cancel`` hears of it.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from ksefdesk.core.errors import Cancelled, UserError
from ksefdesk.services.cancel import CancelToken

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[UserError], None]
Stopped = Callable[[], None]


@dataclass
class TaskHandle:
    id: int
    cancel: CancelToken = field(default_factory=CancelToken)


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, task_id: int, work: Callable[[CancelToken], Any], cancel: CancelToken):
        super().__init__()
        self.runner, self.task_id, self.work, self.cancel = runner, task_id, work, cancel
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.work(self.cancel)
        except Cancelled:
            self.runner.cancelled.emit(self.task_id)
        except UserError as exc:
            self.runner.failed.emit(self.task_id, exc)
        except Exception as exc:  # a bug: logged with its traceback, shown as a friendly error
            log.exception("background task failed")
            self.runner.failed.emit(
                self.task_id, UserError("internal.unexpected", kind=type(exc).__name__, log="ksefdesk.log")
            )
        else:
            self.runner.finished.emit(self.task_id, result)


class TaskRunner(QObject):
    finished = Signal(int, object)
    failed = Signal(int, object)
    cancelled = Signal(int)
    busy_changed = Signal(bool)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Done | None, Failed | None, Stopped | None]] = {}
        self._owners: dict[int, tuple[QObject, Callable[..., None]]] = {}  # see run(owner=)
        self.finished.connect(self._on_finished)
        self.failed.connect(self._on_failed)
        self.cancelled.connect(self._on_cancelled)

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def run(
        self,
        work: Callable[[CancelToken], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        on_cancel: Stopped | None = None,
        *,
        owner: QObject | None = None,
    ) -> TaskHandle:
        """``owner``: the widget the callbacks belong to; when it is destroyed first, the task is
        cancelled and its callbacks dropped, so they never reach a deleted widget."""
        handle = TaskHandle(next(self._ids))
        was_busy = self.busy
        self._callbacks[handle.id] = (on_done, on_error, on_cancel)
        if not was_busy:
            self.busy_changed.emit(True)
        if owner is not None:

            def gone(*_: object) -> None:  # not through owner: its C++ side is gone by then
                self._owner_gone(handle)

            owner.destroyed.connect(gone)
            self._owners[handle.id] = (owner, gone)
        self.pool.start(_Job(self, handle.id, work, handle.cancel))
        return handle

    def _owner_gone(self, handle: TaskHandle) -> None:
        self._owners.pop(handle.id, None)  # nothing left to disconnect from
        self.forget(handle)

    def _take(self, task_id: int) -> tuple[Done | None, Failed | None, Stopped | None]:
        owned = self._owners.pop(task_id, None)
        if owned is not None:  # the task reports back while its owner lives: no watching it any more
            owned[0].destroyed.disconnect(owned[1])
        callbacks = self._callbacks.pop(task_id, (None, None, None))
        if not self._callbacks:
            self.busy_changed.emit(False)
        return callbacks

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        on_done, _, _ = self._take(task_id)
        if on_done:
            on_done(result)

    @Slot(int, object)
    def _on_failed(self, task_id: int, error: object) -> None:
        _, on_error, _ = self._take(task_id)
        if on_error and isinstance(error, UserError):
            on_error(error)

    @Slot(int)
    def _on_cancelled(self, task_id: int) -> None:
        _, _, on_cancel = self._take(task_id)
        if on_cancel:
            on_cancel()

    def forget(self, handle: TaskHandle) -> None:
        """Cancel a task and drop its callbacks (its window is closing)."""
        handle.cancel.cancel()
        if handle.id in self._callbacks:
            self._take(handle.id)

    def wait(self, msecs: int = 30_000) -> bool:
        return bool(self.pool.waitForDone(msecs))

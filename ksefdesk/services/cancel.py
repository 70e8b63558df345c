"""Cooperative cancellation of a task, in a module of its own: the task runner needs it to build the
first window, and the HTTP client it belongs to loads requests (about 0.1 s) when imported."""

from __future__ import annotations

import threading

from ksefdesk.core.errors import Cancelled


class CancelToken:
    """Cooperative cancellation, checked between requests and while waiting."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled

    def sleep(self, seconds: float) -> None:
        """Sleep, waking at once when cancelled (then raising ``Cancelled``)."""
        if seconds > 0 and self._event.wait(seconds):
            raise Cancelled
        self.raise_if_cancelled()

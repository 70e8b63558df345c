"""KSeF's ``X-System-Warning`` header (API 2.6+: planned maintenance, changes coming), told to the user once
per distinct message, not once per request.

KSeF repeats the same warning on every answer for as long as it applies; a sync makes hundreds of
requests. ``KsefHttp`` reports every value it sees here; the window (a non-modal notice) and the CLI
(stderr) subscribe and hear each distinct message once per process.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

MAX_MESSAGES = 100  # distinct messages remembered; a server sending endless variants cannot grow memory
MAX_LENGTH = 500  # the sandbox and KSeF send one short line

Listener = Callable[[str], None]


def normalized(message: str) -> str:
    """One line, single spaces, bounded: the same warning with other spacing is the same warning."""
    text = " ".join("".join(c if c.isprintable() else " " for c in message).split())
    return text[:MAX_LENGTH]


class SystemNotices:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[str] = []
        self._listeners: list[Listener] = []

    def report(self, message: str) -> bool:
        """A warning KSeF sent; True (and every listener told) only the first time this text arrives."""
        text = normalized(message)
        with self._lock:
            if not text or text in self._messages or len(self._messages) >= MAX_MESSAGES:
                return False
            self._messages.append(text)
            listeners = list(self._listeners)
        log.warning("KSeF system warning: %s", text)
        for listener in listeners:
            try:
                listener(text)
            except Exception:  # one broken listener must not stop KSeF traffic or the other listeners
                log.exception("a system-warning listener failed")
        return True

    @property
    def messages(self) -> list[str]:
        with self._lock:
            return list(self._messages)

    def subscribe(self, listener: Listener, *, replay: bool = True) -> Callable[[], None]:
        """Hear every new message (from any thread); ``replay`` first tells those already seen.
        Returns the function that unsubscribes."""
        with self._lock:
            self._listeners.append(listener)
            earlier = list(self._messages) if replay else []
        for text in earlier:
            listener(text)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    @contextmanager
    def subscribed(self, listener: Listener, *, replay: bool = True) -> Iterator[None]:
        unsubscribe = self.subscribe(listener, replay=replay)
        try:
            yield
        finally:
            unsubscribe()

    def clear(self) -> None:
        """Forget what was told (tests; a fresh start)."""
        with self._lock:
            self._messages.clear()


# One per process: the GUI's companies and the CLI's commands all share it.
SYSTEM_NOTICES = SystemNotices()

"""KSeF's ``X-System-Warning`` header (API 2.6+: planned maintenance, changes coming), told to the user once
per distinct message, not once per request.

KSeF repeats the same warning on every answer for as long as it applies; a sync makes hundreds of
requests, and one header may carry several warnings (the contract's SystemWarning:
``[code]: message | [code]: message``): each is told on its own. ``KsefHttp`` reports every value it
sees here; the window (a non-modal notice) and the CLI (stderr) subscribe and hear each distinct
message once. The composition root makes one per process and hands it to both.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

MAX_MESSAGES = 100  # distinct messages remembered; a server sending endless variants cannot grow memory
MAX_LENGTH = 500  # the sandbox and KSeF send one short line

Listener = Callable[[str], None]
_ONE_WARNING = re.compile(r"\[[^\]]+\]: [^|]+")  # the contract's regex for a single warning


def split_warnings(header: str) -> list[str]:
    """The warnings in one X-System-Warning value; a value not in the contract's form is one warning."""
    found = [normalized(match.group(0)) for match in _ONE_WARNING.finditer(header)]
    return [text for text in found if text] or [normalized(header)]


def normalized(message: str) -> str:
    """One line, single spaces, bounded: the same warning with other spacing is the same warning."""
    text = " ".join("".join(c if c.isprintable() else " " for c in message).split())
    return text[:MAX_LENGTH]


class SystemNotices:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[str] = []
        self._listeners: list[Listener] = []

    def report(self, header: str) -> bool:
        """An X-System-Warning value KSeF sent; True if it held a warning not told before (every
        listener hears each new one)."""
        told = [self._report_one(text) for text in split_warnings(header)]
        return any(told)

    def _report_one(self, text: str) -> bool:
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

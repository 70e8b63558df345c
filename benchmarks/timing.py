"""Small timing helpers shared by the benchmark groups."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(action: Callable[[], object], *, repeat: int = 200, warmup: int = 10) -> float:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


class StallRecorder:
    """Ticks a 5 ms QTimer on the GUI thread and keeps the gaps between ticks: the longest gap beyond
    the 5 ms period is the longest time the GUI could not react (call start, then stop)."""

    PERIOD_MS = 5

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(self.PERIOD_MS)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        """The longest stall in milliseconds (the first gap, the timer's start-up, is not counted)."""
        self._timer.stop()
        return max(self.gaps[1:]) * 1000 - self.PERIOD_MS

"""Named points where the reliability tests kill the process (SIGKILL, as a power cut would), to prove
that a restart from any of them loses nothing and repeats nothing. Inactive unless the test sets
KSEFDESK_CRASH_AT to one point's name; the check is one environment lookup."""

from __future__ import annotations

import os
import signal

CRASH_ENV = "KSEFDESK_CRASH_AT"


def crashpoint(name: str) -> None:
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)

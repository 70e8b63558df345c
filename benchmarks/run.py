"""Benchmarks: ``python benchmarks/run.py [GROUP...]`` prints one ``BENCH <name> <value> <unit>`` line per figure.

Groups: auth (signature pre-check and signing, silent logins, an office in 50 client contexts), sandbox
(metadata queries per second), gui (first paint, and a bare Qt window's in the same run; GUI-thread stalls
during a wizard authorization and after the first paint; the invoice form's opening and a 50-line invoice's
issue), sync (20,000 invoices: speed, API calls, memory,
GUI stalls, list filtering), crash (SIGKILL at random moments of syncing 20,000 and sending 500 invoices: what
is missing or twice afterwards), pdf (a 500-line invoice to PDF, the preview of a small one).
Figures are medians over repeated runs on this machine; they are measurements, not pass/fail tests.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_auth, bench_gui, bench_pdf, bench_sandbox, bench_sync, crash

GROUPS: dict[str, Callable[[], list[tuple[str, float, str]]]] = {
    "auth": bench_auth.run,
    "sandbox": bench_sandbox.run,
    "gui": bench_gui.run,
    "sync": bench_sync.run,
    "crash": crash.run,
    "pdf": bench_pdf.run,
}


def main(argv: list[str]) -> int:
    names = argv or list(GROUPS)
    unknown = [n for n in names if n not in GROUPS]
    if unknown:
        print(f"unknown group(s): {', '.join(unknown)}; known: {', '.join(GROUPS)}", file=sys.stderr)
        return 2
    for name in names:
        for figure, value, unit in GROUPS[name]():
            print(f"BENCH {figure} {value:.3f} {unit}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

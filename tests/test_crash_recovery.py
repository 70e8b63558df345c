"""SIGKILL at random moments of a real `ksefdesk sync` / `ksefdesk send`, then restart: the same complete
set, nothing twice, every sent invoice with its UPO, an intact database. (Full scale: benchmarks crash.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.crash import crash_send, crash_sync

pytestmark = pytest.mark.slow


def test_a_sync_killed_at_random_moments_ends_with_the_complete_set(tmp_path: Path) -> None:
    # Small packages (truncation at 150) make many resumable steps for the kills to land between.
    report = crash_sync(tmp_path, 1200, kills=6, truncate_at=150, work_s=2.0, seed=7)
    assert report.kills >= 3, report  # the kills really interrupted work
    assert report.expected >= 1200
    assert report.complete, report


def test_sending_killed_at_random_moments_sends_each_invoice_once_with_upo(tmp_path: Path) -> None:
    # 15 invoices go one by one through an online session; 0.2 s per request spreads the run over ~35
    # network steps (open, send each, close, status, UPO each) for the kills to land between.
    report = crash_send(tmp_path, 15, kills=6, work_s=2.0, latency_s=0.2, seed=11)
    assert report.kills >= 3, report
    assert report.expected == 15
    assert report.complete, report

"""The client's rate-limit budget: shared on disk by processes and restarts, adapted to GET /rate-limits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ksefdesk.core.errors import Cancelled
from ksefdesk.core.rate_limits import GROUPS, OVERRIDE_REQUIRED, Limit, parse_reported
from ksefdesk.services.ksef.http import CancelToken, KsefHttp, RateLimiter
from ksefdesk.services.ksef.rate_budget import FolderBudgets, file_name
from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import Client

NIP = "5265877635"
ROOT = Path(__file__).resolve().parents[2]


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _stopped() -> CancelToken:
    """A token already cancelled: ``acquire`` raises instead of waiting, so a test sees "would wait"."""
    token = CancelToken()
    token.cancel()
    return token


def fits(limiter: RateLimiter, group: str, scope: str = NIP) -> bool:
    try:
        limiter.acquire(scope, group, _stopped())
    except Cancelled:
        return False
    return True


def limiter_on(folder: Path, clock: Clock) -> RateLimiter:
    return RateLimiter(clock=clock, budgets=FolderBudgets(folder / "ksefdesk.db"))


def test_two_limiters_on_one_folder_share_the_budget(tmp_path: Path) -> None:
    clock = Clock()
    window, command_line = limiter_on(tmp_path, clock), limiter_on(tmp_path, clock)
    for n in range(20):  # invoiceExport: 8/s, 16/min, 20/h
        clock.now += 5.0
        assert fits(window if n % 2 else command_line, "invoiceExport"), n
    clock.now += 120.0
    assert not fits(window, "invoiceExport") and not fits(command_line, "invoiceExport")  # the hour is spent
    assert window.used(NIP, "invoiceExport", 3600) == command_line.used(NIP, "invoiceExport", 3600) == 20
    assert fits(window, "invoiceExportStatus")  # other groups and other contexts are untouched
    assert fits(command_line, "invoiceExport", scope="7251801126")
    clock.now += 3600.0
    assert fits(window, "invoiceExport")


def test_a_restarted_limiter_honours_earlier_requests_and_a_retry_after_block(tmp_path: Path) -> None:
    clock = Clock()
    before = limiter_on(tmp_path, clock)
    for _ in range(16):
        assert fits(before, "invoiceMetadata")
        clock.now += 0.2  # 16 within the minute (after 8 in the first second it waits; time runs on here)
    before.block(NIP, "invoiceDownload", 90)
    del before  # the process is gone: only the folder remains
    after = limiter_on(tmp_path, clock)
    assert not fits(after, "invoiceMetadata")  # 16 a minute were used before the restart
    assert not fits(after, "invoiceDownload")  # the Retry-After block survives too
    clock.now += 61.0
    assert fits(after, "invoiceMetadata") and not fits(after, "invoiceDownload")
    clock.now += 30.0
    assert fits(after, "invoiceDownload")
    stored = (tmp_path / "ratelimits" / f"{NIP}.json").read_text(encoding="utf-8")
    assert "invoiceMetadata" in stored and "Bearer" not in stored and "token" not in stored.lower()


def test_minus_one_means_no_limit(tmp_path: Path) -> None:
    assert Limit.from_wire({"perSecond": 60, "perMinute": -1, "perHour": -1}) == GROUPS["anonymous"]
    assert GROUPS["global"].to_wire() == {"perSecond": -1, "perMinute": -1, "perHour": -1}
    assert parse_reported({"other": {"perSecond": "10"}, "sessionList": {"perSecond": 1}}) == {
        "sessionList": Limit(1)
    }  # a malformed group is skipped, a missing window is no limit
    clock = Clock()
    limiter = limiter_on(tmp_path, clock)
    limiter.adapt(NIP, {"invoiceExport": {"perSecond": -1, "perMinute": -1, "perHour": -1}})
    assert all(fits(limiter, "invoiceExport") for _ in range(200))  # constants would stop at 8
    assert limiter.limit(NIP, "invoiceExport") == Limit(None, None, None)
    assert limiter.limit(NIP, "other") == GROUPS["other"]  # a group not reported keeps the constant
    assert not limiter.limits_due(NIP)  # read: not again for a day...
    limiter.block(NIP, "invoiceStatus", 5)
    assert limiter.limits_due(NIP)  # ...unless KSeF refuses what the budget allowed


def test_a_finite_global_limit_counts_every_group(tmp_path: Path) -> None:
    clock = Clock()
    limiter = limiter_on(tmp_path, clock)
    limiter.adapt(NIP, {"global": {"perSecond": 3, "perMinute": -1, "perHour": -1}})
    assert [fits(limiter, g) for g in ("other", "invoiceStatus", "sessionMisc", "invoiceSend")] == [
        True,
        True,
        True,
        False,
    ]


def test_a_torn_or_foreign_state_file_is_survived(tmp_path: Path) -> None:
    clock = Clock()
    limiter = limiter_on(tmp_path, clock)
    assert fits(limiter, "other")
    state = tmp_path / "ratelimits" / f"{NIP}.json"
    whole = state.read_bytes()
    for damaged in (whole[: len(whole) // 2], b"", b"\x00\xff garbage", b'{"version": 99, "hits": 5}', b"[1, 2]"):
        state.write_bytes(damaged)
        restarted = limiter_on(tmp_path, clock)
        assert fits(restarted, "other")  # the next start works; the damaged file is replaced
        assert json.loads(state.read_bytes())["version"] == 1
    leftover = tmp_path / "ratelimits" / f".{NIP}.json.999.1.tmp"
    leftover.write_bytes(b"{half")  # a kill mid-write, a while ago
    os.utime(leftover, (time.time() - 600, time.time() - 600))
    assert fits(limiter_on(tmp_path, clock), "other") and not leftover.exists()
    clock.now -= 7200  # the clock went back two hours: stored times count as "now", not as the future
    back = limiter_on(tmp_path, clock)
    assert back.used(NIP, "other", 3600) >= 1
    assert fits(back, "invoiceStatus")  # a write keeps the times as "now"...
    clock.now += 3601
    assert back.used(NIP, "other", 3600) == 0  # ...so that they leave the hour an hour later


def test_state_file_names_are_safe() -> None:
    assert file_name(NIP) == NIP
    weird = file_name("../../etc/passwd:443")
    assert "/" not in weird and ".." not in weird and weird != file_name("___etc_passwd_443")


def test_the_hot_path_stays_fast(tmp_path: Path) -> None:
    clock = Clock()
    limiter = limiter_on(tmp_path, clock)
    limiter.adapt(NIP, {"invoiceStatus": {"perSecond": -1, "perMinute": -1, "perHour": 1200}})
    started = time.perf_counter()
    for _ in range(600):
        clock.now += 0.5
        assert fits(limiter, "invoiceStatus")
    per_request_ms = (time.perf_counter() - started) / 600 * 1000
    assert per_request_ms < 10, per_request_ms  # measured ~0.3 ms here with 600 times in the hour


_WORKER = """
import sys
from pathlib import Path
from ksefdesk.services.ksef.http import RateLimiter
from ksefdesk.services.ksef.rate_budget import FolderBudgets
limiter = RateLimiter(budgets=FolderBudgets(Path(sys.argv[1])))
for _ in range(int(sys.argv[2])):
    limiter.acquire("5265877635", "sessionList")
"""


def test_two_processes_together_stay_inside_the_limits(tmp_path: Path) -> None:
    database = tmp_path / "ksefdesk.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [subprocess.Popen([sys.executable, "-c", _WORKER, str(database), "5"], env=env) for _ in range(2)]
    for worker in workers:
        assert worker.wait(60) == 0
    hits = json.loads((tmp_path / "ratelimits" / f"{NIP}.json").read_bytes())["hits"]["sessionList"]
    assert len(hits) == 10  # sessionList: 5 a second, so 10 requests of two processes need over a second
    for n, moment in enumerate(hits):
        assert sum(1 for t in hits[n:] if t < moment + 1.0) <= 5, hits  # never more than 5 in any second
    assert hits[-1] - hits[0] >= 1.0


def test_the_client_adapts_to_what_the_sandbox_reports(
    tmp_path: Path, start_sandbox: Callable[..., SandboxServer]
) -> None:
    server = start_sandbox()  # limits off, except where a context set its own
    kit = Client(server.base_url).login_xades(NIP)
    limits = {group: GROUPS[group].to_wire() for group in OVERRIDE_REQUIRED}  # the groups the contract requires
    limits["invoiceMetadata"] = {"perSecond": 1, "perMinute": 2, "perHour": 3}
    limits["other"] = {"perSecond": 2, "perMinute": -1, "perHour": -1}
    assert kit.post("/testdata/rate-limits", json={"rateLimits": limits}).status_code == 200
    time.sleep(1.1)
    limiter = RateLimiter(budgets=FolderBudgets(tmp_path / "ksefdesk.db"))
    http = KsefHttp(server.base_url, limiter, scope=NIP)
    server.sandbox.calls.clear()
    for _ in range(5):  # the first request reads /rate-limits once, then "other" is paced at 2 a second
        http.json("GET", "/limits/context", group="other", token=kit.access)
    assert limiter.limit(NIP, "invoiceMetadata") == Limit(1, 2, 3)
    assert limiter.limit(NIP, "other") == Limit(2)
    assert limiter.limit(NIP, "onlineSessionClose") == Limit(20, 60, 240)
    assert server.sandbox.calls["other"] == 6 and not server.sandbox.refused  # no 429 the client caused
    again = KsefHttp(server.base_url, RateLimiter(budgets=FolderBudgets(tmp_path / "ksefdesk.db")), scope=NIP)
    again.json("GET", "/limits/context", group="other", token=kit.access)
    assert server.sandbox.calls["other"] == 7  # read once a day, and that day is shared on disk


@pytest.mark.parametrize("answer", [{"status": 500}, {"not": "limits"}])
def test_a_failed_read_keeps_the_constants(tmp_path: Path, answer: dict[str, int]) -> None:
    limiter = RateLimiter(budgets=FolderBudgets(tmp_path / "ksefdesk.db"))
    limiter.adapt(NIP, answer)
    assert limiter.limit(NIP, "invoiceExport") == GROUPS["invoiceExport"]

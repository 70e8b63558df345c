"""sync: receiving 20,000 purchase invoices from a sandbox running in its own process.

- sync_first_s, sync_ingest_per_s: a full first sync through the real CLI (`ksefdesk sync`); ingest is
  the client's own work (decrypt + unzip + check + parse + store) measured in-process, limits off.
- The CLI syncs run against KSeF's production rate limits (sandbox rate_scale 1): sync_429_self_caused
  counts the 429s the sandbox refused them with (target 0).
- sync_api_calls vs sync_api_calls_min: rate-limited KSeF requests the CLI sync made, next to the fewest
  possible for the same data (one export start + one status check per package, packages = one per
  date window the range limit allows, more where a window holds over 10,000 invoices, plus the key and
  the once-a-day GET /rate-limits).
- sync_scarce_calls vs sync_scarce_calls_min: of those, the requests in the groups KSeF allows only 20 an
  hour (invoiceMetadata, invoiceExport), next to the fewest possible: one export per package above
  (target scarce <= 1.05 x minimum).
- sync_restart_429: the 429s the sandbox refused (self-caused) when a first CLI sync, at production
  limits, is SIGKILLed halfway (half the invoices stored) and started again at once, and the restarted
  ones are killed again right after starting an export (see restart_halfway); target 0: the limiter's
  budget is on disk, so a new process knows what the killed ones sent. sync_restart_missing checks that
  the final sync still brought everything.
- sync_peak_rss_mb: the CLI sync process's peak resident memory.
- sync_gui_max_stall_ms: longest GUI-thread gap while the window's scheduler syncs and reloads the list
  (median over 3 syncs).
- list_filter_100k_ms: the slowest common filter on 100,000 invoices in the list model (median).
"""

from __future__ import annotations

import bisect
import contextlib
import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from benchmarks.sandbox_process import SandboxProcess, start_sandbox_process

ROOT = Path(__file__).resolve().parent.parent
NIP = "5265877635"
INVOICES = int(os.environ.get("KSEFDESK_BENCH_INVOICES", "20000"))
PASSPHRASE = "haslo do sejfu benchmarku"


def cli_env(token: str) -> dict[str, str]:
    return {
        **os.environ,
        "KSEFDESK_SECRETS": "vault",
        "KSEFDESK_VAULT_PASSPHRASE": PASSPHRASE,
        "KSEF_TOKEN": token,
        "PYTHONPATH": str(ROOT),
    }


def cli(data: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ksefdesk", "--data-dir", str(data), "--lang", "en", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"ksefdesk {' '.join(args)} failed: {done.stderr or done.stdout}")
    return done.stdout


def prepare_company(data: Path, sandbox: SandboxProcess) -> dict[str, str]:
    env = cli_env(sandbox.ksef_token)
    cli(data, env, "company", "add", "--nip", NIP, "--env", "sandbox", "--base-url", sandbox.base_url)
    cli(data, env, "auth", "token", "--nip", NIP)
    return env


def run_measured(data: Path, env: dict[str, str], *args: str) -> tuple[float, float, str]:
    """(seconds, peak RSS MB, stdout) of one CLI command."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "ksefdesk", "--data-dir", str(data), "--lang", "en", *args],
            env=env,
            stdout=out,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if child.returncode != 0:
        raise RuntimeError(f"ksefdesk {' '.join(args)} exited with {child.returncode}: {text}")
    return elapsed, usage.ru_maxrss / 1024, text


def sandbox_numbers(sandbox: SandboxProcess) -> set[str]:
    """KSeF numbers of every invoice the sandbox holds for NIP (as buyer or as a third party)."""
    rows = sandbox.sql(
        "SELECT ksef_number FROM invoices WHERE status_code = 200 AND (buyer_value = ? OR seller_nip = ? OR id IN"
        " (SELECT invoice_id FROM third_subjects WHERE value = ?))",
        (NIP, NIP, NIP),
    )
    return {row["ksef_number"] for row in rows}


def local_numbers(data: Path, env: dict[str, str]) -> list[str]:
    return [row["ksefNumber"] for row in json.loads(cli(data, env, "invoices", "--nip", NIP, "--json"))]


SCARCE_GROUPS = ("invoiceMetadata", "invoiceExport")  # 20 requests an hour each
PACKAGE_CUT = 10_000  # KSeF cuts an export package at 10,000 invoices (isTruncated)


def minimum_packages(data: Path, high_water: datetime) -> int:
    """The fewest export packages that can bring this data, with the range limit the client uses
    (services/sync.py RANGE_LIMIT): per subject type, windows laid greedily from the first date, each at
    most RANGE_LIMIT long and cut at 10,000 invoices (a cut package continues from its last date, as
    KSeF's isTruncated does). Greedy reach is optimal for covering a line with such windows."""
    from ksefdesk.services.store import Database
    from ksefdesk.services.sync import DEFAULT_SINCE, DEFAULT_SUBJECTS, RANGE_LIMIT

    db = Database(data / "ksefdesk.db") if (data / "ksefdesk.db").exists() else Database(next(data.rglob("*.db")))
    directions = {"Subject1": "sales", "Subject2": "purchase", "Subject3": "third_party"}
    packages = 0
    try:
        for subject in DEFAULT_SUBJECTS:
            rows = (
                db.connection()
                .execute("SELECT permanent_storage_date FROM invoices WHERE direction = ?", (directions[subject],))
                .fetchall()
            )
            dates = sorted(datetime.fromisoformat(row[0]) for row in rows)
            cursor = DEFAULT_SINCE
            first = bisect.bisect_left(dates, cursor)
            while True:
                packages += 1
                end = cursor + RANGE_LIMIT if high_water - cursor > RANGE_LIMIT else high_water
                after = bisect.bisect_left(dates, end)
                if after - first > PACKAGE_CUT:
                    cursor = dates[first + PACKAGE_CUT - 1]
                    first = max(bisect.bisect_left(dates, cursor), first + 1)
                    continue
                if end >= high_water:
                    break
                cursor, first = end, after
    finally:
        db.close()
    return packages


def minimum_calls(packages: int) -> int:
    """Each package a start + one status; plus the public key for encrypting the package key and the
    once-a-day read of the context's rate limits (GET /rate-limits) the client paces itself by."""
    return 2 * packages + 2


RESTART_KILLS = 7


def restart_halfway(folder: Path, sandbox: SandboxProcess, expected: int) -> tuple[int, int, int]:
    """(429s self-caused, invoices missing afterwards, kills delivered) of a first sync at production limits
    that is SIGKILLed once half the invoices are stored and started again at once; then each restarted
    process is killed again right after it started an export (so that export is spent for nothing),
    RESTART_KILLS times in all, before one runs to the end. With 20,000 invoices a sync needs about 12 of
    the 16 exports KSeF allows a minute: a single restart stays inside them whatever the client knows, the
    spent ones push past them, and only a budget the restarted process inherits (on disk) waits instead."""
    data = folder / "restart"
    env = prepare_company(data, sandbox)
    sandbox.set_rate_scale(1.0)  # a fresh limiter: this sync's hour starts empty, as a first sync's would
    sandbox.reset_stats()
    command = [sys.executable, "-m", "ksefdesk", "--data-dir", str(data), "--lang", "en", "sync", "--nip", NIP]
    kills = 0
    deadline = time.monotonic() + 600
    while kills < RESTART_KILLS and time.monotonic() < deadline:
        exports_before = sandbox.stats()[0].get("invoiceExport", 0)
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while child.poll() is None and time.monotonic() < deadline:
            if kills == 0:
                due = stored_invoices(data) >= expected // 2
            else:
                due = sandbox.stats()[0].get("invoiceExport", 0) > exports_before
            if due:
                child.send_signal(signal.SIGKILL)
                kills += 1
                break
            time.sleep(0.02)
        if child.wait() == 0:
            break  # it finished before it could be killed: nothing left to interrupt
    with contextlib.suppress(RuntimeError):  # a sync refused with 429 fails: the figures below say so
        cli(data, env, "sync", "--nip", NIP)  # at once, to the end
    _, refused = sandbox.stats()
    local = set(local_numbers(data, env))
    return sum(refused.values()), len(sandbox_numbers(sandbox) - local), kills


def stored_invoices(data: Path) -> int:
    """Invoices the CLI has committed so far (read while it runs: WAL readers never block it)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{data / 'ksefdesk.db'}?mode=ro", uri=True, timeout=1)) as db:
            return int(db.execute("SELECT COUNT(*) FROM invoices").fetchone()[0])
    except sqlite3.Error:
        return 0


def ingest_per_s(sandbox: SandboxProcess, folder: Path) -> float:
    """The client's part of a full sync (decrypt, unzip, check, parse, store), timed around exactly that."""
    from ksefdesk.app import AppContext, Timing
    from ksefdesk.core.models import Environment
    from ksefdesk.core.redaction import Redactor
    from ksefdesk.services import sync as sync_module
    from ksefdesk.services.ksef.api import KsefApi
    from ksefdesk.services.ksef.http import KsefHttp, RateLimiter
    from ksefdesk.services.secrets import MemorySecretStore
    from ksefdesk.services.store import Database

    db = Database(folder / "ingest.db")
    api = KsefApi(KsefHttp(sandbox.base_url, RateLimiter(scale=0)))
    ctx = AppContext(
        db, lang="en", secrets=MemorySecretStore(Redactor()), api_for=lambda c: api, timing=Timing(poll_interval_s=0.1)
    )
    ctx.companies.add(NIP, Environment.SANDBOX, base_url=sandbox.base_url)
    ctx.auth.login_with_token(NIP, sandbox.ksef_token)
    invoices = ctx.invoices
    spent = [0.0]
    real_open, real_store = sync_module.open_package, invoices.store

    def timed_open(*args: object) -> object:
        started = time.perf_counter()
        try:
            return real_open(*args)  # type: ignore[arg-type]
        finally:
            spent[0] += time.perf_counter() - started

    def timed_store(*args: object, **kwargs: object) -> int:
        started = time.perf_counter()
        try:
            return real_store(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            spent[0] += time.perf_counter() - started

    sync_module.open_package = timed_open  # type: ignore[assignment]
    invoices.store = timed_store  # type: ignore[method-assign]
    try:
        result = ctx.receiver.sync(NIP)
    finally:
        sync_module.open_package = real_open
    db.close()
    return result.total_added / spent[0]


def gui_max_stall_ms(sandbox: SandboxProcess, folder: Path, expected: int) -> float:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["KSEFDESK_SECRETS"] = "memory"
    from PySide6.QtWidgets import QApplication

    from benchmarks.timing import StallRecorder
    from ksefdesk.app import build_context
    from ksefdesk.core.models import Environment
    from ksefdesk.services.scheduler import SyncScheduler
    from ksefdesk.services.tasks import TaskRunner
    from ksefdesk.ui.dialogs import Dialogs
    from ksefdesk.ui.launch import build_ui_services, settle_heap
    from ksefdesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    ctx = build_context(str(folder / "gui"), lang="en")
    ctx.companies.add(NIP, Environment.SANDBOX, base_url=sandbox.base_url)
    ctx.auth.login_with_token(NIP, sandbox.ksef_token)
    runner = TaskRunner()
    scheduler = SyncScheduler(ctx.companies, ctx.receiver, ctx.sender, runner, ctx.limiter, interval=None)
    window = MainWindow(build_ui_services(ctx, Dialogs("en"), runner, scheduler))
    window.show()
    settle_heap()  # as run_gui does after showing the window
    panel = window.invoices_panel
    assert panel is not None
    window.tabs.setCurrentWidget(panel)
    finished: list[object] = []
    scheduler.run_finished.connect(lambda nip, result: finished.append(result))
    scheduler.run_failed.connect(lambda nip, error: finished.append(error))
    stalls = StallRecorder()
    for _ in range(20):
        app.processEvents()
    stalls.start()
    scheduler.run_now(NIP)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and not (finished and panel.model.total() >= expected):
        app.processEvents()
        time.sleep(0.001)
    panel.search.setText("kowal")
    end = time.monotonic() + 1
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.001)
    longest = stalls.stop()
    assert panel.model.total() == expected, (finished, panel.model.total())
    scheduler.stop()
    runner.wait()
    window.close()
    ctx.close()
    return longest


def list_filter_100k_ms() -> float:
    from ksefdesk.core.invoices import Direction, InvoiceRow
    from ksefdesk.ui.invoice_model import InvoiceFilter, prepare

    rows = [
        InvoiceRow(
            f"{1000000000 + n % 997}-20261124-{n:012X}-{n % 89:02X}",
            "5265877635" if n % 3 else "7251801126",
            "purchase" if n % 4 else "sales",
            f"FV/{n:06d}/{n % 12 + 1:02d}/2026",
            f"2026-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
            f"{1000000000 + n % 997}",
            ("Hurtownia Kowalski sp. z o.o.", "Apteka Zielińska", "Serwis Żółć S.A.", "Drukarnia Nowak s.c.")[n % 4],
            "5265877635",
            "Piekarnia",
            Decimal(n),
            Decimal(n) * Decimal("0.23"),
            Decimal(n) * Decimal("1.23"),
            "PLN",
            "received",
            n % 50 == 0,
        )
        for n in range(100_000)
    ]
    state = prepare(rows, (1, True), InvoiceFilter())
    filters = [
        InvoiceFilter(text="kowal"),
        InvoiceFilter(text="FV/0123"),
        InvoiceFilter(company="7251801126", direction=Direction.PURCHASE),
        InvoiceFilter(date_from="2026-03-01", date_to="2026-05-31", amount_min=Decimal(1000)),
        InvoiceFilter(text="żółć", status="new"),
    ]
    from ksefdesk.ui.invoice_model import filtered

    medians = []
    for invoice_filter in filters:
        samples = []
        for _ in range(15):
            state.filter = invoice_filter
            started = time.perf_counter()
            state.visible = filtered(state)
            samples.append((time.perf_counter() - started) * 1000)
        medians.append(statistics.median(samples))
    return max(medians)


def run() -> list[tuple[str, float, str]]:
    figures: list[tuple[str, float, str]] = [("list_filter_100k_ms", list_filter_100k_ms(), "ms")]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sandbox = start_sandbox_process(folder / "sandbox", NIP, INVOICES)
        try:
            data = folder / "app"
            sandbox.set_rate_scale(1.0)  # production limits for the CLI (the login reads them): calls and 429s count
            env = prepare_company(data, sandbox)
            time.sleep(1.2)  # everything seeded is below the high-water mark
            sandbox.reset_stats()
            seconds, rss, out = run_measured(data, env, "sync", "--nip", NIP, "--json")
            high_water = datetime.now(UTC) - timedelta(seconds=1)
            calls, refused = sandbox.stats()
            packages = minimum_packages(data, high_water)
            added = json.loads(out)[0]["added"]
            expected, local = sandbox_numbers(sandbox), local_numbers(data, env)
            figures += [
                ("sync_first_s", seconds, "s"),
                ("sync_first_invoices", float(added), "invoices"),
                ("sync_first_missing", float(len(expected - set(local))), "invoices"),
                ("sync_first_duplicates", float(len(local) - len(set(local))), "invoices"),
                ("sync_api_calls", float(sum(calls.values())), "calls"),
                ("sync_api_calls_min", float(minimum_calls(packages)), "calls"),
                ("sync_scarce_calls", float(sum(calls.get(g, 0) for g in SCARCE_GROUPS)), "calls"),
                ("sync_scarce_calls_min", float(packages), "calls"),
                ("sync_429_self_caused", float(sum(refused.values())), "responses"),
                ("sync_peak_rss_mb", rss, "MB"),
            ]
            sandbox.reset_stats()
            seconds, _, out = run_measured(data, env, "sync", "--nip", NIP, "--json")
            calls, _ = sandbox.stats()
            figures += [
                ("sync_second_added", float(json.loads(out)[0]["added"]), "invoices"),
                ("sync_second_api_calls", float(sum(calls.values())), "calls"),
            ]
            restart_429, restart_missing, kills = restart_halfway(folder, sandbox, len(expected))
            figures += [
                ("sync_restart_kills", float(kills), "kills"),
                ("sync_restart_429", float(restart_429), "responses"),
                ("sync_restart_missing", float(restart_missing), "invoices"),
            ]
            sandbox.set_rate_scale(0.0)  # the in-process measurements below start their own hour
            figures.append(("sync_ingest_per_s", ingest_per_s(sandbox, folder), "invoices/s"))
            # The longest GUI gap of one whole sync, median of 3 syncs: on a 2-core machine the sandbox
            # (KSeF) competes for the CPU, so a single run's maximum is noisy.
            stalls = [gui_max_stall_ms(sandbox, folder / f"gui{n}", len(expected)) for n in range(3)]
            figures.append(("sync_gui_max_stall_ms", statistics.median(stalls), "ms"))
        finally:
            sandbox.stop()
    return figures

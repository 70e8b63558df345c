"""SIGKILL crash runs: the real CLI (`ksefdesk sync` / `ksefdesk send`) is killed at random moments and
restarted until it finishes; then the local data is compared with what the sandbox (in its own process)
holds. Used by the crash benchmark group (full scale) and by tests/test_crash_recovery.py (small scale).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from benchmarks.sandbox_process import start_sandbox_process

ROOT = Path(__file__).resolve().parent.parent
NIP = "5265877635"
PASSPHRASE = "haslo do sejfu testu awarii"


@dataclass
class CrashReport:
    kills: int  # SIGKILLs delivered while the command was still working
    runs: int  # command starts, the final complete one included
    expected: int  # invoices that must end up present (in KSeF and locally)
    missing: int  # expected but absent
    duplicated: int  # present more than once (locally, or accepted twice by KSeF)
    without_upo: int = 0  # sent invoices whose UPO the app does not hold (send only)
    resent_as_duplicate: int = 0  # re-sends after a crash that KSeF answered 440 (harmless, mapped)
    database_ok: bool = True  # SQLite integrity_check after the last kill

    @property
    def complete(self) -> bool:
        return self.missing == 0 and self.duplicated == 0 and self.without_upo == 0 and self.database_ok


class SandboxLike(Protocol):
    base_url: str
    ksef_token: str


class CliUnderTest:
    def __init__(self, data: Path, sandbox: SandboxLike, *, login: bool = True) -> None:
        self.data = data
        self.env = {**self.base_env(), "KSEF_TOKEN": sandbox.ksef_token}
        self.run("company", "add", "--nip", NIP, "--env", "sandbox", "--base-url", sandbox.base_url)
        if login:
            self.run("auth", "token", "--nip", NIP)

    @staticmethod
    def base_env() -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "KSEFDESK_CRASH_AT"}
        return {**env, "KSEFDESK_SECRETS": "vault", "KSEFDESK_VAULT_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(ROOT)}

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "ksefdesk", "--data-dir", str(self.data), "--lang", "en", *args]

    def run(self, *args: str) -> str:
        done = subprocess.run(self.command(*args), env=self.env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            raise RuntimeError(f"ksefdesk {' '.join(args)} failed ({done.returncode}): {done.stderr or done.stdout}")
        return done.stdout

    def startup_s(self) -> float:
        """How long the CLI takes to start and do nothing: kills before that interrupt no work."""
        started = time.perf_counter()
        self.run("info")
        return time.perf_counter() - started

    def kill_repeatedly(self, args: list[str], kills: int, rng: random.Random, work_s: float) -> tuple[int, int]:
        """Start the command and SIGKILL it at a random moment of its first ``work_s`` seconds of work,
        ``kills`` times (fewer when it finishes first); then run it to the end. Returns (kills, runs)."""
        startup = self.startup_s()
        delivered = runs = 0
        for _ in range(kills):
            child = subprocess.Popen(
                self.command(*args), env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            runs += 1
            time.sleep(startup + rng.uniform(0.0, work_s))
            if child.poll() is not None:
                break  # it finished before the kill: nothing left to interrupt
            child.send_signal(signal.SIGKILL)
            child.wait()
            delivered += 1
        self.run(*args)
        return delivered, runs + 1

    def crash_at(self, point: str, *args: str) -> int:
        """Run the command with KSEFDESK_CRASH_AT=point; returns its exit status (-9 when killed there)."""
        done = subprocess.run(
            self.command(*args), env={**self.env, "KSEFDESK_CRASH_AT": point}, capture_output=True, timeout=300
        )
        return done.returncode

    def database_ok(self) -> bool:
        with sqlite3.connect(self.data / "ksefdesk.db") as conn:
            return bool(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    def outbox(self) -> list[tuple[str, str | None, bool]]:
        """(invoice number, KSeF number, has UPO) of every outbox item."""
        with sqlite3.connect(self.data / "ksefdesk.db") as conn:
            rows = conn.execute("SELECT invoice_number, ksef_number, upo IS NOT NULL FROM outbox").fetchall()
        return [(row[0], row[1], bool(row[2])) for row in rows]


def crash_sync(
    folder: Path, invoices: int, kills: int, *, truncate_at: int, work_s: float, seed: int = 1
) -> CrashReport:
    sandbox = start_sandbox_process(folder / "sandbox", NIP, invoices, truncate_at=truncate_at)
    try:
        cli = CliUnderTest(folder / "app", sandbox)
        time.sleep(1.2)  # everything seeded is below the permanent-storage high-water mark
        delivered, runs = cli.kill_repeatedly(["sync", "--nip", NIP], kills, random.Random(seed), work_s)
        ok = cli.database_ok()
        rows = sandbox.sql(
            "SELECT ksef_number FROM invoices WHERE status_code = 200 AND (buyer_value = ? OR id IN"
            " (SELECT invoice_id FROM third_subjects WHERE value = ?))",
            (NIP, NIP),
        )
        expected = {row["ksef_number"] for row in rows}
        local = [row["ksefNumber"] for row in json.loads(cli.run("invoices", "--nip", NIP, "--json"))]
        return CrashReport(
            delivered, runs, len(expected), len(expected - set(local)), len(local) - len(set(local)), database_ok=ok
        )
    finally:
        sandbox.stop()


def sales_invoices(folder: Path, count: int) -> list[Path]:
    from ksefdesk.core.fa3_build import Entity, InvoiceSpec, Line, build_invoice

    folder.mkdir(parents=True, exist_ok=True)
    seller = Entity(NIP, "Piekarnia Testowa sp. z o.o.", "ul. Chlebowa 1", "00-001 Warszawa")
    buyer = Entity("7251801126", "Hurtownia Odbiorca S.A.", "ul. Handlowa 2", "90-001 Łódź")
    files = []
    for n in range(1, count + 1):
        spec = InvoiceSpec(
            seller, buyer, f"FV/AWARIA/{n:04d}", date.today(), [Line("Chleb żytni", Decimal(n), Decimal("4.50"), "5")]
        )
        path = folder / f"faktura-{n:04d}.xml"
        path.write_bytes(build_invoice(spec))
        files.append(path)
    return files


def crash_send(
    folder: Path, invoices: int, kills: int, *, work_s: float, latency_s: float = 0.0, seed: int = 1
) -> CrashReport:
    """``latency_s`` (added by the sandbox to every request) spreads the run over its network steps."""
    sandbox = start_sandbox_process(folder / "sandbox", NIP, 0, latency_s=latency_s)
    try:
        cli = CliUnderTest(folder / "app", sandbox)
        files = [str(path) for path in sales_invoices(folder / "out", invoices)]
        delivered, runs = cli.kill_repeatedly(["send", "--nip", NIP, *files], kills, random.Random(seed), work_s)
        ok = cli.database_ok()
        rows = sandbox.sql("SELECT invoice_number, ksef_number, status_code FROM invoices WHERE seller_nip = ?", (NIP,))
        accepted = Counter(row["invoice_number"] for row in rows if row["status_code"] == 200)
        ksef = {row["invoice_number"]: row["ksef_number"] for row in rows if row["status_code"] == 200}
        outbox = cli.outbox()
        local = Counter(number for number, _, _ in outbox)
        numbers = {f"FV/AWARIA/{n:04d}" for n in range(1, invoices + 1)}
        missing = {n for n in numbers if not accepted[n] or ksef.get(n) not in {k for m, k, _ in outbox if m == n}}
        return CrashReport(
            delivered,
            runs,
            len(numbers),
            len(missing),
            sum(1 for n in numbers if accepted[n] > 1 or local[n] > 1),
            without_upo=sum(1 for _, _, has_upo in outbox if not has_upo),
            resent_as_duplicate=sum(1 for row in rows if row["status_code"] == 440),
            database_ok=ok,
        )
    finally:
        sandbox.stop()


def figures(prefix: str, report: CrashReport) -> list[tuple[str, float, str]]:
    return [
        (f"{prefix}_kills", float(report.kills), "kills"),
        (f"{prefix}_expected", float(report.expected), "invoices"),
        (f"{prefix}_missing", float(report.missing), "invoices"),
        (f"{prefix}_duplicated", float(report.duplicated), "invoices"),
        (f"{prefix}_without_upo", float(report.without_upo), "invoices"),
        (f"{prefix}_resent_as_duplicate", float(report.resent_as_duplicate), "invoices"),
        (f"{prefix}_database_ok", float(report.database_ok), "bool"),
    ]


def run() -> list[tuple[str, float, str]]:
    """Full scale: 20,000 received invoices and 500 sent ones, each under 12 random SIGKILLs."""
    import tempfile

    received = int(os.environ.get("KSEFDESK_BENCH_INVOICES", "20000"))
    sent = int(os.environ.get("KSEFDESK_BENCH_SENT", "500"))
    with tempfile.TemporaryDirectory() as name:
        sync_report = crash_sync(Path(name) / "sync", received, kills=12, truncate_at=10_000, work_s=2.0)
    with tempfile.TemporaryDirectory() as name:
        send_report = crash_send(Path(name) / "send", sent, kills=12, work_s=1.5, latency_s=0.2)
    return figures("crash_sync", sync_report) + figures("crash_send", send_report)

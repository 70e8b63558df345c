"""A seeded sandbox in its own process, so that the measured app does not share the GIL with it.

The same child process the app starts for "Try the local sandbox" (``SandboxChild``): seeding and the
login kit, the request counters and their reset are its commands; the rate scale is its admin switch;
the benchmarks' queries read its database file directly (SQLite's WAL lets a reader in another process
see every committed write).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from ksefdesk.services.sandbox_host import SandboxChild
from ksefsandbox.config import SandboxConfig


@dataclass
class SandboxProcess:
    base_url: str
    ksef_token: str
    _child: SandboxChild
    _database: Path

    def stats(self) -> tuple[dict[str, int], dict[str, int]]:
        return self._child.stats()

    def reset_stats(self) -> None:
        self._child.reset_stats()

    def sql(self, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """Read-only: the benchmarks check what the sandbox holds, they never change it."""
        conn = sqlite3.connect(f"{self._database.as_uri()}?mode=ro", uri=True, timeout=10)
        conn.row_factory = sqlite3.Row
        try:
            return [dict(row) for row in conn.execute(query, params).fetchall()]
        finally:
            conn.close()

    def set_rate_scale(self, scale: float) -> None:
        """1 = KSeF's production limits, 0 = no limits; the windows start empty either way."""
        _admin(self._child, "rate-scale", {"scale": scale})

    def stop(self) -> None:
        self._child.stop()


def _admin(child: SandboxChild, name: str, body: dict[str, Any]) -> None:
    ready = child.ready
    answer = requests.post(ready.admin_url(name), json=body, headers=ready.admin_headers, timeout=30)
    answer.raise_for_status()


def start_sandbox_process(
    folder: Path,
    nip: str,
    invoices: int,
    *,
    rate_scale: float = 0.0,
    truncate_at: int | None = None,
    latency_s: float = 0.0,
) -> SandboxProcess:
    config = SandboxConfig(rate_scale=rate_scale)
    if truncate_at is not None:
        config.max_truncation = truncate_at
    child = SandboxChild(folder, config, 0)
    try:
        if latency_s:
            _admin(child, "faults", {"latency_s": latency_s})
        kit = child.demo_kit(nip, invoices)
    except BaseException:
        child.stop()
        raise
    return SandboxProcess(child.ready.base_url, kit.ksef_token, child, folder / "sandbox.db")

"""A seeded sandbox in its own process, so that the measured app does not share the GIL with it."""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any


def _serve(
    folder: str, nip: str, invoices: int, rate_scale: float, truncate_at: int | None, latency_s: float, pipe: Connection
) -> None:
    from ksefsandbox.app import SandboxConfig
    from ksefsandbox.seed import login_kit, seed_invoices
    from ksefsandbox.server import SandboxServer

    config = SandboxConfig(rate_scale=rate_scale)
    if truncate_at is not None:
        config.max_truncation = truncate_at
    server = SandboxServer(Path(folder), config=config).start()
    server.sandbox.faults.latency_s = latency_s
    seed_invoices(server.sandbox, nip, invoices)
    kit = login_kit(server.sandbox, nip)
    pipe.send((server.base_url, kit.ksef_token))
    sandbox = server.sandbox
    while True:
        command = pipe.recv()
        if command == "stats":
            with sandbox.stats_lock:
                pipe.send((dict(sandbox.calls), dict(sandbox.refused)))
        elif command == "reset":
            with sandbox.stats_lock:
                sandbox.calls.clear()
                sandbox.refused.clear()
            pipe.send(True)
        elif isinstance(command, tuple) and command[0] == "limits":
            from ksefsandbox.ratelimit import RateLimiter

            sandbox.limiter = RateLimiter(command[1])
            pipe.send(True)
        elif isinstance(command, tuple) and command[0] == "sql":
            pipe.send([row.values for row in sandbox.state.all(command[1], command[2])])
        else:
            server.stop()
            pipe.send(True)
            return


@dataclass
class SandboxProcess:
    base_url: str
    ksef_token: str
    _pipe: Connection
    _process: Any

    def stats(self) -> tuple[dict[str, int], dict[str, int]]:
        self._pipe.send("stats")
        calls, refused = self._pipe.recv()
        return calls, refused

    def reset_stats(self) -> None:
        self._pipe.send("reset")
        self._pipe.recv()

    def sql(self, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        self._pipe.send(("sql", query, params))
        rows: list[dict[str, Any]] = self._pipe.recv()
        return rows

    def set_rate_scale(self, scale: float) -> None:
        """1 = KSeF's production limits, 0 = no limits."""
        self._pipe.send(("limits", scale))
        self._pipe.recv()

    def stop(self) -> None:
        self._pipe.send("stop")
        self._pipe.recv()
        self._process.join(30)


def start_sandbox_process(
    folder: Path,
    nip: str,
    invoices: int,
    *,
    rate_scale: float = 0.0,
    truncate_at: int | None = None,
    latency_s: float = 0.0,
) -> SandboxProcess:
    context = multiprocessing.get_context("spawn")  # a clean interpreter: no Qt, no threads inherited
    ours, theirs = context.Pipe()
    process = context.Process(
        target=_serve, args=(str(folder), nip, invoices, rate_scale, truncate_at, latency_s, theirs), daemon=True
    )
    process.start()
    base_url, token = ours.recv()
    return SandboxProcess(base_url, token, ours, process)

"""The child's side of ``hosted``: serve the sandbox, answer the parent's commands, end at EOF.

Commands (one JSON object per line): ``demo_kit`` (seed purchase invoices to a NIP and hand over its
login kit), ``stats`` (requests and refusals per rate-limit group), ``reset_stats``. Anything else the
parent needs goes over HTTP, through the admin switches and the per-run key.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any, BinaryIO

from ksefdesk.core.errors import UserError
from ksefsandbox.hosted import Ready, config_from_json, decode, encode
from ksefsandbox.seed import login_kit, seed_invoices
from ksefsandbox.server import ListenError, SandboxServer, check_port

log = logging.getLogger(__name__)


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m ksefsandbox", description=__doc__)
    parser.add_argument("--data", required=True, metavar="DIR", help="the sandbox's state folder")
    parser.add_argument("--port", type=int, default=0, help="the port wanted (a taken one falls back to any free)")
    parser.add_argument("--config", default="{}", metavar="JSON", help="SandboxConfig fields")
    parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    return parser.parse_args(argv)


def _protocol_streams() -> tuple[BinaryIO, BinaryIO]:
    """stdin, and a copy of stdout kept for the messages alone: fd 1 (and sys.stdout) then point at
    stderr, so that whatever else prints (a library, C code) lands in the log, not between messages.
    A windowed bundle may have no sys.stdin object but still the pipe handle behind fd 0."""
    commands = sys.stdin.buffer if sys.stdin is not None else open(0, "rb", closefd=False)  # noqa: SIM115
    replies = os.fdopen(os.dup(1), "wb")
    if sys.stderr is not None:
        sys.stderr.flush()
        os.dup2(sys.stderr.fileno(), 1)
        sys.stdout = sys.stderr
    return commands, replies


def start_server(args: argparse.Namespace) -> SandboxServer:
    folder, config, port = Path(args.data), config_from_json(args.config), check_port(args.port)
    try:
        return SandboxServer(folder, port=port, config=config).start()
    except ListenError:
        if port == 0:
            raise
        log.info("port %d is taken; the sandbox takes a free one", port)  # a second app, or `ksefdesk sandbox`
        return SandboxServer(folder, port=0, config=config).start()


def answer(server: SandboxServer, command: dict[str, Any]) -> dict[str, Any]:
    sandbox, op = server.sandbox, command.get("op")
    if op == "demo_kit":
        nip, invoices = str(command["nip"]), int(command.get("invoices", 0))
        seed_invoices(sandbox, nip, invoices)
        return {"kit": login_kit(sandbox, nip).to_json()}
    if op == "stats":
        with sandbox.stats_lock:
            return {"calls": dict(sandbox.calls), "refused": dict(sandbox.refused)}
    if op == "reset_stats":
        with sandbox.stats_lock:
            sandbox.calls.clear()
            sandbox.refused.clear()
        return {}
    raise ValueError(f"unknown sandbox command {op!r}")


def _failure(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, UserError):
        return {"code": exc.code, "params": exc.params, "details": exc.details}
    return {"message": f"{type(exc).__name__}: {exc}"}


def main(argv: list[str] | None = None) -> int:
    args = _arguments(sys.argv[1:] if argv is None else argv)
    # Ctrl+C in a terminal reaches the whole process group: the parent decides when this one ends.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(stream=sys.stderr, level=args.log_level, format="%(levelname)s %(name)s: %(message)s")
    commands, replies = _protocol_streams()
    try:
        server = start_server(args)
    except (UserError, OSError, ValueError) as exc:
        replies.write(encode({"error": _failure(exc)}))
        replies.flush()
        return 1
    try:
        ready = Ready(
            server.base_url, server.root_url, server.sandbox.origin, server.admin_key, server.port, os.getpid()
        )
        replies.write(encode({"ready": ready.to_json()}))
        replies.flush()
        for line in commands:  # EOF: the parent stopped this process, or is gone
            if not line.strip():
                continue
            try:
                reply = {"ok": answer(server, decode(line))}
            except Exception as exc:  # one failed command is the parent's error to show, not the end
                log.warning("sandbox command failed: %s", type(exc).__name__)
                reply = {"error": _failure(exc)}
            replies.write(encode(reply))
            replies.flush()
    except (BrokenPipeError, OSError):  # the parent went away while we answered
        pass
    finally:
        server.stop()
    return 0

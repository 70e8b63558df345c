"""The sandbox as a child process of the app: how it is started and what the two sides say.

The parent starts ``python -m ksefsandbox`` (in a frozen bundle: its own executable with
``CHILD_FLAG``, see ``ksefdesk/__main__.py``) with pipes for stdin and stdout. The child answers with
one JSON line, ``{"ready": {...}}`` (or ``{"error": {...}}``), then reads one JSON command per line
on stdin and answers each with one line on stdout; it ends when stdin reaches EOF: the parent
stopped it, or died (the OS closes a dead process's pipes, SIGKILL included, on Windows and POSIX).
Its log goes to stderr. The exchange itself writes nothing to disk and nothing to the log: the
address, the admin key and a login kit's token and password cross only these pipes.

Kept light (no server imports): the parent imports this module, not the sandbox.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from ksefsandbox.config import SandboxConfig

CHILD_FLAG = "--ksefsandbox-child"  # the frozen bundle's hidden argument
ADMIN_HEADER = "X-Sandbox-Admin-Key"  # the per-run key of the admin switches (checked in guard)


def child_command(folder: Path, config: SandboxConfig, port: int, log_level: str) -> list[str]:
    args = ["--data", str(folder), "--port", str(port), "--config", config_to_json(config), "--log-level", log_level]
    if getattr(sys, "frozen", False):  # PyInstaller: no interpreter to give -m to, the app is the executable
        return [sys.executable, CHILD_FLAG, *args]
    return [sys.executable, "-m", "ksefsandbox", *args]


def config_to_json(config: SandboxConfig) -> str:
    return json.dumps(asdict(config))


def config_from_json(text: str) -> SandboxConfig:
    """Only SandboxConfig's own fields, each of its declared type: a typo is an error, not a default."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("the sandbox configuration must be a JSON object")
    known = {f.name: f for f in fields(SandboxConfig)}
    unknown = set(data) - set(known)
    if unknown:
        raise ValueError(f"unknown sandbox settings: {', '.join(sorted(unknown))}")
    checked: dict[str, Any] = {}
    for name, value in data.items():
        if known[name].type in (bool, "bool"):
            if not isinstance(value, bool):
                raise ValueError(f"sandbox setting {name!r} must be true or false")
            checked[name] = value
            continue
        kind = int if known[name].type in (int, "int") else float
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (kind is int and not isinstance(value, int))
        ):
            raise ValueError(f"sandbox setting {name!r} must be a number")
        checked[name] = kind(value)
    return SandboxConfig(**checked)


@dataclass(frozen=True)
class Ready:
    """What the parent needs from a started child. ``base_url`` and ``root_url`` carry the secret
    first path segment, ``admin_key`` is this run's key for the admin switches: both secrets."""

    base_url: str
    root_url: str
    origin: str
    admin_key: str
    port: int
    pid: int

    @property
    def address_secret(self) -> str:
        return self.root_url.rsplit("/", 1)[1]

    def admin_url(self, name: str) -> str:
        return f"{self.origin}/_sandbox/{name}"

    @property
    def admin_headers(self) -> dict[str, str]:
        return {ADMIN_HEADER: self.admin_key}

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Ready:
        return cls(
            str(data["base_url"]),
            str(data["root_url"]),
            str(data["origin"]),
            str(data["admin_key"]),
            int(data["port"]),
            int(data["pid"]),
        )


def encode(message: dict[str, Any]) -> bytes:
    return json.dumps(message, ensure_ascii=True, default=str).encode("ascii") + b"\n"


def decode(line: bytes) -> dict[str, Any]:
    message = json.loads(line)
    if not isinstance(message, dict):
        raise ValueError("a sandbox message must be a JSON object")
    return message

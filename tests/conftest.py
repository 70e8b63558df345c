"""Shared fixtures. Every test gets its own data folder; nothing touches the user's real one."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ksefdesk.core.redaction import Redactor
from ksefdesk.services.store import Database
from ksefsandbox.app import SandboxConfig
from ksefsandbox.keys import SandboxKeys
from ksefsandbox.server import SandboxServer

VALID_NIPS = ("5265877635", "1111111111", "7251801126", "5260250274")


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may read or write the developer's real data folder, keyring or language."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("KSEFDESK_HOME", str(home / "ksefdesk"))
    monkeypatch.setenv("KSEFDESK_SECRETS", "memory")
    monkeypatch.delenv("KSEFDESK_VAULT_PASSPHRASE", raising=False)
    monkeypatch.setenv("KSEFDESK_LANG", "en")


@pytest.fixture
def redactor() -> Redactor:
    return Redactor()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "store.db")
    yield database
    database.close()


ServerFactory = Callable[..., SandboxServer]


@pytest.fixture(scope="session")
def keys_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generate the sandbox's RSA keys once; each test server gets a copy."""
    folder = tmp_path_factory.mktemp("sandbox-keys") / "keys"
    SandboxKeys.load_or_create(folder)
    return folder


@pytest.fixture
def start_sandbox(tmp_path: Path, keys_template: Path) -> Iterator[ServerFactory]:
    servers: list[SandboxServer] = []

    def start(config: SandboxConfig | None = None, folder: Path | None = None, **kwargs: object) -> SandboxServer:
        folder = folder or tmp_path / f"sandbox{len(servers)}"
        if not (folder / "keys").exists():
            shutil.copytree(keys_template, folder / "keys")
        server = SandboxServer(
            folder, config=config or SandboxConfig(rate_scale=0, token_activation_s=0.05), **kwargs
        ).start()  # type: ignore[arg-type]
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()

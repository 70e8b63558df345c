from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ksefdesk.sandbox.app import SandboxConfig
from ksefdesk.sandbox.keys import SandboxKeys
from ksefdesk.sandbox.server import SandboxServer
from tests.sandbox.kit import Client

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


@pytest.fixture
def sandbox(start_sandbox: ServerFactory) -> SandboxServer:
    return start_sandbox()


@pytest.fixture
def client(sandbox: SandboxServer) -> Client:
    return Client(sandbox.base_url)

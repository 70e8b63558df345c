from __future__ import annotations

from collections.abc import Callable

import pytest

from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import Client

ServerFactory = Callable[..., SandboxServer]


@pytest.fixture
def sandbox(start_sandbox: ServerFactory) -> SandboxServer:
    return start_sandbox()


@pytest.fixture
def client(sandbox: SandboxServer) -> Client:
    return Client(sandbox.base_url)

"""Shared fixtures. Every test gets its own data folder; nothing touches the user's real one."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from ksefdesk.core.redaction import Redactor
from ksefdesk.services.store import Database

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

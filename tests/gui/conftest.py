"""Real services against an in-process sandbox for GUI tests; only dialogs are scripted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from ksefdesk.core.errors import UserError
from ksefdesk.core.preview import Page
from ksefdesk.services.ksef.http import RateLimiter
from ksefdesk.services.scheduler import SyncScheduler
from ksefdesk.services.secrets import SecretStore
from ksefdesk.services.store import Database
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.dialogs import Dialogs
from ksefdesk.ui.wizard import UiServices
from ksefsandbox.app import SandboxConfig
from ksefsandbox.server import SandboxServer
from tests import harness

CHALLENGE_SECONDS = 3


class ScriptedDialogs(Dialogs):
    """Answers file dialogs from a queue and records errors instead of showing them."""

    def __init__(self) -> None:
        super().__init__("en")
        self.answers: list[str | None] = []
        self.errors: list[UserError] = []
        self.informed: list[str] = []
        self.printed: list[list[Page]] = []
        self.asked: list[str] = []  # texts of confirmations and choices, in order
        self.confirm_answer = True
        self.choices: list[str] = []  # keys to answer ``choose`` with (the safe default when empty)

    def show_error(self, parent: QWidget | None, error: UserError) -> None:
        self.errors.append(error)

    def _next(self) -> str | None:
        return self.answers.pop(0) if self.answers else None

    def save_file(self, parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str | None:
        return self._next()

    def open_file(self, parent: QWidget | None, title: str, file_filter: str) -> str | None:
        return self._next()

    def choose_folder(self, parent: QWidget | None, title: str) -> str | None:
        return self._next()

    def open_files(self, parent: QWidget | None, title: str, file_filter: str) -> list[str]:
        answer = self._next()
        return answer.split("\n") if answer else []

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        self.informed.append(text)

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.asked.append(text)
        return self.confirm_answer

    def choose(
        self, parent: QWidget | None, title: str, text: str, choices: list[tuple[str, str]], *, warning: bool = False
    ) -> str:
        self.asked.append(text)
        keys = [key for key, _ in choices]
        answer = self.choices.pop(0) if self.choices else keys[-1]
        assert answer in keys, (answer, keys)
        return answer

    def ask_backup_passphrase(self, parent: QWidget | None) -> str | None:
        return self._next()

    def print_pages(self, parent: QWidget | None, pages: list[Page]) -> bool:
        self.printed.append(pages)
        return True


@dataclass
class GuiKit:
    server: SandboxServer
    desk: harness.Desk  # the composition root's services, at the sandbox
    services: UiServices
    dialogs: ScriptedDialogs

    @property
    def db(self) -> Database:
        return self.desk.db

    @property
    def secrets(self) -> SecretStore:
        return self.desk.secrets()


@pytest.fixture
def kit(tmp_path: Path, start_sandbox: Callable[..., SandboxServer]) -> Iterator[GuiKit]:
    server = start_sandbox(SandboxConfig(rate_scale=0, token_activation_s=0.05, challenge_ttl_s=CHALLENGE_SECONDS))
    desk = harness.Desk(
        tmp_path,
        server.base_url,
        db_name="gui.db",
        since_days=60,
        certificate_poll_s=0.1,
        challenge_validity=timedelta(seconds=CHALLENGE_SECONDS),
    )
    dialogs = ScriptedDialogs()
    runner = TaskRunner()
    scheduler = SyncScheduler(desk.companies, desk.receiver, desk.sender, runner, RateLimiter(), interval=None)
    kit = GuiKit(server, desk, UiServices(desk, runner, dialogs, scheduler=scheduler), dialogs)
    yield kit
    scheduler.stop()
    runner.wait()
    desk.close()

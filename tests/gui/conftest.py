"""Real services against an in-process sandbox for GUI tests; only dialogs are scripted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from ksefdesk.core.errors import UserError
from ksefdesk.core.preview import Page
from ksefdesk.core.redaction import Redactor
from ksefdesk.services.auth import AuthService
from ksefdesk.services.certificates import CertificateService
from ksefdesk.services.company_admin import CompanyAdmin
from ksefdesk.services.ksef.api import KsefApi
from ksefdesk.services.ksef.http import KsefHttp, RateLimiter
from ksefdesk.services.scheduler import SyncScheduler
from ksefdesk.services.secrets import MemorySecretStore
from ksefdesk.services.send import Outbox, Sender
from ksefdesk.services.store import AuthorizationRepository, CompanyRepository, Database, PendingRequestRepository
from ksefdesk.services.store.invoices import InvoiceRepository
from ksefdesk.services.sync import Receiver
from ksefdesk.services.system_notices import SystemNotices
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.dialogs import Dialogs
from ksefdesk.ui.wizard import WizardServices
from ksefsandbox.app import SandboxConfig
from ksefsandbox.server import SandboxServer

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
    db: Database
    services: WizardServices
    dialogs: ScriptedDialogs
    secrets: MemorySecretStore = field(default_factory=MemorySecretStore)


@pytest.fixture
def kit(tmp_path: Path, start_sandbox: Callable[..., SandboxServer]) -> Iterator[GuiKit]:
    server = start_sandbox(SandboxConfig(rate_scale=0, token_activation_s=0.05, challenge_ttl_s=CHALLENGE_SECONDS))
    db = Database(tmp_path / "gui.db")
    companies = CompanyRepository(db)
    secrets = MemorySecretStore(Redactor())
    notices = SystemNotices()
    api = KsefApi(KsefHttp(server.base_url, RateLimiter(), notices=notices))
    auth = AuthService(
        companies,
        AuthorizationRepository(db),
        PendingRequestRepository(db),
        lambda: secrets,
        lambda company: api,
        poll_interval_s=0.05,
        challenge_validity=timedelta(seconds=CHALLENGE_SECONDS),
    )
    dialogs = ScriptedDialogs()
    runner = TaskRunner()
    invoices = InvoiceRepository(db)
    receiver = Receiver(
        companies,
        invoices,
        auth,
        lambda company: api,
        since=datetime.now(UTC) - timedelta(days=60),
        poll_interval_s=0.05,
    )
    sender = Sender(companies, Outbox(db), auth, lambda company: api, poll_interval_s=0.05)
    scheduler = SyncScheduler(companies, receiver, sender, runner, RateLimiter(), interval=None)
    certificates = CertificateService(companies, auth, lambda: secrets, lambda company: api, poll_interval_s=0.1)
    auth.certificate_login = certificates.signing_material
    services = WizardServices(
        companies,
        auth,
        runner,
        dialogs,
        "en",
        invoices=invoices,
        sender=sender,
        scheduler=scheduler,
        certificates=certificates,
        admin=CompanyAdmin(companies, invoices, auth, lambda: secrets),
        notices=notices,
    )
    kit = GuiKit(server, db, services, dialogs, secrets)
    yield kit
    scheduler.stop()
    runner.wait()
    db.close()

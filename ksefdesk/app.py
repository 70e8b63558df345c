"""Composition root: builds every service once and hands it on. No module-level singletons."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ksefdesk import __version__
from ksefdesk.core.errors import Lang
from ksefdesk.core.models import SANDBOX_DEFAULT_URL, Company, Environment
from ksefdesk.core.redaction import Redactor
from ksefdesk.logging_setup import setup_logging
from ksefdesk.paths import AppPaths, resolve_paths
from ksefdesk.services.auth import AuthService
from ksefdesk.services.certificates import CertificateService
from ksefdesk.services.company_admin import CompanyAdmin
from ksefdesk.services.ksef.api import KsefApi
from ksefdesk.services.ksef.http import KsefHttp, RateLimiter
from ksefdesk.services.ksef.rate_budget import FolderBudgets
from ksefdesk.services.payments import PaymentService
from ksefdesk.services.sandbox_host import SandboxHost
from ksefdesk.services.secrets import PassphraseProvider, SecretStore, open_secret_store
from ksefdesk.services.send import Outbox, Sender
from ksefdesk.services.store import (
    AuthorizationRepository,
    CompanyRepository,
    Database,
    PendingRequestRepository,
    SettingsRepository,
)
from ksefdesk.services.store.invoices import InvoiceRepository
from ksefdesk.services.sync import Receiver
from ksefdesk.services.system_notices import SystemNotices
from ksefdesk.services.whitelist import SETTING_KEY as WHITELIST_SETTING
from ksefdesk.services.whitelist import WhiteListClient

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    paths: AppPaths
    lang: Lang
    redactor: Redactor
    log_file: Path
    db: Database
    companies: CompanyRepository
    authorizations: AuthorizationRepository
    settings: SettingsRepository
    limiter: RateLimiter
    sandbox: SandboxHost
    ask_passphrase: PassphraseProvider | None = None
    _secrets: SecretStore | None = field(default=None, repr=False)
    _apis: dict[tuple[str, str], KsefApi] = field(default_factory=dict, repr=False)
    notices: SystemNotices = field(default_factory=SystemNotices)  # KSeF's X-System-Warning, told once each
    auth: AuthService = field(init=False)
    invoices: InvoiceRepository = field(init=False)
    receiver: Receiver = field(init=False)
    sender: Sender = field(init=False)
    certificates: CertificateService = field(init=False)
    admin: CompanyAdmin = field(init=False)
    payments: PaymentService = field(init=False)

    def __post_init__(self) -> None:
        self.auth = AuthService(
            self.companies, self.authorizations, PendingRequestRepository(self.db), self.secrets, self.api_for
        )
        self.invoices = InvoiceRepository(self.db)
        self.receiver = Receiver(self.companies, self.invoices, self.auth, self.api_for)
        self.sender = Sender(self.companies, Outbox(self.db), self.auth, self.api_for)
        self.certificates = CertificateService(self.companies, self.auth, self.secrets, self.api_for)
        self.auth.certificate_login = self.certificates.signing_material  # silent logins
        self.admin = CompanyAdmin(self.companies, self.invoices, self.auth, self.secrets)
        self.payments = PaymentService(
            self.db, self.companies, self.invoices, self.auth, self.api_for, self.whitelist_for
        )

    def base_url_for(self, company: Company) -> str:
        """The API address to use; the sandbox's default one means "the sandbox this app hosts"."""
        if company.environment is Environment.SANDBOX and company.base_url == SANDBOX_DEFAULT_URL:
            return self.sandbox.base_url()
        return company.base_url

    def whitelist_for(self, company: Company) -> WhiteListClient:
        """The VAT White List: in the sandbox its local stand-in (at the sandbox's root), else the
        Ministry's or the address in the settings."""
        if company.environment is Environment.SANDBOX:
            parts = urlsplit(self.base_url_for(company))
            return WhiteListClient(f"{parts.scheme}://{parts.netloc}")
        return WhiteListClient(self.settings.get(WHITELIST_SETTING) or "")

    def api_for(self, company: Company) -> KsefApi:
        """One client per company and address, sharing the process-wide rate limiter."""
        url = self.base_url_for(company)
        key = (company.nip, url)
        if key not in self._apis:
            self._apis[key] = KsefApi(KsefHttp(url, self.limiter, scope=company.nip, notices=self.notices))
        return self._apis[key]

    def secrets(self) -> SecretStore:
        """The secret store, opened on first use: listing companies must not ask for a passphrase."""
        if self._secrets is None:
            self._secrets = open_secret_store(
                self.paths.data, self.paths.vault, self.redactor, ask_passphrase=self.ask_passphrase
            )
            log.info("secret store: %s", self._secrets.backend.value)
        return self._secrets

    def secret_store_description(self) -> str:
        """Where secrets are kept, once the store is open ("" before: asking would prompt for a passphrase)."""
        return self._secrets.describe(self.lang) if self._secrets is not None else ""

    def close(self) -> None:
        self.sandbox.stop()
        self.db.close()


def harden_process() -> None:
    """Process-wide protections, where the OS offers them: files and folders are created private
    (umask 077, exports and PDFs included), and no core dump can carry the vault passphrase, tokens
    or key passwords out of memory (RLIMIT_CORE 0; on Linux also not dumpable, which keeps other
    processes of the same user from reading this one's memory through /proc or ptrace)."""
    if os.name == "posix":
        os.umask(0o077)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):  # Windows has no resource module
        pass
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
        except (OSError, AttributeError):
            log.info("could not mark the process as not dumpable")


def build_context(
    data_dir: str | None,
    *,
    lang: Lang,
    verbose: bool = False,
    ask_passphrase: PassphraseProvider | None = None,
) -> AppContext:
    harden_process()
    paths = resolve_paths(data_dir).ensure()
    redactor = Redactor()
    log_file = setup_logging(paths.logs, redactor, verbose=verbose)
    log.info("KSeF Desk %s starting, data in %s", __version__, paths.data)
    db = Database(paths.database)
    ctx = AppContext(
        paths=paths,
        lang=lang,
        redactor=redactor,
        log_file=log_file,
        db=db,
        companies=CompanyRepository(db),
        authorizations=AuthorizationRepository(db),
        settings=SettingsRepository(db),
        limiter=RateLimiter(budgets=FolderBudgets(paths.database)),  # one budget per context, all processes
        sandbox=SandboxHost(paths.data / "sandbox", redactor=redactor),
        ask_passphrase=ask_passphrase,
    )
    ctx.admin.recover_unfinished_switches()  # a switch of environment cut short by a crash is undone
    return ctx

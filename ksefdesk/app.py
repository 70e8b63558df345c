"""Composition root: every service of one app instance, built once from its inputs, on first use.

The window (ui/launch.py), the command line, the tests (tests/harness.py) and the benchmarks all get
their services from ``AppContext``; nothing else wires services by hand. No module-level singletons.

Importing this module and building a context open only the database: signing, XML, HTTP and the
sandbox are imported when a service that needs them is first asked for (a cached property with a
local import), so the first window is shown before they load."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ksefdesk.core.errors import Lang
from ksefdesk.core.models import SANDBOX_DEFAULT_URL, Company, Environment
from ksefdesk.core.redaction import Redactor
from ksefdesk.paths import AppPaths
from ksefdesk.services.store import (
    AuthorizationRepository,
    CompanyRepository,
    Database,
    PendingRequestRepository,
    SettingsRepository,
)
from ksefdesk.services.system_notices import SystemNotices

if TYPE_CHECKING:
    from ksefdesk.services.auth import AuthService
    from ksefdesk.services.bulk import BulkRun
    from ksefdesk.services.certificates import CertificateKeys, CertificateService
    from ksefdesk.services.company_admin import CompanyAdmin
    from ksefdesk.services.invoicing import InvoicingService
    from ksefdesk.services.ksef.api import KsefApi
    from ksefdesk.services.ksef.http import RateLimiter
    from ksefdesk.services.office import OfficeService
    from ksefdesk.services.payments import PaymentService
    from ksefdesk.services.readiness import ReadinessService
    from ksefdesk.services.sandbox_host import SandboxHost
    from ksefdesk.services.secrets import PassphraseProvider, SecretStore
    from ksefdesk.services.send import Outbox, Sender
    from ksefdesk.services.store.invoices import InvoiceRepository
    from ksefdesk.services.sync import Receiver
    from ksefdesk.services.whitelist import WhiteListClient

log = logging.getLogger(__name__)

ApiFor = Callable[[Company], "KsefApi"]


@dataclass(frozen=True)
class Timing:
    """How the services pace themselves against KSeF; None keeps each service's own default (the app
    uses the defaults, tests poll a local sandbox fast)."""

    poll_interval_s: float | None = None  # status polls of logins, sends, exports, enrolments
    certificate_poll_s: float | None = None  # certificate enrolment; None: ``poll_interval_s``
    sync_since: datetime | None = None  # how far back a first sync reaches
    challenge_validity: timedelta | None = None
    clock: Callable[[], datetime] | None = None  # the logins' clock


def _given(**options: object) -> dict[str, Any]:
    """Keyword arguments for a service: only the options that were set."""
    return {name: value for name, value in options.items() if value is not None}


class AppContext:
    """The services of one app instance over one database.

    KSeF is reached through ``api_for`` when given (a test's KsefApi at an in-process sandbox), else
    through one ``KsefHttp`` per company and address sharing ``limiter``. Secrets come from ``secrets``
    when given, else from the store in ``paths``, opened on first use (listing companies must not ask
    for a passphrase)."""

    def __init__(
        self,
        db: Database,
        *,
        lang: Lang,
        redactor: Redactor | None = None,
        paths: AppPaths | None = None,
        log_file: Path | None = None,
        secrets: SecretStore | None = None,
        ask_passphrase: PassphraseProvider | None = None,
        api_for: ApiFor | None = None,
        limiter: RateLimiter | None = None,
        sandbox: SandboxHost | None = None,
        notices: SystemNotices | None = None,
        timing: Timing | None = None,
    ) -> None:
        if secrets is None and paths is None:
            raise ValueError("a context needs a data folder or a secret store")
        self.db = db
        self.lang = lang
        self.redactor = redactor or Redactor()
        self.log_file = log_file
        self.ask_passphrase = ask_passphrase
        self.notices = notices or SystemNotices()  # KSeF's X-System-Warning, told once each
        self.timing = timing or Timing()
        self.companies = CompanyRepository(db)
        self.authorizations = AuthorizationRepository(db)
        self.settings = SettingsRepository(db)
        self._paths = paths
        self._secrets = secrets
        self._secrets_lock = threading.Lock()
        self._given_api_for = api_for
        self._apis: dict[tuple[str, str], KsefApi] = {}
        self._apis_lock = threading.Lock()
        if limiter is not None:
            self.limiter = limiter
        if sandbox is not None:
            self.sandbox = sandbox

    @property
    def paths(self) -> AppPaths:
        if self._paths is None:
            raise RuntimeError("this context was built over an open database, without a data folder")
        return self._paths

    @property
    def data_dir(self) -> str:
        """The data folder as the window shows it ("" for a context over an open database)."""
        return str(self._paths.data) if self._paths is not None else ""

    # --- how KSeF is reached --------------------------------------------------------------------------
    @cached_property
    def limiter(self) -> RateLimiter:
        """One budget per KSeF context shared by every process over this data folder."""
        from ksefdesk.services.ksef.http import RateLimiter
        from ksefdesk.services.ksef.rate_budget import FolderBudgets

        return RateLimiter(budgets=FolderBudgets(self.paths.database))

    @cached_property
    def sandbox(self) -> SandboxHost:
        from ksefdesk.services.sandbox_host import SandboxHost

        return SandboxHost(self.paths.data / "sandbox", redactor=self.redactor)

    @property
    def hosted_sandbox(self) -> SandboxHost | None:
        """The sandbox this app can host: none for a context over an open database that was given none."""
        return self.sandbox if self._paths is not None or "sandbox" in self.__dict__ else None

    def base_url_for(self, company: Company) -> str:
        """The API address to use; the sandbox's default one means "the sandbox this app hosts"."""
        if company.environment is Environment.SANDBOX and company.base_url == SANDBOX_DEFAULT_URL:
            return self.sandbox.base_url()
        return company.base_url

    def api_for(self, company: Company) -> KsefApi:
        """One client per company and address, sharing the process-wide rate limiter."""
        if self._given_api_for is not None:
            return self._given_api_for(company)
        from ksefdesk.services.ksef.api import KsefApi
        from ksefdesk.services.ksef.http import KsefHttp

        url = self.base_url_for(company)
        with self._apis_lock:
            key = (company.nip, url)
            if key not in self._apis:
                self._apis[key] = KsefApi(KsefHttp(url, self.limiter, scope=company.nip, notices=self.notices))
            return self._apis[key]

    def whitelist_for(self, company: Company) -> WhiteListClient:
        """The VAT White List: in the sandbox its local stand-in (at the root of the sandbox's address),
        else the Ministry's or the address in the settings."""
        from ksefdesk.services.settings import WHITELIST_URL
        from ksefdesk.services.whitelist import WhiteListClient

        if company.environment is Environment.SANDBOX:
            parts = urlsplit(self.api_for(company).http.base_url)
            return WhiteListClient(f"{parts.scheme}://{parts.netloc}")
        return WhiteListClient(WHITELIST_URL.read(self.settings))

    # --- secrets ------------------------------------------------------------------------------------
    def secrets(self) -> SecretStore:
        """The secret store, opened on first use (by whichever thread needs it first)."""
        with self._secrets_lock:
            if self._secrets is None:
                from ksefdesk.services.secrets import open_secret_store

                self._secrets = open_secret_store(
                    self.paths.data, self.paths.vault, self.redactor, ask_passphrase=self.ask_passphrase
                )
                log.info("secret store: %s", self._secrets.backend.value)
            return self._secrets

    def secret_store_description(self) -> str:
        """Where secrets are kept, once the store is open ("" before: asking would prompt for a passphrase)."""
        return self._secrets.describe(self.lang) if self._secrets is not None else ""

    # --- services -----------------------------------------------------------------------------------
    @cached_property
    def invoices(self) -> InvoiceRepository:
        from ksefdesk.services.store.invoices import InvoiceRepository

        return InvoiceRepository(self.db)

    @cached_property
    def outbox(self) -> Outbox:
        from ksefdesk.services.send import Outbox

        return Outbox(self.db)

    @cached_property
    def certificate_keys(self) -> CertificateKeys:
        """The stored KSeF certificates and their keys: what a silent login needs, and no more (so the
        logins get it when built, and the certificate service, which needs the logins, comes after)."""
        from ksefdesk.services.certificates import CertificateKeys

        return CertificateKeys(self.companies, self.secrets)

    @cached_property
    def auth(self) -> AuthService:
        from ksefdesk.services.auth import AuthService

        t = self.timing
        return AuthService(
            self.companies,
            self.authorizations,
            PendingRequestRepository(self.db),
            self.secrets,
            self.api_for,
            certificate_login=self.certificate_keys.login_material,  # silent logins (own or the office's)
            **_given(clock=t.clock, poll_interval_s=t.poll_interval_s, challenge_validity=t.challenge_validity),
        )

    @cached_property
    def receiver(self) -> Receiver:
        from ksefdesk.services.sync import Receiver

        t = self.timing
        return Receiver(
            self.companies,
            self.invoices,
            self.auth,
            self.api_for,
            **_given(since=t.sync_since, poll_interval_s=t.poll_interval_s),
        )

    @cached_property
    def sender(self) -> Sender:
        from ksefdesk.services.send import Sender

        return Sender(
            self.companies, self.outbox, self.auth, self.api_for, **_given(poll_interval_s=self.timing.poll_interval_s)
        )

    @cached_property
    def certificates(self) -> CertificateService:
        from ksefdesk.services.certificates import CertificateService

        t = self.timing
        poll = t.certificate_poll_s if t.certificate_poll_s is not None else t.poll_interval_s
        return CertificateService(self.companies, self.auth, self.secrets, self.api_for, **_given(poll_interval_s=poll))

    @cached_property
    def admin(self) -> CompanyAdmin:
        from ksefdesk.services.company_admin import CompanyAdmin

        return CompanyAdmin(self.companies, self.invoices, self.auth, self.secrets)

    @cached_property
    def payments(self) -> PaymentService:
        from ksefdesk.services.payments import PaymentService

        return PaymentService(self.db, self.companies, self.invoices, self.auth, self.api_for, self.whitelist_for)

    @cached_property
    def readiness(self) -> ReadinessService:
        from ksefdesk.services.readiness import ReadinessService

        return ReadinessService(self.companies, self.auth, self.certificate_keys, **_given(clock=self.timing.clock))

    @cached_property
    def bulk(self) -> BulkRun:
        from ksefdesk.services.bulk import BulkRun

        return BulkRun(self.companies, self.auth, self.receiver, self.invoices)

    @cached_property
    def office(self) -> OfficeService:
        from ksefdesk.services.ksef.permissions import PermissionsApi
        from ksefdesk.services.office import OfficeService

        return OfficeService(
            self.companies, self.certificates, self.auth, lambda company: PermissionsApi(self.api_for(company).http)
        )

    @cached_property
    def invoicing(self) -> InvoicingService:
        from ksefdesk.services.invoicing import InvoicingService

        return InvoicingService(self.db, self.companies, self.outbox, self.whitelist_for)

    def recover(self) -> None:
        """At start: a switch of environment cut short by a crash is undone (the services are built
        only when there is one)."""
        if self.companies.unfinished_switches():
            self.admin.recover_unfinished_switches()

    def close(self) -> None:
        if "sandbox" in self.__dict__:  # only a sandbox this context started
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
    """The app's and the command line's context over a data folder: private files, the redacting
    log, the database; then whatever a crash left half done is put right."""
    from ksefdesk import __version__
    from ksefdesk.logging_setup import setup_logging
    from ksefdesk.paths import resolve_paths

    harden_process()
    paths = resolve_paths(data_dir).ensure()
    redactor = Redactor()
    log_file = setup_logging(paths.logs, redactor, verbose=verbose)
    log.info("KSeF Desk %s starting, data in %s", __version__, paths.data)
    ctx = AppContext(
        Database(paths.database),
        lang=lang,
        redactor=redactor,
        paths=paths,
        log_file=log_file,
        ask_passphrase=ask_passphrase,
    )
    ctx.recover()
    return ctx

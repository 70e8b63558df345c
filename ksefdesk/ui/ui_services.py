"""What the windows need from the composition root, read when first used.

Kept apart from the windows (and importing the services only for type checking) so that the first
window is built and shown before signing, XML and HTTP are imported."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from ksefdesk.core.errors import Lang

if TYPE_CHECKING:
    from ksefdesk.services.auth import AuthService
    from ksefdesk.services.bulk import BulkRun
    from ksefdesk.services.certificates import CertificateService
    from ksefdesk.services.company_admin import CompanyAdmin
    from ksefdesk.services.invoicing import InvoicingService
    from ksefdesk.services.office import OfficeService
    from ksefdesk.services.payments import PaymentService
    from ksefdesk.services.readiness import ReadinessService
    from ksefdesk.services.sandbox_host import SandboxHost
    from ksefdesk.services.scheduler import SyncScheduler
    from ksefdesk.services.send import Sender
    from ksefdesk.services.store import CompanyRepository, SettingsRepository
    from ksefdesk.services.store.invoices import InvoiceRepository
    from ksefdesk.services.system_notices import SystemNotices
    from ksefdesk.services.tasks import TaskRunner
    from ksefdesk.ui.dialogs import Dialogs


class ServiceSource(Protocol):
    """Where the windows' services come from: the composition root (ksefdesk.app.AppContext), which
    builds each one on first use."""

    lang: Lang
    companies: CompanyRepository
    settings: SettingsRepository
    notices: SystemNotices

    @property
    def data_dir(self) -> str: ...
    @property
    def auth(self) -> AuthService: ...
    @property
    def hosted_sandbox(self) -> SandboxHost | None: ...
    @property
    def invoices(self) -> InvoiceRepository: ...
    @property
    def sender(self) -> Sender: ...
    @property
    def certificates(self) -> CertificateService: ...
    @property
    def admin(self) -> CompanyAdmin: ...
    @property
    def payments(self) -> PaymentService: ...
    @property
    def readiness(self) -> ReadinessService: ...
    @property
    def bulk(self) -> BulkRun: ...
    @property
    def office(self) -> OfficeService: ...
    @property
    def invoicing(self) -> InvoicingService: ...
    def secret_store_description(self) -> str: ...


class UiServices:
    """What the windows need, handed in by the composition root (no globals). Each service is read
    from ``source`` when a window first uses it, so the first window is shown before signing, XML
    and HTTP are loaded."""

    def __init__(
        self, source: ServiceSource, runner: TaskRunner, dialogs: Dialogs, *, scheduler: SyncScheduler | None = None
    ) -> None:
        self.source = source
        self.runner = runner
        self.dialogs = dialogs
        self.scheduler = scheduler

    @property
    def lang(self) -> Lang:
        return self.source.lang

    @property
    def companies(self) -> CompanyRepository:
        return self.source.companies

    @property
    def settings(self) -> SettingsRepository | None:
        return self.source.settings

    @property
    def notices(self) -> SystemNotices:  # the KsefHttp clients report to it
        return self.source.notices

    @property
    def data_dir(self) -> str:
        return self.source.data_dir

    @property
    def secret_store(self) -> Callable[[], str] | None:
        return self.source.secret_store_description

    @property
    def auth(self) -> AuthService:
        return self.source.auth

    @property
    def sandbox(self) -> SandboxHost | None:
        return self.source.hosted_sandbox

    @property
    def invoices(self) -> InvoiceRepository | None:
        return self.source.invoices

    @property
    def sender(self) -> Sender | None:
        return self.source.sender

    @property
    def certificates(self) -> CertificateService | None:
        return self.source.certificates

    @property
    def admin(self) -> CompanyAdmin | None:
        return self.source.admin

    @property
    def payments(self) -> PaymentService | None:
        return self.source.payments

    @property
    def readiness(self) -> ReadinessService:
        return self.source.readiness

    @property
    def bulk(self) -> BulkRun:
        return self.source.bulk

    @property
    def office(self) -> OfficeService:
        return self.source.office

    @property
    def invoicing(self) -> InvoicingService:
        return self.source.invoicing

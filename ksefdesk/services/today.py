"""Gathers what ``core/today.py`` needs for one company or all of them, from the rules that already exist:
new purchase invoices (``InvoiceRepository.table_rows``), the outbox (``Sender.pending_count``,
``Sender.due_soon``), the login (``AuthService.state``, ``services/credentials.warnings``) and the readiness
for 2027 (``ReadinessService``). The readiness reads the secret store: call ``gather`` off the GUI thread.
``sync_facts`` reads the scheduler, whose state lives on the GUI thread: call it there."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from ksefdesk.core.errors import Bilingual, UserError
from ksefdesk.core.invoices import Direction
from ksefdesk.core.models import Company
from ksefdesk.core.offline import POLAND
from ksefdesk.core.today import CompanyFacts, SyncFacts

if TYPE_CHECKING:
    from ksefdesk.services.auth import AuthService
    from ksefdesk.services.cancel import CancelToken
    from ksefdesk.services.certificates import CertificateService
    from ksefdesk.services.readiness import ReadinessService
    from ksefdesk.services.scheduler import SyncScheduler
    from ksefdesk.services.send import Sender
    from ksefdesk.services.store import CompanyRepository
    from ksefdesk.services.store.invoices import InvoiceRepository

DUE_NOW_DAYS = 1  # as the reminders: offline invoices due by tomorrow (desk_rules.deadline_warnings)
ANY_DEADLINE_DAYS = 100 * 366  # due_soon over every deadline there is: the earliest one


class TodayService:
    def __init__(
        self,
        companies: CompanyRepository,
        auth: AuthService,
        *,
        invoices: InvoiceRepository | None = None,
        sender: Sender | None = None,
        certificates: CertificateService | None = None,
        readiness: ReadinessService | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.companies, self.auth = companies, auth
        self.invoices, self.sender, self.certificates, self.readiness = invoices, sender, certificates, readiness
        self._clock = clock

    def today(self) -> date:
        """Today in Poland: the legal deadlines are Polish days."""
        return self._clock().astimezone(POLAND).date()

    def gather(self, nip: str | None = None, cancel: CancelToken | None = None) -> list[CompanyFacts]:
        """The facts of one company (``nip``) or of every company in use; cancellable between companies."""
        companies = [self.companies.get(nip)] if nip else self.companies.list()
        new = self._new_purchases() if companies else Counter[str]()
        found = []
        for company in companies:
            if cancel is not None:
                cancel.raise_if_cancelled()
            found.append(self._facts(company, new[company.nip]))
        return found

    def _new_purchases(self) -> Counter[str]:
        if self.invoices is None:
            return Counter()
        purchase = Direction.PURCHASE.value
        rows = self.invoices.table_rows()
        return Counter(row.company_nip for row in rows if row.is_new and row.direction == purchase)

    def _facts(self, company: Company, new_purchases: int) -> CompanyFacts:
        today = self.today()
        state = self.auth.state(company.nip)
        waiting = due_now = 0
        first_deadline = None
        if self.sender is not None:
            waiting = self.sender.pending_count(company.nip)
            if waiting:
                due_now = len(self.sender.due_soon(company.nip, within_days=DUE_NOW_DAYS, today=today))
                dated = self.sender.due_soon(company.nip, within_days=ANY_DEADLINE_DAYS, today=today)
                first_deadline = min((i.deadline for i in dated if i.deadline is not None), default=None)
        warnings: tuple[Bilingual, ...] = ()
        if self.certificates is not None:
            from ksefdesk.services.credentials import warnings as credential_warnings

            warnings = tuple(w.message for w in credential_warnings(company, self.auth, self.certificates))
        readiness = self.readiness.assess(company.nip, today) if self.readiness is not None else None
        return CompanyFacts(
            nip=company.nip,
            name=company.display_name,
            status=company.status,
            reason=company.status_reason,
            new_purchases=new_purchases,
            waiting=waiting,
            due_now=due_now,
            first_deadline=first_deadline,
            login_ends=state.refresh_valid_until,
            readiness=readiness,
            credential_warnings=warnings,
            sync=SyncFacts(last=company.last_sync_at),
        )


def error_text(error: UserError) -> Bilingual:
    return Bilingual(error.message("pl"), error.message("en"))


def sync_facts(scheduler: SyncScheduler | None, facts: CompanyFacts, now: datetime | None = None) -> SyncFacts:
    """The stored last sync, with what the scheduler knows now (on the GUI thread, which owns its state)."""
    stored = facts.sync
    if scheduler is None or not facts.logged_in:
        return SyncFacts(last=stored.last)
    state = scheduler.snapshot(facts.nip)
    lasts = [moment for moment in (stored.last, state.last_finished) if moment is not None]
    wait = scheduler.next_run_in(facts.nip)
    return SyncFacts(
        last=max(lasts) if lasts else None,
        next_at=(now or datetime.now(UTC)) + wait if wait is not None else None,
        running=state.running,
        error=error_text(state.last_error) if state.last_error is not None else None,
    )

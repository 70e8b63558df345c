"""One action over many companies: check each login, receive invoices for each, or export each one's
previous calendar month.

Companies go one after another through the same services the window uses (so the shared rate limiter
paces them and ``Receiver.sync`` keeps its per-company locks: a company already syncing elsewhere is
reported, not synced twice). One company's failure never stops the rest; a cancel stops before the
next company, and inside one where the work takes the CancelToken. Each company gets a ``BulkItem``.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ksefdesk.core.errors import Bilingual, Cancelled, KsefUnavailable, NotAuthorized, ReauthNeeded, UserError
from ksefdesk.core.invoices import accounting_date
from ksefdesk.core.models import Company, ConnectionStatus
from ksefdesk.core.status import ReauthReason
from ksefdesk.services.auth import AuthService
from ksefdesk.services.cancel import CancelToken
from ksefdesk.services.export import safe_name, write_csv, write_files, xml_path
from ksefdesk.services.store import CompanyRepository
from ksefdesk.services.store.invoices import InvoiceRepository
from ksefdesk.services.sync import Receiver

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]  # done so far, of how many, the NIP being worked on now


class BulkAction(enum.Enum):
    CHECK = "check"
    SYNC = "sync"
    EXPORT_LAST_MONTH = "export_last_month"


@dataclass(frozen=True)
class BulkItem:
    """What the action did for one company: ``ok`` with a summary, or the error (with what to do)."""

    nip: str
    ok: bool
    error: UserError | None
    summary: Bilingual


def previous_month(today: date) -> tuple[date, date]:
    """First and last day of the calendar month before ``today``'s."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


class BulkRun:
    def __init__(
        self,
        companies: CompanyRepository,
        auth: AuthService,
        receiver: Receiver,
        invoices: InvoiceRepository,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.companies, self.auth, self.receiver, self.invoices = companies, auth, receiver, invoices
        self._clock = clock

    def run(
        self,
        action: BulkAction,
        nips: Sequence[str],
        *,
        cancel: CancelToken | None = None,
        progress: Progress | None = None,
        folder: Path | None = None,
    ) -> list[BulkItem]:
        """The action for each company in order; stops early only when cancelled (the items done so far
        are returned). ``folder`` is where EXPORT_LAST_MONTH writes (one folder per company)."""
        if action is BulkAction.EXPORT_LAST_MONTH and folder is None:
            raise ValueError("EXPORT_LAST_MONTH needs a folder")
        cancel = cancel or CancelToken()
        items: list[BulkItem] = []
        for index, nip in enumerate(nips):
            if progress:
                progress(index, len(nips), nip)
            if cancel.cancelled:  # after the progress report: a cancel pressed while it was shown counts too
                break
            try:
                items.append(self._one(action, nip, cancel, folder))
            except Cancelled:
                break  # the company cut short is not counted as done
            except UserError as exc:
                log.info("bulk %s of %s failed: %s", action.value, nip, exc.code)
                items.append(BulkItem(nip, False, exc, Bilingual(exc.message("pl"), exc.message("en"))))
        if progress:
            progress(len(items), len(nips), "")
        return items

    def _one(self, action: BulkAction, nip: str, cancel: CancelToken, folder: Path | None) -> BulkItem:
        if action is BulkAction.CHECK:
            return self._check(nip, cancel)
        if action is BulkAction.SYNC:
            result = self.receiver.sync(nip, cancel=cancel)
            bought, sold = result.added.get("Subject2", 0), result.added.get("Subject1", 0)
            other = result.total_added - bought - sold  # as a third party, or an authorized subject
            pl = f"Nowe faktury: zakupu {bought}, sprzedaży {sold}" + (f", inne {other}" if other else "")
            en = f"New invoices: purchase {bought}, sales {sold}" + (f", other {other}" if other else "")
            return BulkItem(nip, True, None, Bilingual(pl, en))
        assert folder is not None
        return self._export(self.companies.get(nip), folder)

    def _check(self, nip: str, cancel: CancelToken) -> BulkItem:
        company = self.auth.check(nip, cancel=cancel)
        if company.status is ConnectionStatus.CONNECTED:
            return BulkItem(nip, True, None, Bilingual("Połączona z KSeF", "Connected to KSeF"))
        error = _state_error(company)
        return BulkItem(nip, False, error, Bilingual(error.message("pl"), error.message("en")))

    def _export(self, company: Company, root: Path) -> BulkItem:
        """The previous month as an accountant books it: sales by issue date, purchases by the day KSeF
        received them (see ``accounting_date``); the XML files sit in that month's folder."""
        first, last = previous_month(self._clock().date())
        inside = (first.isoformat(), last.isoformat())
        chosen = [
            (invoice, day)
            for invoice in self.invoices.list(company.id)
            if (day := accounting_date(invoice)) is not None and inside[0] <= day[:10] <= inside[1]
        ]
        by_folder: dict[tuple[str, ...], list[tuple[str, bytes]]] = {}
        try:
            for invoice, day in chosen:
                xml = self.invoices.xml(company.id, invoice.ksef_number)
                if xml is not None:
                    parts = xml_path(root, company.nip, invoice.ksef_number, day).relative_to(root).parts
                    by_folder.setdefault(parts[:-1], []).append((parts[-1], xml))
            written = sum(write_files(root, where, files) for where, files in by_folder.items())
            month = f"{first:%Y-%m}"
            csv_path = root / safe_name(company.nip, "nip") / f"{safe_name(company.nip, 'nip')}_{month}.csv"
            csv_path.parent.mkdir(parents=True, exist_ok=True)
            rows = write_csv([invoice for invoice, _ in chosen], csv_path)
        except OSError as exc:
            raise UserError("export.cannot_write", path=str(root), details=str(exc)) from exc
        return BulkItem(
            company.nip,
            True,
            None,
            Bilingual(
                f"{month}: {rows} faktur w CSV, zapisane pliki XML: {written}",
                f"{month}: {rows} invoices in the CSV, XML files written: {written}",
            ),
        )


def _state_error(company: Company) -> UserError:
    """Why a checked company is not connected, as the catalogue says it (with what to do)."""
    reason = company.status_reason
    if company.status is ConnectionStatus.REAUTH_NEEDED and isinstance(reason, ReauthReason):
        return ReauthNeeded(reason, nip=company.nip)
    if company.status is ConnectionStatus.UNAVAILABLE:
        return KsefUnavailable(status=503)
    return NotAuthorized(nip=company.nip)

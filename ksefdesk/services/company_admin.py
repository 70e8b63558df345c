"""Removing a company and switching its environment without ever losing what is stored for it.

What a removal deletes is counted first (so the user is told exactly), a switch of environment puts
the old company aside as an archive until the new login succeeds, and an archive is deleted only on
request, with the secrets no company in use still needs.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ksefdesk.core.errors import UserError
from ksefdesk.core.models import AuthorizationKind, Company, Environment
from ksefdesk.services.auth import AuthService
from ksefdesk.services.export import write_csv, write_files, write_xml_files
from ksefdesk.services.ksef.http import CancelToken
from ksefdesk.services.secrets import SecretStore
from ksefdesk.services.store import CompanyRepository
from ksefdesk.services.store.invoices import InvoiceRepository

log = logging.getLogger(__name__)
_UNSENT = ("queued", "sending", "sent")  # not yet in KSeF for sure (no KSeF number)
_LOGIN_KINDS = (AuthorizationKind.ACCESS_TOKEN, AuthorizationKind.REFRESH_TOKEN)


@dataclass(frozen=True)
class StoredData:
    """Everything kept on this computer for one company (or one archive)."""

    received: int  # purchase and other invoices received from KSeF
    issued: int  # sales invoices stored from KSeF
    sent: int  # invoices this app sent (with a KSeF number)
    upos: int  # of them, with their UPO
    unsent: int  # waiting in the outbox, not yet in KSeF
    nearest_deadline: date | None  # the earliest legal send-by date among the unsent ones
    certificates: int  # KSeF certificates with their private keys
    has_ksef_token: bool
    archives: int  # archives of other environments of the same NIP (kept on removal)
    office_clients: int = 0  # companies logging in with this one's KSeF certificate (an accounting office)

    @property
    def empty(self) -> bool:
        return not (self.received or self.issued or self.sent or self.unsent or self.certificates)


class KeyDecision(enum.Enum):
    """What the user chose for the private keys of the company's KSeF certificates that have no backup."""

    BACKED_UP = "backed_up"  # a backup was made just now (or every key already had one)
    DISCARD = "discard"  # offered a backup, the user declined: the keys are deleted with the company


@dataclass(frozen=True)
class ArchiveExport:
    folder: Path
    invoices: int
    outbox_files: int


class CompanyAdmin:
    def __init__(
        self,
        companies: CompanyRepository,
        invoices: InvoiceRepository,
        auth: AuthService,
        secrets: Callable[[], SecretStore],
    ) -> None:
        self.companies = companies
        self.invoices = invoices
        self.auth = auth
        self._secrets = secrets
        self.db = companies.db

    # --- what is stored ------------------------------------------------------------------------
    def stored_data(self, company: Company) -> StoredData:
        conn = self.db.connection()

        def count(sql: str, *params: object) -> int:
            return int(conn.execute(sql, (company.id, *params)).fetchone()[0])

        received = count("SELECT COUNT(*) FROM invoices WHERE company_id = ? AND direction != 'sales'")
        issued = count("SELECT COUNT(*) FROM invoices WHERE company_id = ? AND direction = 'sales'")
        sent = count("SELECT COUNT(*) FROM outbox WHERE company_id = ? AND ksef_number IS NOT NULL")
        upos = count("SELECT COUNT(*) FROM outbox WHERE company_id = ? AND upo IS NOT NULL")
        marks = ", ".join("?" for _ in _UNSENT)
        unsent = count(f"SELECT COUNT(*) FROM outbox WHERE company_id = ? AND state IN ({marks})", *_UNSENT)  # noqa: S608
        deadline_row = conn.execute(
            f"SELECT MIN(deadline) FROM outbox WHERE company_id = ? AND state IN ({marks})",  # noqa: S608
            (company.id, *_UNSENT),
        ).fetchone()
        certificates = count("SELECT COUNT(*) FROM ksef_certificates WHERE company_id = ? AND status = 'Active'")
        token = count("SELECT COUNT(*) FROM authorizations WHERE company_id = ? AND kind = ?", "ksef_token")
        archives = 0 if company.archived_at else len(self.companies.archives(company.nip))
        deadline = date.fromisoformat(deadline_row[0][:10]) if deadline_row and deadline_row[0] else None
        clients = 0 if company.archived_at else len(self.companies.clients_of(company.id))
        return StoredData(received, issued, sent, upos, unsent, deadline, certificates, bool(token), archives, clients)

    # --- removal -------------------------------------------------------------------------------------
    def keys_without_backup(self, company: Company) -> list[str]:
        """Serials of the company's active KSeF certificates whose private key was never saved as a .p12:
        deleting the company deletes them for good, so removal first asks what to do (``KeyDecision``)."""
        rows = self.db.connection().execute(
            "SELECT serial FROM ksef_certificates WHERE company_id = ? AND status = 'Active' AND backed_up_at IS NULL"
            " ORDER BY serial",
            (company.id,),
        )
        return [row[0] for row in rows]

    def remove(self, nip: str, *, keys: KeyDecision | None = None, cancel: CancelToken | None = None) -> None:
        """Close the login, forget its secrets (session tokens, the KSeF token, the certificates' private
        keys) and delete the company with its data (the caller has shown ``stored_data`` and the user
        confirmed). A key without a backup is never deleted unless the user was offered one: without a
        ``keys`` decision such a company is refused. Archives of other environments stay."""
        company = self.companies.get(nip)
        unsaved = self.keys_without_backup(company)
        if unsaved and keys is None:
            raise UserError("company.keys_not_backed_up", nip=company.nip, count=len(unsaved))
        if unsaved and keys is KeyDecision.BACKED_UP:
            raise UserError("company.keys_not_backed_up", nip=company.nip, count=len(unsaved))
        self.auth.logout(nip, forget_ksef_token=True, cancel=cancel)
        self._delete_with_secrets(company)
        if unsaved:
            log.info(
                "company %s removed with %d KSeF certificate keys the user chose not to back up", nip, len(unsaved)
            )

    def delete_archive(self, company_id: int) -> None:
        archive = self.companies.by_id(company_id)
        if archive is None or archive.archived_at is None:
            raise UserError("company.archive_missing")
        self._delete_with_secrets(archive)

    def _secret_refs(self, company_id: int) -> set[str]:
        conn = self.db.connection()
        refs = {r[0] for r in conn.execute("SELECT secret_ref FROM authorizations WHERE company_id = ?", (company_id,))}
        refs |= {
            r[0] for r in conn.execute("SELECT key_ref FROM ksef_certificates WHERE company_id = ?", (company_id,))
        }
        return refs

    def _delete_with_secrets(self, company: Company) -> None:
        mine = self._secret_refs(company.id)
        self.companies.delete(company.id)
        # An archive and the company in use may share a secret's name (same environment again).
        still_used = {ref for ref in mine if self._referenced(ref)}
        secrets = self._secrets()
        for ref in mine - still_used:
            secrets.delete(ref)

    def _referenced(self, ref: str) -> bool:
        conn = self.db.connection()
        return bool(
            conn.execute("SELECT 1 FROM authorizations WHERE secret_ref = ?", (ref,)).fetchone()
            or conn.execute("SELECT 1 FROM ksef_certificates WHERE key_ref = ?", (ref,)).fetchone()
        )

    # --- switching environment -------------------------------------------------------------------
    def begin_switch(self, nip: str, environment: Environment, base_url: str | None = None) -> Company:
        current = self.companies.get(nip)
        if current.environment is environment and (base_url is None or base_url == current.base_url):
            raise UserError("company.same_environment", environment=environment.value)
        return self.companies.begin_switch(nip, environment, base_url=base_url)

    def cancel_switch(self, nip: str) -> Company | None:
        current = self.companies.find(nip)
        if current is not None and current.switch_from is not None and self.auth.authorizations.for_company(current.id):
            # a half-made login of the new environment must not stay behind in the secret store
            self.auth.forget(current, list(AuthorizationKind))
        return self.companies.cancel_switch(nip)

    def finish_switch(self, nip: str) -> Company:
        current = self.companies.get(nip)
        archived = self.companies.by_id(current.switch_from) if current.switch_from else None
        company = self.companies.finish_switch(nip)
        if archived is not None:
            # The archive keeps its data, KSeF token and certificate keys; its session tokens are of no use.
            for kind in _LOGIN_KINDS:
                stored = self.auth.authorizations.get(archived.id, kind)
                if stored is not None:
                    self.auth.authorizations.delete(archived.id, kind)
                    if not self._referenced(stored.secret_ref):
                        self._secrets().delete(stored.secret_ref)
        return company

    def recover_unfinished_switches(self) -> list[str]:
        """At start-up: a switch whose login never finished (the app was closed or crashed) is undone."""
        undone = []
        for company in self.companies.unfinished_switches():
            if self.auth.authorizations.get(company.id, AuthorizationKind.REFRESH_TOKEN) is not None:
                self.finish_switch(company.nip)
                continue
            self.cancel_switch(company.nip)
            undone.append(company.nip)
            log.info("an unfinished switch of environment of %s was undone", company.nip)
        return undone

    # --- export ------------------------------------------------------------------------------------
    def export(self, company: Company, folder: Path) -> ArchiveExport:
        """The company's (or archive's) invoices as original XML with a CSV sheet, and what it sent
        with each UPO, into ``folder`` (created if needed)."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            result = write_xml_files(self.invoices, company, folder / "faktury")
            write_csv(self.invoices.list(company.id), folder / "faktury.csv")
            outbox_files = self._export_outbox(company, folder / "wyslane")
        except OSError as exc:
            raise UserError("export.cannot_write", path=str(folder), details=str(exc)) from exc
        return ArchiveExport(folder, result.xml_written + result.xml_unchanged, outbox_files)

    def _export_outbox(self, company: Company, sent_folder: Path) -> int:
        rows = (
            self.db.connection()
            .execute("SELECT id, xml, upo, ksef_number FROM outbox WHERE company_id = ?", (company.id,))
            .fetchall()
        )
        if not rows:
            return 0

        def files() -> Iterator[tuple[str, bytes]]:
            for row in rows:
                stem = _safe_stem(row["ksef_number"] or f"niewyslana-{row['id']}")
                yield f"{stem}.xml", bytes(row["xml"])
                if row["upo"] is not None:
                    yield f"UPO_{stem}.xml", bytes(row["upo"])

        return write_files(sent_folder.parent, (sent_folder.name,), files())


def _safe_stem(text: str) -> str:
    """KSeF numbers are digits, letters and dashes; anything else never reaches a file name."""
    return "".join(ch for ch in text if ch.isalnum() or ch == "-")[:80] or "faktura"

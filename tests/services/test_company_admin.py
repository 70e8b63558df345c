"""Removing a company and switching its environment never loses what is stored for it by surprise."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ksefdesk.core.errors import UserError
from ksefdesk.core.models import AuthorizationKind, ConnectionStatus, Environment
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.auth import secret_name
from ksefdesk.services.company_admin import CompanyAdmin
from ksefdesk.services.store import CompanyRepository, Database
from ksefdesk.services.store.invoices import InvoiceRepository
from ksefsandbox.server import SandboxServer
from tests import harness
from tests.sandbox.kit import invoice_xml

NIP = "5265877635"


class Desk(harness.Desk):
    def __init__(self, folder: Path, server: SandboxServer) -> None:
        super().__init__(folder, server.base_url)
        self.person = self_signed(person_subject(nip=NIP))

    def connect(self) -> None:
        self.auth.sign_in(NIP, SigningMaterial(self.person.key, self.person.certificate))


@pytest.fixture
def desk(tmp_path: Path, start_sandbox: Callable[..., SandboxServer]) -> Desk:
    app = Desk(tmp_path, start_sandbox())
    app.companies.add(NIP, Environment.SANDBOX)
    return app


def _send_one(desk: Desk, tmp_path: Path, number: str = "FV/1/2026") -> None:
    desk.sender.enqueue(NIP, f"{number.replace('/', '_')}.xml", invoice_xml(NIP, number=number))
    summary = desk.sender.send(NIP)
    assert summary.done, summary


def test_stored_data_counts_exactly_what_a_removal_deletes(desk: Desk, tmp_path: Path) -> None:
    desk.connect()
    _send_one(desk, tmp_path)
    desk.sender.enqueue(NIP, "waiting.xml", invoice_xml(NIP, number="FV/2/2026"))
    stored = desk.admin.stored_data(desk.companies.get(NIP))
    assert (stored.sent, stored.upos, stored.unsent) == (1, 1, 1)
    assert not stored.empty

    desk.admin.remove(NIP)
    assert desk.companies.find(NIP) is None
    assert desk.db.connection().execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0
    assert not [name for name in desk.secrets()._values if NIP in name]  # every secret of the company is gone


def test_switch_changes_nothing_until_cancelled_then_everything_is_back(desk: Desk, tmp_path: Path) -> None:
    desk.connect()
    _send_one(desk, tmp_path)
    before = desk.companies.get(NIP)
    refresh = desk.secrets().get(secret_name(before, AuthorizationKind.REFRESH_TOKEN))
    assert refresh

    switching = desk.admin.begin_switch(NIP, Environment.TEST)
    assert switching.environment is Environment.TEST and switching.switch_from == before.id
    assert desk.outbox.listing() == []  # the old environment's work is not shown as the new one's
    restored = desk.admin.cancel_switch(NIP)

    assert restored is not None and restored.id == before.id
    assert restored.environment is Environment.SANDBOX and restored.status is ConnectionStatus.CONNECTED
    assert len(desk.outbox.listing()) == 1
    assert desk.secrets().get(secret_name(restored, AuthorizationKind.REFRESH_TOKEN)) == refresh
    assert desk.companies.archives() == []


def test_finished_switch_keeps_the_old_environment_as_an_archive(desk: Desk, tmp_path: Path) -> None:
    desk.connect()
    _send_one(desk, tmp_path)
    old = desk.companies.get(NIP)
    desk.admin.begin_switch(NIP, Environment.TEST)
    desk.admin.finish_switch(NIP)

    (archive,) = desk.companies.archives(NIP)
    assert archive.id == old.id and archive.environment is Environment.SANDBOX
    assert desk.admin.stored_data(archive).sent == 1
    exported = desk.admin.export(archive, tmp_path / "archive")
    assert exported.outbox_files == 2  # the sent invoice and its UPO
    assert any((tmp_path / "archive" / "wyslane").glob("UPO_*.xml"))
    assert desk.secrets().get(secret_name(old, AuthorizationKind.REFRESH_TOKEN)) is None  # session of no use

    desk.admin.delete_archive(archive.id)
    assert desk.companies.archives() == []
    with pytest.raises(UserError) as caught:
        desk.admin.delete_archive(archive.id)
    assert caught.value.code == "company.archive_missing"


def test_an_unfinished_switch_is_undone_at_the_next_start(desk: Desk, tmp_path: Path) -> None:
    desk.connect()
    before = desk.companies.get(NIP)
    desk.admin.begin_switch(NIP, Environment.DEMO)
    # the app was closed (or crashed) before the login in DEMO: a new process opens the same database
    again = Database(desk.db.path)
    admin = CompanyAdmin(CompanyRepository(again), InvoiceRepository(again), desk.auth, desk.secrets)
    assert admin.recover_unfinished_switches() == [NIP]
    assert desk.companies.get(NIP).id == before.id
    assert desk.companies.get(NIP).environment is Environment.SANDBOX


def test_switch_to_the_same_environment_is_refused(desk: Desk) -> None:
    with pytest.raises(UserError) as caught:
        desk.admin.begin_switch(NIP, Environment.SANDBOX, desk.companies.get(NIP).base_url)
    assert caught.value.code == "company.same_environment"


def test_no_permissions_is_said_as_such_not_as_a_connection_problem(desk: Desk) -> None:
    """KSeF's status 415 after a login: a person without permissions in this company's context."""
    stranger = self_signed(person_subject(pesel="80010112345"))  # owns nothing in the sandbox
    with pytest.raises(UserError) as caught:
        desk.auth.sign_in(NIP, SigningMaterial(stranger.key, stranger.certificate))
    error = caught.value
    assert error.code == "auth.no_permissions" and error.ksef_code == 415
    for lang in ("pl", "en"):
        assert "415" not in error.message(lang)  # codes only in the details
    assert "context" in error.message("en") and "not a connection problem" in error.message("en")
    assert "kontekście" in error.message("pl")


def _data_folder_bytes(folder: Path) -> bytes:
    """The app's own files in the test's folder: the database with its -wal/-shm, rate-limit budgets, logs
    (the sandbox's files and the encrypted backups live there too and are left out)."""
    mine = [p for p in folder.glob("app.db*")] + list((folder / "ratelimits").rglob("*")) + list(folder.glob("*.log"))
    assert any(p.name == "app.db" for p in mine)
    return b"".join(path.read_bytes() for path in sorted(mine) if path.is_file())


def test_a_key_without_backup_is_never_deleted_without_a_decision(desk: Desk, tmp_path: Path) -> None:
    from ksefdesk.services.certificates import AUTHENTICATION, OFFLINE
    from ksefdesk.services.company_admin import KeyDecision

    desk.connect()
    certificates = [desk.certificates.enroll(NIP, AUTHENTICATION), desk.certificates.enroll(NIP, OFFLINE)]
    desk.auth.create_app_token(NIP)
    company = desk.companies.get(NIP)
    assert sorted(desk.admin.keys_without_backup(company)) == sorted(c.serial for c in certificates)

    with pytest.raises(UserError) as refused:
        desk.admin.remove(NIP)
    assert refused.value.code == "company.keys_not_backed_up" and "--backup-keys" in refused.value.cli_action("en")
    assert desk.companies.find(NIP) is not None  # nothing removed
    with pytest.raises(UserError):
        desk.admin.remove(NIP, keys=KeyDecision.BACKED_UP)  # saying so does not make it true

    files = desk.certificates.back_up(NIP, tmp_path / "backup", "long passphrase")
    assert len(files) == 2 and desk.admin.keys_without_backup(company) == []
    secret_values = [desk.secrets().get(name) for name in desk.secrets()._values if NIP in name]
    assert len(secret_values) >= 4  # access, refresh, KSeF token, two keys

    desk.admin.remove(NIP, keys=KeyDecision.BACKED_UP)
    assert desk.companies.find(NIP) is None
    assert not [name for name in desk.secrets()._values if NIP in name]
    folder = _data_folder_bytes(tmp_path)
    for value in secret_values:
        assert value and value.encode() not in folder  # no token or key anywhere in the data folder


def test_declining_the_backup_deletes_the_keys_with_the_company(desk: Desk) -> None:
    from ksefdesk.services.certificates import AUTHENTICATION
    from ksefdesk.services.company_admin import KeyDecision

    desk.connect()
    desk.certificates.enroll(NIP, AUTHENTICATION)
    desk.admin.remove(NIP, keys=KeyDecision.DISCARD)
    assert desk.companies.find(NIP) is None
    assert not [name for name in desk.secrets()._values if NIP in name]

import sqlite3
import stat
from pathlib import Path

import pytest

from ksefdesk.core.errors import UserError
from ksefdesk.core.models import AuthorizationKind, ConnectionStatus, Environment
from ksefdesk.core.status import OutageReason, ReauthReason, StatusReason
from ksefdesk.services.store import AuthorizationRepository, CompanyRepository, Database, SettingsRepository
from ksefdesk.services.store import migrations as migrations_module
from ksefdesk.services.store.invoices import InvoiceRepository
from ksefdesk.services.store.migrations import LATEST_VERSION


def _make_v1_database(path: Path) -> None:
    """A database exactly as schema version 1 left it, with a company in it."""
    old = Database(path, target_version=1)
    assert old.schema_version() == 1
    old.connection().execute(
        "INSERT INTO companies (nip, name, environment, base_url, created_at, updated_at)"
        " VALUES ('5265877635', 'Stara firma', 'test', 'https://api-test.ksef.mf.gov.pl/v2',"
        " '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')"
    )
    old.close()


def test_new_database_gets_the_latest_schema_and_no_backup(tmp_path: Path) -> None:
    db = Database(tmp_path / "new.db")
    assert db.schema_version() == LATEST_VERSION and LATEST_VERSION >= 11
    assert list(tmp_path.glob("*.bak")) == []
    assert stat.S_IMODE((tmp_path / "new.db").stat().st_mode) == 0o600
    db.close()


def test_previous_version_is_upgraded_with_a_backup_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "ksefdesk.db"
    _make_v1_database(path)
    db = Database(path)
    assert db.schema_version() == LATEST_VERSION
    company = CompanyRepository(db).get("5265877635")
    assert company.name == "Stara firma" and company.last_sync_at is None
    SettingsRepository(db).set("language", "pl")  # the table v2 added works
    columns = {row[1] for row in db.connection().execute("PRAGMA table_info(outbox)")}
    assert {"offline_mode", "issue_date", "deadline"} <= columns  # v8: offline invoicing
    assert db.connection().execute("SELECT COUNT(*) FROM ksef_certificates").fetchone()[0] == 0  # v7
    db.close()
    backups = list(tmp_path.glob("ksefdesk.db.v1-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT name FROM companies").fetchone()[0] == "Stara firma"
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600


def test_a_failing_migration_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "ksefdesk.db"
    _make_v1_database(path)
    broken = (
        *migrations_module.MIGRATIONS[:1],
        ("ALTER TABLE companies ADD COLUMN x TEXT", "THIS IS NOT SQL"),
    )
    with pytest.raises(UserError) as caught:
        Database(path, migrations=broken)
    assert caught.value.code == "store.migration_failed"
    assert ".bak" in caught.value.action("en")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        columns = [row[1] for row in conn.execute("PRAGMA table_info(companies)")]
        assert "x" not in columns  # the first statement was rolled back with the second


def test_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "ksefdesk.db"
    Database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = path.read_bytes()
    with pytest.raises(UserError) as caught:
        Database(path)
    assert caught.value.code == "store.newer_version"
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "ksefdesk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(UserError) as caught:
        Database(path)
    assert caught.value.code == "store.unreadable"
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "ksefdesk.db"
    Database(path).close()
    db = Database(path)
    CompanyRepository(db).add("5265877635", Environment.TEST)
    db.close()
    assert CompanyRepository(Database(path)).get("5265877635")
    assert list(tmp_path.glob("*.bak")) == []


@pytest.mark.parametrize("version", range(1, LATEST_VERSION))
def test_every_previous_version_opens_with_its_data(tmp_path: Path, version: int) -> None:
    path = tmp_path / "ksefdesk.db"
    old = Database(path, target_version=version)
    old.connection().execute(
        "INSERT INTO companies (nip, name, environment, base_url, created_at, updated_at)"
        " VALUES ('5265877635', 'Firma', 'test', 'https://api-test.ksef.mf.gov.pl/v2',"
        " '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')"
    )
    old.close()
    db = Database(path)
    assert db.schema_version() == LATEST_VERSION
    assert CompanyRepository(db).get("5265877635").name == "Firma"
    assert len(list(tmp_path.glob(f"ksefdesk.db.v{version}-*.bak"))) == 1
    db.close()


def test_invoices_keep_their_documents_when_the_xml_moves_out_of_the_list_table(tmp_path: Path) -> None:
    path = tmp_path / "ksefdesk.db"
    old = Database(path, target_version=5)
    conn = old.connection()
    conn.execute(
        "INSERT INTO companies (id, nip, name, environment, base_url, created_at, updated_at)"
        " VALUES (1, '5265877635', 'Firma', 'test', 'https://api-test.ksef.mf.gov.pl/v2',"
        " '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')"
    )
    conn.execute(
        "INSERT INTO invoices (company_id, ksef_number, direction, sha256, xml, metadata, is_new, received_at)"
        " VALUES (1, 'K-1', 'purchase', 'h', X'3c612f3e', '{\"a\": 1}', 0, '2026-01-02T00:00:00+00:00')"
    )
    old.close()
    db = Database(path)
    invoices = InvoiceRepository(db)
    assert invoices.xml(1, "K-1") == b"<a/>"
    [row] = invoices.list(1)
    assert row.ksef_number == "K-1" and not row.is_new
    meta = db.connection().execute("SELECT metadata FROM invoice_documents").fetchone()[0]
    assert meta == '{"a": 1}'
    db.connection().execute("DELETE FROM companies")  # the documents go with their invoices
    assert db.connection().execute("SELECT COUNT(*) FROM invoice_documents").fetchone()[0] == 0
    db.close()


def test_version_9_gains_the_payment_tables_and_keeps_its_invoices(tmp_path: Path) -> None:
    path = tmp_path / "ksefdesk.db"
    old = Database(path, target_version=9)
    old.connection().execute(
        "INSERT INTO companies (nip, name, environment, base_url, created_at, updated_at)"
        " VALUES ('5265877635', 'Firma', 'test', 'https://api-test.ksef.mf.gov.pl/v2',"
        " '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')"
    )
    old.close()
    db = Database(path)
    assert db.schema_version() == LATEST_VERSION
    conn = db.connection()
    company_id = conn.execute("SELECT id FROM companies").fetchone()[0]
    conn.execute(
        "INSERT INTO payments (company_id, ksef_number, paid_at, amount, method, recorded_at)"
        " VALUES (?, 'K', '2026-12-01', '12.50', 'transfer', '2026-12-01T00:00:00+00:00')",
        (company_id,),
    )
    with pytest.raises(sqlite3.IntegrityError):  # one payment record per invoice
        conn.execute(
            "INSERT INTO payments (company_id, ksef_number, paid_at, amount, method, recorded_at)"
            " VALUES (?, 'K', '2026-12-02', '1', 'other', '2026-12-02T00:00:00+00:00')",
            (company_id,),
        )
    with pytest.raises(sqlite3.IntegrityError):  # only the two ways of paying
        conn.execute(
            "INSERT INTO payments (company_id, ksef_number, paid_at, amount, method, recorded_at)"
            " VALUES (?, 'L', '2026-12-02', '1', 'cash', '2026-12-02T00:00:00+00:00')",
            (company_id,),
        )
    assert {r[1] for r in conn.execute("PRAGMA table_info(collective_ids)")} >= {"number", "ksef_numbers"}
    assert {r[1] for r in conn.execute("PRAGMA table_info(whitelist_checks)")} >= {"verdict", "request_id"}
    db.close()


# Version 10 stored message keys as a company's reason (and older versions KSeF's error codes):
# nip, status and status_reason as version 10 wrote them -> the status and reason read back.
Row = tuple[str, str, str, ConnectionStatus, StatusReason | None]
V10_ROWS: list[Row] = [
    ("1000000001", "reauth_needed", "reauth.expired", ConnectionStatus.REAUTH_NEEDED, ReauthReason.EXPIRED),
    (
        "1000000002",
        "reauth_needed",
        "reauth.session_revoked",
        ConnectionStatus.REAUTH_NEEDED,
        ReauthReason.SESSION_REVOKED,
    ),
    ("1000000003", "reauth_needed", "reauth.token_revoked", ConnectionStatus.REAUTH_NEEDED, ReauthReason.TOKEN_REVOKED),
    (
        "1000000004",
        "reauth_needed",
        "reauth.token_unusable",
        ConnectionStatus.REAUTH_NEEDED,
        ReauthReason.TOKEN_UNUSABLE,
    ),
    (
        "1000000005",
        "reauth_needed",
        "reauth.no_permissions",
        ConnectionStatus.REAUTH_NEEDED,
        ReauthReason.NO_PERMISSIONS,
    ),
    ("1000000006", "reauth_needed", "reauth.refused", ConnectionStatus.REAUTH_NEEDED, ReauthReason.REFUSED),
    ("1000000007", "reauth_needed", "session revoked", ConnectionStatus.REAUTH_NEEDED, ReauthReason.EXPIRED),  # unknown
    ("1000000008", "reauth_needed", "", ConnectionStatus.REAUTH_NEEDED, ReauthReason.EXPIRED),
    ("1000000009", "unavailable", "status.unreachable", ConnectionStatus.UNAVAILABLE, OutageReason.UNREACHABLE),
    ("1000000010", "unavailable", "status.unavailable", ConnectionStatus.UNAVAILABLE, OutageReason.UNAVAILABLE),
    ("1000000011", "unavailable", "ksef.unreachable", ConnectionStatus.UNAVAILABLE, OutageReason.UNREACHABLE),
    ("1000000012", "unavailable", "ksef.server_error", ConnectionStatus.UNAVAILABLE, OutageReason.UNAVAILABLE),
    ("1000000013", "connected", "", ConnectionStatus.CONNECTED, None),
    ("1000000014", "not_authorized", "reauth.expired", ConnectionStatus.NOT_AUTHORIZED, None),
    ("1000000015", "frozen_by_a_newer_app", "why.not", ConnectionStatus.NOT_AUTHORIZED, None),  # unknown state
]


def test_version_10_reasons_become_enum_values_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "ksefdesk.db"
    old = Database(path, target_version=10)
    conn = old.connection()
    for nip, status, reason, _, _ in V10_ROWS:
        conn.execute(
            "INSERT INTO companies (nip, name, environment, base_url, status, status_reason, created_at, updated_at)"
            " VALUES (?, ?, 'test', 'https://api-test.ksef.mf.gov.pl/v2', ?, ?, '2026-01-01T00:00:00+00:00',"
            " '2026-01-01T00:00:00+00:00')",
            (nip, f"Firma {nip}", status, reason),
        )
        conn.execute(
            "INSERT INTO authorizations (company_id, kind, secret_ref, expires_at, created_at)"
            " SELECT id, 'refresh_token', 'test/' || nip, NULL, '2026-01-01T00:00:00+00:00' FROM companies"
            " WHERE nip = ?",
            (nip,),
        )
    for serial, status in (("01", "Active"), ("02", "Revoked"), ("03", "Suspended")):  # 03: not in KSeF's contract
        conn.execute(
            "INSERT INTO ksef_certificates (company_id, serial, type, name, valid_from, valid_to, status, der, key_ref,"
            " created_at) VALUES (1, ?, 'Authentication', 'c', '2026-01-01T00:00:00+00:00',"
            " '2027-01-01T00:00:00+00:00', ?, X'00', 'k', '2026-01-01T00:00:00+00:00')",
            (serial, status),
        )
    old.close()
    db = Database(path)
    assert db.schema_version() == LATEST_VERSION
    certificates = dict(db.connection().execute("SELECT serial, status FROM ksef_certificates").fetchall())
    assert certificates == {"01": "Active", "02": "Revoked", "03": "Blocked"}  # an unknown one is never Active
    stored = {
        row["nip"]: (row["status"], row["status_reason"])
        for row in db.connection().execute("SELECT nip, status, status_reason FROM companies")
    }
    companies = {company.nip: company for company in CompanyRepository(db).list()}
    assert len(companies) == len(V10_ROWS)  # every company still there, names and credentials too
    for nip, _, _, read_status, read_reason in V10_ROWS:
        company = companies[nip]
        assert (company.status, company.status_reason) == (read_status, read_reason), nip
        assert stored[nip] == (read_status.value, read_reason.value if read_reason else ""), nip  # values, not keys
        assert company.name == f"Firma {nip}"
        assert AuthorizationRepository(db).get(company.id, AuthorizationKind.REFRESH_TOKEN) is not None
    db.close()


def test_an_unknown_value_written_after_the_migration_still_reads(tmp_path: Path) -> None:
    """A newer app may store a state or reason this one does not know: read as the safe default, never a crash."""
    db = Database(tmp_path / "ksefdesk.db")
    companies = CompanyRepository(db)
    companies.add("5265877635", Environment.TEST)
    db.connection().execute("UPDATE companies SET status = 'reauth_needed', status_reason = 'quantum_flux'")
    company = companies.get("5265877635")
    assert company.status is ConnectionStatus.REAUTH_NEEDED and company.status_reason is ReauthReason.EXPIRED
    db.connection().execute("UPDATE companies SET status = 'hibernating'")
    assert companies.get("5265877635").status is ConnectionStatus.NOT_AUTHORIZED
    db.close()

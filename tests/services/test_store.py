from datetime import UTC, datetime, timedelta

import pytest

from ksefdesk.core.errors import UserError
from ksefdesk.core.models import AuthMethod, AuthorizationKind, ConnectionStatus, Environment
from ksefdesk.core.status import ReauthReason
from ksefdesk.services.store import AuthorizationRepository, CompanyRepository, Database, SettingsRepository


def test_add_get_list_companies(db: Database) -> None:
    companies = CompanyRepository(db)
    added = companies.add("526-587-76-35", Environment.TEST, name="  Ministerstwo   Finansów ")
    assert added.nip == "5265877635"
    assert added.name == "Ministerstwo Finansów"
    assert added.base_url == "https://api-test.ksef.mf.gov.pl/v2"
    assert added.status is ConnectionStatus.NOT_AUTHORIZED and added.auth_method is None
    companies.add("1111111111", Environment.SANDBOX, base_url="http://127.0.0.1:9999/v2/")
    assert [c.nip for c in companies.list()] == ["1111111111", "5265877635"]  # unnamed first
    assert companies.get("1111111111").base_url == "http://127.0.0.1:9999/v2"


def test_duplicate_nip_is_refused_with_its_environment(db: Database) -> None:
    companies = CompanyRepository(db)
    companies.add("5265877635", Environment.DEMO)
    with pytest.raises(UserError) as caught:
        companies.add("5265877635", Environment.PROD)
    assert caught.value.code == "company.duplicate"
    assert "demo" in caught.value.message("en")
    assert len(companies.list()) == 1


def test_bad_input_is_refused_before_writing(db: Database) -> None:
    companies = CompanyRepository(db)
    for call in (
        lambda: companies.add("5265877636", Environment.TEST),
        lambda: companies.add("5265877635", Environment.TEST, base_url="http://evil.example/v2"),
        lambda: companies.add("5265877635", Environment.TEST, name="x" * 300),
    ):
        with pytest.raises(UserError):
            call()
    assert companies.list() == []


def test_status_auth_method_and_sync_time(db: Database) -> None:
    companies = CompanyRepository(db)
    companies.add("5265877635", Environment.TEST)
    companies.set_auth_method("5265877635", AuthMethod.TOKEN)
    updated = companies.set_status("5265877635", ConnectionStatus.REAUTH_NEEDED, ReauthReason.SESSION_REVOKED)
    assert updated.status is ConnectionStatus.REAUTH_NEEDED and updated.status_reason is ReauthReason.SESSION_REVOKED
    assert updated.auth_method is AuthMethod.TOKEN
    when = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert companies.mark_synced("5265877635", when).last_sync_at == when
    assert companies.rename("5265877635", "Nowa nazwa").name == "Nowa nazwa"


def test_unknown_company(db: Database) -> None:
    with pytest.raises(UserError) as caught:
        CompanyRepository(db).get("1111111111")
    assert caught.value.code == "company.not_found"


def test_authorizations_hold_references_and_go_with_the_company(db: Database) -> None:
    companies = CompanyRepository(db)
    auths = AuthorizationRepository(db)
    company = companies.add("5265877635", Environment.TEST)
    expiry = datetime(2026, 12, 1, tzinfo=UTC)
    auths.save(company.id, AuthorizationKind.REFRESH_TOKEN, "5265877635/refresh", expiry)
    saved = auths.save(company.id, AuthorizationKind.REFRESH_TOKEN, "5265877635/refresh2", expiry + timedelta(1))
    assert saved.secret_ref == "5265877635/refresh2" and saved.expires_at == expiry + timedelta(1)
    auths.save(company.id, AuthorizationKind.ACCESS_TOKEN, "5265877635/access", None)
    assert [a.kind for a in auths.for_company(company.id)] == [
        AuthorizationKind.ACCESS_TOKEN,
        AuthorizationKind.REFRESH_TOKEN,
    ]
    assert auths.delete(company.id, AuthorizationKind.ACCESS_TOKEN) == 1
    companies.remove("5265877635")
    assert auths.for_company(company.id) == []


def test_settings(db: Database) -> None:
    settings = SettingsRepository(db)
    assert settings.get("language") is None and settings.get("language", "pl") == "pl"
    settings.set("language", "en")
    settings.set("language", "pl")
    assert settings.get("language") == "pl"


def test_failed_transaction_leaves_nothing(db: Database) -> None:
    companies = CompanyRepository(db)
    with pytest.raises(RuntimeError), db.transaction() as conn:
        conn.execute(
            "INSERT INTO companies (nip, environment, base_url, created_at, updated_at)"
            " VALUES ('5265877635', 'test', 'https://x/v2', 'now', 'now')"
        )
        raise RuntimeError("crash mid-way")
    assert companies.list() == []


def test_each_thread_has_its_own_connection(db: Database) -> None:
    import threading

    seen = []
    thread = threading.Thread(target=lambda: seen.append(db.connection()))
    thread.start()
    thread.join()
    assert seen[0] is not db.connection()
    assert db.connection().execute("PRAGMA journal_mode").fetchone()[0] == "wal"

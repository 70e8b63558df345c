"""Forward compatibility of the client: KSeF adds fields, enum values and status codes between versions
(2.7-2.9: CollectiveIdentifierManage, OwnerPermissionScope, CNH/VED/XTS/ZWG/SLE, ...), drops required
fields (ForbiddenProblemDetails.timestamp), words its 450 details in Polish (2.6.1) and sends
X-System-Warning: none of it may break the app, and each must reach the user as a clear message."""

from __future__ import annotations

import io
import json
import re
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from ksefdesk.cli_output import Output
from ksefdesk.core.auth_flow import TOKEN_REFUSALS, token_refusal
from ksefdesk.core.errors import CATALOG, UserError
from ksefdesk.core.models import AuthMethod, AuthorizationKind, ConnectionStatus, Environment
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.core.status import ReauthReason
from ksefdesk.services.auth import secret_name
from ksefdesk.services.certificates import AUTHENTICATION
from ksefdesk.services.ksef.api import AuthOperation, AuthStatus, KsefApi
from ksefdesk.services.ksef.http import CancelToken, KsefApiError, KsefHttp, RateLimiter, error_for
from ksefdesk.services.ksef.permissions import Identifier, PermissionsApi, Person
from ksefdesk.services.system_notices import SystemNotices, normalized, split_warnings
from ksefsandbox.app import SandboxConfig
from ksefsandbox.seed import seed_invoices
from ksefsandbox.server import SandboxServer
from tests import harness
from tests.sandbox.kit import admin, invoice_xml

NIP = "5265877635"
PERSON = self_signed(person_subject(nip=NIP))
DATA = Path(__file__).resolve().parent.parent / "data"

NEW_CURRENCY = "ZWG"  # added in 2.8.0
NEW_PERMISSION = "CollectiveIdentifierManage"  # 2.7.0
NEW_SCOPE = "OwnerPermissionScope"  # 2.9.0


def _future(node: Any) -> Any:
    """An answer as a newer KSeF could send it: an unknown field (text and object) in every object, new
    values in the enum-valued lists and fields the client reads."""
    if isinstance(node, list):
        return [_future(item) for item in node]
    if not isinstance(node, dict):
        return node
    changed: dict[str, Any] = {key: _future(value) for key, value in node.items()}
    changed["zzFutureField"] = "2.99"
    changed["zzFutureObject"] = {"perSecond": 1, "perMinute": 2, "perHour": 3, "scope": NEW_SCOPE}
    for key in ("permissions", "requestedPermissions", "usage"):
        if isinstance(changed.get(key), list) and all(isinstance(v, str) for v in changed[key]):
            changed[key] = [*changed[key], "FutureKeyUsage" if key == "usage" else NEW_PERMISSION]
    if isinstance(changed.get("currency"), str):
        changed["currency"] = NEW_CURRENCY
    if "permissionScope" in changed:  # 2.9.0 answers personal grants with OwnerPermissionScope
        changed["permissionScope"] = NEW_SCOPE
    return changed


class FutureSession(requests.Session):
    """Rewrites every JSON answer of the real sandbox into a 'future' one before the client parses it."""

    rewritten = 0

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        response = super().request(method, url, *args, **kwargs)
        if "json" in response.headers.get("content-type", "") and response.content:
            response._content = json.dumps(_future(response.json())).encode()
            FutureSession.rewritten += 1
        return response


class Desk(harness.Desk):
    def __init__(self, folder: Path, base_url: str, session_factory: Callable[[], requests.Session]) -> None:
        super().__init__(
            folder, base_url, limiter=RateLimiter(scale=0), scope=NIP, session_factory=session_factory, since_days=40
        )
        self.companies.add(NIP, Environment.SANDBOX, name="Piekarnia", base_url=base_url)


@pytest.fixture
def server(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    return start_sandbox(SandboxConfig(rate_scale=0, token_activation_s=0.05))


@pytest.fixture
def future_desk(tmp_path: Path, server: SandboxServer) -> Iterator[Desk]:
    desk = Desk(tmp_path, server.base_url, FutureSession)
    yield desk
    desk.db.close()


# --- unknown fields and enum values -------------------------------------------------------------------
def test_login_tokens_and_certificates_with_future_answers(future_desk: Desk) -> None:
    before = FutureSession.rewritten
    future_desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    reference, token = future_desk.auth.create_app_token(NIP)
    listed = future_desk.auth.list_tokens(NIP)
    assert reference in [t.reference_number for t in listed]
    # the answers carried zzFutureField on every object (counted below); the typed tokens ignore it and keep
    # the permission KSeF added as it is
    assert all(NEW_PERMISSION in t.requested_permissions for t in listed)
    stored = future_desk.certificates.enroll(NIP, AUTHENTICATION)  # needs the signature login
    assert [c.serial for c in future_desk.certificates.refresh_statuses(NIP)] == [stored.serial]
    future_desk.auth.logout(NIP)
    company = future_desk.auth.login_with_token(NIP, token)
    assert company.auth_method is AuthMethod.TOKEN and company.status is ConnectionStatus.CONNECTED
    assert FutureSession.rewritten - before > 15  # the answers really were the rewritten ones


def test_sending_and_receiving_with_future_answers(
    future_desk: Desk, server: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_invoices(server.sandbox, NIP, 6, months=1)
    future_desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    future_desk.sender.enqueue(NIP, "FV-1.xml", invoice_xml(NIP, number="FV/1/11/2026"))
    summary = future_desk.sender.send(NIP)
    assert len(summary.done) == 1 and summary.done[0].ksef_number

    def no_export(*args: object, **kwargs: object) -> str:  # metadata answers are JSON: they get rewritten
        raise KsefApiError("ksef.rejected", status=400, ksef_code=21182, description="too many exports")

    monkeypatch.setattr(future_desk.api, "start_export", no_export)
    result = future_desk.receiver.sync(NIP, ("Subject2",))
    stored = future_desk.invoices.list(future_desk.companies.get(NIP).id)
    assert result.fallback_windows > 0 and stored
    assert {invoice.currency for invoice in stored} == {NEW_CURRENCY}  # a new code is kept, not refused


def test_permission_lists_with_a_new_scope_and_unknown_fields(future_desk: Desk) -> None:
    future_desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    owner = future_desk.auth.access_token(NIP)
    permissions = PermissionsApi(future_desk.http)
    accountant = Person(Identifier("Pesel", "44051401359"), "Anna", "Księgowa")
    reference = permissions.grant_to_person(owner, accountant, ["InvoiceRead", NEW_PERMISSION], "Biuro")
    assert permissions.wait_for_operation(owner, reference, poll_s=0.05).succeeded
    grants = [g for g in permissions.all_person_grants(owner) if g.authorized == accountant.identifier]
    assert len(grants) == 2 and {g.scope for g in grants} == {NEW_SCOPE}  # shown as it is, not refused
    assert all(g.active and g.subject_name == "Anna Księgowa" for g in grants)


def test_an_unknown_auth_status_code_is_a_clear_failure(server: SandboxServer, tmp_path: Path) -> None:
    desk = Desk(tmp_path, server.base_url, requests.Session)
    future = AuthStatus(499, "Nowy powód odmowy", ["Coś nowego"], "FutureMethod", None)
    desk.api.auth_status = lambda operation, cancel=None: future  # type: ignore[method-assign]
    operation = AuthOperation("20260101-AU-0000000000-0000000000-00", "op", datetime.now(UTC))
    with pytest.raises(UserError) as caught:
        desk.auth._wait_for_status(desk.api, desk.companies.get(NIP), operation, CancelToken())
    assert caught.value.code == "auth.failed" and "499" in caught.value.message("en")
    assert "Coś nowego" in caught.value.details
    desk.db.close()


def test_a_new_in_progress_code_keeps_waiting(server: SandboxServer, tmp_path: Path) -> None:
    desk = Desk(tmp_path, server.base_url, requests.Session)
    answers = [AuthStatus(110, "Nowy etap weryfikacji", [], "Token", None), AuthStatus(200, "OK", [], "Token", None)]
    desk.api.auth_status = lambda operation, cancel=None: answers.pop(0)  # type: ignore[method-assign]
    operation = AuthOperation("20260101-AU-0000000000-0000000000-00", "op", datetime.now(UTC))
    desk.auth._wait_for_status(desk.api, desk.companies.get(NIP), operation, CancelToken())
    assert answers == []  # waited through 110, done at 200
    desk.db.close()


# --- 403 as 2.8 defines it ---------------------------------------------------------------------------
def _response(status: int, body: Any, content_type: str = "application/problem+json") -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = b"" if body is None else json.dumps(body).encode()
    response.headers["Content-Type"] = content_type
    return response


def test_a_403_without_timestamp_names_the_reason_in_both_languages() -> None:
    body = {
        "title": "Forbidden",
        "status": 403,
        "detail": "Brak wymaganych uprawnień do wykonania operacji w bieżącym kontekście.",
        "reasonCode": "missing-permissions",
        "security": {"requiredAnyOfPermissions": ["InvoiceRead", "InvoiceWrite"], "presentPermissions": []},
        "zzFutureField": 1,
    }
    error = error_for(_response(403, body))
    assert error.code == "ksef.forbidden" and error.status == 403 and error.reason_code == "missing-permissions"
    assert "missing permissions" in error.message("en") and "InvoiceRead, InvoiceWrite" in error.message("en")
    assert "brak wymaganych uprawnień" in error.message("pl") and "potrzebne jedno z" in error.message("pl")
    assert "Brak" not in error.message("en")  # no Polish in the English message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"title": "Forbidden", "status": 403, "detail": "Nowa przyczyna.", "reasonCode": "future-reason"}, "Nowa"),
        ({"title": "Forbidden", "status": 403, "reasonCode": "ip-not-allowed"}, "another IP address"),
        (None, "?"),
        ([], "?"),
    ],
)
def test_any_403_shape_becomes_a_forbidden_error(body: Any, expected: str) -> None:
    error = error_for(_response(403, body))
    assert error.code == "ksef.forbidden" and expected in error.message("en")


# --- 450 details in Polish -----------------------------------------------------------------------------
def _contract_450_details() -> list[str]:
    spec = json.loads((DATA / "open-api-2.8.1.json").read_text(encoding="utf-8"))
    text = spec["components"]["schemas"]["AuthenticationOperationStatusResponse"]["properties"]
    rows = re.findall(
        r"^\|\s*450\s*\|[^|]*\|([^|]*)\|", json.dumps(text, ensure_ascii=False).replace("\\n", "\n"), re.M
    )
    return [row.strip() for row in rows]


def test_every_450_reason_of_the_contract_has_its_own_clear_message() -> None:
    details = _contract_450_details()
    assert len(details) == 8, details  # the 2.8.1 contract lists eight
    codes = [token_refusal([detail.replace("{contextIdentifier}", "Nip:5265877635") + "."]).code for detail in details]
    assert "auth.bad_token" not in codes and len(set(codes)) == len(codes), dict(zip(details, codes, strict=True))
    for code in codes:
        text = CATALOG[code]
        assert all((text.pl, text.en, text.action_pl, text.action_en))
        assert re.search("[ąćęłńóśźż]", text.pl + text.action_pl), code  # real Polish


@pytest.mark.parametrize(
    ("details", "code"),
    [
        (["Invalid token."], "auth.token_wrong"),  # before 2.6.1 the details were English
        (["Token revoked."], "auth.token_revoked"),
        (["Token inactive"], "auth.token_inactive"),
        (["Invalid token time"], "auth.token_bad_time"),
        (["Invalid challenge"], "auth.token_bad_challenge"),
        (["TOKEN UNIEWAŻNIONY"], "auth.token_revoked"),
        (["Zupełnie nowy powód"], "auth.bad_token"),  # unknown: still the general, clear message
        ([], "auth.bad_token"),
    ],
)
def test_450_details_old_new_and_unknown(details: list[str], code: str) -> None:
    assert token_refusal(details).code == code


def test_stems_are_checked_most_specific_first() -> None:
    assert [refusal.code for _, refusal in TOKEN_REFUSALS][-1] == "auth.token_wrong"  # the broadest stem comes last


def test_a_revoked_token_login_says_so(server: SandboxServer, tmp_path: Path) -> None:
    desk = Desk(tmp_path, server.base_url, requests.Session)
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    reference, token = desk.auth.create_app_token(NIP)
    desk.auth.logout(NIP)
    assert admin(server, "revoke-token", {"referenceNumber": reference}).status_code in (200, 204)
    with pytest.raises(UserError) as caught:
        desk.auth.login_with_token(NIP, token, remember=False)
    assert caught.value.code == "auth.token_revoked" and caught.value.ksef_code == 450
    assert "unieważniony" in caught.value.message("pl")
    desk.db.close()


def test_a_stored_token_ksef_no_longer_knows_marks_the_company_with_that_reason(
    server: SandboxServer, tmp_path: Path
) -> None:
    desk = Desk(tmp_path, server.base_url, requests.Session)
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    desk.auth.create_app_token(NIP)
    company = desk.companies.get(NIP)
    stored = secret_name(company, AuthorizationKind.KSEF_TOKEN)
    token = desk.secrets().get(stored)
    assert token
    desk.secrets().set(stored, token[:-6] + "000000")  # KSeF answers 450 "Nieprawidłowy token."
    desk.db.connection().execute("UPDATE authorizations SET expires_at = '2020-01-01T00:00:00+00:00'")
    with pytest.raises(UserError) as caught:
        desk.auth.access_token(NIP)
    assert caught.value.code == "auth.reauth_needed"
    assert desk.companies.get(NIP).status_reason is ReauthReason.TOKEN_UNUSABLE
    desk.db.close()


# --- X-System-Warning ------------------------------------------------------------------------------------
def test_notices_are_told_once_per_distinct_message() -> None:
    notices = SystemNotices()
    heard: list[str] = []
    notices.subscribe(heard.append)
    assert notices.report("Przerwa  techniczna\r\n o 22:00")
    assert not notices.report("Przerwa techniczna o 22:00")  # same text, other spacing
    assert not notices.report("   ")
    assert notices.report("Inny komunikat")
    assert heard == ["Przerwa techniczna o 22:00", "Inny komunikat"] == notices.messages
    late: list[str] = []
    unsubscribe = notices.subscribe(late.append)  # a window opened later hears what came before
    assert late == heard
    unsubscribe()
    notices.report("Trzeci")
    assert late == heard[:2] and heard[-1] == "Trzeci"


def test_one_header_with_several_warnings_tells_each_once() -> None:
    """The contract's SystemWarning: ``[code]: message | [code]: message``."""
    assert split_warnings("[W1]: Przerwa 22:00 | [W2]: Nowe limity") == ["[W1]: Przerwa 22:00", "[W2]: Nowe limity"]
    assert split_warnings("bez kodu | dalej") == ["bez kodu | dalej"]
    notices = SystemNotices()
    heard: list[str] = []
    notices.subscribe(heard.append)
    assert notices.report("[W1]: Przerwa 22:00 | [W2]: Nowe limity")
    assert not notices.report("[W2]: Nowe limity")
    assert notices.report("[W2]: Nowe limity | [W3]: Trzeci")
    assert heard == ["[W1]: Przerwa 22:00", "[W2]: Nowe limity", "[W3]: Trzeci"]


def test_a_broken_listener_does_not_stop_the_others_and_threads_are_safe() -> None:
    notices = SystemNotices()
    heard: list[str] = []
    notices.subscribe(lambda text: 1 / 0)  # type: ignore[arg-type,func-returns-value]
    notices.subscribe(heard.append)
    threads = [threading.Thread(target=notices.report, args=(f"msg {i % 5}",)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(heard) == [f"msg {i}" for i in range(5)]
    assert len(normalized("x" * 10_000)) == 500


def test_the_client_reports_each_sandbox_warning_once(server: SandboxServer, tmp_path: Path) -> None:
    notices = SystemNotices()
    http = KsefHttp(server.base_url, RateLimiter(scale=0), notices=notices)
    api = KsefApi(http)
    heard: list[str] = []
    notices.subscribe(heard.append)
    assert admin(server, "faults", {"system_warning": "Planowana przerwa 22:00-23:00"}).status_code == 200
    for _ in range(5):
        api.challenge()
    assert heard == ["Planowana przerwa 22:00-23:00"] and http.warnings == heard


def test_the_cli_prints_a_warning_once_on_stderr(
    server: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ksefdesk.cli import run
    from ksefsandbox.seed import login_kit

    monkeypatch.setenv("KSEF_TOKEN", login_kit(server.sandbox, NIP).ksef_token)
    data = str(tmp_path / "data")
    out, err = io.StringIO(), io.StringIO()
    output = Output("pl", out, err)  # type: ignore[arg-type]
    assert (
        run(
            ["--data-dir", data, "company", "add", "--nip", NIP, "--env", "sandbox", "--base-url", server.base_url],
            out=output,
        )
        == 0
    )
    assert admin(server, "faults", {"system_warning": "Planowana przerwa 22:00"}).status_code == 200
    assert run(["--data-dir", data, "auth", "token", "--nip", NIP], out=output) == 0  # several requests
    assert err.getvalue().count("Komunikat KSeF: Planowana przerwa 22:00") == 1
    assert "Planowana" not in out.getvalue()  # never mixed into the command's output

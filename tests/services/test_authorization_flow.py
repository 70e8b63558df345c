"""The authorization flow without Qt, against the sandbox: every path the wizard's GUI tests walk
(tests/gui/test_wizard*.py, tests/gui/test_keeps_data.py), step by step, plus Back and Cancel at each step."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ksefdesk.core.auth_flow import PendingRequest
from ksefdesk.core.errors import UserError
from ksefdesk.core.models import AuthMethod, Company, ConnectionStatus, Environment
from ksefdesk.core.redaction import Redactor
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.xades_sign import sign_xml
from ksefdesk.services.auth import AuthService
from ksefdesk.services.authorization_flow import AuthorizationFlow, Precheck, Renewal, Step, Verdict
from ksefdesk.services.cancel import CancelToken
from ksefdesk.services.certificates import CertificateService
from ksefdesk.services.company_admin import CompanyAdmin
from ksefdesk.services.ksef.api import KsefApi
from ksefdesk.services.ksef.http import KsefHttp, RateLimiter
from ksefdesk.services.secrets import MemorySecretStore
from ksefdesk.services.store import AuthorizationRepository, CompanyRepository, Database, PendingRequestRepository
from ksefdesk.services.store.invoices import InvoiceRepository
from ksefsandbox.app import SandboxConfig
from ksefsandbox.seed import login_kit
from ksefsandbox.server import SandboxServer
from tests.unit import xades_layouts as xl

NIP = "5265877635"
OTHER_NIP = "7251801126"
PERSON = self_signed(person_subject(nip=NIP), kind="ec")
ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass
class Kit:
    server: SandboxServer
    db: Database
    companies: CompanyRepository
    auth: AuthService
    admin: CompanyAdmin
    certificates: CertificateService
    later: list[timedelta]  # how far the app's clock is ahead of the real one
    ticks: list[float]  # the flow's monotonic clock

    def flow(self, company: Company | None = None, switch_from: Company | None = None) -> AuthorizationFlow:
        return AuthorizationFlow(
            self.companies,
            self.auth,
            admin=self.admin,
            certificates=self.certificates,
            company=company,
            switch_from=switch_from,
            monotonic=lambda: self.ticks[0],
        )


@pytest.fixture
def kit(tmp_path: Path, start_sandbox: Callable[..., SandboxServer]) -> Iterator[Kit]:
    server = start_sandbox(SandboxConfig(rate_scale=0, token_activation_s=0.05))
    db = Database(tmp_path / "flow.db")
    companies = CompanyRepository(db)
    secrets = MemorySecretStore(Redactor())
    api = KsefApi(KsefHttp(server.base_url, RateLimiter()))
    shift = [timedelta(0)]
    auth = AuthService(
        companies,
        AuthorizationRepository(db),
        PendingRequestRepository(db),
        lambda: secrets,
        lambda company: api,
        clock=lambda: datetime.now(UTC) + shift[0],
        poll_interval_s=0.05,
    )
    certificates = CertificateService(companies, auth, lambda: secrets, lambda company: api, poll_interval_s=0.1)
    auth.certificate_login = certificates.signing_material
    admin = CompanyAdmin(companies, InvoiceRepository(db), auth, lambda: secrets)
    yield Kit(server, db, companies, auth, admin, certificates, shift, [1000.0])
    db.close()


def at(flow: AuthorizationFlow, step: Step) -> bool:
    return flow.step is step


def run(work: Callable[[CancelToken], object]) -> object:
    """What the wizard's worker thread does, here on the test's thread."""
    return work(CancelToken())


def to_company(flow: AuthorizationFlow, method: AuthMethod, environment: Environment = Environment.SANDBOX) -> None:
    """The steps every new company walks: method, environment, company (stored on Next)."""
    assert at(flow, Step.METHOD)
    flow.choose_method(method)
    assert flow.next() and at(flow, Step.ENVIRONMENT)
    flow.choose_environment(environment)
    if environment is Environment.PROD:
        flow.confirm_production(True)
    assert flow.next() and at(flow, Step.COMPANY)
    flow.set_company("526-587-76-35", "Piekarnia Testowa")
    assert flow.complete(Step.COMPANY)
    assert flow.next()


def download(flow: AuthorizationFlow, folder: Path, name: str = "do-podpisu.xml") -> PendingRequest:
    request = run(flow.download_work())
    assert isinstance(request, PendingRequest)
    flow.keep_request(request, str(folder / name))
    return request


def check(flow: AuthorizationFlow, path: Path) -> Verdict:
    result = run(flow.precheck_work(str(path)))
    assert isinstance(result, Precheck)
    return flow.checked(result)


def signed_copy(folder: Path, source: str = "do-podpisu.xml", target: str = "podpisany.xml") -> Path:
    path = folder / target
    path.write_bytes(sign_xml((folder / source).read_bytes(), PERSON.key, [PERSON.certificate]))
    return path


def login(flow: AuthorizationFlow) -> Company | UserError:
    assert flow.next() and at(flow, Step.RESULT) and not flow.complete(Step.RESULT)
    try:
        company = run(flow.login_work())
    except UserError as exc:
        flow.login_failed(exc)
        return exc
    assert isinstance(company, Company)
    return flow.logged_in(company)


# --- each method's steps, to a login -----------------------------------------------------------------
def test_signature_method_end_to_end_then_stay_connected(kit: Kit, tmp_path: Path) -> None:
    flow = kit.flow()
    to_company(flow, AuthMethod.SIGNATURE)
    assert at(flow, Step.DOWNLOAD) and not flow.complete(Step.DOWNLOAD)
    assert kit.companies.get(NIP).name == "Piekarnia Testowa"  # stored when the company step was accepted
    request = download(flow, tmp_path)
    assert (tmp_path / "do-podpisu.xml").read_bytes() == request.document and flow.request_path.endswith(".xml")
    assert flow.complete(Step.DOWNLOAD) and 500 < flow.seconds_left() <= 600
    assert flow.next() and at(flow, Step.UPLOAD) and not flow.complete(Step.UPLOAD)
    assert check(flow, signed_copy(tmp_path)) is Verdict.SIGNED
    assert flow.check is not None and flow.check.checked is not None and flow.check.other_company_nip == ""
    assert flow.complete(Step.UPLOAD) and not flow.force
    company = login(flow)
    assert isinstance(company, Company) and flow.complete(Step.RESULT) and flow.following(Step.RESULT) is None
    stored = kit.companies.get(NIP)
    assert stored.status is ConnectionStatus.CONNECTED and stored.auth_method is AuthMethod.SIGNATURE
    assert flow.offers_ksef_certificate and flow.offers_ksef_token
    certificate = run(flow.enrol_work())  # stay connected: a KSeF certificate for silent logins
    until = flow.enrolled(certificate)  # type: ignore[arg-type]
    assert until > datetime.now(UTC) and flow.renewals == {Renewal.KSEF_CERTIFICATE}
    assert kit.certificates.usable(stored, "Authentication") is not None
    assert not flow.offers_ksef_certificate and not flow.offers_ksef_token
    flow.close()  # Finish
    assert kit.companies.get(NIP).status is ConnectionStatus.CONNECTED  # logged in: it stays


def test_signature_login_can_keep_a_ksef_token_instead(kit: Kit, tmp_path: Path) -> None:
    flow = kit.flow()
    to_company(flow, AuthMethod.SIGNATURE)
    download(flow, tmp_path)
    flow.next()
    check(flow, signed_copy(tmp_path))
    assert isinstance(login(flow), Company)
    run(flow.token_work())
    flow.token_created()
    assert kit.auth.state(NIP).has_ksef_token
    assert not flow.offers_ksef_token and flow.offers_ksef_certificate  # a certificate may still be added


def test_token_method(kit: Kit) -> None:
    flow = kit.flow()
    to_company(flow, AuthMethod.TOKEN)
    assert at(flow, Step.TOKEN) and not flow.complete(Step.TOKEN)
    flow.set_token("   ", True)
    assert not flow.complete(Step.TOKEN) and not flow.next() and at(flow, Step.TOKEN)
    flow.set_token(login_kit(kit.server.sandbox, NIP).ksef_token, True)
    assert isinstance(login(flow), Company)
    assert kit.companies.get(NIP).auth_method is AuthMethod.TOKEN and kit.auth.state(NIP).has_ksef_token
    assert not flow.offers_ksef_token and not flow.offers_ksef_certificate  # a token renews by itself already


def test_a_token_not_remembered_is_not_kept(kit: Kit) -> None:
    flow = kit.flow()
    to_company(flow, AuthMethod.TOKEN)
    flow.set_token(login_kit(kit.server.sandbox, NIP).ksef_token, False)
    assert isinstance(login(flow), Company)
    assert not kit.auth.state(NIP).has_ksef_token


def test_wrong_token_shows_the_reason_and_cancel_keeps_nothing(kit: Kit) -> None:
    flow = kit.flow()
    to_company(flow, AuthMethod.TOKEN)
    flow.set_token("20261124-EC-0000000000-0000000000-00|nip-5265877635|00ff", True)
    error = login(flow)
    assert isinstance(error, UserError) and "did not recognise the token" in error.message("en")
    assert flow.complete(Step.RESULT) and flow.failure is error and flow.connected is None
    assert not flow.offers_ksef_token and not flow.offers_ksef_certificate
    flow.close()
    assert kit.companies.find(NIP) is None


def test_after_a_failure_back_and_again_logs_in(kit: Kit) -> None:
    flow = kit.flow()
    to_company(flow, AuthMethod.TOKEN)
    flow.set_token("20261124-EC-0000000000-0000000000-00|nip-5265877635|00ff", True)
    assert isinstance(login(flow), UserError)
    assert flow.back() is Step.TOKEN
    flow.set_token(login_kit(kit.server.sandbox, NIP).ksef_token, True)
    assert isinstance(login(flow), Company) and flow.failure is None
    flow.close()
    assert kit.companies.get(NIP).status is ConnectionStatus.CONNECTED


@pytest.mark.parametrize("password", ["tajne", None])
def test_certificate_file_method(kit: Kit, tmp_path: Path, password: str | None) -> None:
    flow = kit.flow()
    to_company(flow, AuthMethod.CERTIFICATE)
    assert at(flow, Step.CERTIFICATE) and not flow.complete(Step.CERTIFICATE)
    if password:
        (tmp_path / "cert.p12").write_bytes(PERSON.pkcs12(password.encode()))
        flow.set_certificate(str(tmp_path / "cert.p12"), "", password)
    else:
        (tmp_path / "cert.pem").write_bytes(PERSON.certificate_pem())
        (tmp_path / "key.pem").write_bytes(PERSON.key_pem())
        flow.set_certificate(str(tmp_path / "cert.pem"), str(tmp_path / "key.pem"), "")
    assert isinstance(login(flow), Company)
    assert kit.companies.get(NIP).auth_method is AuthMethod.CERTIFICATE
    assert flow.offers_ksef_token and flow.offers_ksef_certificate


def test_a_missing_certificate_file_is_a_failure_not_a_crash(kit: Kit, tmp_path: Path) -> None:
    flow = kit.flow()
    to_company(flow, AuthMethod.CERTIFICATE)
    flow.set_certificate(str(tmp_path / "nie-ma.p12"), "", "")
    error = login(flow)
    assert isinstance(error, UserError) and error.code == "file.unreadable"


def test_reauthorize_skips_to_the_method(kit: Kit) -> None:
    company = kit.companies.add(NIP, Environment.TEST, name="Piekarnia")
    flow = kit.flow(company)
    assert flow.environment is Environment.TEST  # the company's, never chosen again
    flow.choose_method(AuthMethod.TOKEN)
    assert flow.following(Step.METHOD) is Step.TOKEN
    assert flow.next() and at(flow, Step.TOKEN)
    flow.set_token(login_kit(kit.server.sandbox, NIP).ksef_token, True)
    assert isinstance(login(flow), Company)
    assert kit.companies.get(NIP).environment is Environment.TEST


def test_reauthorize_then_cancel_leaves_the_company_as_it_was(kit: Kit, tmp_path: Path) -> None:
    company = kit.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    flow = kit.flow(company)
    assert flow.next() and at(flow, Step.DOWNLOAD)  # the signature method
    download(flow, tmp_path)
    flow.close()
    assert kit.companies.get(NIP) == company


# --- the order of the steps, Back ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "steps"),
    [
        (AuthMethod.SIGNATURE, [Step.ENVIRONMENT, Step.COMPANY, Step.DOWNLOAD, Step.UPLOAD, Step.RESULT]),
        (AuthMethod.CERTIFICATE, [Step.ENVIRONMENT, Step.COMPANY, Step.CERTIFICATE, Step.RESULT]),
        (AuthMethod.TOKEN, [Step.ENVIRONMENT, Step.COMPANY, Step.TOKEN, Step.RESULT]),
    ],
)
def test_each_method_has_its_steps_and_back_retraces_them(
    kit: Kit, method: AuthMethod, steps: list[Step], tmp_path: Path
) -> None:
    flow = kit.flow()
    flow.choose_method(method)
    walked = [Step.METHOD]
    following = flow.following(Step.METHOD)
    while following is not None:
        walked.append(following)
        following = flow.following(following)
    assert walked == [Step.METHOD, *steps]
    # walk it for real up to the last step before the result, then Back from each one
    to_company(flow, method)
    if method is AuthMethod.SIGNATURE:
        download(flow, tmp_path)
        assert flow.next() and at(flow, Step.UPLOAD)
    visited = walked[: walked.index(flow.step) + 1]
    while flow.can_go_back():
        assert flow.step is visited.pop()
        flow.back()
    assert at(flow, Step.METHOD) and visited == [Step.METHOD]
    assert flow.back() is Step.METHOD  # nothing before the first step
    assert kit.companies.find(NIP) is not None  # Back keeps what was stored: going on again reuses it
    to_company(flow, method)
    assert len([c for c in kit.companies.list() if c.nip == NIP]) == 1
    flow.close()
    assert kit.companies.find(NIP) is None


def test_back_and_another_environment_moves_the_new_company_there(kit: Kit) -> None:
    flow = kit.flow()
    to_company(flow, AuthMethod.TOKEN)
    assert kit.companies.get(NIP).environment is Environment.SANDBOX
    flow.back()
    flow.back()
    flow.choose_environment(Environment.TEST)
    assert flow.next() and flow.company_problem() is None  # its own company in SANDBOX is no duplicate
    assert flow.next() and at(flow, Step.TOKEN)
    assert kit.companies.get(NIP).environment is Environment.TEST
    flow.close()
    assert kit.companies.find(NIP) is None


def test_back_and_another_nip_never_touches_a_company_that_was_there(kit: Kit) -> None:
    """A company this flow added goes when its NIP is changed; one that existed before is only adopted,
    and Cancel then leaves it (and its data) alone, even though it was never authorized."""
    before = kit.companies.add(OTHER_NIP, Environment.SANDBOX, name="Stara firma")
    flow = kit.flow()
    to_company(flow, AuthMethod.TOKEN)
    flow.back()
    flow.set_company(OTHER_NIP, "")
    assert flow.next() and flow.company is not None and flow.company.id == before.id
    assert kit.companies.find(NIP) is None  # the one it added for the first NIP is gone at once
    flow.close()
    assert kit.companies.get(OTHER_NIP) == before


# --- the environment ---------------------------------------------------------------------------------------
def test_production_needs_an_explicit_confirmation(kit: Kit) -> None:
    flow = kit.flow()
    flow.next()
    assert flow.environment is Environment.SANDBOX and flow.complete(Step.ENVIRONMENT)
    flow.choose_environment(Environment.PROD)
    assert not flow.complete(Step.ENVIRONMENT)
    assert not flow.next() and at(flow, Step.ENVIRONMENT)  # Next does nothing
    flow.confirm_production(True)
    assert flow.complete(Step.ENVIRONMENT)
    flow.choose_environment(Environment.TEST)
    assert not flow.production_confirmed and flow.complete(Step.ENVIRONMENT)
    flow.choose_environment(Environment.PROD)
    assert not flow.complete(Step.ENVIRONMENT)  # confirmed again, for this choice
    flow.confirm_production(True)
    assert flow.next() and at(flow, Step.COMPANY)


# --- the company ---------------------------------------------------------------------------------------------
def test_nip_is_validated_live(kit: Kit) -> None:
    flow = kit.flow()
    flow.next()
    flow.next()
    assert flow.company_problem() is not None and not flow.complete(Step.COMPANY)  # empty
    for text, words in (("5265877636", "check digit"), ("52658", "has 5 digits")):
        flow.set_company(text, "")
        problem = flow.company_problem()
        assert problem is not None and words in problem.message("en")
        assert not flow.next() and at(flow, Step.COMPANY)
    flow.set_company("5265877635", "")
    assert flow.company_problem() is None and flow.complete(Step.COMPANY)
    assert kit.companies.find(NIP) is None  # validating stores nothing


def test_a_nip_in_use_in_another_environment_is_refused(kit: Kit) -> None:
    kit.companies.add(NIP, Environment.TEST, name="Piekarnia")
    flow = kit.flow()
    flow.next()
    flow.next()  # SANDBOX
    flow.set_company(NIP, "")
    problem = flow.company_problem()
    assert problem is not None and problem.code == "company.duplicate"
    assert not flow.next() and at(flow, Step.COMPANY)
    flow.close()
    assert kit.companies.get(NIP).environment is Environment.TEST


def test_a_nip_in_use_in_the_same_environment_is_that_company(kit: Kit) -> None:
    before = kit.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    flow = kit.flow()
    to_company(flow, AuthMethod.TOKEN)
    assert flow.company is not None and flow.company.id == before.id
    flow.close()  # Cancel: it was there before, it stays
    assert kit.companies.get(NIP).id == before.id


@pytest.mark.parametrize("step", [Step.METHOD, Step.ENVIRONMENT, Step.COMPANY, Step.DOWNLOAD, Step.UPLOAD])
def test_cancel_at_each_step_leaves_nothing(kit: Kit, tmp_path: Path, step: Step) -> None:
    flow = kit.flow()
    while flow.step is not step:
        if at(flow, Step.COMPANY):
            flow.set_company(NIP, "")
        if at(flow, Step.DOWNLOAD):
            download(flow, tmp_path)
        assert flow.next()
    flow.close()
    assert kit.companies.find(NIP) is None and kit.companies.list() == []


def test_cancel_at_each_step_keeps_a_company_with_data(kit: Kit, tmp_path: Path) -> None:
    """Re-authorizing a connected company and cancelling, at every step, changes nothing of it."""
    kit.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    kit.auth.login_with_token(NIP, login_kit(kit.server.sandbox, NIP).ksef_token)
    before, state = kit.companies.get(NIP), kit.auth.state(NIP)
    for steps in range(3):  # METHOD, DOWNLOAD, UPLOAD
        flow = kit.flow(kit.companies.get(NIP))
        for _ in range(steps):
            if at(flow, Step.DOWNLOAD):
                download(flow, tmp_path)
            assert flow.next()
        flow.close()
        assert kit.companies.get(NIP) == before and kit.auth.state(NIP).has_ksef_token == state.has_ksef_token


# --- the file to sign, its deadline, the pre-check ------------------------------------------------------------
def test_the_deadline_runs_out_and_a_new_file_restarts_it(kit: Kit, tmp_path: Path) -> None:
    flow = kit.flow()
    to_company(flow, AuthMethod.SIGNATURE)
    first = download(flow, tmp_path)
    assert flow.next() and at(flow, Step.UPLOAD)
    kit.ticks[0] += first.validity.total_seconds() + 1  # the countdown reaches zero
    assert flow.expired() and flow.seconds_left() == 0 and flow.offers_new_file
    assert not flow.complete(Step.UPLOAD)
    kit.later[0] = first.validity + timedelta(seconds=1)
    verdict = check(flow, signed_copy(tmp_path))
    assert verdict is Verdict.EXPIRED and not flow.complete(Step.UPLOAD) and flow.offers_new_file
    assert flow.check is not None and flow.check.error is not None
    assert "time to sign ran out" in flow.check.error.message("en")
    assert flow.back() is Step.DOWNLOAD and not flow.complete(Step.DOWNLOAD)  # "Get a new file to sign"
    kit.later[0] = timedelta(0)
    second = download(flow, tmp_path, "nowy.xml")
    assert second.challenge != first.challenge and flow.pending == second
    assert flow.complete(Step.DOWNLOAD) and not flow.offers_new_file and flow.check is None
    assert flow.next()
    assert check(flow, signed_copy(tmp_path, "nowy.xml")) is Verdict.SIGNED
    assert isinstance(login(flow), Company)


def test_the_file_checked_before_a_new_download_is_forgotten(kit: Kit, tmp_path: Path) -> None:
    flow = kit.flow()
    to_company(flow, AuthMethod.SIGNATURE)
    download(flow, tmp_path)
    flow.next()
    check(flow, signed_copy(tmp_path))
    assert flow.complete(Step.UPLOAD)
    flow.back()
    download(flow, tmp_path, "nowy.xml")
    flow.next()
    assert not flow.complete(Step.UPLOAD)  # it answers the old challenge: never sent by mistake


def test_a_bad_file_is_refused_and_blocks_sending(kit: Kit, tmp_path: Path) -> None:
    flow = kit.flow()
    to_company(flow, AuthMethod.SIGNATURE)
    download(flow, tmp_path)
    flow.next()
    assert check(flow, tmp_path / "do-podpisu.xml") is Verdict.REFUSED  # the unsigned file
    assert flow.check is not None and flow.check.error is not None
    assert "not signed" in flow.check.error.message("en")
    assert not flow.complete(Step.UPLOAD) and not flow.send_anyway() and not flow.complete(Step.UPLOAD)
    (tmp_path / "umowa.pdf").write_bytes(b"%PDF-1.7 podpis")
    assert check(flow, tmp_path / "umowa.pdf") is Verdict.REFUSED
    assert "XAdES" in flow.check.error.message("en") + flow.check.error.action("en")
    assert check(flow, tmp_path / "nie-ma.xml") is Verdict.REFUSED  # unreadable: said so, not a crash
    assert flow.check.data is None and not flow.offers_new_file


def test_a_correct_file_after_a_refused_one_may_be_sent(kit: Kit, tmp_path: Path) -> None:
    flow = kit.flow()
    to_company(flow, AuthMethod.SIGNATURE)
    download(flow, tmp_path)
    flow.next()
    check(flow, tmp_path / "do-podpisu.xml")
    assert check(flow, signed_copy(tmp_path)) is Verdict.SIGNED and flow.complete(Step.UPLOAD)
    run(flow.precheck_work(str(tmp_path / "do-podpisu.xml")))  # a new check started: nothing to send meanwhile
    assert not flow.complete(Step.UPLOAD)


@pytest.mark.parametrize(
    "transforms",
    [[xl.xpath_transform(), xl.transform(xl.EXC)], [xl.filter2_transform(), xl.transform(xl.EXC)]],
    ids=["proCertum", "DSS"],
)
def test_files_as_signing_programs_write_them_log_in(kit: Kit, tmp_path: Path, transforms: list[str]) -> None:
    flow = kit.flow()
    to_company(flow, AuthMethod.SIGNATURE)
    download(flow, tmp_path)
    flow.next()
    signed = tmp_path / "podpisany.xml"
    signed.write_bytes(
        xl.sign((tmp_path / "do-podpisu.xml").read_bytes(), PERSON, xl.Layout(content_transforms=transforms))
    )
    assert check(flow, signed) is Verdict.SIGNED
    assert isinstance(login(flow), Company)


def test_an_uncertain_verdict_can_be_sent_anyway_and_ksef_decides(kit: Kit, tmp_path: Path) -> None:
    flow = kit.flow()
    to_company(flow, AuthMethod.SIGNATURE)
    download(flow, tmp_path)
    flow.next()
    # an XPath expression the pre-check cannot prove equal to "everything but the signature"
    odd = [xl.xpath_transform("not(ancestor-or-self::ds:Signature) and not(self::comment())"), xl.transform(xl.EXC)]
    signed = tmp_path / "odd.xml"
    signed.write_bytes(xl.sign((tmp_path / "do-podpisu.xml").read_bytes(), PERSON, xl.Layout(content_transforms=odd)))
    assert check(flow, signed) is Verdict.UNCERTAIN
    assert not flow.complete(Step.UPLOAD)  # a warning, not a wall: the user may go on
    assert flow.send_anyway() and flow.force and flow.complete(Step.UPLOAD)
    outcome = login(flow)
    assert flow.complete(Step.RESULT)
    assert isinstance(outcome, Company) or "KSeF" in outcome.message("en")  # KSeF has the last word


def test_a_signature_with_another_companys_certificate_is_a_warning(kit: Kit, tmp_path: Path) -> None:
    other = self_signed(person_subject(nip=OTHER_NIP), kind="ec")
    flow = kit.flow()
    to_company(flow, AuthMethod.SIGNATURE)
    download(flow, tmp_path)
    flow.next()
    signed = tmp_path / "podpisany.xml"
    signed.write_bytes(sign_xml((tmp_path / "do-podpisu.xml").read_bytes(), other.key, [other.certificate]))
    assert check(flow, signed) is Verdict.SIGNED and flow.complete(Step.UPLOAD)
    assert flow.check is not None and flow.check.other_company_nip == OTHER_NIP


def test_an_unwritable_target_keeps_no_request(kit: Kit, tmp_path: Path) -> None:
    flow = kit.flow()
    to_company(flow, AuthMethod.SIGNATURE)
    request = run(flow.download_work())
    assert isinstance(request, PendingRequest)
    with pytest.raises(UserError) as caught:
        flow.keep_request(request, str(tmp_path / "nie-ma" / "plik.xml"))
    assert caught.value.code == "file.unwritable"
    assert flow.pending is None and not flow.complete(Step.DOWNLOAD)


# --- switching environment -------------------------------------------------------------------------------------
def test_switch_environment_then_cancel_changes_nothing(kit: Kit, tmp_path: Path) -> None:
    kit.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    kit.auth.login_with_token(NIP, login_kit(kit.server.sandbox, NIP).ksef_token)
    company = kit.companies.get(NIP)
    flow = kit.flow(switch_from=company)
    assert Environment.SANDBOX not in flow.environments() and flow.environment is Environment.TEST
    with pytest.raises(ValueError):
        flow.choose_environment(Environment.SANDBOX)  # the one in use now is not offered
    assert flow.next() and flow.next() and at(flow, Step.COMPANY)
    assert flow.nip_locked and flow.nip_text == NIP and flow.suggested_name == "Piekarnia"
    flow.set_company("1111111111", "")  # the NIP stays the company's
    assert flow.nip_text == NIP and flow.company_problem() is None
    assert flow.next() and at(flow, Step.DOWNLOAD)  # the switch begins
    assert kit.companies.get(NIP).environment is Environment.TEST
    download(flow, tmp_path)
    flow.close()  # Cancel
    after = kit.companies.get(NIP)
    assert after.id == company.id and after.environment is Environment.SANDBOX
    assert after.status is ConnectionStatus.CONNECTED and kit.companies.archives() == []


def test_switch_environment_back_and_another_one(kit: Kit) -> None:
    kit.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    flow = kit.flow(switch_from=kit.companies.get(NIP))
    flow.choose_method(AuthMethod.TOKEN)
    flow.next()
    flow.next()
    flow.next()
    assert kit.companies.get(NIP).environment is Environment.TEST
    flow.back()
    flow.back()
    flow.choose_environment(Environment.DEMO)
    flow.next()
    assert flow.company_problem() is None and flow.next()
    assert kit.companies.get(NIP).environment is Environment.DEMO
    flow.close()
    assert kit.companies.get(NIP).environment is Environment.SANDBOX and kit.companies.archives() == []


def test_switch_environment_keeps_the_old_one_as_an_archive(kit: Kit) -> None:
    kit.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    flow = kit.flow(switch_from=kit.companies.get(NIP))
    flow.choose_method(AuthMethod.TOKEN)
    flow.next()
    flow.next()  # TEST: the test kit's API is the sandbox
    flow.next()
    flow.set_token(login_kit(kit.server.sandbox, NIP).ksef_token, True)
    company = login(flow)
    assert isinstance(company, Company) and company.switch_from is None
    flow.close()  # Finish
    now = kit.companies.get(NIP)
    assert now.environment is Environment.TEST and now.switch_from is None
    (archive,) = kit.companies.archives(NIP)
    assert archive.environment is Environment.SANDBOX


# --- no Qt ---------------------------------------------------------------------------------------------------
def test_the_flow_imports_no_qt() -> None:
    """Checked in a fresh interpreter: under pytest-qt PySide6 is always loaded already."""
    code = (
        "import sys, ksefdesk.services.authorization_flow\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "assert not qt, qt\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=60)

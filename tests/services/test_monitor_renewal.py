"""The background monitor renews a KSeF certificate that ends within 30 days, while the old one still
logs in, and says so; a failing renewal does not stop the checks of the other companies."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ksefdesk.core.models import Environment
from ksefdesk.core.readiness import RENEW_AHEAD
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.certificates import AUTHENTICATION
from ksefdesk.services.monitor import MonitorWorker
from ksefsandbox.app import SandboxConfig
from ksefsandbox.server import SandboxServer
from tests.services.test_certificate_lifecycle import NIP, PERSON, Desk

OTHER = "7251801126"  # never connected: skipped, the renewal of NIP still happens
OTHER_PERSON = self_signed(person_subject(nip=OTHER, given="Jan", surname="Nowak"))


@pytest.fixture
def server(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    return start_sandbox(SandboxConfig(rate_scale=0))


@pytest.fixture
def desk(tmp_path: Path, server: SandboxServer) -> Iterator[Desk]:
    app = Desk(tmp_path, server)
    yield app
    app.db.close()


@pytest.mark.usefixtures("qapp")
def test_the_monitor_renews_a_certificate_near_its_end(desk: Desk, server: SandboxServer) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    old = {c.type: c for c in desk.certificates.setup(NIP)}[AUTHENTICATION]
    desk.companies.add(OTHER, Environment.SANDBOX)
    worker = MonitorWorker(desk.companies, desk.auth, 60_000, lambda: desk.certificates)
    renewed: list[tuple[str, str]] = []
    worker.certificate_renewed.connect(lambda nip, serial: renewed.append((nip, serial)))

    worker.check_all()  # two years left: nothing to renew
    assert renewed == []
    desk.shorten(old.serial, datetime.now(UTC) + timedelta(days=12))
    desk.certificates.refresh_statuses(NIP)
    worker.check_all()
    assert len(renewed) == 1 and renewed[0][0] == NIP and renewed[0][1] != old.serial
    new = next(c for c in desk.certificates.stored(NIP) if c.serial == renewed[0][1])
    assert new.type == AUTHENTICATION and new.valid_to - datetime.now(UTC) > RENEW_AHEAD
    assert desk.certificates.usable(desk.companies.get(NIP), AUTHENTICATION) == new  # the newest logs in

    worker.check_all()  # renewed once, not at every check
    assert len(renewed) == 1


def _revoke_in_ksef(desk: Desk, nip: str, serial: str) -> None:
    """Revoked outside the app (the KSeF web app, another program): the app's database still says Active."""
    access = desk.auth.access_token(nip)
    body = {"revocationReason": "Unspecified"}
    desk.http.request("POST", f"/certificates/{serial}/revoke", group="other", token=access, json=body, expect=(204,))


@pytest.mark.usefixtures("qapp")
def test_a_failing_renewal_is_logged_and_the_other_companies_are_still_renewed(
    desk: Desk, server: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    mine = {c.type: c for c in desk.certificates.setup(NIP)}[AUTHENTICATION]
    desk.companies.add(OTHER, Environment.SANDBOX, name="Apteka")  # sorted first: checked before NIP
    desk.auth.sign_in(OTHER, SigningMaterial(OTHER_PERSON.key, OTHER_PERSON.certificate))
    theirs = {c.type: c for c in desk.certificates.setup(OTHER)}[AUTHENTICATION]
    assert [c.nip for c in desk.companies.list()] == [OTHER, NIP]
    soon = datetime.now(UTC) + timedelta(days=12)
    desk.shorten(mine.serial, soon)
    desk.certificates.refresh_statuses(NIP)
    access = desk.auth.access_token(OTHER)
    body = {"validTo": soon.isoformat()}
    desk.http.request("PUT", f"/testdata/certificates/{theirs.serial}", group="other", token=access, json=body)
    desk.certificates.refresh_statuses(OTHER)
    _revoke_in_ksef(desk, OTHER, theirs.serial)  # its renewal logs in with it: KSeF refuses
    worker = MonitorWorker(desk.companies, desk.auth, 60_000, lambda: desk.certificates)
    renewed: list[tuple[str, str]] = []
    worker.certificate_renewed.connect(lambda nip, serial: renewed.append((nip, serial)))
    checked: list[bool] = []
    worker.checked.connect(lambda: checked.append(True))

    with caplog.at_level("WARNING", logger="ksefdesk.services.monitor"):
        worker.check_all()
    assert [nip for nip, _ in renewed] == [NIP] and checked == [True]
    failures = [r.getMessage() for r in caplog.records if r.name == "ksefdesk.services.monitor"]
    assert len(failures) == 1 and OTHER in failures[0] and "failed" in failures[0]
    for text in (caplog.text, failures[0]):  # the code only: no key, no token in the log
        assert "PRIVATE KEY" not in text and access not in text
    assert [c.serial for c in desk.certificates.stored(OTHER) if c.type == AUTHENTICATION] == [theirs.serial]

    caplog.clear()
    with caplog.at_level("WARNING", logger="ksefdesk.services.monitor"):
        worker.check_all()  # tried again at the next check, still without stopping the others
    assert len(renewed) == 1
    assert any(OTHER in r.getMessage() for r in caplog.records if r.name == "ksefdesk.services.monitor")

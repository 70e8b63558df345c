"""Invoicing through a KSeF outage against the sandbox: the outage is told apart from a dead internet,
offline invoices are queued with their deadlines, their PDF carries KOD I and KOD II, and they are
sent with KSeF's offline flag once KSeF is back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ksefdesk.core.models import Environment
from ksefdesk.core.offline import OfflineMode, add_business_days
from ksefdesk.core.preview import invoice_page
from ksefdesk.core.qr import InvoiceFacts, kod1_link
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.availability import Verdict, check_availability
from ksefdesk.services.certificates import OFFLINE
from ksefdesk.services.send import OutboxState
from ksefdesk.ui.paper import write_pdf
from ksefsandbox.app import SandboxConfig
from ksefsandbox.server import SandboxServer
from tests.qr_helpers import decoded_qr
from tests.sandbox.kit import invoice_xml
from tests.services.test_send import NIP, Desk

PERSON = self_signed(person_subject(nip=NIP))


@pytest.fixture
def server(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    return start_sandbox(SandboxConfig(rate_scale=0, token_activation_s=0.05))


@pytest.fixture
def desk(tmp_path: Path, server: SandboxServer) -> Iterator[Desk]:
    app = Desk(tmp_path, server)
    yield app
    app.db.close()


def test_an_outage_is_not_a_dead_internet(desk: Desk, server: SandboxServer) -> None:
    company = desk.companies.get(NIP)
    assert check_availability(company, server.base_url).verdict is Verdict.AVAILABLE
    server.sandbox.faults.update({"outage": "FAILURE", "error_rate": 1.0})
    assert check_availability(company, server.base_url).verdict is Verdict.FAILURE
    server.sandbox.faults.update({"outage": "AVAILABLE"})
    assert check_availability(company, server.base_url).verdict is Verdict.KSEF_SILENT
    assert check_availability(company, "http://127.0.0.1:9/v2").verdict is Verdict.NO_INTERNET


def test_invoices_issued_during_a_failure_are_sent_offline_when_it_ends(
    desk: Desk, server: SandboxServer, tmp_path: Path, qtbot: QtBot
) -> None:
    company = desk.companies.get(NIP)
    certificates = desk.certificates
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    offline_certificate = certificates.enroll(NIP, OFFLINE)
    started = datetime.now(UTC)
    server.sandbox.faults.update(
        {
            "outage": "FAILURE",
            "error_rate": 1.0,
            "messages": [{"id": "1", "eventId": "E1", "category": "FAILURE", "type": "FAILURE_START",
                          "title": "Awaria KSeF", "text": "", "start": started.isoformat(), "version": 1,
                          "published": started.isoformat()}],
        }
    )  # fmt: skip
    assert check_availability(company, server.base_url).verdict is Verdict.FAILURE
    today = date.today()
    emergency_xml = invoice_xml(NIP, number="FV/AWARIA/1", issue_date=today)
    chosen_xml = invoice_xml(NIP, number="FV/OFF24/1", issue_date=today)
    _, emergency = desk.sender.enqueue(NIP, "awaria.xml", emergency_xml, offline_mode=OfflineMode.EMERGENCY)
    _, chosen = desk.sender.enqueue(NIP, "off24.xml", chosen_xml, offline_mode=OfflineMode.OFFLINE24)
    assert emergency.deadline is None  # known only when the failure ends
    assert chosen.deadline == add_business_days(today, 1)
    # the paper invoice: KOD I captioned OFFLINE and KOD II signed with the Offline certificate
    kod2 = certificates.kod2_link(company, emergency_xml)
    assert kod2 is not None and f"/{offline_certificate.serial}/" in kod2
    pdf = tmp_path / "awaria.pdf"
    page = invoice_page(emergency_xml, Environment.SANDBOX, "pl", kod2_link=kod2)
    assert "OFFLINE" in page.html and "CERTYFIKAT" in page.html
    write_pdf([page], pdf)
    assert sorted(decoded_qr(pdf)) == sorted([kod1_link(Environment.SANDBOX, InvoiceFacts.of(emergency_xml)), kod2])
    with pytest.raises(Exception):
        desk.sender.send(NIP)
    assert {i.state for i in desk.outbox.items(company.id)} == {OutboxState.QUEUED}
    # KSeF is back: the feed announces the end, the deadlines are set, the invoices go with the flag
    ended = datetime.now(UTC)
    server.sandbox.faults.update(
        {
            "outage": "AVAILABLE",
            "error_rate": 0.0,
            "messages": [{"id": "2", "eventId": "E1", "category": "FAILURE", "type": "FAILURE_END",
                          "title": "Koniec awarii", "text": "", "start": started.isoformat(),
                          "end": ended.isoformat(), "version": 1, "published": ended.isoformat()}],
        }
    )  # fmt: skip
    availability = check_availability(company, server.base_url)
    failure_end = availability.last_failure_end()
    assert availability.verdict is Verdict.AVAILABLE and failure_end is not None
    assert desk.sender.outage_ended(NIP, ended=failure_end.date(), failure=True) == 2
    items = {i.invoice_number: i for i in desk.outbox.items(company.id)}
    assert items["FV/AWARIA/1"].deadline == add_business_days(failure_end.date(), 7)
    assert items["FV/OFF24/1"].deadline == add_business_days(failure_end.date(), 7)  # moved by the failure
    assert desk.sender.due_soon(NIP, within_days=30) and not desk.sender.due_soon(NIP, within_days=-30)
    summary = desk.sender.send(NIP)
    assert len(summary.done) == 2
    rows = server.sandbox.state.all("SELECT invoice_number, offline FROM invoices WHERE seller_nip = ?", (NIP,))
    assert {r["invoice_number"]: r["offline"] for r in rows} == {"FV/AWARIA/1": 1, "FV/OFF24/1": 1}

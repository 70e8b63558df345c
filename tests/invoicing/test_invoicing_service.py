"""Issuing invoices: numbering in the outbox's transaction, the company's lists, drafts, and the sandbox
accepting what the app issues."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ksefdesk.core.errors import UserError
from ksefdesk.core.invoice_draft import Kind, totals
from ksefdesk.core.invoice_xml import xml_to_draft
from ksefdesk.services.invoicing import Reset
from ksefdesk.services.send import OutboxState
from ksefsandbox.server import SandboxServer
from tests.invoicing.helpers import BUYER, NIP, TODAY, Desk, three_rates


@pytest.fixture
def server(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    return start_sandbox()


@pytest.fixture
def desk(tmp_path: Path, server: SandboxServer) -> Iterator[Desk]:
    app = Desk(tmp_path, server)
    yield app
    app.db.close()


def test_an_issued_invoice_is_numbered_queued_and_accepted_by_the_sandbox(desk: Desk, server: SandboxServer) -> None:
    service = desk.invoicing
    draft = three_rates(service.new_draft(NIP, TODAY))
    assert draft.seller.address1 == "ul. Prosta 1" and draft.payment.due_date == date(2026, 12, 16)
    assert service.next_number(NIP, TODAY) == "FV/1/12/2026"
    issued = service.issue(NIP, draft)
    assert issued.number == "FV/1/12/2026" and issued.item.state is OutboxState.QUEUED
    assert service.next_number(NIP, TODAY) == "FV/2/12/2026"
    summary = desk.sender.send(NIP)
    assert [i.invoice_number for i in summary.done] == ["FV/1/12/2026"]
    row = server.sandbox.state.one("SELECT gross, status_code FROM invoices WHERE invoice_number = ?", (issued.number,))
    assert row is not None and row["status_code"] == 200
    assert Decimal(str(row["gross"])).quantize(Decimal("0.01")) == totals(draft).total
    # the buyer and the products are remembered for the next invoice
    assert [c.party.id for c in service.contractors(NIP, "klient")] == [BUYER.id]
    assert [c.party.name for c in service.contractors(NIP, "725 180")] == [BUYER.name]
    assert {p.name for p in service.products(NIP)} == {"Usługa programistyczna", "Książka", "Catering"}


def test_numbers_restart_each_month_and_a_typed_number_is_never_given_twice(desk: Desk) -> None:
    service = desk.invoicing
    draft = three_rates(service.new_draft(NIP, TODAY))
    service.issue(NIP, replace(draft, number="FV/2/12/2026"))  # typed by hand
    assert service.issue(NIP, draft).number == "FV/1/12/2026"
    assert service.issue(NIP, draft).number == "FV/3/12/2026"  # steps over the typed one
    with pytest.raises(UserError) as raised:
        service.issue(NIP, replace(draft, number="FV/1/12/2026"))
    assert raised.value.code == "invoice.number_used"
    january = replace(draft, issue_date=date(2027, 1, 4), payment=replace(draft.payment, due_date=None))
    assert service.issue(NIP, january).number == "FV/1/01/2027"
    service.set_series(NIP, "{nr}/{YYYY}", Reset.YEARLY)
    assert service.next_number(NIP, date(2027, 1, 5)) == "1/2027"
    with pytest.raises(UserError):
        service.set_series(NIP, "FV/{nr}", Reset.MONTHLY)  # would repeat numbers every month


def test_an_invalid_invoice_takes_no_number(desk: Desk) -> None:
    service = desk.invoicing
    draft = service.new_draft(NIP, TODAY)  # no buyer, no lines
    with pytest.raises(UserError) as raised:
        service.issue(NIP, draft)
    assert raised.value.code == "invoice.invalid"
    assert "nabywcy" in raised.value.message("pl") and "buyer" in raised.value.message("en")
    assert service.next_number(NIP, TODAY) == "FV/1/12/2026"
    assert desk.outbox.items(desk.companies.get(NIP).id) == []


def test_drafts_round_trip_and_go_when_issued(desk: Desk) -> None:
    service = desk.invoicing
    draft = three_rates(service.new_draft(NIP, TODAY))
    draft_id = service.save_draft(NIP, draft)
    assert service.load_draft(NIP, draft_id) == draft
    assert service.save_draft(NIP, replace(draft, notes="zmiana"), draft_id) == draft_id
    assert len(service.drafts(NIP)) == 1 and "Klient" in service.drafts(NIP)[0].title
    service.issue(NIP, service.load_draft(NIP, draft_id), draft_id=draft_id)
    assert service.drafts(NIP) == []
    with pytest.raises(UserError):
        service.load_draft(NIP, draft_id)


def test_issue_like_and_correction_of_a_sent_invoice(desk: Desk) -> None:
    service = desk.invoicing
    issued = service.issue(NIP, three_rates(service.new_draft(NIP, TODAY)))
    later = date(2027, 1, 10)
    copy = service.like(NIP, issued.xml, later)
    assert copy.number == "" and copy.issue_date == later and copy.lines == xml_to_draft(issued.xml).lines
    assert copy.payment.due_date == date(2027, 1, 24)
    correction = service.correction_of(NIP, issued.xml, "5265877635-20261202-0100001AF629-AF", later)
    assert correction.kind is Kind.KOR and correction.correction is not None
    assert correction.correction.invoice_number == issued.number and correction.correction.before == copy.lines
    assert totals(correction).total == 0  # nothing changed yet: the user edits the lines "after"


def test_a_new_buyer_is_filled_from_the_white_list_stand_in(desk: Desk, server: SandboxServer) -> None:
    from ksefsandbox.whitelist import register

    register(
        server.sandbox.state, "1234563218", "", name="Hurtownia Nowa Sp. z o.o.", address="UL. NOWA 5, 30-001 KRAKÓW"
    )
    found = desk.invoicing.lookup(NIP, "1234563218", TODAY)
    assert found is not None and found.name == "Hurtownia Nowa Sp. z o.o."
    assert (found.address1, found.address2) == ("UL. NOWA 5", "30-001 KRAKÓW")
    assert desk.invoicing.lookup(NIP, "1111111111", TODAY) is None  # not on the list
    server.stop()
    with pytest.raises(UserError) as raised:
        desk.invoicing.lookup(NIP, "1234563218", TODAY)
    assert raised.value.code == "invoice.lookup_failed" and "White List" in raised.value.message("en")


def test_the_outbox_file_name_is_valid_on_windows_whatever_the_number(desk: Desk) -> None:
    service = desk.invoicing
    draft = three_rates(service.new_draft(NIP, TODAY))
    assert service.issue(NIP, replace(draft, number="FV/1/12/2026")).item.file_name == "FV_1_12_2026.xml"
    assert service.issue(NIP, replace(draft, number="CON")).item.file_name.lower() != "con.xml"
    assert ":" not in service.issue(NIP, replace(draft, number="A:1")).item.file_name

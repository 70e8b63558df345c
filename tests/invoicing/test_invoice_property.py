"""Random invoices (lines, rates, discounts, net or gross prices, currencies, all four kinds): the app's
totals equal an independent computation written from docs/invoice-json.md (tests/invoicing/oracle.py)
to the grosz; the XML is valid FA(3), the sandbox's own arithmetic check (standard-library XML, code of
its own) finds nothing, and the sandbox accepts a sample of them sent through the outbox."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ksefdesk.core.fa3 import check_invoice_bytes
from ksefdesk.core.invoice_draft import (
    FORM_RATES,
    AdvanceRef,
    Correction,
    InvoiceDraft,
    Kind,
    Line,
    Party,
    Payment,
    draft_to_json,
    order_total,
    problems,
    round2,
    totals,
)
from ksefdesk.core.invoice_xml import draft_to_xml, stated_totals_problems
from ksefsandbox.app import SandboxConfig
from ksefsandbox.arithmetic import arithmetic_problems
from ksefsandbox.server import SandboxServer
from tests.invoicing.helpers import BUYER, NIP, Desk
from tests.invoicing.oracle import expected_totals

SELLER = Party("Moja Firma", NIP, address1="ul. Prosta 1", address2="00-001 Warszawa")
DAY = date(2026, 12, 2)


def _decimal(low: int, high: int, places: int) -> st.SearchStrategy[Decimal]:
    scale = 10**places
    return st.integers(low * scale, high * scale).map(lambda n: Decimal(n) / scale)


lines = st.builds(
    Line,
    name=st.sampled_from(["Usługa", "Towar", "Książka", "Szkolenie"]),
    quantity=_decimal(0, 500, 3).filter(lambda q: q > 0),
    unit_price=_decimal(0, 20_000, 4),
    rate=st.sampled_from([*FORM_RATES, "22", "7"]),
    unit=st.just("szt."),
    discount_percent=st.one_of(st.just(Decimal(0)), _decimal(0, 100, 1)),
)


@st.composite
def drafts(draw: st.DrawFn) -> InvoiceDraft:
    kind = draw(st.sampled_from(list(Kind)))
    currency = draw(st.sampled_from(["PLN", "PLN", "EUR", "USD"]))
    draft = InvoiceDraft(
        SELLER,
        BUYER,
        DAY,
        tuple(draw(st.lists(lines, min_size=1, max_size=8))),
        kind=kind,
        number="P/1",
        currency=currency,
        exchange_rate=draw(_decimal(1, 6, 4).filter(lambda r: r > 0)) if currency != "PLN" else None,
        exchange_rate_date=date(2026, 12, 1) if currency != "PLN" else None,
        prices_gross=draw(st.booleans()),
        exemption_basis="art. 43 ust. 1 pkt 19 ustawy o VAT",
        payment=Payment("transfer", date(2026, 12, 16)),
    )
    whole = order_total(draft)
    if kind is Kind.KOR:
        before = tuple(draw(st.lists(lines, min_size=1, max_size=6)))
        draft = replace(draft, correction=Correction("FV/1/11/2026", date(2026, 11, 2), "", "Zmiana ceny", 1, before))
    elif kind is Kind.ZAL:
        draft = replace(draft, advance_amount=max(Decimal("0.01"), round2(whole * draw(_decimal(0, 1, 2)))))
    elif kind is Kind.ROZ:
        parts = draw(st.lists(_decimal(0, 1, 2), min_size=1, max_size=3))
        amounts = [round2(whole * p / len(parts)) for p in parts]
        draft = replace(draft, advances=tuple(AdvanceRef(f"ZAL/{i}", "", a) for i, a in enumerate(amounts, 1)))
    return draft


def _valid(draft: InvoiceDraft) -> bool:
    return not problems(draft)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts().filter(_valid))
def test_totals_match_the_independent_computation_and_the_sandbox_check(draft: InvoiceDraft) -> None:
    computed = totals(draft)
    expected = expected_totals(draft_to_json(draft))
    assert {**computed.fields, "P_15": computed.total} == expected
    xml = draft_to_xml(draft)
    root, schema = check_invoice_bytes(xml)
    assert root is not None and schema == [], [p.text("en") for p in schema]
    assert stated_totals_problems(xml) == []
    assert arithmetic_problems(xml) == []


@pytest.fixture
def desk(tmp_path: Path, start_sandbox: Callable[..., SandboxServer]) -> Iterator[tuple[Desk, SandboxServer]]:
    server = start_sandbox(SandboxConfig(strict_arithmetic=True))  # the sandbox judges the sums too
    app = Desk(tmp_path, server)
    yield app, server
    app.db.close()


def test_a_sample_of_random_invoices_is_accepted_by_the_sandbox(desk: tuple[Desk, SandboxServer]) -> None:
    app, server = desk
    sample: list[InvoiceDraft] = []

    @settings(max_examples=15, deadline=None, database=None, derandomize=True)
    @given(drafts().filter(_valid))
    def collect(found: InvoiceDraft) -> None:
        sample.append(found)

    collect()
    assert len(sample) >= 10
    for draft in sample:
        app.invoicing.issue(NIP, replace(draft, number=""))
    summary = app.sender.send(NIP)
    assert not summary.rejected, [(i.invoice_number, i.error_text) for i in summary.rejected]
    rows = server.sandbox.state.all("SELECT status_code FROM invoices WHERE seller_nip = ?", (NIP,))
    assert len(rows) == len(sample) and all(r["status_code"] == 200 for r in rows)


def test_both_checks_refuse_the_same_tampered_invoice(desk: tuple[Desk, SandboxServer]) -> None:
    """A summary changed by a grosz after the lines were written: the app's check and the sandbox's own
    both name the field, and the strict sandbox refuses the invoice (450) when it is sent anyway."""
    app, _ = desk
    draft = replace(
        InvoiceDraft(SELLER, BUYER, DAY, (Line("Usługa", Decimal(3), Decimal("33.33"), "23"),), number="T/1"),
        payment=Payment("transfer", date(2026, 12, 16)),
    )
    xml = draft_to_xml(draft).replace(b"<P_13_1>99.99</P_13_1>", b"<P_13_1>100.00</P_13_1>")
    assert [p.en.split(":")[0] for p in stated_totals_problems(xml)] == ["P_13_1"]
    assert [p.split(":")[0] for p in arithmetic_problems(xml)] == ["P_13_1", "P_15"]  # also: P_15 ≠ the fields' sum
    app.sender.enqueue(NIP, "t1.xml", xml)  # a file from elsewhere: the outbox does not judge sums
    summary = app.sender.send(NIP)
    assert [i.error_code for i in summary.rejected] == [450]
    assert "P_13_1" in summary.rejected[0].error_text

"""The invoice model: each kind writes FA(3) that the XSD accepts, reads back as the same invoice, and
round-trips through the documented JSON; wrong fields are named in both languages."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ksefdesk.core.fa3 import check_invoice_bytes, summarize
from ksefdesk.core.invoice_draft import (
    AdvanceRef,
    BuyerId,
    Correction,
    DraftFormatError,
    InvoiceDraft,
    Kind,
    Line,
    Party,
    Payment,
    draft_from_json,
    draft_to_json,
    problems,
    totals,
)
from ksefdesk.core.invoice_xml import draft_to_xml, stated_totals_problems, xml_to_draft
from ksefdesk.core.preview import read_invoice

SELLER = Party("Moja Firma", "5265877635", address1="ul. Prosta 1", address2="00-001 Warszawa")
BUYER = Party("Klient", "7251801126", address1="ul. Długa 2", address2="90-001 Łódź")
LINES = (
    Line("Usługa", Decimal(10), Decimal("150.00"), "23", "godz."),
    Line("Książka", Decimal(3), Decimal("49.99"), "5"),
    Line("Catering", Decimal(1), Decimal("333.33"), "8", discount_percent=Decimal(5)),
)
BASE = InvoiceDraft(
    SELLER,
    BUYER,
    date(2026, 12, 2),
    LINES,
    number="FV/7/12/2026",
    place="Warszawa",
    payment=Payment("transfer", date(2026, 12, 16), "PL61109010140000071219812874"),
)
KINDS = {
    "vat": BASE,
    "gross prices, paid": replace(
        BASE, prices_gross=True, payment=replace(BASE.payment, paid=Decimal("1966.63"), paid_date=date(2026, 12, 2))
    ),
    "eur": replace(BASE, currency="EUR", exchange_rate=Decimal("4.2512"), exchange_rate_date=date(2026, 12, 1)),
    "exempt and reverse charge": replace(
        BASE,
        lines=(*LINES, Line("Szkolenie", Decimal(1), Decimal(500), "zw"), Line("Złom", Decimal(2), Decimal(10), "oo")),
        exemption_basis="art. 43 ust. 1 pkt 29 lit. c ustawy o VAT",
    ),
    "consumer": replace(BASE, buyer=Party("Jan Kowalski", "", BuyerId.NONE, "ul. Polna 3", "")),
    "eu buyer, wdt": replace(
        BASE,
        buyer=Party("Kunde GmbH", "DE123456789", BuyerId.EU, "Hauptstr. 1", "10115 Berlin", "DE"),
        lines=(Line("Maszyna", Decimal(1), Decimal(10000), "0 WDT"),),
    ),
    "correction": replace(
        BASE,
        kind=Kind.KOR,
        lines=(replace(LINES[0], unit_price=Decimal("140.00")), *LINES[1:]),
        correction=Correction(
            "FV/1/11/2026", date(2026, 11, 5), "5265877635-20261105-0100001AF629-AF", "Rabat posprzedażowy", 1, LINES
        ),
    ),
    "advance": replace(
        BASE,
        kind=Kind.ZAL,
        advance_amount=Decimal("1000.00"),
        payment=Payment("transfer", None, "", Decimal("1000.00"), date(2026, 12, 2)),
    ),
    "settlement": replace(
        BASE,
        kind=Kind.ROZ,
        advances=(AdvanceRef("ZAL/1/12/2026", "5265877635-20261202-0100001AF629-AF", Decimal("1000.00")),),
    ),
}


@pytest.mark.parametrize("name", KINDS)
def test_each_kind_is_valid_fa3_and_reads_back_the_same(name: str) -> None:
    draft = KINDS[name]
    assert problems(draft) == []
    xml = draft_to_xml(draft)
    root, schema_problems = check_invoice_bytes(xml)
    assert root is not None and schema_problems == [], [p.text("en") for p in schema_problems]
    assert stated_totals_problems(xml) == []
    back = xml_to_draft(xml)
    assert back == replace(
        draft, exemption_basis=draft.exemption_basis if any(line.rate == "zw" for line in draft.lines) else ""
    )
    assert summarize(root).gross == totals(draft).total
    view = read_invoice(xml, "en")  # the paper-like preview prints the same total
    assert view is not None


def test_the_totals_follow_the_documented_rounding() -> None:
    result = totals(BASE)
    # 23%: 1500.00 -> 345.00; 5%: 149.97 -> 7.4985 -> 7.50; 8%: 333.33 * 0.95 = 316.6635 -> 316.66 -> 25.3328 -> 25.33
    assert result.fields == {
        "P_13_1": Decimal("1500.00"),
        "P_14_1": Decimal("345.00"),
        "P_13_2": Decimal("316.66"),
        "P_14_2": Decimal("25.33"),
        "P_13_3": Decimal("149.97"),
        "P_14_3": Decimal("7.50"),
    }
    assert result.total == Decimal("2344.46")
    gross = totals(replace(BASE, prices_gross=True, lines=(Line("A", Decimal(1), Decimal("100.00"), "23"),)))
    assert (gross.fields["P_13_1"], gross.fields["P_14_1"], gross.total) == (
        Decimal("81.30"),
        Decimal("18.70"),
        Decimal("100.00"),
    )
    eur = totals(KINDS["eur"])
    assert eur.fields["P_14_1W"] == Decimal("1466.66")  # 345.00 * 4.2512 = 1466.664


def test_a_correction_states_the_difference() -> None:
    result = totals(KINDS["correction"])
    assert result.fields["P_13_1"] == Decimal("-100.00") and result.fields["P_14_1"] == Decimal("-23.00")
    assert result.fields["P_13_2"] == 0 and result.total == Decimal("-123.00")
    xml = draft_to_xml(KINDS["correction"])
    assert b"<StanPrzed>1</StanPrzed>" in xml and b"<P_15>-123.00</P_15>" in xml


def test_an_advance_is_split_over_the_rates_and_the_settlement_deducts_it() -> None:
    advance = totals(KINDS["advance"])
    assert advance.total == Decimal("1000.00") and advance.net + advance.vat == Decimal("1000.00")
    settlement = totals(KINDS["settlement"])
    assert settlement.total == totals(BASE).total - Decimal("1000.00")
    for name, value in advance.fields.items():
        assert settlement.fields[name] + value == totals(BASE).fields[name]


def test_json_round_trip_and_named_problems() -> None:
    for draft in KINDS.values():
        assert draft_from_json(json.loads(json.dumps(draft_to_json(draft)))) == draft
    data = draft_to_json(BASE)
    data["lines"][1]["quantity"] = 2.5  # a float, not text
    data["issueDate"] = "02.12.2026"
    with pytest.raises(DraftFormatError) as raised:
        draft_from_json(data)
    paths = [p.path for p in raised.value.problems]
    assert paths == ["issue_date", "lines[1].quantity"], paths
    wrong = replace(
        BASE,
        buyer=replace(BUYER, id="7251801127"),
        lines=(replace(LINES[0], quantity=Decimal(0)), replace(LINES[1], name=" ")),
        currency="EUR",
        payment=replace(BASE.payment, account="PL61109010140000071219812875"),
    )
    found = {p.path: p for p in problems(wrong)}
    assert set(found) == {
        "buyer.id",
        "lines[0].quantity",
        "lines[1].name",
        "exchange_rate",
        "exchange_rate_date",
        "payment.account",
    }
    assert "nabywcy" in found["buyer.id"].text("pl") and "buyer" in found["buyer.id"].text("en")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)
FIELDS = ["kind", "issueDate", "currency", "exchangeRate", "pricesGross", "seller", "buyer", "lines", "payment",
          "correction", "advance", "advances", "number", "notes"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=8), st.sampled_from(["VAT", "KOR", "ZAL", "ROZ"]))
def test_any_json_is_a_named_problem_never_a_crash(data: dict[str, object], kind: str) -> None:
    data.setdefault("kind", kind)
    try:
        draft = draft_from_json(data)
    except DraftFormatError as exc:
        assert exc.problems and all(p.text("pl") and p.text("en") for p in exc.problems)
        return
    if not problems(draft):  # only what passes every check is written, and then it is valid FA(3)
        _, schema = check_invoice_bytes(draft_to_xml(draft))
        assert schema == []

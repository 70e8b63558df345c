"""The sandbox's arithmetic check of FA(3) invoices (ksefsandbox.arithmetic), on hand-made documents
(minimal Podmiot/Adnotacje: the check reads only Fa's amounts) and on the official examples."""

from __future__ import annotations

import random
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ksefsandbox.arithmetic import arithmetic_problems
from tests.invoicing.oracle import CENT, expected_totals, line_value

NS = "http://crd.gov.pl/wzor/2025/06/25/13775/"
DATA = Path(__file__).resolve().parent.parent / "data"
EXAMPLES = DATA / "examples" / "fa3"  # the official FA(3) examples, as published


def row(
    number: int,
    rate: str,
    net: str | None = None,
    *,
    gross: str | None = None,
    before: bool = False,
    exchange: str | None = None,
) -> str:
    """A FaWiersz: a net-price line (P_9A, P_11) or, with ``gross``, a gross-price one (P_9B, P_11A)."""
    parts = [f"<NrWierszaFa>{number}</NrWierszaFa>", "<P_7>Towar</P_7>", "<P_8A>szt.</P_8A>", "<P_8B>1</P_8B>"]
    if gross is not None:
        parts += [f"<P_9B>{gross}</P_9B>", f"<P_11A>{gross}</P_11A>"]
    else:
        parts += [f"<P_9A>{net}</P_9A>", f"<P_11>{net}</P_11>"]
    parts.append(f"<P_12>{rate}</P_12>")
    if exchange is not None:
        parts.append(f"<KursWaluty>{exchange}</KursWaluty>")
    if before:
        parts.append("<StanPrzed>1</StanPrzed>")
    return "<FaWiersz>" + "".join(parts) + "</FaWiersz>"


def invoice(kind: str, summary: dict[str, str], rows: list[str] | None = None, **options: str) -> bytes:
    currency = options.get("currency", "PLN")
    fields = "".join(f"<{name}>{value}</{name}>" for name, value in summary.items())
    correction = (
        "<PrzyczynaKorekty>obniżka</PrzyczynaKorekty><TypKorekty>2</TypKorekty>"
        "<DaneFaKorygowanej><DataWystFaKorygowanej>2026-11-02</DataWystFaKorygowanej>"
        "<NrFaKorygowanej>FV/1/2026</NrFaKorygowanej><NrKSeF>2</NrKSeF></DaneFaKorygowanej>"
        if kind == "KOR"
        else ""
    )
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<Faktura xmlns="{NS}">
  <Naglowek><KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">FA</KodFormularza></Naglowek>
  <Podmiot1><DaneIdentyfikacyjne><NIP>5265877635</NIP><Nazwa>Firma</Nazwa></DaneIdentyfikacyjne></Podmiot1>
  <Podmiot2><DaneIdentyfikacyjne><NIP>7251801126</NIP><Nazwa>Klient</Nazwa></DaneIdentyfikacyjne></Podmiot2>
  <Fa>
    <KodWaluty>{currency}</KodWaluty>
    <P_1>2026-12-02</P_1>
    <P_2>FV/7/2026</P_2>
    {fields}
    <Adnotacje><P_16>2</P_16></Adnotacje>
    <RodzajFaktury>{kind}</RodzajFaktury>
    {correction}
    {"".join(rows or [])}
    {options.get("tail", "")}
  </Fa>
</Faktura>"""
    return text.encode("utf-8")


# --- VAT, net prices ---------------------------------------------------------------------------


def test_a_consistent_net_invoice_with_23_8_and_5() -> None:
    # 23: 200.00, vat 46.00; 8: 50.00, vat 4.00; 5: 10.10, vat 0.505 -> 0.51; total 310.61
    summary = {
        "P_13_1": "200.00",
        "P_14_1": "46.00",
        "P_13_2": "50.00",
        "P_14_2": "4.00",
        "P_13_3": "10.10",
        "P_14_3": "0.51",
        "P_15": "310.61",
    }
    rows = [row(1, "23", "150.00"), row(2, "23", "50.00"), row(3, "8", "50.00"), row(4, "5", "10.10")]
    assert arithmetic_problems(invoice("VAT", summary, rows)) == []


def test_a_net_sum_that_differs_from_the_lines_is_reported() -> None:
    summary = {"P_13_1": "210.00", "P_14_1": "46.00", "P_15": "256.00"}
    rows = [row(1, "23", "150.00"), row(2, "23", "50.00")]
    assert arithmetic_problems(invoice("VAT", summary, rows)) == [
        "P_13_1: suma netto wierszy 200.00, na fakturze 210.00"
    ]


def test_net_sums_must_agree_to_the_grosz() -> None:
    summary = {"P_13_1": "200.01", "P_14_1": "46.00", "P_15": "246.01"}
    problems = arithmetic_problems(invoice("VAT", summary, [row(1, "23", "200.00")]))
    assert problems == ["P_13_1: suma netto wierszy 200.00, na fakturze 200.01"]


def test_vat_beyond_a_grosz_per_line_is_reported() -> None:
    summary = {"P_13_1": "200.00", "P_14_1": "46.02", "P_15": "246.02"}
    problems = arithmetic_problems(invoice("VAT", summary, [row(1, "23", "200.00")]))
    assert problems == ["P_14_1: VAT wyliczony z wierszy 46.00 (dopuszczalna różnica 0.01), na fakturze 46.02"]


def test_vat_computed_per_line_is_accepted_within_a_grosz_per_line() -> None:
    rows = [row(1, "23", "0.10"), row(2, "23", "0.10"), row(3, "23", "0.10")]
    # on the sum: 0.30 × 0.23 = 0.069 -> 0.07; per line: 0.023 -> 0.02, × 3 = 0.06: both legitimate
    for vat in ("0.07", "0.06", "0.04"):
        total = f"{0.30 + float(vat):.2f}"
        assert arithmetic_problems(invoice("VAT", {"P_13_1": "0.30", "P_14_1": vat, "P_15": total}, rows)) == []
    # 0.03 is 0.04 away from 0.07: more than 3 lines × 0.01
    problems = arithmetic_problems(invoice("VAT", {"P_13_1": "0.30", "P_14_1": "0.03", "P_15": "0.33"}, rows))
    assert problems == ["P_14_1: VAT wyliczony z wierszy 0.07 (dopuszczalna różnica 0.03), na fakturze 0.03"]


def test_a_wrong_total_is_reported() -> None:
    summary = {"P_13_1": "200.00", "P_14_1": "46.00", "P_15": "250.00"}
    problems = arithmetic_problems(invoice("VAT", summary, [row(1, "23", "200.00")]))
    assert problems == ["P_15: suma P_13_x i P_14_x 246.00, na fakturze 250.00"]


def test_a_rate_on_the_lines_without_its_fields_is_reported() -> None:
    summary = {"P_13_1": "100.00", "P_14_1": "23.00", "P_15": "123.00"}
    rows = [row(1, "23", "100.00"), row(2, "8", "50.00")]
    assert arithmetic_problems(invoice("VAT", summary, rows)) == [
        "P_13_2: suma netto wierszy 50.00, na fakturze brak",
        "P_14_2: VAT wyliczony z wierszy 4.00 (dopuszczalna różnica 0.01), na fakturze brak",
    ]


def test_a_field_without_lines_of_its_rate_is_reported() -> None:
    summary = {"P_13_1": "100.00", "P_14_1": "23.00", "P_13_3": "10.00", "P_14_3": "0.50", "P_15": "133.50"}
    problems = arithmetic_problems(invoice("VAT", summary, [row(1, "23", "100.00")]))
    assert problems == [
        "P_13_3: suma netto wierszy 0.00, na fakturze 10.00",
        "P_14_3: VAT wyliczony z wierszy 0.00, na fakturze 0.50",
    ]


def test_a_field_of_zero_may_be_left_out() -> None:
    # a rate whose lines add up to nothing: an absent field is the same as 0.00
    rows = [row(1, "23", "100.00"), row(2, "8", "10.00"), row(3, "8", "-10.00")]
    assert arithmetic_problems(invoice("VAT", {"P_13_1": "100.00", "P_14_1": "23.00", "P_15": "123.00"}, rows)) == []


def test_exempt_and_zero_rate_lines() -> None:
    summary = {"P_13_1": "20.00", "P_14_1": "4.60", "P_13_6_2": "5.00", "P_13_7": "250.00", "P_15": "279.60"}
    rows = [row(1, "zw", "250.00"), row(2, "23", "20.00"), row(3, "0 WDT", "5.00")]
    assert arithmetic_problems(invoice("VAT", summary, rows)) == []
    summary["P_13_7"], summary["P_15"] = "200.00", "229.60"
    problems = arithmetic_problems(invoice("VAT", summary, rows))
    assert problems == ["P_13_7: suma netto wierszy 250.00, na fakturze 200.00"]


# --- VAT, gross prices -------------------------------------------------------------------------


def test_a_consistent_gross_invoice() -> None:
    # 23: gross 143.00, vat 143 × 23/123 = 26.739 -> 26.74, net 116.26; 8: gross 54.00, vat 4.00, net 50.00
    summary = {"P_13_1": "116.26", "P_14_1": "26.74", "P_13_2": "50.00", "P_14_2": "4.00", "P_15": "197.00"}
    rows = [row(1, "23", gross="123.00"), row(2, "23", gross="20.00"), row(3, "8", gross="54.00")]
    assert arithmetic_problems(invoice("VAT", summary, rows)) == []


def test_gross_prices_vat_per_line_and_the_net_that_follows_are_accepted() -> None:
    # per line: 23.00 + 20 × 23/123 = 3.74 -> 26.74; take 3 lines of 1.00: on the sum 0.56, per line 0.57
    rows = [row(n, "23", gross="1.00") for n in (1, 2, 3)]
    for net, vat in (("2.44", "0.56"), ("2.43", "0.57")):
        assert arithmetic_problems(invoice("VAT", {"P_13_1": net, "P_14_1": vat, "P_15": "3.00"}, rows)) == []


def test_gross_prices_wrong_vat_and_wrong_net_are_reported() -> None:
    rows = [row(1, "23", gross="123.00")]
    problems = arithmetic_problems(invoice("VAT", {"P_13_1": "90.00", "P_14_1": "33.00", "P_15": "123.00"}, rows))
    assert problems == ["P_14_1: VAT wyliczony z wierszy 23.00 (dopuszczalna różnica 0.01), na fakturze 33.00"]
    problems = arithmetic_problems(invoice("VAT", {"P_13_1": "110.00", "P_14_1": "23.00", "P_15": "133.00"}, rows))
    assert problems == ["P_13_1: suma brutto wierszy 123.00 minus P_14_1 23.00 daje netto 100.00, na fakturze 110.00"]


# --- KOR -----------------------------------------------------------------------------------------


def test_a_consistent_correction_lowering_a_price() -> None:
    # before 500.00/115.00 and 9.99/0.80; after 450.00/103.50 and 9.93/0.79: after − before
    summary = {"P_13_1": "-50.00", "P_14_1": "-11.50", "P_13_2": "-0.06", "P_14_2": "-0.01", "P_15": "-61.57"}
    rows = [
        row(1, "23", "500.00", before=True),
        row(2, "8", "9.99", before=True),
        row(3, "23", "450.00"),
        row(4, "8", "9.93"),
    ]
    assert arithmetic_problems(invoice("KOR", summary, rows)) == []


def test_a_correction_stating_the_new_amounts_instead_of_the_difference_is_reported() -> None:
    summary = {"P_13_1": "450.00", "P_14_1": "103.50", "P_15": "553.50"}
    rows = [row(1, "23", "500.00", before=True), row(2, "23", "450.00")]
    assert arithmetic_problems(invoice("KOR", summary, rows)) == [
        "P_13_1: suma netto wierszy (po korekcie − przed korektą) -50.00, na fakturze 450.00",
        "P_14_1: VAT wyliczony z wierszy (po korekcie − przed korektą) -11.50 (dopuszczalna różnica 0.02),"
        " na fakturze 103.50",
    ]


def test_a_correction_by_difference_lines() -> None:
    # FA(3) also allows the differences as lines (no StanPrzed): −50.00 at 23%, vat −11.50
    summary = {"P_13_1": "-50.00", "P_14_1": "-11.50", "P_15": "-61.50"}
    assert arithmetic_problems(invoice("KOR", summary, [row(1, "23", "-50.00")])) == []


def test_stan_przed_counts_only_in_a_correction() -> None:
    # in a VAT invoice every line is the invoice: 100 + 100
    rows = [row(1, "23", "100.00", before=True), row(2, "23", "100.00")]
    summary = {"P_13_1": "200.00", "P_14_1": "46.00", "P_15": "246.00"}
    assert arithmetic_problems(invoice("VAT", summary, rows)) == []


# --- another currency ----------------------------------------------------------------------------


def test_euro_with_vat_in_pln() -> None:
    # 125.00 EUR, vat 28.75 EUR, × 4.3215 = 124.243125 -> 124.24 PLN
    rows = [row(1, "23", "125.00", exchange="4.3215")]
    summary = {"P_13_1": "125.00", "P_14_1": "28.75", "P_14_1W": "124.24", "P_15": "153.75"}
    assert arithmetic_problems(invoice("VAT", summary, rows, currency="EUR")) == []
    summary["P_14_1W"] = "28.75"  # not converted
    assert arithmetic_problems(invoice("VAT", summary, rows, currency="EUR")) == [
        "P_14_1W: P_14_1 28.75 × kurs 4.3215 124.24 (dopuszczalna różnica 0.04), na fakturze 28.75"
    ]
    del summary["P_14_1W"]
    assert arithmetic_problems(invoice("VAT", summary, rows, currency="EUR")) == [
        "P_14_1W: faktura w EUR, brak kwoty podatku w złotych"
    ]


def test_vat_in_pln_is_not_judged_without_a_single_exchange_rate() -> None:
    rows = [row(1, "23", "100.00", exchange="4.30"), row(2, "23", "25.00", exchange="4.40")]
    summary = {"P_13_1": "125.00", "P_14_1": "28.75", "P_14_1W": "1.00", "P_15": "153.75"}
    assert arithmetic_problems(invoice("VAT", summary, rows, currency="EUR")) == []


# --- ZAL and ROZ ---------------------------------------------------------------------------------

ORDER = (
    "<Zamowienie><WartoscZamowienia>{value}</WartoscZamowienia>"
    "<ZamowienieWiersz><NrWierszaZam>1</NrWierszaZam><P_7Z>Towar</P_7Z><P_8BZ>10</P_8BZ><P_9AZ>100</P_9AZ>"
    "<P_11NettoZ>1000.00</P_11NettoZ><P_11VatZ>230.00</P_11VatZ><P_12Z>23</P_12Z></ZamowienieWiersz>"
    "<ZamowienieWiersz><NrWierszaZam>2</NrWierszaZam><P_7Z>Usługa</P_7Z><P_8BZ>5</P_8BZ><P_9AZ>20</P_9AZ>"
    "<P_11NettoZ>100.00</P_11NettoZ><P_11VatZ>8.00</P_11VatZ><P_12Z>8</P_12Z></ZamowienieWiersz>"
    "</Zamowienie>"
)
# the order: 1000.00 + 230.00 + 100.00 + 8.00 = 1338.00; an advance of 500.00 split 459.64 / 40.36
ADVANCE = {"P_13_1": "373.69", "P_14_1": "85.95", "P_13_2": "37.37", "P_14_2": "2.99", "P_15": "500.00"}


def test_a_consistent_advance_invoice() -> None:
    assert arithmetic_problems(invoice("ZAL", ADVANCE, tail=ORDER.format(value="1338.00"))) == []


def test_an_advance_split_is_not_judged_only_its_total() -> None:
    # another split of the same 500.00: not this check's business
    summary = {"P_13_1": "400.00", "P_14_1": "92.00", "P_13_2": "7.41", "P_14_2": "0.59", "P_15": "500.00"}
    assert arithmetic_problems(invoice("ZAL", summary, tail=ORDER.format(value="1338.00"))) == []
    summary["P_15"] = "510.00"
    assert arithmetic_problems(invoice("ZAL", summary, tail=ORDER.format(value="1338.00"))) == [
        "P_15: suma P_13_x i P_14_x 500.00, na fakturze 510.00"
    ]


@pytest.mark.parametrize("vat_stated", [True, False])
def test_a_wrong_order_value_is_reported(vat_stated: bool) -> None:
    # with or without P_11VatZ the order's VAT is 1000.00 × 0.23 + 100.00 × 0.08 = 238.00
    order = ORDER if vat_stated else re.sub(r"<P_11VatZ>[^<]*</P_11VatZ>", "", ORDER)
    assert arithmetic_problems(invoice("ZAL", ADVANCE, tail=order.format(value="1338.00"))) == []
    problems = arithmetic_problems(invoice("ZAL", ADVANCE, tail=order.format(value="1330.00")))
    assert problems == [
        "WartoscZamowienia: netto + VAT wierszy zamówienia 1338.00 (dopuszczalna różnica 0.02), na fakturze 1330.00"
    ]


def test_a_settlement_is_judged_by_its_total_only() -> None:
    # order − advance: 626.31 + 144.05 + 62.63 + 5.01 = 838.00; the lines are the whole order
    summary = {"P_13_1": "626.31", "P_14_1": "144.05", "P_13_2": "62.63", "P_14_2": "5.01", "P_15": "838.00"}
    rows = [row(1, "23", "1000.00"), row(2, "8", "100.00")]
    tail = "<FakturaZaliczkowa><NrKSeFZN>1</NrKSeFZN><NrFaZaliczkowej>ZAL/1/2026</NrFaZaliczkowej></FakturaZaliczkowa>"
    assert arithmetic_problems(invoice("ROZ", summary, rows, tail=tail)) == []
    summary["P_15"] = "1338.00"
    assert arithmetic_problems(invoice("ROZ", summary, rows, tail=tail)) == [
        "P_15: suma P_13_x i P_14_x 838.00, na fakturze 1338.00"
    ]


# --- what cannot be judged, and odd input --------------------------------------------------------


def test_an_invoice_without_lines_gets_only_the_total_check() -> None:
    summary = {"P_13_1": "100.00", "P_14_1": "23.00", "P_15": "123.00"}
    assert arithmetic_problems(invoice("VAT", summary)) == []
    summary["P_15"] = "100.00"
    assert arithmetic_problems(invoice("VAT", summary)) == ["P_15: suma P_13_x i P_14_x 123.00, na fakturze 100.00"]


def test_lines_outside_the_rates_leave_only_the_total_check() -> None:
    # a margin-scheme line has no P_12: which field it belongs to is not this check's to say
    margin = "<FaWiersz><NrWierszaFa>2</NrWierszaFa><P_7>Używany</P_7><P_11A>500.00</P_11A></FaWiersz>"
    summary = {"P_13_1": "100.00", "P_14_1": "23.00", "P_13_11": "500.00", "P_15": "623.00"}
    assert arithmetic_problems(invoice("VAT", summary, [row(1, "23", "100.00"), margin])) == []


def test_net_and_gross_lines_mixed_in_one_rate_are_not_judged() -> None:
    rows = [row(1, "23", "100.00"), row(2, "23", gross="123.00")]
    assert arithmetic_problems(invoice("VAT", {"P_13_1": "1.00", "P_14_1": "2.00", "P_15": "3.00"}, rows)) == []


@pytest.mark.parametrize("kind", ["UPR", "KOR_ZAL", "KOR_ROZ", "", "XYZ"])
def test_kinds_it_cannot_judge_give_nothing(kind: str) -> None:
    assert arithmetic_problems(invoice(kind, {"P_13_1": "1.00", "P_15": "99.00"}, [row(1, "23", "5.00")])) == []


def test_a_summary_value_that_is_not_a_number_is_a_message() -> None:
    summary = {"P_13_1": "abc", "P_14_1": "23.00", "P_15": "123.00"}
    problems = arithmetic_problems(invoice("VAT", summary, [row(1, "23", "100.00")]))
    assert problems == ["P_13_1: wartość 'abc' nie jest liczbą"]


@pytest.mark.parametrize("value", ["1,00", "NaN", "Infinity", "1e3", "", "--1", "1" * 40])
def test_a_line_value_that_is_not_a_number_is_a_message(value: str) -> None:
    summary = {"P_13_1": "100.00", "P_14_1": "23.00", "P_15": "123.00"}
    problems = arithmetic_problems(invoice("VAT", summary, [row(1, "23", value)]))
    assert problems == [f"FaWiersz 1 P_11: wartość {value!r} nie jest liczbą"]


def test_an_unknown_rate_is_a_message() -> None:
    problems = arithmetic_problems(invoice("VAT", {"P_13_1": "1.00", "P_15": "1.00"}, [row(1, "17", "1.00")]))
    assert problems == ["FaWiersz 1: nieznana stawka P_12 '17', sum nie sprawdzono"]


@pytest.mark.parametrize(
    "document",
    [
        b"",
        b"not xml at all",
        b"<Faktura",
        b"\xff\xfe\x00garbage",
        b'<?xml version="1.0" encoding="no-such-encoding"?><a/>',
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<Faktura><Fa><P_15>&b;</P_15></Fa></Faktura>",
        b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><Faktura/>',
    ],
)
def test_unreadable_documents_are_a_message_never_an_exception(document: bytes) -> None:
    problems = arithmetic_problems(document)
    assert len(problems) == 1 and problems[0].startswith("Nie sprawdzono arytmetyki:"), problems


@pytest.mark.parametrize("path", sorted((DATA / "hostile").iterdir()), ids=lambda p: p.name)
def test_hostile_files_never_raise(path: Path) -> None:
    problems = arithmetic_problems(path.read_bytes())
    assert isinstance(problems, list) and all(isinstance(p, str) for p in problems)


@pytest.mark.parametrize(
    "document",
    [
        b"<Other/>",
        b"<Faktura><Fa><RodzajFaktury>VAT</RodzajFaktury><P_15>1</P_15><P_13_1>2</P_13_1></Fa></Faktura>",
        # FA(2): another namespace, not this check's (nor the sandbox's) form
        invoice("VAT", {"P_13_1": "1.00", "P_15": "9.00"}).replace(
            NS.encode(), b"http://crd.gov.pl/wzor/2023/06/29/12648/"
        ),
        f'<Faktura xmlns="{NS}"/>'.encode(),
        f'<Faktura xmlns="{NS}"><Fa><RodzajFaktury>VAT</RodzajFaktury></Fa></Faktura>'.encode(),
    ],
)
def test_documents_without_an_invoice_summary_give_nothing(document: bytes) -> None:
    assert arithmetic_problems(document) == []


# --- the official examples -----------------------------------------------------------------------

OFFICIAL = sorted(EXAMPLES.glob("*.xml"))


@pytest.mark.parametrize("path", OFFICIAL, ids=lambda p: p.name)
def test_the_official_examples_are_consistent(path: Path) -> None:
    assert arithmetic_problems(path.read_bytes()) == []


def test_the_official_examples_are_there() -> None:
    names = {path.name for path in OFFICIAL}
    assert {"invoice-template-fa-3.xml", "fa3-invoice-sample.xml"} <= names


def test_a_changed_official_example_is_caught() -> None:
    # the sample's 13 lines add up to 27292.28 net, vat 27292.28 × 0.23 = 6277.2244 -> 6277.22
    text = (EXAMPLES / "fa3-invoice-sample.xml").read_text(encoding="utf-8")
    changed = text.replace("<P_11>698.02</P_11>", "<P_11>698.20</P_11>")
    assert changed != text
    assert arithmetic_problems(changed.encode("utf-8")) == ["P_13_1: suma netto wierszy 27292.46, na fakturze 27292.28"]


# --- against the independent oracle of docs/invoice-json.md ---------------------------------------


def _random_model(rng: random.Random) -> dict[str, Any]:
    rates = ["23", "22", "8", "7", "5", "4", "3", "0 KR", "0 WDT", "0 EX", "zw", "np I", "np II", "oo"]

    def lines(count: int) -> list[dict[str, str]]:
        return [
            {
                "name": "Pozycja",
                "quantity": rng.choice(["1", "2", "0.5", "1.333", "7", "12.000001"]),
                "unitPrice": rng.choice([f"{rng.randint(0, 99999) / 100:.2f}", f"{rng.random() * 50:.8f}"]),
                "discountPercent": rng.choice(["0", "0", "5", "12.5", "100"]),
                "rate": rng.choice(rates[:3] if rng.random() < 0.6 else rates),
            }
            for _ in range(count)
        ]

    kind = rng.choice(["VAT", "KOR"])
    before = lines(rng.randint(1, 6)) if kind == "KOR" else []
    foreign = rng.random() < 0.3
    return {
        "kind": kind,
        "currency": "EUR" if foreign else "PLN",
        "exchangeRate": rng.choice(["4.2871", "4.3215", "0.5", "1"]) if foreign else "",
        "pricesGross": rng.random() < 0.4,
        "lines": lines(rng.randint(1, 8)),
        "correction": {"before": before} if kind == "KOR" else None,
    }


def _xml_of(model: dict[str, Any], summary: dict[str, Decimal]) -> bytes:
    """The model as FA(3) lines (values as docs/invoice-json.md defines them) with the given summary."""
    gross = model["pricesGross"]
    sides = [(line, True) for line in (model["correction"] or {}).get("before", [])]
    sides += [(line, False) for line in model["lines"]]
    rows = []
    for number, (line, before) in enumerate(sides, 1):
        value = f"{line_value(line)}"
        exchange = model["exchangeRate"] or None
        net, gross_value = (None, value) if gross else (value, None)
        rows.append(row(number, line["rate"], net, gross=gross_value, before=before, exchange=exchange))
    amounts = {name: f"{amount}" for name, amount in summary.items()}
    return invoice(model["kind"], amounts, rows, currency=model["currency"])


def test_what_the_oracle_computes_the_check_accepts_and_a_grosz_off_it_catches() -> None:
    rng = random.Random(20261202)
    for _ in range(300):
        model = _random_model(rng)
        summary = expected_totals(model)
        document = _xml_of(model, summary)
        assert arithmetic_problems(document) == [], (model, summary)
        # one grosz more on one net field (and on P_15, so that only the field is wrong)
        net_fields = [name for name in summary if name.startswith("P_13_")]
        name = rng.choice(net_fields)
        changed = dict(summary, **{name: summary[name] + CENT, "P_15": summary["P_15"] + CENT})
        problems = arithmetic_problems(_xml_of(model, changed))
        assert [p.split(":")[0] for p in problems] == [name], (model, changed, problems)

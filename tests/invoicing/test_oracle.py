"""The oracle against totals worked out by hand (the arithmetic is in the comments; every expected
value is typed in, never computed by the oracle)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.invoicing.oracle import expected_order_value, expected_totals


def line(quantity: str, price: str, rate: str, discount: str = "0") -> dict[str, str]:
    return {
        "name": "Pozycja",
        "unit": "szt.",
        "quantity": quantity,
        "unitPrice": price,
        "discountPercent": discount,
        "rate": rate,
    }


def model(lines: list[dict[str, str]], **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "kind": "VAT",
        "currency": "PLN",
        "exchangeRate": "",
        "exchangeRateDate": "",
        "pricesGross": False,
        "lines": lines,
        "correction": None,
        "advance": None,
        "advances": [],
    }
    base.update(extra)
    return base


def d(values: dict[str, str]) -> dict[str, Decimal]:
    return {name: Decimal(value) for name, value in values.items()}


def test_net_prices_with_23_8_and_5() -> None:
    m = model(
        [
            line("2", "100.00", "23"),  # 200.00
            line("3", "33.33", "23"),  # 99.99
            line("1.5", "19.99", "8"),  # 29.985 -> 29.99
            line("1", "10.10", "5"),  # 10.10
        ]
    )
    # 23: net 200.00 + 99.99 = 299.99; vat 299.99 × 0.23 = 68.9977 -> 69.00
    # 8: net 29.99; vat 29.99 × 0.08 = 2.3992 -> 2.40
    # 5: net 10.10; vat 10.10 × 0.05 = 0.505 -> 0.51 (a tie: half away from zero)
    # P_15 = 299.99 + 69.00 + 29.99 + 2.40 + 10.10 + 0.51 = 411.99
    assert expected_totals(m) == d(
        {
            "P_13_1": "299.99",
            "P_14_1": "69.00",
            "P_13_2": "29.99",
            "P_14_2": "2.40",
            "P_13_3": "10.10",
            "P_14_3": "0.51",
            "P_15": "411.99",
        }
    )


def test_gross_prices() -> None:
    m = model(
        [
            line("1", "123.00", "23"),  # gross 123.00
            line("2", "10.00", "23"),  # gross 20.00
            line("1", "54.00", "8"),  # gross 54.00
        ],
        pricesGross=True,
    )
    # 23: gross 143.00; vat 143.00 × 23 / 123 = 26.7398... -> 26.74; net 143.00 − 26.74 = 116.26
    #     (per line it would be 23.00 + 3.74 = 26.74 too; the rule is VAT on the rate's gross sum)
    # 8: gross 54.00; vat 54.00 × 8 / 108 = 4.00; net 50.00
    # P_15 = 116.26 + 26.74 + 50.00 + 4.00 = 197.00 (the gross sum)
    assert expected_totals(m) == d(
        {"P_13_1": "116.26", "P_14_1": "26.74", "P_13_2": "50.00", "P_14_2": "4.00", "P_15": "197.00"}
    )


def test_gross_prices_vat_taken_from_the_sum_not_per_line() -> None:
    m = model([line("1", "1.00", "23"), line("1", "1.00", "23"), line("1", "1.00", "23")], pricesGross=True)
    # gross 3.00; vat 3.00 × 23 / 123 = 0.56097... -> 0.56 (per line 1 × 23/123 = 0.187 -> 0.19, × 3 = 0.57)
    # net 3.00 − 0.56 = 2.44
    assert expected_totals(m) == d({"P_13_1": "2.44", "P_14_1": "0.56", "P_15": "3.00"})


def test_discount() -> None:
    m = model(
        [
            line("3", "19.99", "23", discount="10"),
            line("1", "0.125", "23", discount="50"),
        ]
    )
    # line 1: 3 × 19.99 = 59.97; × 90 / 100 = 53.973 -> 53.97
    # line 2: 1 × 0.125 × 50 / 100 = 0.0625 -> 0.06 (one rounding at the end: rounding the base first,
    #         0.13 × 0.5 = 0.065 -> 0.07, would be wrong)
    # 23: net 53.97 + 0.06 = 54.03; vat 54.03 × 0.23 = 12.4269 -> 12.43
    # P_15 = 54.03 + 12.43 = 66.46
    assert expected_totals(m) == d({"P_13_1": "54.03", "P_14_1": "12.43", "P_15": "66.46"})


def test_euro_with_an_exchange_rate() -> None:
    m = model(
        [line("10", "12.50", "23"), line("1", "33.00", "8")],
        currency="EUR",
        exchangeRate="4.3215",
        exchangeRateDate="2026-11-30",
    )
    # 23: net 10 × 12.50 = 125.00 EUR; vat 125.00 × 0.23 = 28.75 EUR;
    #     P_14_1W = 28.75 × 4.3215 = 124.243125 -> 124.24 PLN
    # 8: net 33.00 EUR; vat 33.00 × 0.08 = 2.64 EUR; P_14_2W = 2.64 × 4.3215 = 11.40876 -> 11.41 PLN
    # P_15 = 125.00 + 28.75 + 33.00 + 2.64 = 189.39 EUR
    assert expected_totals(m) == d(
        {
            "P_13_1": "125.00",
            "P_14_1": "28.75",
            "P_14_1W": "124.24",
            "P_13_2": "33.00",
            "P_14_2": "2.64",
            "P_14_2W": "11.41",
            "P_15": "189.39",
        }
    )


def test_vat_in_pln_is_converted_per_rate() -> None:
    m = model(
        [line("1", "10.00", "8"), line("1", "10.00", "7")],
        currency="EUR",
        exchangeRate="4.3215",
        exchangeRateDate="2026-11-30",
    )
    # 8: vat 0.80 EUR, × 4.3215 = 3.4572 -> 3.46;  7: vat 0.70 EUR, × 4.3215 = 3.02505 -> 3.03
    # P_14_2 = 1.50, P_14_2W = 3.46 + 3.03 = 6.49 (converting the field's 1.50 would give 6.48225 -> 6.48)
    # P_15 = 20.00 + 1.50 = 21.50
    assert expected_totals(m) == d({"P_13_2": "20.00", "P_14_2": "1.50", "P_14_2W": "6.49", "P_15": "21.50"})


def test_pln_has_no_vat_in_pln_fields() -> None:
    assert "P_14_1W" not in expected_totals(model([line("1", "10.00", "23")]))


def test_correction_lowering_a_price() -> None:
    m = model(
        [line("10", "45.00", "23"), line("3", "3.31", "8")],
        kind="KOR",
        correction={
            "reason": "obniżka ceny",
            "type": 2,
            "invoiceNumber": "FV/1/2026",
            "invoiceIssueDate": "2026-11-02",
            "ksefNumber": "",
            "before": [line("10", "50.00", "23"), line("3", "3.33", "8")],
        },
    )
    # before: 23: 500.00, vat 115.00;  8: 3 × 3.33 = 9.99, vat 0.7992 -> 0.80;  P_15 625.79
    # after:  23: 450.00, vat 103.50;  8: 3 × 3.31 = 9.93, vat 0.7944 -> 0.79;  P_15 564.22
    # after − before: P_13_1 −50.00, P_14_1 −11.50, P_13_2 −0.06,
    #   P_14_2 0.79 − 0.80 = −0.01 (VAT on the difference, −0.06 × 0.08 = −0.0048 -> 0.00, is not the rule)
    # P_15 = 564.22 − 625.79 = −61.57
    assert expected_totals(m) == d(
        {"P_13_1": "-50.00", "P_14_1": "-11.50", "P_13_2": "-0.06", "P_14_2": "-0.01", "P_15": "-61.57"}
    )


def test_correction_moving_a_line_to_another_rate() -> None:
    m = model(
        [line("1", "100.00", "8")],
        kind="KOR",
        correction={"reason": "zła stawka", "type": 1, "before": [line("1", "100.00", "23")]},
    )
    # before: P_13_1 100.00, P_14_1 23.00, P_15 123.00; after: P_13_2 100.00, P_14_2 8.00, P_15 108.00
    # fields of both sides are written: P_13_1 −100.00, P_14_1 −23.00, P_13_2 100.00, P_14_2 8.00, P_15 −15.00
    assert expected_totals(m) == d(
        {"P_13_1": "-100.00", "P_14_1": "-23.00", "P_13_2": "100.00", "P_14_2": "8.00", "P_15": "-15.00"}
    )


ORDER = [line("10", "100.00", "23"), line("5", "20.00", "8")]
# The order: 23: net 1000.00, vat 230.00, gross 1230.00;  8: net 100.00, vat 8.00, gross 108.00;
# Σ gross 1338.00.
# An advance of 500.00 split in the field order (23 first, 8 last takes the rest):
#   23: share 500.00 × 1230.00 / 1338.00 = 459.6412... -> 459.64;
#       vat 459.64 × 23 / 123 = 10571.72 / 123 = 85.9489... -> 85.95; net 459.64 − 85.95 = 373.69
#   8:  share 500.00 − 459.64 = 40.36; vat 40.36 × 8 / 108 = 322.88 / 108 = 2.9896... -> 2.99;
#       net 40.36 − 2.99 = 37.37


def test_advance_over_two_rates() -> None:
    m = model(ORDER, kind="ZAL", advance={"amount": "500.00"})
    assert expected_totals(m) == d(
        {"P_13_1": "373.69", "P_14_1": "85.95", "P_13_2": "37.37", "P_14_2": "2.99", "P_15": "500.00"}
    )
    assert expected_order_value(m) == Decimal("1338.00")


def test_settlement_after_one_advance() -> None:
    m = model(ORDER, kind="ROZ", advances=[{"number": "ZAL/1/2026", "ksefNumber": "", "amount": "500.00"}])
    # order − advance: P_13_1 1000.00 − 373.69 = 626.31; P_14_1 230.00 − 85.95 = 144.05;
    #                  P_13_2 100.00 − 37.37 = 62.63;    P_14_2 8.00 − 2.99 = 5.01
    # P_15 = 1338.00 − 500.00 = 838.00 (= 626.31 + 144.05 + 62.63 + 5.01)
    assert expected_totals(m) == d(
        {"P_13_1": "626.31", "P_14_1": "144.05", "P_13_2": "62.63", "P_14_2": "5.01", "P_15": "838.00"}
    )


def test_exempt_line() -> None:
    m = model([line("1", "250.00", "zw"), line("2", "10.00", "23")], exemptionBasis="art. 43 ust. 1 pkt 37")
    # zw: P_13_7 250.00, no VAT field; 23: net 20.00, vat 4.60; P_15 = 250.00 + 20.00 + 4.60 = 274.60
    assert expected_totals(m) == d({"P_13_1": "20.00", "P_14_1": "4.60", "P_13_7": "250.00", "P_15": "274.60"})


def test_rates_without_tax_go_to_their_fields() -> None:
    m = model(
        [
            line("1", "1.00", "0 KR"),
            line("1", "2.00", "0 WDT"),
            line("1", "3.00", "0 EX"),
            line("1", "4.00", "np I"),
            line("1", "5.00", "np II"),
            line("1", "6.00", "oo"),
        ]
    )
    # no VAT anywhere; P_15 = 1 + 2 + 3 + 4 + 5 + 6 = 21.00
    assert expected_totals(m) == d(
        {
            "P_13_6_1": "1.00",
            "P_13_6_2": "2.00",
            "P_13_6_3": "3.00",
            "P_13_8": "4.00",
            "P_13_9": "5.00",
            "P_13_10": "6.00",
            "P_15": "21.00",
        }
    )


def test_negative_amounts_round_half_away_from_zero() -> None:
    m = model([line("-1", "10.10", "5")], kind="KOR", correction={"before": []})
    # after: net −10.10, vat −0.505 -> −0.51 (away from zero); before: nothing
    assert expected_totals(m) == d({"P_13_3": "-10.10", "P_14_3": "-0.51", "P_15": "-10.61"})


def test_unknown_rate_is_refused() -> None:
    with pytest.raises(ValueError):
        expected_totals(model([line("1", "1.00", "17")]))


def test_settlement_in_euro_subtracts_the_advances_vat_in_pln() -> None:
    m = model(
        [line("1", "100.00", "23")],
        kind="ROZ",
        currency="EUR",
        exchangeRate="4.3215",
        exchangeRateDate="2026-11-30",
        advances=[{"number": "ZAL/1/2026", "ksefNumber": "", "amount": "50.00"}],
    )
    # order: net 100.00, vat 23.00, P_14_1W 23.00 × 4.3215 = 99.3945 -> 99.39; P_15 123.00
    # advance 50.00, one rate: vat 50.00 × 23 / 123 = 9.3495... -> 9.35, net 40.65,
    #   P_14_1W 9.35 × 4.3215 = 40.406025 -> 40.41
    # settlement, per field: P_13_1 59.35, P_14_1 13.65, P_14_1W 99.39 − 40.41 = 58.98
    #   (converting the settlement's 13.65 instead: 58.988475 -> 58.99), P_15 123.00 − 50.00 = 73.00
    assert expected_totals(m) == d({"P_13_1": "59.35", "P_14_1": "13.65", "P_14_1W": "58.98", "P_15": "73.00"})

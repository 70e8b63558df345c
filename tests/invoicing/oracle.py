"""An independent oracle of the invoice summary, written from docs/invoice-json.md alone.

``expected_totals(model)`` takes the JSON invoice model (as ``json.loads`` gives it: amounts are
strings) and returns the FA(3) summary fields the invoice must state: every P_13_x / P_14_x /
P_14_xW written and P_15. It deliberately shares no code with the app (ksefdesk), so that a test
comparing the two catches a mistake in either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# The field list of docs/invoice-json.md, in its order: (rate, net field, VAT field, tax percent).
# The order matters: a ZAL advance is split over the rates in this order (the last takes the rest).
RATES: list[tuple[str, str, str | None, int | None]] = [
    ("23", "P_13_1", "P_14_1", 23),
    ("22", "P_13_1", "P_14_1", 22),
    ("8", "P_13_2", "P_14_2", 8),
    ("7", "P_13_2", "P_14_2", 7),
    ("5", "P_13_3", "P_14_3", 5),
    ("4", "P_13_4", "P_14_4", 4),
    ("3", "P_13_4", "P_14_4", 3),
    ("0 KR", "P_13_6_1", None, None),
    ("0 WDT", "P_13_6_2", None, None),
    ("0 EX", "P_13_6_3", None, None),
    ("zw", "P_13_7", None, None),
    ("np I", "P_13_8", None, None),
    ("np II", "P_13_9", None, None),
    ("oo", "P_13_10", None, None),
]
RATE_ORDER = [rate for rate, _, _, _ in RATES]
NET_FIELD = {rate: net for rate, net, _, _ in RATES}
VAT_FIELD = {rate: vat for rate, _, vat, _ in RATES}
PERCENT = {rate: pct for rate, _, _, pct in RATES}

# rate -> (net, vat) of one computation (an invoice's lines, a before-state, an advance's share)
Totals = dict[str, tuple[Decimal, Decimal]]


def round2(value: Decimal) -> Decimal:
    """To the grosz, half away from zero (Decimal's ROUND_HALF_UP works on the absolute value)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def dec(text: Any) -> Decimal:
    return Decimal(str(text).strip())


def line_value(line: Mapping[str, Any]) -> Decimal:
    """value = round2(quantity × unitPrice × (100 − discountPercent) / 100), rounded once at the end."""
    discount = dec(line.get("discountPercent") or "0")
    return round2(dec(line["quantity"]) * dec(line["unitPrice"]) * (100 - discount) / 100)


def rate_totals(lines: Iterable[Mapping[str, Any]], prices_gross: bool) -> Totals:
    """Per rate: net prices: VAT on the net sum; gross prices: VAT taken out of the gross sum."""
    sums: dict[str, Decimal] = {}
    for line in lines:
        rate = str(line["rate"])
        if rate not in PERCENT:
            raise ValueError(f"unknown rate {rate!r}")
        sums[rate] = sums.get(rate, ZERO) + line_value(line)
    totals: Totals = {}
    for rate in RATE_ORDER:
        if rate not in sums:
            continue
        value, pct = sums[rate], PERCENT[rate]
        if pct is None:
            totals[rate] = (value, ZERO)
        elif prices_gross:
            vat = round2(value * pct / (100 + pct))
            totals[rate] = (value - vat, vat)
        else:
            totals[rate] = (value, round2(value * pct / 100))
    return totals


def advance_split(order: Totals, amount: Decimal) -> Totals:
    """A ZAL advance over the order's rates, in proportion to each rate's gross; the last takes the rest."""
    gross = {rate: net + vat for rate, (net, vat) in order.items()}
    total_gross = sum(gross.values(), ZERO)
    rates = [rate for rate in RATE_ORDER if rate in order]
    split: Totals = {}
    given = ZERO
    for index, rate in enumerate(rates):
        if index == len(rates) - 1:
            share = amount - given
        else:
            share = round2(amount * gross[rate] / total_gross)
            given += share
        pct = PERCENT[rate]
        vat = ZERO if pct is None else round2(share * pct / (100 + pct))
        split[rate] = (share - vat, vat)
    return split


def fields(totals: Totals, exchange_rate: Decimal | None) -> dict[str, Decimal]:
    """The summary fields of one computation: P_13_x, P_14_x, P_14_xW (another currency) and P_15."""
    out: dict[str, Decimal] = {}

    def add(name: str, amount: Decimal) -> None:
        out[name] = out.get(name, ZERO) + amount

    for rate in RATE_ORDER:
        if rate not in totals:
            continue
        net, vat = totals[rate]
        add(NET_FIELD[rate], net)
        vat_field = VAT_FIELD[rate]
        if vat_field is not None:
            add(vat_field, vat)
            if exchange_rate is not None:
                # `vat` of the doc's formula is the rate's: 23 and 22 (8 and 7, ...) are converted each
                add(vat_field + "W", round2(vat * exchange_rate))
    out["P_15"] = sum((net + vat for net, vat in totals.values()), ZERO)
    return out


def subtract(minuend: Mapping[str, Decimal], subtrahend: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Field by field, over the fields of either side (a missing field counts as zero)."""
    names = [*minuend, *(name for name in subtrahend if name not in minuend)]
    return {name: minuend.get(name, ZERO) - subtrahend.get(name, ZERO) for name in names}


def expected_totals(model: Mapping[str, Any]) -> dict[str, Decimal]:
    """The FA(3) summary fields (P_13_x, P_14_x, P_14_xW, P_15) the invoice in ``model`` must state."""
    with localcontext() as ctx:
        ctx.prec = 60  # no intermediate rounding: only round2 rounds
        kind = model.get("kind", "VAT")
        gross = bool(model.get("pricesGross"))
        currency = (model.get("currency") or "PLN").upper()
        rate = dec(model["exchangeRate"]) if currency != "PLN" else None
        lines = model.get("lines") or []
        if kind == "VAT":
            return fields(rate_totals(lines, gross), rate)
        if kind == "KOR":
            before = (model.get("correction") or {}).get("before") or []
            return subtract(fields(rate_totals(lines, gross), rate), fields(rate_totals(before, gross), rate))
        order = rate_totals(lines, gross)
        if kind == "ZAL":
            amount = dec(model["advance"]["amount"])
            result = fields(advance_split(order, amount), rate)
            result["P_15"] = amount
            return result
        if kind == "ROZ":
            result = fields(order, rate)
            for advance in model.get("advances") or []:
                amount = dec(advance["amount"])
                share = fields(advance_split(order, amount), rate)
                share["P_15"] = amount
                result = subtract(result, share)
            return result
        raise ValueError(f"unknown kind {kind!r}")


def expected_order_value(model: Mapping[str, Any]) -> Decimal:
    """WartoscZamowienia of a ZAL (the order's total: Σ net + Σ vat of its lines)."""
    with localcontext() as ctx:
        ctx.prec = 60
        totals = rate_totals(model.get("lines") or [], bool(model.get("pricesGross")))
        return sum((net + vat for net, vat in totals.values()), ZERO)

"""The sandbox's own check of an FA(3) invoice's arithmetic: does the summary agree with the lines?

``arithmetic_problems(xml)`` returns Polish messages, one per disagreeing field, or [] when the
summary is consistent or the invoice is of a kind this check cannot judge. It follows the totals
rules of docs/invoice-json.md but is written apart from the app (and parses with the standard
library, not lxml) so that it judges the app's output instead of repeating it.

What is judged:
- VAT and KOR with FaWiersz: per summary field, the net sum of its lines (exact) and the VAT
  recomputed from that sum (within 0.01 per line of the field: VAT per line then summed is a
  legitimate method too); in a KOR lines with StanPrzed=1 are the state before, the fields are
  after − before; in another currency P_14_xW against P_14_x × KursWaluty;
- ZAL: P_15 against the fields and WartoscZamowienia against the Zamowienie lines (the split of the
  advance over the rates depends on rules this check does not know);
- ROZ and invoices without FaWiersz: P_15 against the fields only;
- always P_15 = Σ P_13_x + Σ P_14_x, exactly, from the stated fields.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, DecimalException, localcontext

FA3 = "http://crd.gov.pl/wzor/2025/06/25/13775/"
CENT = Decimal("0.01")
ZERO = Decimal("0")

# P_12 -> (net field, VAT field, tax percent); no VAT field and no percent for the rates without tax.
_RATES: dict[str, tuple[str, str | None, int | None]] = {
    "23": ("P_13_1", "P_14_1", 23),
    "22": ("P_13_1", "P_14_1", 22),
    "8": ("P_13_2", "P_14_2", 8),
    "7": ("P_13_2", "P_14_2", 7),
    "5": ("P_13_3", "P_14_3", 5),
    "4": ("P_13_4", "P_14_4", 4),
    "3": ("P_13_4", "P_14_4", 3),
    "0 KR": ("P_13_6_1", None, None),
    "0 WDT": ("P_13_6_2", None, None),
    "0 EX": ("P_13_6_3", None, None),
    "zw": ("P_13_7", None, None),
    "np I": ("P_13_8", None, None),
    "np II": ("P_13_9", None, None),
    "oo": ("P_13_10", None, None),
}
_VAT_OF_NET = {"P_13_1": "P_14_1", "P_13_2": "P_14_2", "P_13_3": "P_14_3", "P_13_4": "P_14_4"}
# Fields that the lines decide (P_13_5/P_14_5 and P_13_11 need P_12_XII or the margin, not judged).
_LINE_NET_FIELDS = list(dict.fromkeys(net for net, _, _ in _RATES.values()))
_NET_FIELDS = [
    *(f"P_13_{n}" for n in (1, 2, 3, 4, 5)),
    *(f"P_13_6_{n}" for n in (1, 2, 3)),
    *(f"P_13_{n}" for n in (7, 8, 9, 10, 11)),
]
_VAT_FIELDS = [f"P_14_{n}" for n in (1, 2, 3, 4, 5)]
_PLN_FIELDS = [f"P_14_{n}W" for n in (1, 2, 3, 4)]
_SUMMARY = [*_NET_FIELDS, *_VAT_FIELDS, *_PLN_FIELDS, "P_15"]
# A plain decimal as FA(3) writes it; bounded so that no arithmetic below can overflow or round.
_NUMBER = re.compile(r"-?\d{1,30}(?:\.\d{1,12})?")


class _Unreadable(Exception):
    pass


class _NoDoctype(ET.TreeBuilder):
    """A document type declaration is the door to entity expansion: an invoice never needs one."""

    def doctype(self, name: str, pubid: str, system: str) -> None:
        raise _Unreadable("dokument zawiera deklarację DOCTYPE")


def _round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _fmt(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    tag = f"{{{FA3}}}{name}"
    return [child for child in element if child.tag == tag]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _text(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


@dataclass
class _Field:
    """The lines of one summary field, summed per (state, rate, price kind)."""

    sums: dict[tuple[int, str, str], Decimal]
    lines: int = 0
    judgeable: bool = True

    def add(self, sign: int, rate: str, kind: str, value: Decimal) -> None:
        key = (sign, rate, kind)
        self.sums[key] = self.sums.get(key, ZERO) + value
        self.lines += 1

    def kinds(self) -> set[str]:
        return {kind for _, _, kind in self.sums}

    def value(self) -> Decimal:
        """Σ line values, after − before (net or gross, as the lines state them)."""
        return sum((sign * value for (sign, _, _), value in self.sums.items()), ZERO)

    def vat(self) -> Decimal:
        """VAT of each rate's sum as docs/invoice-json.md computes it, after − before."""
        total = ZERO
        for (sign, rate, kind), value in self.sums.items():
            pct = _RATES[rate][2]
            if pct is None:
                continue
            vat = value * pct / 100 if kind == "net" else value * pct / (100 + pct)
            total += sign * _round2(vat)
        return total


class _Check:
    def __init__(self, fa: ET.Element) -> None:
        self.fa = fa
        self.problems: list[str] = []
        self.stated: dict[str, Decimal] = {}
        self.bad: set[str] = set()  # stated fields that are not numbers (already reported)
        for name in _SUMMARY:
            element = _child(fa, name)
            if element is None:
                continue
            value = self.number(element, name)
            if value is None:
                self.bad.add(name)
            else:
                self.stated[name] = value

    def number(self, element: ET.Element, label: str) -> Decimal | None:
        text = _text(element)
        if _NUMBER.fullmatch(text):
            return Decimal(text)
        self.problems.append(f"{label}: wartość {text[:40]!r} nie jest liczbą")
        return None

    def compare(self, name: str, what: str, expected: Decimal, tolerance: Decimal = ZERO) -> None:
        if name in self.bad:
            return
        stated = self.stated.get(name)
        allowed = f" (dopuszczalna różnica {_fmt(tolerance)})" if tolerance else ""
        if stated is None:
            if abs(expected) > tolerance:
                self.problems.append(f"{name}: {what} {_fmt(expected)}{allowed}, na fakturze brak")
        elif abs(stated - expected) > tolerance:
            self.problems.append(f"{name}: {what} {_fmt(expected)}{allowed}, na fakturze {_fmt(stated)}")

    def total(self) -> None:
        """P_15 = Σ P_13_x + Σ P_14_x of the stated fields, exactly."""
        parts = [*_NET_FIELDS, *_VAT_FIELDS]
        if self.bad & {*parts, "P_15"}:
            return
        expected = sum((self.stated.get(name, ZERO) for name in parts), ZERO)
        self.compare("P_15", "suma P_13_x i P_14_x", expected)

    def lines(self, correction: bool) -> None:
        rows = _children(self.fa, "FaWiersz")
        if not rows:
            return
        fields: dict[str, _Field] = {}
        rates: dict[str, set[Decimal]] = {}  # net field -> the KursWaluty of its lines
        without_rate: set[str] = set()  # net fields with a line that states no KursWaluty
        for index, row in enumerate(rows, 1):
            label = f"FaWiersz {_text(_child(row, 'NrWierszaFa')) or index}"
            rate = _text(_child(row, "P_12"))
            if not rate:
                return  # a line outside the rates (margin, OSS, art. 106e ust. 2-3): the split is unknown
            if rate not in _RATES:
                self.problems.append(f"{label}: nieznana stawka P_12 {rate[:20]!r}, sum nie sprawdzono")
                return
            net_field = _RATES[rate][0]
            group = fields.setdefault(net_field, _Field({}))
            sign = -1 if correction and _text(_child(row, "StanPrzed")) == "1" else 1
            p_11, p_11a = _child(row, "P_11"), _child(row, "P_11A")
            gross = p_11a is not None and (_child(row, "P_9B") is not None or p_11 is None)
            value_element = p_11a if gross else p_11
            if value_element is None:
                group.judgeable = False  # no line value: nothing to add up
                continue
            value = self.number(value_element, f"{label} {'P_11A' if gross else 'P_11'}")
            if value is None:
                group.judgeable = False
                continue
            group.add(sign, rate, "gross" if gross else "net", value)
            exchange = _child(row, "KursWaluty")
            if exchange is None:
                without_rate.add(net_field)
            else:
                parsed = self.number(exchange, f"{label} KursWaluty")
                if parsed is not None:
                    rates.setdefault(net_field, set()).add(parsed)
        correction_note = " (po korekcie − przed korektą)" if correction else ""
        for net_field in _LINE_NET_FIELDS:  # every field, so that one stated without its lines shows too
            self.field(net_field, fields.get(net_field, _Field({})), correction_note)
        self.foreign(fields, {k: v for k, v in rates.items() if k not in without_rate})

    def field(self, net_field: str, group: _Field, note: str) -> None:
        if not group.judgeable or len(group.kinds()) > 1:
            return  # a line without a value, or net and gross prices mixed: cannot be recomputed
        vat_field = _VAT_OF_NET.get(net_field)
        gross = group.kinds() == {"gross"}
        if not gross:
            self.compare(net_field, f"suma netto wierszy{note}", group.value())
        elif vat_field is None:
            self.compare(net_field, f"suma brutto wierszy{note}", group.value())
        elif vat_field not in self.bad:
            # gross prices: the net is what is left of the gross once the stated VAT is taken out
            vat = self.stated.get(vat_field, group.vat())
            what = f"suma brutto wierszy{note} {_fmt(group.value())} minus {vat_field} {_fmt(vat)} daje netto"
            self.compare(net_field, what, group.value() - vat)
        if vat_field is not None:
            tolerance = CENT * group.lines
            self.compare(vat_field, f"VAT wyliczony z wierszy{note}", group.vat(), tolerance)

    def foreign(self, fields: dict[str, _Field], rates: dict[str, set[Decimal]]) -> None:
        """Another currency: the VAT is also stated in PLN, P_14_xW = P_14_x × KursWaluty."""
        currency = _text(_child(self.fa, "KodWaluty")).upper()
        if currency in ("", "PLN"):
            return
        fallback = _child(self.fa, "KursWalutyZ")
        common = self.number(fallback, "KursWalutyZ") if fallback is not None else None
        for net_field, vat_field in _VAT_OF_NET.items():
            pln_field = vat_field + "W"
            vat = self.stated.get(vat_field)
            if vat is None or pln_field in self.bad:
                continue
            if pln_field not in self.stated:
                if vat != 0:
                    self.problems.append(f"{pln_field}: faktura w {currency[:3]}, brak kwoty podatku w złotych")
                continue
            lines = fields[net_field].lines if net_field in fields else 0
            found = rates.get(net_field, set()) if lines else ({common} if common is not None else set())
            exchange = next(iter(found)) if len(found) == 1 else None
            if exchange is None:
                continue  # no single exchange rate for the field's lines
            # converting per line, or before and after of a KOR each, differs by up to a grosz per line
            tolerance = CENT * max(1, lines) * max(Decimal(1), abs(exchange))
            what = f"{vat_field} {_fmt(vat)} × kurs {exchange}"
            self.compare(pln_field, what, _round2(vat * exchange), tolerance)

    def order(self) -> None:
        """ZAL: WartoscZamowienia = the Zamowienie lines' net + VAT."""
        order = _child(self.fa, "Zamowienie")
        value_element = _child(order, "WartoscZamowienia") if order is not None else None
        if order is None or value_element is None:
            return
        stated = self.number(value_element, "WartoscZamowienia")
        nets: dict[str, Decimal] = {}
        stated_vat = ZERO  # Σ P_11VatZ, when every taxed line states it
        taxed_lines = 0
        every_vat_stated = True
        for index, row in enumerate(_children(order, "ZamowienieWiersz"), 1):
            label = f"ZamowienieWiersz {_text(_child(row, 'NrWierszaZam')) or index}"
            rate = _text(_child(row, "P_12Z"))
            net_element = _child(row, "P_11NettoZ")
            if rate not in _RATES or net_element is None:
                return  # a line this check cannot place: nothing to compare
            net = self.number(net_element, f"{label} P_11NettoZ")
            if net is None:
                return
            nets[rate] = nets.get(rate, ZERO) + net
            if _RATES[rate][2] is None:
                continue
            taxed_lines += 1
            vat_element = _child(row, "P_11VatZ")
            vat = self.number(vat_element, f"{label} P_11VatZ") if vat_element is not None else None
            if vat is None:
                every_vat_stated = False
            else:
                stated_vat += vat
        if stated is None or not nets:
            return
        net_total = sum(nets.values(), ZERO)
        vat_total = ZERO
        for rate, net in nets.items():
            pct = _RATES[rate][2]
            if pct is not None:
                vat_total += _round2(net * pct / 100)
        tolerance = CENT * taxed_lines
        candidates = [net_total + vat_total] + ([net_total + stated_vat] if every_vat_stated else [])
        if all(abs(stated - expected) > tolerance for expected in candidates):
            allowed = f" (dopuszczalna różnica {_fmt(tolerance)})" if tolerance else ""
            self.problems.append(
                f"WartoscZamowienia: netto + VAT wierszy zamówienia {_fmt(candidates[0])}{allowed},"
                f" na fakturze {_fmt(stated)}"
            )


def _parse(xml: bytes) -> ET.Element:
    # The standard library on purpose (independent of the app's lxml); _NoDoctype refuses any DTD, so
    # there are no entities to expand, and ElementTree never fetches external resources.
    parser = ET.XMLParser(target=_NoDoctype())  # noqa: S314
    try:
        parser.feed(xml)
        return parser.close()
    except ET.ParseError as exc:
        raise _Unreadable(f"niepoprawny XML ({exc})") from exc
    except (ValueError, LookupError) as exc:  # an unknown encoding, text instead of bytes
        raise _Unreadable(f"niepoprawny XML ({exc})") from exc


def arithmetic_problems(xml: bytes) -> list[str]:
    """Messages for the summary fields of the FA(3) ``xml`` that disagree with its lines ([]: none)."""
    try:
        root = _parse(xml)
    except _Unreadable as exc:
        return [f"Nie sprawdzono arytmetyki: {exc}"]
    fa = _child(root, "Fa") if root.tag == f"{{{FA3}}}Faktura" else None  # FA(3) only: the sandbox takes no other
    if fa is None:
        return []
    kind = _text(_child(fa, "RodzajFaktury"))
    if kind not in ("VAT", "KOR", "ZAL", "ROZ"):
        return []  # UPR, KOR_ZAL, KOR_ROZ: rules this check does not know
    with localcontext() as ctx:
        ctx.prec = 100  # numbers are bounded by _NUMBER: all sums and products stay exact
        check = _Check(fa)
        try:
            if kind in ("VAT", "KOR"):
                check.lines(correction=kind == "KOR")
            elif kind == "ZAL":
                check.order()
            check.total()
        except DecimalException as exc:  # not expected with bounded numbers; a message rather than a crash
            check.problems.append(f"Nie sprawdzono arytmetyki: {type(exc).__name__}")
    return check.problems

"""The invoice the user fills in: one model for the form, the CLI's JSON and FA(3) XML.

Every total is computed here from the lines, as docs/invoice-json.md describes (FA(3) fields, Polish
rounding to the grosz, half away from zero), so what the form shows, what the preview prints and what
the XML states are the same numbers. ``problems`` names each wrong field in both languages, with the
path the form uses to put the cursor there ("buyer.id", "lines[2].quantity").
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from ksefdesk.core.errors import Bilingual, Lang
from ksefdesk.core.nip import nip_problem

CENT = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


class Kind(enum.StrEnum):
    VAT = "VAT"
    KOR = "KOR"
    ZAL = "ZAL"
    ROZ = "ROZ"


class BuyerId(enum.StrEnum):
    NIP = "NIP"
    EU = "EU"  # a VAT-UE number with its country
    OTHER = "OTHER"  # a foreign tax number
    NONE = "NONE"  # a consumer


@dataclass(frozen=True)
class Rate:
    code: str  # P_12
    percent: Decimal | None  # None: no tax on it (0 %, exempt, outside Poland, reverse charge)
    net_field: str
    vat_field: str | None
    label: Bilingual


def _rate(code: str, percent: int | None, net: str, vat: str | None, pl: str, en: str) -> Rate:
    return Rate(code, Decimal(percent) if percent is not None else None, net, vat, Bilingual(pl, en))


# In FA(3)'s field order: the order of the VAT summary, and of the advance split (docs/invoice-json.md).
RATES: dict[str, Rate] = {
    r.code: r
    for r in (
        _rate("23", 23, "P_13_1", "P_14_1", "23%", "23%"),
        _rate("22", 22, "P_13_1", "P_14_1", "22%", "22%"),
        _rate("8", 8, "P_13_2", "P_14_2", "8%", "8%"),
        _rate("7", 7, "P_13_2", "P_14_2", "7%", "7%"),
        _rate("5", 5, "P_13_3", "P_14_3", "5%", "5%"),
        _rate("4", 4, "P_13_4", "P_14_4", "4%", "4%"),
        _rate("3", 3, "P_13_4", "P_14_4", "3%", "3%"),
        _rate("0 KR", None, "P_13_6_1", None, "0% (kraj)", "0% (domestic)"),
        _rate("0 WDT", None, "P_13_6_2", None, "0% WDT", "0% intra-EU supply"),
        _rate("0 EX", None, "P_13_6_3", None, "0% eksport", "0% export"),
        _rate("zw", None, "P_13_7", None, "zw (zwolnione)", "exempt"),
        _rate("np I", None, "P_13_8", None, "np (poza krajem)", "outside Poland"),
        _rate("np II", None, "P_13_9", None, "np (usługi art. 100)", "outside Poland (services, art. 100)"),
        _rate("oo", None, "P_13_10", None, "oo (odwrotne obciążenie)", "reverse charge"),
    )
}
FORM_RATES = ("23", "8", "5", "0 KR", "0 WDT", "0 EX", "zw", "np I", "np II", "oo")  # what the form offers
SUMMARY_FIELDS = [
    "P_13_1",
    "P_14_1",
    "P_14_1W",
    "P_13_2",
    "P_14_2",
    "P_14_2W",
    "P_13_3",
    "P_14_3",
    "P_14_3W",
    "P_13_4",
    "P_14_4",
    "P_14_4W",
    "P_13_6_1",
    "P_13_6_2",
    "P_13_6_3",
    "P_13_7",
    "P_13_8",
    "P_13_9",
    "P_13_10",
]
PAYMENT_METHODS = {  # FA(3) FormaPlatnosci
    "cash": "1",
    "card": "2",
    "voucher": "3",
    "cheque": "4",
    "credit": "5",
    "transfer": "6",
    "mobile": "7",
}
CORRECTION_TYPES = (1, 2, 3)
MAX_LINES = 10_000  # FA(3): FaWiersz maxOccurs
_CURRENCY = re.compile(r"[A-Z]{3}")
_COUNTRY = re.compile(r"[A-Z]{2}")


def round2(value: Decimal) -> Decimal:
    """To the grosz, half away from zero."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    name: str = ""
    quantity: Decimal = Decimal(1)
    unit_price: Decimal = ZERO
    rate: str = "23"
    unit: str = "szt."
    discount_percent: Decimal = ZERO

    @property
    def base(self) -> Decimal:
        return round2(self.quantity * self.unit_price)

    @property
    def value(self) -> Decimal:
        """The line's net (net prices) or gross (gross prices) value after the discount."""
        return round2(self.quantity * self.unit_price * (HUNDRED - self.discount_percent) / HUNDRED)

    @property
    def unit_discount(self) -> Decimal:
        """P_10: the discount per unit (FA(3) writes it as an amount off the unit price, up to 8 places)."""
        return (self.unit_price * self.discount_percent / HUNDRED).quantize(Decimal("1E-8")).normalize()


@dataclass(frozen=True)
class Party:
    name: str = ""
    id: str = ""
    id_type: BuyerId = BuyerId.NIP
    address1: str = ""
    address2: str = ""
    country: str = "PL"


@dataclass(frozen=True)
class Payment:
    method: str = "transfer"
    due_date: date | None = None
    account: str = ""
    paid: Decimal = ZERO
    paid_date: date | None = None


@dataclass(frozen=True)
class Correction:
    invoice_number: str = ""
    invoice_issue_date: date | None = None
    ksef_number: str = ""
    reason: str = ""
    type: int = 1
    before: tuple[Line, ...] = ()


@dataclass(frozen=True)
class AdvanceRef:
    """An advance invoice a settlement (ROZ) settles, with the gross amount it received."""

    number: str = ""
    ksef_number: str = ""
    amount: Decimal = ZERO


@dataclass(frozen=True)
class InvoiceDraft:
    seller: Party
    buyer: Party
    issue_date: date
    lines: tuple[Line, ...] = ()
    kind: Kind = Kind.VAT
    number: str = ""
    sale_date: date | None = None
    place: str = ""
    currency: str = "PLN"
    exchange_rate: Decimal | None = None
    exchange_rate_date: date | None = None
    prices_gross: bool = False
    split_payment: bool = False
    exemption_basis: str = ""
    payment: Payment = field(default_factory=Payment)
    notes: str = ""
    correction: Correction | None = None
    advance_amount: Decimal | None = None  # ZAL: the gross amount received
    advances: tuple[AdvanceRef, ...] = ()  # ROZ

    def with_number(self, number: str) -> InvoiceDraft:
        return replace(self, number=number)


# --- Totals -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateTotal:
    rate: str
    net: Decimal
    vat: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat


@dataclass(frozen=True)
class Totals:
    rows: tuple[RateTotal, ...]  # per rate, in FA(3)'s order (the VAT summary shown)
    fields: dict[str, Decimal]  # P_13_x / P_14_x / P_14_xW as written, without P_15
    total: Decimal  # P_15

    @property
    def net(self) -> Decimal:
        return sum((r.net for r in self.rows), ZERO)

    @property
    def vat(self) -> Decimal:
        return sum((r.vat for r in self.rows), ZERO)


def _tax(amount: Decimal, rate: Rate, *, gross: bool) -> Decimal:
    if rate.percent is None:
        return ZERO
    if gross:
        return round2(amount * rate.percent / (HUNDRED + rate.percent))
    return round2(amount * rate.percent / HUNDRED)


def rate_totals(lines: tuple[Line, ...] | list[Line], *, prices_gross: bool) -> list[RateTotal]:
    """Per rate, in FA(3)'s order: net and VAT computed on the rate's sum (not line by line)."""
    sums: dict[str, Decimal] = {}
    for line in lines:
        if line.rate in RATES:
            sums[line.rate] = sums.get(line.rate, ZERO) + line.value
    rows = []
    for code, rate in RATES.items():
        if code in sums:
            vat = _tax(sums[code], rate, gross=prices_gross)
            net = sums[code] - vat if prices_gross else sums[code]
            rows.append(RateTotal(code, net, vat))
    return rows


def split_advance(amount: Decimal, order: list[RateTotal]) -> list[RateTotal]:
    """An advance's gross amount spread over the order's rates in proportion to their gross values;
    the last rate takes the rest, so the parts add up to the amount exactly."""
    whole = sum((r.gross for r in order), ZERO)
    if not order or whole == 0:
        return []
    rows, left = [], amount
    for index, row in enumerate(order):
        share = left if index == len(order) - 1 else round2(amount * row.gross / whole)
        left -= share
        vat = _tax(share, RATES[row.rate], gross=True)
        rows.append(RateTotal(row.rate, share - vat, vat))
    return rows


def _minus(a: list[RateTotal], b: list[RateTotal]) -> list[RateTotal]:
    rates = [code for code in RATES if any(r.rate == code for r in a + b)]
    by_a, by_b = {r.rate: r for r in a}, {r.rate: r for r in b}
    zero = RateTotal("", ZERO, ZERO)
    return [
        RateTotal(
            code,
            by_a.get(code, zero).net - by_b.get(code, zero).net,
            by_a.get(code, zero).vat - by_b.get(code, zero).vat,
        )
        for code in rates
    ]


def _fields(rows: list[RateTotal], exchange_rate: Decimal | None) -> dict[str, Decimal]:
    fields: dict[str, Decimal] = {}
    for row in rows:
        rate = RATES[row.rate]
        fields[rate.net_field] = fields.get(rate.net_field, ZERO) + row.net
        if rate.vat_field:
            fields[rate.vat_field] = fields.get(rate.vat_field, ZERO) + row.vat
            if exchange_rate is not None:
                pln = round2(row.vat * exchange_rate)
                fields[rate.vat_field + "W"] = fields.get(rate.vat_field + "W", ZERO) + pln
    return fields


def totals(draft: InvoiceDraft) -> Totals:
    gross = draft.prices_gross
    rate = draft.exchange_rate if draft.currency != "PLN" else None
    order = rate_totals(draft.lines, prices_gross=gross)
    if draft.kind is Kind.KOR:
        before = rate_totals(draft.correction.before if draft.correction else (), prices_gross=gross)
        after_fields, before_fields = _fields(order, rate), _fields(before, rate)
        rows = _minus(order, before)
        fields = {
            name: after_fields.get(name, ZERO) - before_fields.get(name, ZERO)
            for name in SUMMARY_FIELDS
            if name in after_fields or name in before_fields
        }
        total = sum((r.gross for r in order), ZERO) - sum((r.gross for r in before), ZERO)
        return Totals(tuple(rows), fields, total)
    if draft.kind is Kind.ZAL:
        amount = draft.advance_amount or ZERO
        rows = split_advance(amount, order)
        return Totals(tuple(rows), _fields(rows, rate), amount)
    if draft.kind is Kind.ROZ:
        rows, fields = order, _fields(order, rate)
        for advance in draft.advances:  # per field: the order's amounts minus each advance's (also in PLN)
            part = split_advance(advance.amount, order)
            rows = _minus(rows, part)
            for name, value in _fields(part, rate).items():
                fields[name] = fields.get(name, ZERO) - value
        settled = sum((a.amount for a in draft.advances), ZERO)
        total = sum((r.gross for r in order), ZERO) - settled
        return Totals(tuple(rows), fields, total)
    return Totals(tuple(order), _fields(order, rate), sum((r.gross for r in order), ZERO))


def order_total(draft: InvoiceDraft) -> Decimal:
    """The whole order's gross value (ZAL's WartoscZamowienia, what ROZ settles)."""
    return sum((r.gross for r in rate_totals(draft.lines, prices_gross=draft.prices_gross)), ZERO)


def to_pay(draft: InvoiceDraft) -> Decimal:
    return totals(draft).total - draft.payment.paid


# --- Checks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftProblem:
    path: str  # "buyer.id", "lines[2].quantity", "" for the whole invoice
    message: Bilingual

    def text(self, lang: Lang) -> str:
        return self.message.text(lang)


def _p(path: str, pl: str, en: str) -> DraftProblem:
    return DraftProblem(path, Bilingual(pl, en))


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def iban_ok(account: str) -> bool:
    text = account.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", text):
        return False
    digits = "".join(str(int(c, 36)) for c in text[4:] + text[:4])
    return int(digits) % 97 == 1 and (not text.startswith("PL") or len(text) == 28)


def _line_problems(lines: tuple[Line, ...], prefix: str, *, kind: Kind) -> list[DraftProblem]:
    found = []
    for index, line in enumerate(lines):
        at, n = f"{prefix}[{index}]", index + 1
        if not line.name.strip():
            found.append(_p(f"{at}.name", f"Wiersz {n}: podaj nazwę towaru lub usługi.", f"Line {n}: enter a name."))
        if line.quantity <= 0 and kind is not Kind.KOR:
            found.append(
                _p(f"{at}.quantity", f"Wiersz {n}: ilość musi być większa od zera.", f"Line {n}: quantity must be > 0.")
            )
        if _decimals(line.quantity) > 6:
            found.append(
                _p(
                    f"{at}.quantity",
                    f"Wiersz {n}: ilość ma więcej niż 6 miejsc po przecinku.",
                    f"Line {n}: quantity has more than 6 decimals.",
                )
            )
        if line.unit_price < 0:
            found.append(
                _p(
                    f"{at}.unit_price",
                    f"Wiersz {n}: cena nie może być ujemna.",
                    f"Line {n}: the price cannot be negative.",
                )
            )
        if _decimals(line.unit_price) > 8:
            found.append(
                _p(
                    f"{at}.unit_price",
                    f"Wiersz {n}: cena ma więcej niż 8 miejsc po przecinku.",
                    f"Line {n}: the price has more than 8 decimals.",
                )
            )
        if not ZERO <= line.discount_percent <= HUNDRED:
            found.append(
                _p(
                    f"{at}.discount_percent",
                    f"Wiersz {n}: rabat musi być od 0 do 100%.",
                    f"Line {n}: the discount must be 0 to 100%.",
                )
            )
        if line.rate not in RATES:
            found.append(
                _p(
                    f"{at}.rate",
                    f"Wiersz {n}: nieznana stawka VAT „{line.rate}”.",
                    f"Line {n}: unknown VAT rate “{line.rate}”.",
                )
            )
    return found


def _party_problems(party: Party, role: str, *, seller: bool) -> list[DraftProblem]:
    pl_role, en_role = ("sprzedawcy", "seller's") if seller else ("nabywcy", "buyer's")
    found = []
    if not party.name.strip():
        found.append(_p(f"{role}.name", f"Podaj nazwę {pl_role}.", f"Enter the {en_role} name."))
    if party.id_type is BuyerId.NIP:
        problem = nip_problem(party.id)
        if problem is not None:
            found.append(
                DraftProblem(
                    f"{role}.id",
                    Bilingual(f"NIP {pl_role}: {problem.message('pl')}", f"The {en_role} NIP: {problem.message('en')}"),
                )
            )
    elif party.id_type in (BuyerId.EU, BuyerId.OTHER):
        if not party.id.strip():
            found.append(
                _p(f"{role}.id", f"Podaj numer identyfikacyjny {pl_role}.", f"Enter the {en_role} tax number.")
            )
        if not _COUNTRY.fullmatch(party.country):
            found.append(
                _p(
                    f"{role}.country",
                    f"Podaj kod kraju {pl_role} (np. DE).",
                    f"Enter the {en_role} country code (e.g. DE).",
                )
            )
    if seller and party.id_type is not BuyerId.NIP:
        found.append(_p(f"{role}.id", "Sprzedawca musi mieć NIP.", "The seller needs a NIP."))
    if not party.address1.strip():
        found.append(_p(f"{role}.address1", f"Podaj adres {pl_role}.", f"Enter the {en_role} address."))
    return found


def problems(draft: InvoiceDraft) -> list[DraftProblem]:
    """Every reason the invoice cannot be issued as it is, in the form's order."""
    found = _party_problems(draft.seller, "seller", seller=True) + _party_problems(draft.buyer, "buyer", seller=False)
    if not draft.lines:
        found.append(_p("lines", "Dodaj co najmniej jeden wiersz.", "Add at least one line."))
    elif len(draft.lines) > MAX_LINES:
        found.append(
            _p(
                "lines",
                f"Faktura może mieć najwyżej {MAX_LINES} wierszy.",
                f"An invoice has at most {MAX_LINES} lines.",
            )
        )
    found += _line_problems(draft.lines, "lines", kind=draft.kind)
    if not _CURRENCY.fullmatch(draft.currency):
        found.append(
            _p("currency", "Waluta to trzyliterowy kod, np. EUR.", "The currency is a three-letter code, e.g. EUR.")
        )
    elif draft.currency != "PLN":
        if draft.exchange_rate is None or draft.exchange_rate <= 0:
            found.append(
                _p(
                    "exchange_rate",
                    f"Podaj kurs {draft.currency} (ile złotych za 1 {draft.currency}).",
                    f"Enter the {draft.currency} rate (PLN for 1 {draft.currency}).",
                )
            )
        if draft.exchange_rate_date is None:
            found.append(_p("exchange_rate_date", "Podaj datę kursu waluty.", "Enter the date of the exchange rate."))
    if any(line.rate == "zw" for line in draft.lines) and not draft.exemption_basis.strip():
        found.append(
            _p(
                "exemption_basis",
                "Przy stawce „zw” podaj podstawę zwolnienia (np. art. 43 ust. 1 pkt 19 ustawy o VAT).",
                "With the “exempt” rate enter the legal basis of the exemption.",
            )
        )
    payment = draft.payment
    if payment.method and payment.method not in PAYMENT_METHODS:
        found.append(_p("payment.method", "Nieznany sposób płatności.", "Unknown payment method."))
    if payment.account and not iban_ok(payment.account):
        found.append(
            _p(
                "payment.account",
                "Numer rachunku jest błędny (sprawdź cyfry; polski rachunek to PL i 26 cyfr).",
                "The account number is wrong (check the digits; a Polish account is PL and 26 digits).",
            )
        )
    if payment.due_date and payment.due_date < draft.issue_date:
        found.append(
            _p(
                "payment.due_date",
                "Termin płatności jest przed datą wystawienia.",
                "The due date is before the issue date.",
            )
        )
    if payment.paid < 0:
        found.append(_p("payment.paid", "Zapłacona kwota nie może być ujemna.", "The amount paid cannot be negative."))
    elif payment.paid > 0:
        if draft.kind is not Kind.KOR and payment.paid > totals(draft).total:
            found.append(
                _p("payment.paid", "Zapłacono więcej niż wynosi faktura.", "More was paid than the invoice's total.")
            )
        if payment.paid_date is None:
            found.append(_p("payment.paid_date", "Podaj datę zapłaty.", "Enter the date of payment."))
    found += _kind_problems(draft)
    return found


def _kind_problems(draft: InvoiceDraft) -> list[DraftProblem]:
    found = []
    if draft.kind is Kind.KOR:
        correction = draft.correction or Correction()
        if not correction.invoice_number.strip():
            found.append(
                _p(
                    "correction.invoice_number",
                    "Podaj numer korygowanej faktury.",
                    "Enter the corrected invoice's number.",
                )
            )
        if correction.invoice_issue_date is None:
            found.append(
                _p(
                    "correction.invoice_issue_date",
                    "Podaj datę wystawienia korygowanej faktury.",
                    "Enter the corrected invoice's issue date.",
                )
            )
        if not correction.reason.strip():
            found.append(_p("correction.reason", "Podaj przyczynę korekty.", "Enter the reason for the correction."))
        if correction.type not in CORRECTION_TYPES:
            found.append(_p("correction.type", "Nieznany typ korekty.", "Unknown correction type."))
        found += _line_problems(correction.before, "correction.before", kind=Kind.KOR)
        if not correction.before and not draft.lines:
            found.append(
                _p(
                    "lines",
                    "Korekta musi mieć wiersze przed lub po korekcie.",
                    "A correction needs lines before or after.",
                )
            )
        elif totals(draft).total == 0 and correction.before == draft.lines:
            found.append(
                _p(
                    "lines",
                    "Korekta niczego nie zmienia: popraw wiersze „po korekcie”.",
                    "The correction changes nothing: edit the lines “after”.",
                )
            )
    elif draft.kind is Kind.ZAL:
        amount = draft.advance_amount
        if amount is None or amount <= 0:
            found.append(_p("advance_amount", "Podaj otrzymaną kwotę zaliczki.", "Enter the advance amount received."))
        elif amount > order_total(draft):
            found.append(
                _p(
                    "advance_amount",
                    "Zaliczka jest większa niż wartość zamówienia.",
                    "The advance is more than the order's value.",
                )
            )
    elif draft.kind is Kind.ROZ:
        if not draft.advances:
            found.append(
                _p("advances", "Wskaż fakturę zaliczkową, którą rozliczasz.", "Pick the advance invoice this settles.")
            )
        for index, advance in enumerate(draft.advances):
            if advance.amount <= 0:
                found.append(_p(f"advances[{index}].amount", "Podaj kwotę zaliczki.", "Enter the advance's amount."))
            if not (advance.number.strip() or advance.ksef_number.strip()):
                found.append(
                    _p(
                        f"advances[{index}].number",
                        "Podaj numer faktury zaliczkowej.",
                        "Enter the advance invoice's number.",
                    )
                )
        if sum((a.amount for a in draft.advances), ZERO) > order_total(draft):
            found.append(
                _p("advances", "Zaliczki przekraczają wartość zamówienia.", "The advances exceed the order's value.")
            )
    return found


# --- JSON (docs/invoice-json.md) ---------------------------------------------------------------


class DraftFormatError(ValueError):
    """The JSON file is not the documented model; ``problems`` say where."""

    def __init__(self, found: list[DraftProblem]) -> None:
        super().__init__("; ".join(p.text("en") for p in found))
        self.problems = found


class _Reader:
    def __init__(self) -> None:
        self.problems: list[DraftProblem] = []

    def text(self, data: dict[str, Any], key: str, path: str, default: str = "") -> str:
        value = data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str):
            self.problems.append(_p(path, f"„{path}”: oczekiwano tekstu.", f"“{path}”: text expected."))
            return default
        return value

    def decimal(self, data: dict[str, Any], key: str, path: str, default: Decimal | None) -> Decimal | None:
        value = data.get(key)
        if value is None or value == "":
            return default
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.problems.append(
                _p(
                    path,
                    f'„{path}”: liczba zapisana jako tekst, np. "12.50".',
                    f'“{path}”: a number as text, e.g. "12.50".',
                )
            )
            return default
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            self.problems.append(
                _p(path, f"„{path}”: „{value}” nie jest liczbą.", f"“{path}”: “{value}” is not a number.")
            )
            return default
        return number

    def day(self, data: dict[str, Any], key: str, path: str) -> date | None:
        text = self.text(data, key, path)
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.problems.append(_p(path, f"„{path}”: data w postaci RRRR-MM-DD.", f"“{path}”: a date as YYYY-MM-DD."))
            return None

    def obj(self, data: dict[str, Any], key: str, path: str) -> dict[str, Any]:
        value = data.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problems.append(_p(path, f"„{path}”: oczekiwano obiektu.", f"“{path}”: an object expected."))
            return {}
        return value

    def items(self, data: dict[str, Any], key: str, path: str) -> list[dict[str, Any]]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problems.append(
                _p(path, f"„{path}”: oczekiwano listy obiektów.", f"“{path}”: a list of objects expected.")
            )
            return []
        return value

    def line(self, data: dict[str, Any], path: str) -> Line:
        return Line(
            name=self.text(data, "name", f"{path}.name"),
            unit=self.text(data, "unit", f"{path}.unit", "szt."),
            quantity=self.decimal(data, "quantity", f"{path}.quantity", Decimal(1)) or ZERO,
            unit_price=self.decimal(data, "unitPrice", f"{path}.unit_price", ZERO) or ZERO,
            discount_percent=self.decimal(data, "discountPercent", f"{path}.discount_percent", ZERO) or ZERO,
            rate=self.text(data, "rate", f"{path}.rate", "23"),
        )

    def party(self, data: dict[str, Any], path: str, *, seller: bool) -> Party:
        id_type_text = "NIP" if seller else self.text(data, "idType", f"{path}.id_type", "NIP")
        try:
            id_type = BuyerId(id_type_text)
        except ValueError:
            self.problems.append(
                _p(f"{path}.id_type", "idType: NIP, EU, OTHER albo NONE.", "idType: NIP, EU, OTHER or NONE.")
            )
            id_type = BuyerId.NIP
        return Party(
            name=self.text(data, "name", f"{path}.name"),
            id=self.text(data, "nip" if seller else "id", f"{path}.id"),
            id_type=id_type,
            address1=self.text(data, "address1", f"{path}.address1"),
            address2=self.text(data, "address2", f"{path}.address2"),
            country=self.text(data, "country", f"{path}.country", "PL") or "PL",
        )


def _correction_type(value: Any) -> int:
    """1, 2 or 3 (also as text); anything else is 0, which ``problems`` names."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def draft_from_json(data: Any) -> InvoiceDraft:
    """The documented JSON model as a draft; ``DraftFormatError`` names what is not as documented."""
    if not isinstance(data, dict):
        raise DraftFormatError(
            [_p("", "Plik JSON musi zawierać obiekt faktury.", "The JSON file must hold an invoice object.")]
        )
    r = _Reader()
    try:
        kind = Kind(r.text(data, "kind", "kind", "VAT"))
    except ValueError:
        r.problems.append(_p("kind", "kind: VAT, KOR, ZAL albo ROZ.", "kind: VAT, KOR, ZAL or ROZ."))
        kind = Kind.VAT
    issue = r.day(data, "issueDate", "issue_date")
    if not data.get("issueDate"):
        r.problems.append(_p("issue_date", "Podaj datę wystawienia (issueDate).", "Enter the issue date (issueDate)."))
    payment = r.obj(data, "payment", "payment")
    correction = r.obj(data, "correction", "correction")
    advance = r.obj(data, "advance", "advance")
    gross = data.get("pricesGross", False)
    split = data.get("splitPayment", False)
    if not isinstance(gross, bool) or not isinstance(split, bool):
        r.problems.append(
            _p(
                "prices_gross",
                "pricesGross i splitPayment: true albo false.",
                "pricesGross and splitPayment: true or false.",
            )
        )
    draft = InvoiceDraft(
        kind=kind,
        number=r.text(data, "number", "number"),
        issue_date=issue or date(1970, 1, 1),
        sale_date=r.day(data, "saleDate", "sale_date"),
        place=r.text(data, "place", "place"),
        currency=r.text(data, "currency", "currency", "PLN").upper() or "PLN",
        exchange_rate=r.decimal(data, "exchangeRate", "exchange_rate", None),
        exchange_rate_date=r.day(data, "exchangeRateDate", "exchange_rate_date"),
        prices_gross=gross is True,
        split_payment=split is True,
        exemption_basis=r.text(data, "exemptionBasis", "exemption_basis"),
        seller=r.party(r.obj(data, "seller", "seller"), "seller", seller=True),
        buyer=r.party(r.obj(data, "buyer", "buyer"), "buyer", seller=False),
        lines=tuple(r.line(item, f"lines[{i}]") for i, item in enumerate(r.items(data, "lines", "lines"))),
        payment=Payment(
            method=r.text(payment, "method", "payment.method"),
            due_date=r.day(payment, "dueDate", "payment.due_date"),
            account=r.text(payment, "account", "payment.account").replace(" ", "").upper(),
            paid=r.decimal(payment, "paid", "payment.paid", ZERO) or ZERO,
            paid_date=r.day(payment, "paidDate", "payment.paid_date"),
        ),
        notes=r.text(data, "notes", "notes"),
        correction=Correction(
            invoice_number=r.text(correction, "invoiceNumber", "correction.invoice_number"),
            invoice_issue_date=r.day(correction, "invoiceIssueDate", "correction.invoice_issue_date"),
            ksef_number=r.text(correction, "ksefNumber", "correction.ksef_number"),
            reason=r.text(correction, "reason", "correction.reason"),
            type=_correction_type(correction.get("type", 1)),
            before=tuple(
                r.line(item, f"correction.before[{i}]")
                for i, item in enumerate(r.items(correction, "before", "correction.before"))
            ),
        )
        if kind is Kind.KOR
        else None,
        advance_amount=r.decimal(advance, "amount", "advance_amount", None) if kind is Kind.ZAL else None,
        advances=tuple(
            AdvanceRef(
                number=r.text(item, "number", f"advances[{i}].number"),
                ksef_number=r.text(item, "ksefNumber", f"advances[{i}].ksef_number"),
                amount=r.decimal(item, "amount", f"advances[{i}].amount", ZERO) or ZERO,
            )
            for i, item in enumerate(r.items(data, "advances", "advances"))
        )
        if kind is Kind.ROZ
        else (),
    )
    if r.problems:
        raise DraftFormatError(r.problems)
    return draft


def _num(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _line_json(line: Line) -> dict[str, Any]:
    return {
        "name": line.name,
        "unit": line.unit,
        "quantity": _num(line.quantity),
        "unitPrice": _num(line.unit_price),
        "discountPercent": _num(line.discount_percent),
        "rate": line.rate,
    }


def draft_to_json(draft: InvoiceDraft) -> dict[str, Any]:
    seller, buyer, payment = draft.seller, draft.buyer, draft.payment
    correction = draft.correction
    return {
        "kind": draft.kind.value,
        "number": draft.number,
        "issueDate": _day(draft.issue_date),
        "saleDate": _day(draft.sale_date),
        "place": draft.place,
        "currency": draft.currency,
        "exchangeRate": _num(draft.exchange_rate),
        "exchangeRateDate": _day(draft.exchange_rate_date),
        "pricesGross": draft.prices_gross,
        "splitPayment": draft.split_payment,
        "exemptionBasis": draft.exemption_basis,
        "seller": {
            "nip": seller.id,
            "name": seller.name,
            "address1": seller.address1,
            "address2": seller.address2,
            "country": seller.country,
        },
        "buyer": {
            "idType": buyer.id_type.value,
            "id": buyer.id,
            "name": buyer.name,
            "address1": buyer.address1,
            "address2": buyer.address2,
            "country": buyer.country,
        },
        "lines": [_line_json(line) for line in draft.lines],
        "payment": {
            "method": payment.method,
            "dueDate": _day(payment.due_date),
            "account": payment.account,
            "paid": _num(payment.paid),
            "paidDate": _day(payment.paid_date),
        },
        "notes": draft.notes,
        "correction": {
            "reason": correction.reason,
            "type": correction.type,
            "invoiceNumber": correction.invoice_number,
            "invoiceIssueDate": _day(correction.invoice_issue_date),
            "ksefNumber": correction.ksef_number,
            "before": [_line_json(line) for line in correction.before],
        }
        if correction is not None and draft.kind is Kind.KOR
        else None,
        "advance": {"amount": _num(draft.advance_amount)} if draft.kind is Kind.ZAL else None,
        "advances": [
            {"number": a.number, "ksefNumber": a.ksef_number, "amount": _num(a.amount)} for a in draft.advances
        ],
    }

"""FA(3) invoices: validation with messages a person can act on, and the summary KSeF keeps."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from ksefdesk.core.errors import Bilingual, Lang, UserError
from ksefdesk.core.schemas import FA3_NS, fa3_schema
from ksefdesk.core.xml_safety import UnsafeXml, declared_encoding, parse_untrusted

MAX_INVOICE_BYTES = 1_000_000
FORM_CODE = {"systemCode": "FA (3)", "schemaVersion": "1-0E", "value": "FA"}
_N = f"{{{FA3_NS}}}"
# XML 1.0 "discouraged" characters that KSeF refuses in invoices since API 2.4.0.
_DISCOURAGED = re.compile("[\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff]")

INVOICE_TYPES = {
    "VAT": "Vat",
    "KOR": "Kor",
    "ZAL": "Zal",
    "ROZ": "Roz",
    "UPR": "Upr",
    "KOR_ZAL": "KorZal",
    "KOR_ROZ": "KorRoz",
}

# The fields users most often get wrong, named in both languages for messages.
FIELD_NAMES: dict[str, Bilingual] = {
    "P_1": Bilingual("data wystawienia", "issue date"),
    "P_2": Bilingual("numer faktury", "invoice number"),
    "P_6": Bilingual("data dostawy lub wykonania usługi", "date of supply"),
    "P_7": Bilingual("nazwa towaru lub usługi", "goods or service name"),
    "P_8B": Bilingual("ilość", "quantity"),
    "P_9A": Bilingual("cena jednostkowa netto", "net unit price"),
    "P_11": Bilingual("wartość netto wiersza", "line net value"),
    "P_12": Bilingual("stawka VAT", "VAT rate"),
    "P_13_1": Bilingual("suma netto (stawka podstawowa)", "net total (standard rate)"),
    "P_14_1": Bilingual("kwota VAT (stawka podstawowa)", "VAT amount (standard rate)"),
    "P_15": Bilingual("kwota należności ogółem", "total amount due"),
    "NIP": Bilingual("NIP", "NIP"),
    "Nazwa": Bilingual("nazwa", "name"),
    "KodWaluty": Bilingual("waluta", "currency"),
    "RodzajFaktury": Bilingual("rodzaj faktury", "invoice type"),
    "Adnotacje": Bilingual("adnotacje", "annotations"),
    "Podmiot1": Bilingual("sprzedawca", "seller"),
    "Podmiot2": Bilingual("nabywca", "buyer"),
}


@dataclass(frozen=True)
class InvoiceProblem:
    field: str  # the element's local name, or "" for the whole file
    line: int
    message: Bilingual

    def text(self, lang: Lang = "en") -> str:
        where = Bilingual(f" (wiersz {self.line})", f" (line {self.line})").text(lang) if self.line else ""
        return self.message.text(lang) + where


def _field_label(name: str, lang: Lang) -> str:
    label = FIELD_NAMES.get(name, Bilingual(name, name)).text(lang)
    return f"{name} ({label})" if label != name else name


def _translate(entry: etree._LogEntry) -> InvoiceProblem:
    message = entry.message
    match = re.search(r"Element '(?:\{[^}]*\})?([\w.]+)'", message)
    name = match.group(1) if match else ""
    pl_field, en_field = _field_label(name, "pl"), _field_label(name, "en")
    if "is not a valid value" in message or "facet" in message:
        value = re.search(r"The value '([^']*)'", message) or re.search(r"'([^']*)' is not a valid value", message)
        shown = f" „{value.group(1)}”" if value else ""
        shown_en = f" “{value.group(1)}”" if value else ""
        return InvoiceProblem(
            name,
            entry.line,
            Bilingual(
                f"Pole {pl_field} ma niedozwoloną wartość{shown}.",
                f"Field {en_field} has a value that is not allowed{shown_en}.",
            ),
        )
    if "Missing child element" in message:
        expected = re.findall(r"\{[^}]*\}([\w.]+)", message.split("Expected is", 1)[-1])
        wanted = ", ".join(dict.fromkeys(expected)) or "?"
        return InvoiceProblem(
            name,
            entry.line,
            Bilingual(
                f"W polu {pl_field} brakuje wymaganego elementu: {wanted}.",
                f"Field {en_field} is missing a required element: {wanted}.",
            ),
        )
    if "This element is not expected" in message and "Expected is" in message:
        expected = re.findall(r"\{[^}]*\}([\w.]+)", message.split("Expected is", 1)[-1])
        wanted = " / ".join(_field_label(e, "pl") for e in dict.fromkeys(expected))
        wanted_en = " / ".join(_field_label(e, "en") for e in dict.fromkeys(expected))
        return InvoiceProblem(
            name,
            entry.line,
            Bilingual(
                f"Przed polem {pl_field} brakuje pola {wanted}.",
                f"Field {wanted_en} is missing before field {en_field}.",
            ),
        )
    if "This element is not expected" in message:
        return InvoiceProblem(
            name,
            entry.line,
            Bilingual(
                f"Pole {pl_field} jest w niewłaściwym miejscu lub jest zbędne.",
                f"Field {en_field} is in the wrong place or not allowed here.",
            ),
        )
    return InvoiceProblem(
        name, entry.line, Bilingual(f"Błąd w polu {pl_field}: {message}", f"Problem in field {en_field}: {message}")
    )


def check_invoice_bytes(data: bytes) -> tuple[etree._Element | None, list[InvoiceProblem]]:
    """Parse and validate an FA(3) invoice: (root, []) when KSeF would accept its form."""
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [
            InvoiceProblem(
                "",
                0,
                Bilingual(
                    "Plik zaczyna się znacznikiem BOM; KSeF wymaga UTF-8 bez BOM.",
                    "The file starts with a byte-order mark; KSeF needs UTF-8 without BOM.",
                ),
            )
        ]
    if len(data) > MAX_INVOICE_BYTES:
        return None, [
            InvoiceProblem(
                "",
                0,
                Bilingual(
                    f"Faktura ma {len(data)} bajtów; limit KSeF to 1 000 000.",
                    f"The invoice has {len(data)} bytes; KSeF's limit is 1,000,000.",
                ),
            )
        ]
    if b"\x00" in data[:4096]:  # UTF-16/32 (its ASCII letters come with zero bytes), whatever it declares
        return None, [
            InvoiceProblem(
                "",
                0,
                Bilingual(
                    "Plik jest zapisany w UTF-16 (lub innym kodowaniu z bajtami zerowymi); KSeF przyjmuje tylko UTF-8.",
                    "The file is saved as UTF-16 (or another encoding with zero bytes); KSeF accepts UTF-8 only.",
                ),
            )
        ]
    encoding = declared_encoding(data)
    if encoding not in (None, "utf-8", "utf8"):
        return None, [
            InvoiceProblem(
                "",
                0,
                Bilingual(
                    f"Plik ma kodowanie {encoding}; KSeF przyjmuje tylko UTF-8.",
                    f"The file is encoded as {encoding}; KSeF accepts UTF-8 only.",
                ),
            )
        ]
    try:
        root = parse_untrusted(data, max_bytes=MAX_INVOICE_BYTES)
        text = data.decode("utf-8")
    except (UnsafeXml, UnicodeDecodeError) as exc:
        detail = exc.detail if isinstance(exc, UnsafeXml) else str(exc)
        return None, [
            InvoiceProblem(
                "",
                0,
                Bilingual(
                    f"Plik nie jest poprawnym dokumentem XML: {detail}", f"The file is not well-formed XML: {detail}"
                ),
            )
        ]
    problems: list[InvoiceProblem] = []
    if any(isinstance(node, etree._ProcessingInstruction) for node in root.getroottree().iter()) or (
        isinstance(root.getprevious(), etree._ProcessingInstruction)
    ):
        problems.append(
            InvoiceProblem(
                "",
                0,
                Bilingual(
                    "Plik zawiera instrukcje przetwarzania (np. xml-stylesheet), których KSeF nie przyjmuje.",
                    "The file contains processing instructions (e.g. xml-stylesheet), which KSeF refuses.",
                ),
            )
        )
    if _DISCOURAGED.search(text):
        problems.append(
            InvoiceProblem(
                "",
                0,
                Bilingual(
                    "Plik zawiera niedozwolone znaki sterujące.", "The file contains forbidden control characters."
                ),
            )
        )
    if root.tag != f"{_N}Faktura":
        return None, [
            InvoiceProblem(
                "",
                0,
                Bilingual("To nie jest faktura w schemacie FA(3).", "This is not an invoice in the FA(3) schema."),
            )
        ]
    schema = fa3_schema()
    if not schema.validate(root):
        problems.extend(_translate(e) for e in schema.error_log)
    return root, problems


def _find(element: etree._Element | None, path: str) -> etree._Element | None:
    if element is None:
        return None
    return element.find("/".join(f"{_N}{part}" for part in path.split("/")))


# FA(3) amounts have at most 18 digits (quantities 22, unit prices 8 decimal places). Beyond these
# bounds a number is not an amount but a trap: 1E+999999999 is 13 characters, and printing it in
# full takes a gigabyte of memory and seconds of time.
MAX_NUMBER_DIGITS = 40
MAX_NUMBER_EXPONENT = 40
_NUMBER_SHAPE = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")


def parse_decimal(text: str | None) -> Decimal | None:
    """A number as an invoice writes it, or None when the text is not a finite number (it is then
    shown as it is). A number no invoice can hold is refused with ``invoice.number_out_of_range``."""
    if not text or not _NUMBER_SHAPE.fullmatch(text):
        return None  # not digits at all (NaN, Infinity, words) never reach Decimal
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        return None
    if len(digits) > MAX_NUMBER_DIGITS or not -MAX_NUMBER_EXPONENT <= exponent <= MAX_NUMBER_EXPONENT:
        shown = text.strip()
        raise UserError("invoice.number_out_of_range", value=shown if len(shown) <= 24 else shown[:20] + "…")
    return value


def _amount(text: str) -> Decimal:
    return parse_decimal(text) or Decimal(0)


@dataclass(frozen=True)
class Party:
    identifier_type: str  # Nip, VatUe, Other, None
    identifier: str
    name: str
    role: int | None = None


@dataclass(frozen=True)
class InvoiceSummary:
    seller_nip: str
    seller_name: str
    buyer: Party
    third_parties: list[Party] = field(default_factory=list)
    invoice_number: str = ""
    issue_date: date | None = None
    invoice_type: str = "Vat"
    currency: str = "PLN"
    net: Decimal = Decimal(0)
    vat: Decimal = Decimal(0)
    gross: Decimal = Decimal(0)
    corrected_ksef_numbers: list[str] = field(default_factory=list)


def _party(element: etree._Element | None) -> Party:
    ident = _find(element, "DaneIdentyfikacyjne")
    name_element = _find(ident, "Nazwa")
    name = (name_element.text or "").strip() if name_element is not None else ""
    for tag, kind in (("NIP", "Nip"), ("NrVatUE", "VatUe"), ("NrID", "Other")):
        value = _find(ident, tag)
        if value is not None and (value.text or "").strip():
            prefix = ""
            if kind == "VatUe":
                country = _find(ident, "KodUE")
                prefix = (country.text or "").strip() if country is not None else ""
            return Party(kind, prefix + (value.text or "").strip(), name)
    return Party("None", "", name)


def summarize(root: etree._Element) -> InvoiceSummary:
    """The facts KSeF records in invoice metadata, read from a (validated) FA(3) tree."""
    seller = _party(_find(root, "Podmiot1"))
    buyer = _party(_find(root, "Podmiot2"))
    third = []
    for element in root.findall(f"{_N}Podmiot3"):
        party = _party(element)
        role = _find(element, "Rola")
        third.append(
            Party(
                party.identifier_type,
                party.identifier,
                party.name,
                int(role.text) if role is not None and (role.text or "").isdigit() else None,
            )
        )
    fa = _find(root, "Fa")
    values = {child.tag[len(_N) :]: (child.text or "").strip() for child in (fa if fa is not None else [])}
    net = sum((_amount(v) for k, v in values.items() if re.fullmatch(r"P_13_\d+", k)), Decimal(0))
    # Foreign-currency invoices state VAT in PLN in P_14_xW; KSeF's metadata amounts are in PLN.
    vat_keys = [k for k in values if re.fullmatch(r"P_14_\dW", k)] or [k for k in values if re.fullmatch(r"P_14_\d", k)]
    vat = sum((_amount(values[k]) for k in vat_keys), Decimal(0))
    issue = values.get("P_1", "")
    try:
        issue_date = date.fromisoformat(issue) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", issue) else None
    except ValueError:  # 2026-02-30: the shape of a date, but none
        issue_date = None
    corrected = [(e.text or "").strip() for e in root.iter(f"{_N}NrKSeFFaKorygowanej")]
    return InvoiceSummary(
        seller_nip=seller.identifier if seller.identifier_type == "Nip" else "",
        seller_name=seller.name,
        buyer=buyer,
        third_parties=third,
        invoice_number=values.get("P_2", ""),
        issue_date=issue_date,
        invoice_type=INVOICE_TYPES.get(values.get("RodzajFaktury", "VAT"), "Vat"),
        currency=values.get("KodWaluty", "PLN"),
        net=net,
        vat=vat,
        gross=_amount(values.get("P_15", "")),
        corrected_ksef_numbers=[c for c in corrected if c],
    )

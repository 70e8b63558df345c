"""A readable view of any FA(3) invoice, like the paper one, for the details pane, PDF and print.

``read_invoice`` turns the XML into an ``InvoicePreview`` (parties, lines, VAT summary by rate, totals,
payment, correction data, notes, footer); every element with a value that the known sections do not
show lands in ``other`` under a readable path, so nothing in the file is ever silently dropped.
``preview_html`` renders it as the HTML subset Qt's rich text understands (tables, no scripts).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from lxml import etree

from ksefdesk.core.errors import Bilingual, Lang, UserError
from ksefdesk.core.fa3 import parse_decimal
from ksefdesk.core.formatting import MONTHS_EN, format_amount, format_date, format_moment, format_quantity  # noqa: F401
from ksefdesk.core.models import Environment
from ksefdesk.core.qr import CERTIFICATE_CAPTION, OFFLINE_CAPTION, InvoiceFacts, kod1_link, qr_png
from ksefdesk.core.schemas import FA3_NS
from ksefdesk.core.xml_safety import UnsafeXml, parse_untrusted

_N = f"{{{FA3_NS}}}"

# Labels: (Polish, English). Element names not listed here are shown as they are.
LABELS: dict[str, Bilingual] = {
    "invoice": Bilingual("Faktura", "Invoice"),
    "number": Bilingual("Numer faktury", "Invoice number"),
    "number_word": Bilingual("nr", "No."),
    "mailing_address": Bilingual("Adres do korespondencji", "Mailing address"),
    "issue_date": Bilingual("Data wystawienia", "Issue date"),
    "place": Bilingual("Miejsce wystawienia", "Place of issue"),
    "sale_date": Bilingual("Data dostawy / wykonania usługi", "Date of supply"),
    "period": Bilingual("Okres", "Period"),
    "currency": Bilingual("Waluta", "Currency"),
    "rate": Bilingual("Kurs waluty", "Exchange rate"),
    "seller": Bilingual("Sprzedawca", "Seller"),
    "buyer": Bilingual("Nabywca", "Buyer"),
    "third": Bilingual("Podmiot trzeci", "Third party"),
    "authorized": Bilingual("Podmiot upoważniony", "Authorized entity"),
    "lines": Bilingual("Pozycje", "Lines"),
    "no": Bilingual("Lp.", "No."),
    "name": Bilingual("Nazwa", "Description"),
    "quantity": Bilingual("Ilość", "Qty"),
    "unit": Bilingual("J.m.", "Unit"),
    "unit_net": Bilingual("Cena netto", "Net price"),
    "unit_gross": Bilingual("Cena brutto", "Gross price"),
    "discount": Bilingual("Rabat", "Discount"),
    "vat_rate": Bilingual("Stawka VAT", "VAT rate"),
    "net": Bilingual("Wartość netto", "Net amount"),
    "gross": Bilingual("Wartość brutto", "Gross amount"),
    "before": Bilingual("przed korektą", "before correction"),
    "vat_summary": Bilingual("Podsumowanie VAT", "VAT summary"),
    "vat": Bilingual("Kwota VAT", "VAT"),
    "vat_pln": Bilingual("VAT w PLN", "VAT in PLN"),
    "total": Bilingual("Razem do zapłaty", "Total due"),
    "payment": Bilingual("Płatność", "Payment"),
    "correction": Bilingual("Korekta", "Correction"),
    "annotations": Bilingual("Adnotacje", "Annotations"),
    "notes": Bilingual("Dodatkowe informacje", "Additional information"),
    "footer": Bilingual("Stopka", "Footer"),
    "other": Bilingual("Pozostałe dane z pliku", "Other data in the file"),
    "attachment": Bilingual("Załącznik", "Attachment"),
    "ksef_number": Bilingual("Numer KSeF", "KSeF number"),
    "offline": Bilingual("OFFLINE", "OFFLINE"),
    "kod1": Bilingual("Zweryfikuj fakturę w KSeF", "Verify the invoice in KSeF"),
    "kod2": Bilingual("Zweryfikuj wystawcę (CERTYFIKAT)", "Verify the issuer (CERTIFICATE)"),
    "document": Bilingual("Dokument", "Document"),
    "form": Bilingual("Wzór", "Form"),
    "mismatch": Bilingual(
        "Uwaga: suma pozycji ({lines}) różni się od podsumowania VAT w pliku ({summary}).",
        "Note: the lines add up to {lines}, but the file's VAT summary says {summary}.",
    ),
    # FA(3) element names
    "P_19A": Bilingual("Podstawa zwolnienia (ustawa)", "Exemption basis (act)"),
    "P_19B": Bilingual("Podstawa zwolnienia (dyrektywa)", "Exemption basis (directive)"),
    "P_19C": Bilingual("Podstawa zwolnienia (inna)", "Exemption basis (other)"),
    "PrzyczynaKorekty": Bilingual("Przyczyna korekty", "Reason for correction"),
    "TypKorekty": Bilingual("Typ korekty", "Correction type"),
    "DataWystFaKorygowanej": Bilingual("Data wystawienia faktury korygowanej", "Corrected invoice's issue date"),
    "NrFaKorygowanej": Bilingual("Numer faktury korygowanej", "Corrected invoice's number"),
    "NrKSeFFaKorygowanej": Bilingual("Numer KSeF faktury korygowanej", "Corrected invoice's KSeF number"),
    "NrKSeF": Bilingual("Korygowana faktura była w KSeF", "The corrected invoice was in KSeF"),
    "NrKSeFN": Bilingual("Korygowana faktura była poza KSeF", "The corrected invoice was outside KSeF"),
    "OkresFaKorygowanej": Bilingual("Okres, którego dotyczy korekta", "Period the correction covers"),
    "Zaplacono": Bilingual("Zapłacono", "Paid"),
    "DataZaplaty": Bilingual("Data zapłaty", "Payment date"),
    "ZnacznikZaplatyCzesciowej": Bilingual("Zapłata częściowa", "Partly paid"),
    "KwotaZaplatyCzesciowej": Bilingual("Kwota zapłaty częściowej", "Part payment"),
    "DataZaplatyCzesciowej": Bilingual("Data zapłaty częściowej", "Part payment date"),
    "Termin": Bilingual("Termin płatności", "Due date"),
    "TerminOpis": Bilingual("Termin płatności (opis)", "Due (description)"),
    "FormaPlatnosci": Bilingual("Forma płatności", "Payment method"),
    "OpisPlatnosci": Bilingual("Sposób płatności", "Payment method"),
    "NrRB": Bilingual("Numer rachunku", "Bank account"),
    "SWIFT": Bilingual("SWIFT", "SWIFT"),
    "NazwaBanku": Bilingual("Bank", "Bank"),
    "OpisRachunku": Bilingual("Opis rachunku", "Account description"),
    "RachunekBankowyFaktora": Bilingual("Rachunek faktora", "Factor's account"),
    "WarunkiSkonta": Bilingual("Warunki skonta", "Cash discount terms"),
    "WysokoscSkonta": Bilingual("Wysokość skonta", "Cash discount"),
    "LinkDoPlatnosci": Bilingual("Link do płatności", "Payment link"),
    "IPKSeF": Bilingual("Identyfikator płatności KSeF", "KSeF payment ID"),
    "StopkaFaktury": Bilingual("Informacje", "Information"),
    "KRS": Bilingual("KRS", "KRS"),
    "REGON": Bilingual("REGON", "REGON"),
    "BDO": Bilingual("BDO", "BDO"),
    "NrKlienta": Bilingual("Numer klienta", "Customer number"),
    "IDNabywcy": Bilingual("Identyfikator nabywcy", "Buyer ID"),
    "NrEORI": Bilingual("Numer EORI", "EORI number"),
    "Email": Bilingual("E-mail", "E-mail"),
    "Telefon": Bilingual("Telefon", "Phone"),
    "JST": Bilingual("Jednostka samorządu terytorialnego", "Local government unit"),
    "GV": Bilingual("Członek grupy VAT", "VAT group member"),
    "Udzial": Bilingual("Udział", "Share"),
    "WZ": Bilingual("Dokument WZ", "Goods-issue note"),
    "WarunkiTransakcji": Bilingual("Warunki transakcji", "Terms of the transaction"),
    "Zamowienia": Bilingual("Zamówienie", "Order"),
    "NrZamowienia": Bilingual("Numer zamówienia", "Order number"),
    "DataZamowienia": Bilingual("Data zamówienia", "Order date"),
    "Umowy": Bilingual("Umowa", "Contract"),
    "NrUmowy": Bilingual("Numer umowy", "Contract number"),
    "DataUmowy": Bilingual("Data umowy", "Contract date"),
    "NrPartiiTowaru": Bilingual("Numer partii", "Batch number"),
    "WarunkiDostawy": Bilingual("Warunki dostawy", "Delivery terms"),
    "Transport": Bilingual("Transport", "Transport"),
    "Rozliczenie": Bilingual("Rozliczenie", "Settlement"),
    "Obciazenia": Bilingual("Obciążenie", "Charge"),
    "Odliczenia": Bilingual("Odliczenie", "Deduction"),
    "Kwota": Bilingual("Kwota", "Amount"),
    "Powod": Bilingual("Powód", "Reason"),
    "SumaObciazen": Bilingual("Suma obciążeń", "Total charges"),
    "SumaOdliczen": Bilingual("Suma odliczeń", "Total deductions"),
    "DoZaplaty": Bilingual("Do zapłaty", "Amount due"),
    "DoRozliczenia": Bilingual("Do rozliczenia", "To settle"),
    "Naglowek": Bilingual("Nagłówek", "Header"),
    "DataWytworzeniaFa": Bilingual("Utworzono", "Created"),
    "SystemInfo": Bilingual("Program", "Software"),
    "CN": Bilingual("CN", "CN"),
    "PKWiU": Bilingual("PKWiU", "PKWiU"),
    "GTIN": Bilingual("GTIN", "GTIN"),
    "Indeks": Bilingual("Indeks", "Index"),
    "UU_ID": Bilingual("Identyfikator pozycji", "Line ID"),
    "P_6A": Bilingual("Data dostawy", "Date of supply"),
    "GTU": Bilingual("GTU", "GTU"),
    "Procedura": Bilingual("Procedura", "Procedure"),
    "KursWaluty": Bilingual("Kurs waluty", "Exchange rate"),
    "KwotaAkcyzy": Bilingual("Akcyza", "Excise"),
    "P_12_XII": Bilingual("Stawka OSS", "OSS rate"),
}

PAYMENT_FORMS = {
    "1": Bilingual("gotówka", "cash"),
    "2": Bilingual("karta", "card"),
    "3": Bilingual("bon", "voucher"),
    "4": Bilingual("czek", "cheque"),
    "5": Bilingual("kredyt", "credit"),
    "6": Bilingual("przelew", "bank transfer"),
    "7": Bilingual("płatność mobilna", "mobile payment"),
}
INVOICE_KINDS = {
    "VAT": Bilingual("Faktura VAT", "VAT invoice"),
    "KOR": Bilingual("Faktura korygująca", "Correction invoice"),
    "ZAL": Bilingual("Faktura zaliczkowa", "Advance invoice"),
    "ROZ": Bilingual("Faktura rozliczeniowa", "Settlement invoice"),
    "UPR": Bilingual("Faktura uproszczona", "Simplified invoice"),
    "KOR_ZAL": Bilingual("Korekta faktury zaliczkowej", "Correction of an advance invoice"),
    "KOR_ROZ": Bilingual("Korekta faktury rozliczeniowej", "Correction of a settlement invoice"),
}
THIRD_ROLES = {
    "1": Bilingual("Faktor", "Factor"),
    "2": Bilingual("Odbiorca", "Recipient"),
    "3": Bilingual("Podmiot pierwotny", "Original entity"),
    "4": Bilingual("Dodatkowy nabywca", "Additional buyer"),
    "5": Bilingual("Wystawca faktury", "Invoice issuer"),
    "6": Bilingual("Dokonujący płatności", "Payer"),
    "7": Bilingual("JST – wystawca", "Local government unit – issuer"),
    "8": Bilingual("JST – odbiorca", "Local government unit – recipient"),
    "9": Bilingual("Członek grupy VAT – wystawca", "VAT group member – issuer"),
    "10": Bilingual("Członek grupy VAT – odbiorca", "VAT group member – recipient"),
    "11": Bilingual("Pracownik", "Employee"),
}
# VAT summary rows: net field, VAT field, VAT-in-PLN field, (Polish, English) label.
VAT_ROWS: tuple[tuple[str, str | None, str | None, Bilingual], ...] = (
    ("P_13_1", "P_14_1", "P_14_1W", Bilingual("23% / 22%", "23% / 22%")),
    ("P_13_2", "P_14_2", "P_14_2W", Bilingual("8% / 7%", "8% / 7%")),
    ("P_13_3", "P_14_3", "P_14_3W", Bilingual("5%", "5%")),
    ("P_13_4", "P_14_4", "P_14_4W", Bilingual("4% (ryczałt dla taksówek)", "4% (taxi flat rate)")),
    ("P_13_5", "P_14_5", None, Bilingual("procedura szczególna (OSS/IOSS)", "special procedure (OSS/IOSS)")),
    ("P_13_6_1", None, None, Bilingual("0% (kraj)", "0% (domestic)")),
    ("P_13_6_2", None, None, Bilingual("0% (WDT)", "0% (intra-EU supply)")),
    ("P_13_6_3", None, None, Bilingual("0% (eksport)", "0% (export)")),
    ("P_13_7", None, None, Bilingual("zwolnione", "exempt")),
    ("P_13_8", None, None, Bilingual("poza krajem", "outside Poland")),
    ("P_13_9", None, None, Bilingual("usługi art. 100 ust. 1 pkt 4", "services, art. 100(1)(4)")),
    ("P_13_10", None, None, Bilingual("odwrotne obciążenie", "reverse charge")),
    ("P_13_11", None, None, Bilingual("marża", "margin scheme")),
)
# Rates of lines (P_12) that belong to each summary row, for the consistency check.
RATE_ROWS = {
    "23": "P_13_1",
    "22": "P_13_1",
    "8": "P_13_2",
    "7": "P_13_2",
    "5": "P_13_3",
    "4": "P_13_4",
    "3": "P_13_4",
    "0 KR": "P_13_6_1",
    "0 WDT": "P_13_6_2",
    "0 EX": "P_13_6_3",
    "zw": "P_13_7",
    "np I": "P_13_8",
    "np II": "P_13_9",
    "oo": "P_13_10",
}
ANNOTATIONS = {
    "P_16": Bilingual("Metoda kasowa", "Cash accounting"),
    "P_17": Bilingual("Samofakturowanie", "Self-billing"),
    "P_18": Bilingual("Odwrotne obciążenie", "Reverse charge"),
    "P_18A": Bilingual("Mechanizm podzielonej płatności", "Split payment"),
    "P_23": Bilingual("Procedura uproszczona (transakcja trójstronna)", "Simplified triangular procedure"),
    "P_19": Bilingual("Zwolnienie z VAT", "VAT exemption"),
    "P_22": Bilingual("Nowe środki transportu", "New means of transport"),
    "P_PMarzy": Bilingual("Procedura marży", "Margin scheme"),
}


# Containers whose name adds nothing in a path ("Fa › Zamówienie" reads better as "Zamówienie").
TRANSPARENT = {"Fa", "DaneKontaktowe", "DaneIdentyfikacyjne", "Adres"}
# Flags coded 1 = yes, 2 = no.
YES_NO = {"JST", "GV", "RachunekWlasnyBanku", "ZnacznikZaplatyCzesciowej", "StanPrzed", "FP", "TP", "Zaplacono"}
YES, NO = Bilingual("tak", "yes"), Bilingual("nie", "no")


def label(key: str, lang: Lang, table: dict[str, Bilingual] | None = None) -> str:
    """The key's label from ``table`` (LABELS by default); a key nobody labelled is spelt out."""
    found = (LABELS if table is None else table).get(key)
    return found.text(lang) if found is not None else humanize(key)


def amount(text: str | Decimal | None, lang: Lang) -> str:
    """12345.6 -> "12 345,60" (Polish) or "12,345.60" (English); anything else as it is."""
    if text is None or text == "":
        return ""
    value = parse_decimal(text) if isinstance(text, str) else text  # bounded: 1E+999999999 is refused
    if value is None or not value.is_finite():
        return str(text)
    return format_amount(value, lang)


def quantity(text: str, lang: Lang) -> str:
    parsed = parse_decimal(text)
    if parsed is None:
        return text
    return format_quantity(parsed, lang)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


def when(text: str, lang: Lang, *, seconds: bool = False) -> str:
    """An ISO date or date-time from a file or KSeF, as people write it; any other text as it is."""
    value = text.strip()
    try:
        if _ISO_DATE.fullmatch(value):
            return format_date(date.fromisoformat(value), lang)
        if _ISO_MOMENT.fullmatch(value):
            return format_moment(datetime.fromisoformat(value), lang, seconds=seconds)
    except ValueError:
        pass  # shaped like a date but not one (2026-13-45): show what the file says
    return text


# Words that keep their capitals when an element name is spelt out ("NumerReferencyjnyTokenaKSeF").
_ACRONYMS = {
    "ksef": "KSeF", "nip": "NIP", "vat": "VAT", "ue": "UE", "id": "ID", "upo": "UPO", "krs": "KRS", "fa": "faktury",
}  # fmt: skip


def humanize(name: str) -> str:
    """An element name nobody labelled yet, spelt out: "NumerReferencyjnyTokenaKSeF" -> "Numer referencyjny
    tokena KSeF". Codes such as P_13_1 stay as they are (they mean nothing spelt out)."""
    if not re.fullmatch(r"[A-Za-z]+", name):
        return name
    words = re.findall(r"KSeF|[A-Z]{2,}(?=[A-Z][a-z]|$)|[A-Z]?[a-z]+|[A-Z]+", name)
    shown = [_ACRONYMS.get(w.casefold(), w if w.isupper() else w.lower()) for w in words]
    if not shown:
        return name
    first = shown[0]
    return " ".join([first[:1].upper() + first[1:], *shown[1:]])


@dataclass
class Item:
    label: str
    value: str


@dataclass
class PartyView:
    role: str
    name: str = ""
    identifier: str = ""
    address: list[str] = field(default_factory=list)
    details: list[Item] = field(default_factory=list)


@dataclass
class LineView:
    number: str
    name: str
    quantity: str
    unit: str
    unit_price: str
    discount: str
    rate: str
    value: str
    before_correction: bool = False
    details: list[Item] = field(default_factory=list)


@dataclass
class VatRow:
    field: str
    label: str
    net: Decimal
    vat: Decimal | None
    vat_pln: Decimal | None


@dataclass
class InvoicePreview:
    lang: Lang
    kind: str = ""
    kind_code: str = ""
    number: str = ""
    issue_date: str = ""
    currency: str = "PLN"
    header: list[Item] = field(default_factory=list)
    parties: list[PartyView] = field(default_factory=list)
    gross_lines: bool = False  # line prices are gross (P_9B/P_11A) instead of net
    lines: list[LineView] = field(default_factory=list)
    vat: list[VatRow] = field(default_factory=list)
    total: Decimal | None = None
    total_pln: Decimal | None = None
    correction: list[Item] = field(default_factory=list)
    payment: list[Item] = field(default_factory=list)
    annotations: list[Item] = field(default_factory=list)
    notes: list[Item] = field(default_factory=list)
    footer: list[Item] = field(default_factory=list)
    attachment: list[tuple[str, list[Item], list[list[str]]]] = field(default_factory=list)
    other: list[Item] = field(default_factory=list)
    document: list[Item] = field(default_factory=list)  # form, created, software
    warnings: list[str] = field(default_factory=list)


class _Reader:
    """Reads elements and remembers which ones were shown, for the generic fallback."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.used: set[etree._Element] = set()

    def find(self, parent: etree._Element | None, path: str) -> etree._Element | None:
        if parent is None:
            return None
        return parent.find("/".join(f"{_N}{p}" for p in path.split("/")))

    def all(self, parent: etree._Element | None, name: str) -> list[etree._Element]:
        return [] if parent is None else parent.findall(f"{_N}{name}")

    def text(self, parent: etree._Element | None, path: str) -> str:
        element = self.find(parent, path)
        return "" if element is None else self.own(element)

    def own(self, element: etree._Element) -> str:
        self.used.add(element)
        return " ".join((element.text or "").split())

    def leaves(self, parent: etree._Element | None, skip: tuple[str, ...] = ()) -> list[Item]:
        """Every not yet shown value under ``parent`` as label: value (generic rendering)."""
        items: list[Item] = []
        if parent is None:
            return items
        for element in parent.iter():
            if not isinstance(element.tag, str) or element is parent:
                continue  # comments and processing instructions
            if element in self.used or len(element) or not (element.text or "").strip():
                continue
            path = [a for a in element.iterancestors() if a is not parent and parent in a.iterancestors()]
            names = [_local(a) for a in reversed(path)] + [_local(element)]
            if names[0] in skip:
                continue
            value = self.own(element)
            if names[-1] in YES_NO and value in ("1", "2"):
                value = (YES if value == "1" else NO).text(self.lang)
            else:
                value = when(value, self.lang)
            shown = " › ".join(label(n, self.lang) for n in names if n not in TRANSPARENT or n == names[-1])
            items.append(Item(shown, value))
        return items


def _local(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def _decimal(text: str) -> Decimal | None:
    return parse_decimal(text)


def read_invoice(xml: bytes, lang: Lang = "pl") -> InvoicePreview:
    """Raises UserError (from the safe parser) when ``xml`` is not XML at all; an XML file that is
    not a valid FA(3) invoice still renders whatever it holds."""
    root = parse_untrusted(xml)
    r = _Reader(lang)
    fa = r.find(root, "Fa")
    kind_code = r.text(fa, "RodzajFaktury")
    view = InvoicePreview(
        lang,
        kind=INVOICE_KINDS.get(kind_code, Bilingual(kind_code or "Faktura", kind_code or "Invoice")).text(lang),
        kind_code=kind_code,
        number=r.text(fa, "P_2"),
        issue_date=r.text(fa, "P_1"),
        currency=r.text(fa, "KodWaluty") or "PLN",
    )
    _header(r, fa, view)
    _parties(r, root, view)
    _lines(r, fa, view)
    _vat(r, fa, view)
    _correction(r, fa, view)
    view.payment = _payment(r, r.find(fa, "Platnosc"))
    _annotations(r, r.find(fa, "Adnotacje"), view)
    for note in r.all(fa, "DodatkowyOpis"):
        key, value = r.text(note, "Klucz"), r.text(note, "Wartosc")
        view.notes.append(Item(key, value))
        view.notes += r.leaves(note)
    view.footer = r.leaves(r.find(root, "Stopka"))
    _attachment(r, r.find(root, "Zalacznik"), view)
    header = r.find(root, "Naglowek")
    form = r.find(header, "KodFormularza")
    if form is not None:
        r.text(header, "WariantFormularza")
        view.document.append(Item(label("form", lang), form.get("kodSystemowy") or r.own(form)))
        r.own(form)
    view.document += r.leaves(header)
    view.other = r.leaves(root)
    return view


def _header(r: _Reader, fa: etree._Element | None, view: InvoicePreview) -> None:
    lang = r.lang
    place = r.text(fa, "P_1M")
    if place:
        view.header.append(Item(label("place", lang), place))
    sale = r.text(fa, "P_6")
    if sale:
        view.header.append(Item(label("sale_date", lang), when(sale, lang)))
    start, end = r.text(fa, "OkresFa/P_6_Od"), r.text(fa, "OkresFa/P_6_Do")
    if start or end:
        view.header.append(Item(label("period", lang), f"{when(start, lang)} – {when(end, lang)}"))
    view.header.append(Item(label("currency", lang), view.currency))
    for name in ("KursWalutyZ", "KursWalutyZK", "KursWalutyZW"):
        rate = r.text(fa, name)
        if rate:
            view.header.append(Item(label("rate", lang), quantity(rate, lang)))


def _party(r: _Reader, element: etree._Element, role: str) -> PartyView:
    party = PartyView(role)
    ident = r.find(element, "DaneIdentyfikacyjne")
    party.name = r.text(ident, "Nazwa")
    nip = r.text(ident, "NIP")
    if nip:
        party.identifier = f"NIP {nip}"
    elif r.find(ident, "NrVatUE") is not None:
        party.identifier = f"VAT UE {r.text(ident, 'KodUE')}{r.text(ident, 'NrVatUE')}"
    elif r.find(ident, "NrID") is not None:
        party.identifier = f"ID {r.text(ident, 'KodKraju')} {r.text(ident, 'NrID')}".replace("  ", " ")
    elif r.find(ident, "IDWew") is not None:
        party.identifier = f"ID {r.text(ident, 'IDWew')}"
    elif r.find(ident, "BrakID") is not None:
        r.text(ident, "BrakID")
        party.identifier = "—"
    for address_name in ("Adres", "AdresKoresp"):
        address = r.find(element, address_name)
        lines = [r.text(address, "AdresL1"), r.text(address, "AdresL2")]
        country = r.text(address, "KodKraju")
        lines = [line for line in lines if line]
        if country and country != "PL":
            lines.append(country)
        if lines and address_name == "AdresKoresp":
            lines[0] = f"{label('mailing_address', r.lang)}: {lines[0]}"
        party.address += lines
    party.details = r.leaves(element)
    return party


def _parties(r: _Reader, root: etree._Element, view: InvoicePreview) -> None:
    lang = r.lang
    for name, role in (("Podmiot1", "seller"), ("Podmiot2", "buyer")):
        element = r.find(root, name)
        if element is not None:
            view.parties.append(_party(r, element, label(role, lang)))
    for element in r.all(root, "Podmiot3"):
        code = r.text(element, "Rola")
        role = THIRD_ROLES.get(code, LABELS["third"]).text(lang)
        other = r.text(element, "OpisRoli")
        if other:
            role = other
        view.parties.append(_party(r, element, f"{label('third', lang)}: {role}"))
    for element in r.all(root, "PodmiotUpowazniony"):
        view.parties.append(_party(r, element, label("authorized", lang)))


def _lines(r: _Reader, fa: etree._Element | None, view: InvoicePreview) -> None:
    lang = r.lang
    rows = r.all(fa, "FaWiersz")
    view.gross_lines = any(r.find(row, "P_11A") is not None for row in rows) and not any(
        r.find(row, "P_11") is not None for row in rows
    )
    for row in rows:
        price_field, value_field = ("P_9B", "P_11A") if view.gross_lines else ("P_9A", "P_11")
        before = r.text(row, "StanPrzed") == "1"
        line = LineView(
            number=r.text(row, "NrWierszaFa"),
            name=r.text(row, "P_7"),
            quantity=quantity(r.text(row, "P_8B"), lang),
            unit=r.text(row, "P_8A"),
            unit_price=amount(r.text(row, price_field), lang),
            discount=amount(r.text(row, "P_10"), lang),
            rate=_rate(r.text(row, "P_12"), lang),
            value=amount(r.text(row, value_field), lang),
            before_correction=before,
        )
        oss = r.text(row, "P_12_XII")
        if oss:
            line.details.append(Item(label("P_12_XII", lang), _percent(oss, lang)))
        line.details += r.leaves(row)
        view.lines.append(line)
    if rows and not view.gross_lines and not any(line.before_correction for line in view.lines):
        _check_sums(r, fa, rows, view)


# FA(3) rate codes (TStawkaPodatku) other than plain percentages, as invoices print them.
RATE_CODES = {
    "0 KR": Bilingual("0%", "0%"),
    "0 WDT": Bilingual("0% WDT", "0% intra-EU"),
    "0 EX": Bilingual("0% eksport", "0% export"),
    "zw": Bilingual("zw", "exempt"),
    "oo": Bilingual("oo", "reverse charge"),
    "np I": Bilingual("np", "not taxable"),
    "np II": Bilingual("np", "not taxable"),
}


def _rate(code: str, lang: Lang) -> str:
    """23 -> "23%", "zw" -> "zw" (Polish) / "exempt" (English), "np II" -> "np"; an unknown code as it is."""
    code = " ".join(code.split())
    if code in RATE_CODES:
        return RATE_CODES[code].text(lang)
    return _percent(code, lang) if code else ""


def _percent(text: str, lang: Lang) -> str:
    value = parse_decimal(text)
    return text if value is None else f"{quantity(str(value), lang)}%"


def _check_sums(r: _Reader, fa: etree._Element | None, rows: list[etree._Element], view: InvoicePreview) -> None:
    """Say so when the lines' net values do not add up to the file's own VAT summary (per rate)."""
    per_row: dict[str, Decimal] = {}
    for row in rows:
        target = RATE_ROWS.get(" ".join((_text_of(r.find(row, "P_12"))).split()))
        value = _decimal(_text_of(r.find(row, "P_11")))
        if target is None or value is None:
            return  # a rate or value the check does not cover: no verdict
        per_row[target] = per_row.get(target, Decimal(0)) + value
    for target, total in per_row.items():
        stated = _decimal(_text_of(r.find(fa, target))) or Decimal(0)
        if abs(stated - total) > Decimal("0.05"):
            template = label("mismatch", view.lang)
            view.warnings.append(template.format(lines=amount(total, view.lang), summary=amount(stated, view.lang)))


def _text_of(element: etree._Element | None) -> str:
    return "" if element is None else (element.text or "").strip()


def _vat(r: _Reader, fa: etree._Element | None, view: InvoicePreview) -> None:
    for net_field, vat_field, pln_field, names in VAT_ROWS:
        net = _decimal(r.text(fa, net_field))
        if net is None:
            continue
        vat = _decimal(r.text(fa, vat_field)) if vat_field else None
        pln = _decimal(r.text(fa, pln_field)) if pln_field else None
        view.vat.append(VatRow(net_field, names.text(r.lang), net, vat, pln))
    view.total = _decimal(r.text(fa, "P_15"))
    view.total_pln = _decimal(r.text(fa, "P_15ZK"))


def _correction(r: _Reader, fa: etree._Element | None, view: InvoicePreview) -> None:
    lang = r.lang
    for name in ("PrzyczynaKorekty", "TypKorekty"):
        value = r.text(fa, name)
        if value:
            view.correction.append(Item(label(name, lang), value))
    for corrected in r.all(fa, "DaneFaKorygowanej"):
        for name in ("NrFaKorygowanej", "DataWystFaKorygowanej", "NrKSeFFaKorygowanej"):
            value = r.text(corrected, name)
            if value:
                view.correction.append(Item(label(name, lang), when(value, lang)))
        for flag in ("NrKSeF", "NrKSeFN"):
            if r.find(corrected, flag) is not None:
                r.text(corrected, flag)
                view.correction.append(Item(label("correction", lang), label(flag, lang)))
        view.correction += r.leaves(corrected)
    period = r.text(fa, "OkresFaKorygowanej")
    if period:
        view.correction.append(Item(label("OkresFaKorygowanej", lang), period))


def _payment(r: _Reader, payment: etree._Element | None) -> list[Item]:
    if payment is None:
        return []
    lang, items = r.lang, []
    if r.text(payment, "Zaplacono") == "1":
        items.append(Item(label("Zaplacono", lang), YES.text(lang)))
    for term in r.all(payment, "TerminPlatnosci"):
        due = r.text(term, "Termin")
        if due:
            items.append(Item(label("Termin", lang), when(due, lang)))
        items += r.leaves(term)
    form = r.text(payment, "FormaPlatnosci")
    if form:
        items.append(Item(label("FormaPlatnosci", lang), PAYMENT_FORMS.get(form, Bilingual(form, form)).text(lang)))
    for account in r.all(payment, "RachunekBankowy"):
        number = r.text(account, "NrRB")
        items.append(Item(label("NrRB", lang), _iban(number)))
        items += r.leaves(account)
    return items + r.leaves(payment)


def _iban(number: str) -> str:
    compact = number.replace(" ", "")
    if re.fullmatch(r"(PL)?\d{26}", compact):
        head, digits = (compact[:2], compact[2:]) if compact.startswith("PL") else ("", compact)
        return (head + " " if head else "") + digits[:2] + " " + " ".join(re.findall(r"\d{4}", digits[2:]))
    return number


def _annotations(r: _Reader, element: etree._Element | None, view: InvoicePreview) -> None:
    """Only what applies ("1"): "2" (no) and the N-flags are implied by their absence on paper."""
    if element is None:
        return
    lang = r.lang
    for name in ("P_16", "P_17", "P_18", "P_18A", "P_23"):
        value = r.text(element, name)
        if value == "1":
            view.annotations.append(Item(ANNOTATIONS[name].text(lang), YES.text(lang)))
    exemption = r.find(element, "Zwolnienie")
    if r.text(exemption, "P_19") == "1":
        view.annotations.append(Item(ANNOTATIONS["P_19"].text(lang), YES.text(lang)))
    r.text(exemption, "P_19N")
    transport = r.find(element, "NoweSrodkiTransportu")
    if r.text(transport, "P_22") == "1":
        view.annotations.append(Item(ANNOTATIONS["P_22"].text(lang), YES.text(lang)))
    r.text(transport, "P_22N")
    margin = r.find(element, "PMarzy")
    if r.text(margin, "P_PMarzy") == "1":
        view.annotations.append(Item(ANNOTATIONS["P_PMarzy"].text(lang), YES.text(lang)))
    r.text(margin, "P_PMarzyN")
    view.annotations += r.leaves(element)


def _attachment(r: _Reader, element: etree._Element | None, view: InvoicePreview) -> None:
    for block in r.all(element, "BlokDanych"):
        title = r.text(block, "ZNaglowek")
        meta = [Item(r.text(m, "ZKlucz"), r.text(m, "ZWartosc")) for m in r.all(block, "MetaDane")]
        for paragraph in r.all(block, "Tekst"):
            meta += [Item("", r.own(p)) for p in r.all(paragraph, "Akapit")]
        for table in r.all(block, "Tabela"):
            meta += [Item(r.text(m, "TKlucz"), r.text(m, "TWartosc")) for m in r.all(table, "TMetaDane")]
            description = r.text(table, "Opis")
            if description:
                meta.append(Item("", description))
            header = [r.text(c, "NKom") for c in r.all(r.find(table, "TNaglowek"), "Kol")]
            rows = [header] + [[r.own(c) for c in r.all(w, "WKom")] for w in r.all(table, "Wiersz")]
            total = [r.own(c) for c in r.all(r.find(table, "Suma"), "SKom")]
            if any(total):
                rows.append(total)
            view.attachment.append((title, meta, rows))
            meta = []
        if meta:
            view.attachment.append((title, meta, []))


# --- HTML ----------------------------------------------------------------------------------------
HEAD = (
    "<html><head><style>"
    "body{font-family:'DejaVu Sans',sans-serif;font-size:8.5pt;}"
    "h1{font-size:15pt;margin:0;} h2{font-size:10.5pt;margin:10px 0 3px 0;}"
    "td,th{padding:2px 4px;vertical-align:top;} th{background:#e8edf3;text-align:left;}"
    ".num{text-align:right;white-space:nowrap;} .muted{color:#555;font-size:8pt;}"
    ".warn{color:#9a3b00;} .before{color:#666;font-style:italic;}"
    "</style></head><body>"
)
# Qt keeps a line whole only when its whole block is nowrap (a nowrap span still breaks after "/" or "-");
# a font size set on a block does not reach the <b> inside it, so sizes go on the inline elements.
ONE_LINE = "white-space:nowrap;margin:0"
WIDTH_OF_WORDS = " width='1%'"  # a column as narrow as its longest word
LONG_TOKEN = re.compile(r"[^\s/\-]{40,}")  # no place where a line may break: a code, not a word


def breakable(text: str) -> str:
    """Escaped text in which a very long token (a code without spaces) may break every 20 characters,
    so that it fits its column; words are never broken (the paper wraps at word boundaries only)."""
    return html.escape(LONG_TOKEN.sub(lambda m: "\u200b".join(re.findall(".{1,20}", m.group(0))), text))


@dataclass(frozen=True)
class Codes:
    """QR codes to print: (image resource name, link, caption under the code, what scanning it does)."""

    items: tuple[tuple[str, str, str, str], ...] = ()


def preview_html(view: InvoicePreview, *, ksef_number: str | None = None, codes: Codes = Codes()) -> str:
    lang, e = view.lang, html.escape
    out: list[str] = [HEAD]
    sub = [f"<p style='margin:0'>{e(label('issue_date', lang))}: <b>{e(when(view.issue_date, lang))}</b></p>"]
    if ksef_number:
        sub.append(f"<p style='{ONE_LINE}'>{e(label('ksef_number', lang))}: <b>{e(ksef_number)}</b></p>")
    sub += [f"<p style='margin:0'>{e(i.label)}: {breakable(i.value)}</p>" for i in view.header]
    # The QR codes sit beside the title: always on the first sheet, never split from their caption.
    # The invoice number and the KSeF number each stay on one line (they are read and typed as a whole).
    # Qt sizes a cell by its words, not by a nowrap line: every cell of this row gets an explicit share,
    # the code with a KSeF number (35 characters in 7 pt) the widest.
    shares = [36 if len(caption) > 12 else 22 for _, _, caption, _ in codes.items]
    out.append(f"<table width='100%' cellspacing='0'><tr><td width='{100 - sum(shares)}%'><h1>{e(view.kind)}</h1>")
    if view.number:
        number_word = label("number_word", lang)
        out.append(
            f"<p style='{ONE_LINE}'><span style='font-size:12pt'>{number_word} </span>"
            f"<b style='font-size:12pt'>{e(view.number)}</b></p>"
        )
    out.append("<p style='margin:0'>&nbsp;</p>")
    out.append("".join(sub) + "</td>")
    for (name, link, caption, _), share in zip(codes.items, shares, strict=True):
        out.append(
            f"<td width='{share}%'><p align='center' style='margin:0'><a href='{e(link)}'>"
            f"<img src='{e(name)}' width='130' height='130'></a></p>"
            f"<p align='center' style='{ONE_LINE}'><b style='font-size:7pt'>{e(caption)}</b></p></td>"
        )
    out.append("</tr></table>")
    out.append(_parties_html(view))
    if view.correction:
        out.append(_section(label("correction", lang), view.correction))
    out.append(_lines_html(view))
    out.append(_vat_html(view))
    for warning in view.warnings:
        out.append(f"<p class='warn'>{e(warning)}</p>")
    for title, items in (
        (label("payment", lang), view.payment),
        (label("annotations", lang), view.annotations),
        (label("notes", lang), view.notes),
        (label("footer", lang), view.footer),
    ):
        if items:
            out.append(_section(title, items))
    for title, meta, rows in view.attachment:
        out.append(f"<h2>{e(label('attachment', lang))}{': ' + e(title) if title else ''}</h2>")
        out.append(_items_table(meta))
        if rows:
            out.append("<table border='1' cellspacing='0' width='100%'><thead><tr>")
            out.append("".join(f"<th>{e(c)}</th>" for c in rows[0]) + "</tr></thead>")
            out.append("".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows[1:]))
            out.append("</table>")
    if view.other:
        out.append(_section(label("other", lang), view.other))
    if view.document:
        shown = " · ".join(f"{i.label}: {i.value}" for i in view.document)
        out.append(f"<p class='muted'>{e(shown)}</p>")
    for _, link, _, hint in codes.items:
        out.append(f"<p class='muted'>{e(hint)}: {e(link)}</p>")
    out.append("</body></html>")
    return "".join(out)


def _items_table(items: list[Item], *, soft_breaks: bool = True) -> str:
    """Label: value rows. ``soft_breaks`` lets overlong codes wrap; off where values are copied (UPO hashes)."""
    e = html.escape
    shown = breakable if soft_breaks else html.escape
    rows = "".join(
        f"<tr><td class='muted'>{e(i.label)}</td><td>{shown(i.value)}</td></tr>"
        if i.label
        else f"<tr><td colspan='2'>{shown(i.value)}</td></tr>"
        for i in items
    )
    return f"<table cellspacing='0' cellpadding='1'>{rows}</table>" if rows else ""


def _section(title: str, items: list[Item]) -> str:
    return f"<h2>{html.escape(title)}</h2>{_items_table(items)}"


def _parties_html(view: InvoicePreview) -> str:
    e = html.escape
    cells = []
    for party in view.parties:
        body = [f"<b>{e(party.role)}</b>", breakable(party.name), e(party.identifier), *map(breakable, party.address)]
        body += [f"<span class='muted'>{e(i.label)}:</span> {breakable(i.value)}" for i in party.details]
        cells.append("<td width='50%'>" + "<br>".join(b for b in body if b) + "</td>")
    rows = ["<tr>" + "".join(cells[i : i + 2]) + "</tr>" for i in range(0, len(cells), 2)]
    return f"<table width='100%' cellspacing='0'>{''.join(rows)}</table>"


def _lines_html(view: InvoicePreview) -> str:
    if not view.lines:
        return ""
    lang, e = view.lang, html.escape
    price, value = ("unit_gross", "gross") if view.gross_lines else ("unit_net", "net")
    heads = ("no", "name", "quantity", "unit", price, "discount", "vat_rate", value)
    out = [f"<h2>{e(label('lines', lang))} ({e(view.currency)})</h2>"]
    out.append("<table border='1' cellspacing='0' width='100%'><thead><tr>")
    # The description takes the room; the other columns shrink to their longest word (width 1%), so a
    # header or a unit ("Stawka", "kWh") is never split in the middle.
    out.append("".join(f"<th{'' if h == 'name' else WIDTH_OF_WORDS}>{e(label(h, lang))}</th>" for h in heads))
    out.append("</tr></thead>")
    for line in view.lines:
        name = breakable(line.name)
        if line.before_correction:
            name = f"<span class='before'>{name} ({e(label('before', lang))})</span>"
        if line.details:
            name += (
                "<br><span class='muted'>"
                + " · ".join(f"{e(i.label)}: {breakable(i.value)}" for i in line.details)
                + "</span>"
            )
        cells = (
            e(line.number),
            name,
            e(line.quantity),
            e(line.unit),
            e(line.unit_price),
            e(line.discount),
            e(line.rate),
            e(line.value),
        )
        classes = ("num", "", "num", "", "num", "num", "num", "num")
        out.append("<tr>" + "".join(f"<td class='{c}'>{v}</td>" for c, v in zip(classes, cells, strict=True)) + "</tr>")
    out.append("</table>")
    return "".join(out)


def _vat_html(view: InvoicePreview) -> str:
    lang, e = view.lang, html.escape
    foreign = view.currency != "PLN"
    heads = [label("vat_rate", lang), label("net", lang), label("vat", lang)]
    if foreign:
        heads.append(label("vat_pln", lang))
    out = [f"<h2>{e(label('vat_summary', lang))} ({e(view.currency)})</h2>"]
    out.append("<table border='1' cellspacing='0'><tr>" + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr>")
    for row in view.vat:
        cells = [e(row.label), amount(row.net, lang), amount(row.vat, lang)]
        if foreign:
            cells.append(amount(row.vat_pln, lang))
        out.append(
            "<tr>" + "".join(f"<td class='{'num' if i else ''}'>{c}</td>" for i, c in enumerate(cells)) + "</tr>"
        )
    out.append("</table>")
    if view.total is not None:
        out.append(
            f"<p><span style='font-size:12pt'>{e(label('total', lang))}: </span>"
            f"<b style='font-size:12pt'>{amount(view.total, lang)} {e(view.currency)}</b>"
        )
        if view.total_pln is not None:
            out.append(f"<span style='font-size:12pt'> ({amount(view.total_pln, lang)} PLN)</span>")
        out.append("</p>")
    return "".join(out)


# --- pages (HTML + the QR images it refers to) ---------------------------------------------------------
@dataclass(frozen=True)
class Page:
    """One printable document: rich-text HTML and the images it names (resource name -> PNG)."""

    html: str
    images: dict[str, bytes] = field(default_factory=dict)
    title: str = ""


def invoice_page(
    xml: bytes,
    environment: Environment,
    lang: Lang = "pl",
    *,
    ksef_number: str | None = None,
    kod2_link: str | None = None,
    tag: str = "",
) -> Page:
    """The invoice as paper: the preview plus KOD I (captioned with the KSeF number, or OFFLINE before
    KSeF has numbered it) and, for an offline invoice, KOD II. ``tag`` keeps image names unique when
    several invoices share one document."""
    view = read_invoice(xml, lang)
    link = kod1_link(environment, InvoiceFacts.of(xml))
    codes = [(f"kod1{tag}.png", link, ksef_number or OFFLINE_CAPTION, label("kod1", lang))]
    if kod2_link:
        codes.append((f"kod2{tag}.png", kod2_link, CERTIFICATE_CAPTION, label("kod2", lang)))
    images = {name: qr_png(target) for name, target, _, _ in codes}
    shown = Codes(tuple(codes))
    title = f"{view.kind} {view.number}".strip()
    return Page(preview_html(view, ksef_number=ksef_number, codes=shown), images, title)


UPO_LABELS: dict[str, Bilingual] = {
    "title": Bilingual("Urzędowe Poświadczenie Odbioru (UPO)", "Official Receipt Confirmation (UPO)"),
    "NazwaPodmiotuPrzyjmujacego": Bilingual("Podmiot przyjmujący", "Received by"),
    "NumerReferencyjnySesji": Bilingual("Numer referencyjny sesji", "Session reference number"),
    "IdKontekstu": Bilingual("Identyfikator kontekstu", "Context identifier"),
    "NumerReferencyjnyTokenaKSeF": Bilingual("Numer referencyjny tokena KSeF", "KSeF token reference number"),
    "SkrotDokumentuUwierzytelniajacego": Bilingual(
        "Skrót dokumentu uwierzytelniającego", "Hash of the authentication document"
    ),
    "NazwaStrukturyLogicznej": Bilingual("Struktura logiczna", "Logical structure"),
    "KodFormularza": Bilingual("Kod formularza", "Form code"),
    "NipSprzedawcy": Bilingual("NIP sprzedawcy", "Seller's NIP"),
    "NumerKSeFDokumentu": Bilingual("Numer KSeF", "KSeF number"),
    "NumerFaktury": Bilingual("Numer faktury", "Invoice number"),
    "DataWystawieniaFaktury": Bilingual("Data wystawienia faktury", "Invoice issue date"),
    "DataPrzeslaniaDokumentu": Bilingual("Data przesłania do KSeF", "Sent to KSeF"),
    "DataNadaniaNumeruKSeF": Bilingual("Data nadania numeru KSeF", "KSeF number assigned"),
    "SkrotDokumentu": Bilingual("Skrót dokumentu (SHA-256)", "Document hash (SHA-256)"),
    "TrybWysylki": Bilingual("Tryb wysyłki", "Sending mode"),
    "page": Bilingual("Strona UPO", "UPO page"),
    "of": Bilingual("z", "of"),
    "range": Bilingual("Dokumenty na tej stronie", "Documents on this page"),
    "CalkowitaLiczbaDokumentow": Bilingual("Liczba dokumentów w sesji", "Documents in the session"),
    "documents": Bilingual("Dokumenty", "Documents"),
}
# <IdKontekstu> holds one identifier; its element says which kind.
UPO_CONTEXTS: dict[str, Bilingual] = {
    "Nip": Bilingual("NIP", "NIP"),
    "IdWewnetrzny": Bilingual("identyfikator wewnętrzny", "internal identifier"),
    "IdZlozonyVatUE": Bilingual("NIP i numer VAT UE", "NIP and EU VAT number"),
    "NipVatUE": Bilingual("NIP i numer VAT UE", "NIP and EU VAT number"),
    "IdDostawcyUslugPeppol": Bilingual("dostawca usług Peppol", "Peppol service provider"),
}


def upo_page(xml: bytes, lang: Lang = "pl") -> Page:
    """A UPO (any version) as a readable page: the session facts, then each document. Every element is
    named in words (an unknown one spelt out from its name) and times are local, to the second."""
    root = parse_untrusted(xml)
    e = html.escape

    def name(element: etree._Element) -> str:
        local = _local(element)
        return label(local, lang, UPO_LABELS)

    def value(element: etree._Element) -> str:
        return when((element.text or "").strip(), lang, seconds=True)

    def leaves(element: etree._Element) -> list[etree._Element]:
        return [c for c in element.iter() if isinstance(c.tag, str) and not len(c) and (c.text or "").strip()]

    facts, documents = [], []
    for child in root:
        if not isinstance(child.tag, str):
            continue
        local = _local(child)
        if local == "Dokument":
            documents.append(child)
        elif local == "OpisPotwierdzenia":
            facts += _upo_description(child, lang)
        else:
            for leaf in leaves(child):
                parent = leaf.getparent()
                if parent is not None and _local(parent) == "IdKontekstu":
                    kind = _local(leaf)
                    shown = f"{name(parent)} ({label(kind, lang, UPO_CONTEXTS)})"
                    facts.append(Item(shown, value(leaf)))
                else:
                    facts.append(Item(name(leaf), value(leaf)))
    out = [
        HEAD,
        f"<h1 style='font-size:14pt'>{e(UPO_LABELS['title'].text(lang))}</h1>",
        _items_table(facts, soft_breaks=False),
    ]
    if documents:
        out.append(f"<h2 style='font-size:10.5pt'>{e(UPO_LABELS['documents'].text(lang))}: {len(documents)}</h2>")
    for number, document in enumerate(documents, 1):
        items = [Item(name(c), value(c)) for c in leaves(document)]
        invoice = next((i.value for i in items if i.label == name_of("NumerFaktury", lang)), "")
        out.append(f"<p><b>{number}. {e(invoice)}</b></p>{_items_table(items, soft_breaks=False)}")
    out.append("</body></html>")
    return Page("".join(out), {}, UPO_LABELS["title"].text(lang))


def name_of(element_name: str, lang: Lang) -> str:
    """The label a UPO page gives an element."""
    return label(element_name, lang, UPO_LABELS)


def _upo_description(element: etree._Element, lang: Lang) -> list[Item]:
    """<OpisPotwierdzenia> (page 1 of 1, documents 1 to 2 of 2) as two or three plain lines."""
    values = {_local(c): (c.text or "").strip() for c in element if isinstance(c.tag, str)}
    items = []
    page, pages = values.pop("Strona", ""), values.pop("LiczbaStron", "")
    if page or pages:
        items.append(Item(UPO_LABELS["page"].text(lang), f"{page} {UPO_LABELS['of'].text(lang)} {pages}".strip()))
    first, last = values.pop("ZakresDokumentowOd", ""), values.pop("ZakresDokumentowDo", "")
    if first or last:
        items.append(Item(UPO_LABELS["range"].text(lang), first if first == last else f"{first}–{last}"))
    items += [Item(name_of(key, lang), text) for key, text in values.items() if text]
    return items


def file_page(
    name: str,
    xml: bytes,
    environment: Environment,
    lang: Lang = "pl",
    *,
    ksef_number: str | None = None,
    tag: str = "",
) -> Page:
    """The page of a file chosen by the user: an invoice, or a UPO (recognised by its root element).
    Anything that is not XML gets a specific message instead of an exception."""
    try:
        root = parse_untrusted(xml)
        if _local(root) == "Potwierdzenie":
            return upo_page(xml, lang)
        return invoice_page(xml, environment, lang, ksef_number=ksef_number, tag=tag)
    except UnsafeXml as exc:
        reasons = {
            "empty": Bilingual("plik jest pusty", "the file is empty"),
            "too_large": Bilingual("plik jest za duży", "the file is too large"),
            "doctype": Bilingual(
                "plik zawiera deklarację DOCTYPE/ENTITY", "the file contains a DOCTYPE/ENTITY declaration"
            ),
            "encoding": Bilingual("nieprawidłowe kodowanie znaków", "wrong character encoding"),
            "malformed": Bilingual("to nie jest poprawny XML", "it is not well-formed XML"),
        }
        reason = reasons.get(exc.reason, Bilingual(exc.reason, exc.reason))
        raise UserError("pdf.not_xml", path=name, reason=reason, details=exc.detail) from exc

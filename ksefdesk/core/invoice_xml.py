"""An invoice draft as FA(3) XML, and FA(3) XML back as a draft.

``draft_to_xml`` writes every field the form holds, with the totals of ``invoice_draft.totals``;
``xml_to_draft`` reads it back (the round trip that "issue like this one" and corrections use), and
reads what matters of any FA(3) invoice, so a received invoice can be corrected or copied.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

from ksefdesk.core.errors import Bilingual
from ksefdesk.core.invoice_draft import (
    PAYMENT_METHODS,
    RATES,
    SUMMARY_FIELDS,
    ZERO,
    AdvanceRef,
    BuyerId,
    Correction,
    InvoiceDraft,
    Kind,
    Line,
    Party,
    Payment,
    order_total,
    rate_totals,
    round2,
    totals,
)
from ksefdesk.core.schemas import FA3_NS
from ksefdesk.core.xml_safety import parse_untrusted

_N = f"{{{FA3_NS}}}"
# DodatkowyOpis keys the app writes (printed on the invoice as they are, so in Polish)
NOTES_KEY = "Uwagi"
RATE_KEY = "Kurs waluty"
RATE_DATE_KEY = "Data kursu waluty"
DISCOUNT_KEY = "Rabat"
GROSS_PRICE_KEY = "Cena jednostkowa brutto"
ADVANCE_KEY = "Zaliczka"
_METHOD_OF_CODE = {code: name for name, code in PAYMENT_METHODS.items()}


def amount(value: Decimal) -> str:
    text = format(round2(value), "f")
    return "0.00" if text == "-0.00" else text


def plain(value: Decimal) -> str:
    """A quantity or price without trailing zeros ("2", "12.5"), as FA(3) writes them."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


class _Writer:
    def __init__(self) -> None:
        self.root = etree.Element(f"{_N}Faktura", nsmap={None: FA3_NS})

    def add(self, parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
        element = etree.SubElement(parent, f"{_N}{name}", attrs)
        if text is not None:
            element.text = text
        return element

    def party(self, name: str, party: Party, *, buyer: bool) -> None:
        element = self.add(self.root, name)
        ident = self.add(element, "DaneIdentyfikacyjne")
        if party.id_type is BuyerId.NIP:
            self.add(ident, "NIP", party.id)
        elif party.id_type is BuyerId.EU:
            self.add(ident, "KodUE", party.country)
            self.add(ident, "NrVatUE", party.id)
        elif party.id_type is BuyerId.OTHER:
            self.add(ident, "KodKraju", party.country)
            self.add(ident, "NrID", party.id)
        else:
            self.add(ident, "BrakID", "1")
        self.add(ident, "Nazwa", party.name)
        address = self.add(element, "Adres")
        self.add(address, "KodKraju", party.country or "PL")
        self.add(address, "AdresL1", party.address1)
        if party.address2:
            self.add(address, "AdresL2", party.address2)
        if buyer:
            self.add(element, "JST", "2")
            self.add(element, "GV", "2")


def draft_to_xml(draft: InvoiceDraft, *, created: datetime | None = None, system_info: str = "KSeF Desk") -> bytes:
    w = _Writer()
    add = w.add
    header = add(w.root, "Naglowek")
    add(header, "KodFormularza", "FA", kodSystemowy="FA (3)", wersjaSchemy="1-0E")
    add(header, "WariantFormularza", "3")
    add(header, "DataWytworzeniaFa", (created or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    add(header, "SystemInfo", system_info)
    w.party("Podmiot1", draft.seller, buyer=False)
    w.party("Podmiot2", draft.buyer, buyer=True)

    fa = add(w.root, "Fa")
    foreign = draft.currency != "PLN"
    add(fa, "KodWaluty", draft.currency)
    add(fa, "P_1", draft.issue_date.isoformat())
    if draft.place:
        add(fa, "P_1M", draft.place)
    add(fa, "P_2", draft.number)
    add(fa, "P_6", (draft.sale_date or draft.issue_date).isoformat())
    sums = totals(draft)
    for name in SUMMARY_FIELDS:
        if name in sums.fields:
            add(fa, name, amount(sums.fields[name]))
    add(fa, "P_15", amount(sums.total))
    if draft.kind is Kind.ZAL and foreign and draft.exchange_rate is not None:
        add(fa, "KursWalutyZ", plain(draft.exchange_rate))
    _annotations(w, fa, draft)
    add(fa, "RodzajFaktury", draft.kind.value)
    if draft.kind is Kind.KOR and draft.correction is not None:
        correction = draft.correction
        add(fa, "PrzyczynaKorekty", correction.reason)
        add(fa, "TypKorekty", str(correction.type))
        corrected = add(fa, "DaneFaKorygowanej")
        add(corrected, "DataWystFaKorygowanej", (correction.invoice_issue_date or draft.issue_date).isoformat())
        add(corrected, "NrFaKorygowanej", correction.invoice_number)
        if correction.ksef_number:
            add(corrected, "NrKSeF", "1")
            add(corrected, "NrKSeFFaKorygowanej", correction.ksef_number)
        else:
            add(corrected, "NrKSeFN", "1")
    notes: list[tuple[int | None, str, str]] = []
    if draft.notes.strip():
        notes.append((None, NOTES_KEY, draft.notes.strip()))
    if foreign and draft.exchange_rate is not None:
        notes.append((None, RATE_KEY, plain(draft.exchange_rate)))
        if draft.exchange_rate_date:
            notes.append((None, RATE_DATE_KEY, draft.exchange_rate_date.isoformat()))
    written = _written_lines(draft)
    for number, (entry, _) in enumerate(written, start=1):
        if entry.discount_percent:
            notes.append((number, DISCOUNT_KEY, f"{plain(entry.discount_percent)}%"))
        if draft.kind is Kind.ZAL and draft.prices_gross:  # the order's lines have no gross price field
            notes.append((number, GROSS_PRICE_KEY, plain(entry.unit_price)))
    for advance in draft.advances if draft.kind is Kind.ROZ else ():
        notes.append((None, f"{ADVANCE_KEY} {advance.number or advance.ksef_number}", amount(advance.amount)))
    for line_number, key, value in notes:
        description = add(fa, "DodatkowyOpis")
        if line_number is not None:
            add(description, "NrWiersza", str(line_number))
        add(description, "Klucz", key)
        add(description, "Wartosc", value)
    for advance in draft.advances if draft.kind is Kind.ROZ else ():
        ref = add(fa, "FakturaZaliczkowa")
        if advance.ksef_number:
            add(ref, "NrKSeFFaZaliczkowej", advance.ksef_number)
        else:
            add(ref, "NrKSeFZN", "1")
            add(ref, "NrFaZaliczkowej", advance.number)
    if draft.kind is not Kind.ZAL:
        for number, (line, before) in enumerate(written, start=1):
            _line(
                w,
                fa,
                number,
                line,
                before,
                gross=draft.prices_gross,
                exchange_rate=draft.exchange_rate if foreign else None,
            )
    _payment(w, fa, draft)
    if draft.kind is Kind.ZAL:
        _order(w, fa, draft)
    data: bytes = etree.tostring(w.root, xml_declaration=True, encoding="utf-8")
    return data


def _written_lines(draft: InvoiceDraft) -> list[tuple[Line, bool]]:
    """(line, is "before" of a correction), in the order they are written."""
    before = draft.correction.before if draft.kind is Kind.KOR and draft.correction else ()
    return [(line, True) for line in before] + [(line, False) for line in draft.lines]


def _annotations(w: _Writer, fa: etree._Element, draft: InvoiceDraft) -> None:
    notes = w.add(fa, "Adnotacje")
    lines = [line for line, _ in _written_lines(draft)]
    w.add(notes, "P_16", "2")
    w.add(notes, "P_17", "2")
    w.add(notes, "P_18", "1" if any(line.rate == "oo" for line in lines) else "2")
    w.add(notes, "P_18A", "1" if draft.split_payment else "2")
    exemption = w.add(notes, "Zwolnienie")
    if any(line.rate == "zw" for line in lines):
        w.add(exemption, "P_19", "1")
        w.add(exemption, "P_19A", draft.exemption_basis.strip())
    else:
        w.add(exemption, "P_19N", "1")
    w.add(w.add(notes, "NoweSrodkiTransportu"), "P_22N", "1")
    w.add(notes, "P_23", "2")
    w.add(w.add(notes, "PMarzy"), "P_PMarzyN", "1")


def _line(
    w: _Writer,
    fa: etree._Element,
    number: int,
    line: Line,
    before: bool,
    *,
    gross: bool,
    exchange_rate: Decimal | None,
) -> None:
    row = w.add(fa, "FaWiersz")
    w.add(row, "NrWierszaFa", str(number))
    w.add(row, "P_7", line.name)
    w.add(row, "P_8A", line.unit or "szt.")
    w.add(row, "P_8B", plain(line.quantity))
    w.add(row, "P_9B" if gross else "P_9A", plain(line.unit_price))
    if line.discount_percent:
        w.add(row, "P_10", plain(line.unit_discount))
    w.add(row, "P_11A" if gross else "P_11", amount(line.value))
    w.add(row, "P_12", line.rate)
    if exchange_rate is not None:
        w.add(row, "KursWaluty", plain(exchange_rate))
    if before:
        w.add(row, "StanPrzed", "1")


def _payment(w: _Writer, fa: etree._Element, draft: InvoiceDraft) -> None:
    payment = draft.payment
    if not (payment.method or payment.due_date or payment.account or payment.paid):
        return
    element = w.add(fa, "Platnosc")
    total = totals(draft).total
    if payment.paid > 0 and payment.paid >= total:
        w.add(element, "Zaplacono", "1")
        w.add(element, "DataZaplaty", (payment.paid_date or draft.issue_date).isoformat())
    elif payment.paid > 0:
        w.add(element, "ZnacznikZaplatyCzesciowej", "1")
        part = w.add(element, "ZaplataCzesciowa")
        w.add(part, "KwotaZaplatyCzesciowej", amount(payment.paid))
        w.add(part, "DataZaplatyCzesciowej", (payment.paid_date or draft.issue_date).isoformat())
    if payment.due_date:
        w.add(w.add(element, "TerminPlatnosci"), "Termin", payment.due_date.isoformat())
    if payment.method in PAYMENT_METHODS:
        w.add(element, "FormaPlatnosci", PAYMENT_METHODS[payment.method])
    if payment.account:
        account = payment.account.replace(" ", "")
        w.add(w.add(element, "RachunekBankowy"), "NrRB", account[2:] if account.startswith("PL") else account)


def _order(w: _Writer, fa: etree._Element, draft: InvoiceDraft) -> None:
    """A ZAL's order (Zamowienie): its lines with net and VAT each, and its whole value."""
    order = w.add(fa, "Zamowienie")
    w.add(order, "WartoscZamowienia", amount(order_total(draft)))
    for number, line in enumerate(draft.lines, start=1):
        (row_total,) = rate_totals([line], prices_gross=draft.prices_gross)
        row = w.add(order, "ZamowienieWiersz")
        w.add(row, "NrWierszaZam", str(number))
        w.add(row, "P_7Z", line.name)
        w.add(row, "P_8AZ", line.unit or "szt.")
        w.add(row, "P_8BZ", plain(line.quantity))
        if not draft.prices_gross:
            w.add(row, "P_9AZ", plain(line.unit_price))
        w.add(row, "P_11NettoZ", amount(row_total.net))
        w.add(row, "P_11VatZ", amount(row_total.vat))
        w.add(row, "P_12Z", line.rate)


# --- Reading -----------------------------------------------------------------------------------


def _text(element: etree._Element | None, path: str) -> str:
    if element is None:
        return ""
    found = element.find(_q(path))
    return (found.text or "").strip() if found is not None else ""


def _q(path: str) -> str:
    return "/".join(f"{_N}{part}" for part in path.split("/"))


def _decimal(text: str, default: Decimal = ZERO) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return default
    return value if value.is_finite() else default


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _party(element: etree._Element | None) -> Party:
    if element is None:
        return Party()
    ident = element.find(_q("DaneIdentyfikacyjne"))
    address = element.find(_q("Adres"))
    if _text(ident, "NIP"):
        id_type, ident_value, country = BuyerId.NIP, _text(ident, "NIP"), "PL"
    elif _text(ident, "NrVatUE"):
        id_type, ident_value, country = BuyerId.EU, _text(ident, "NrVatUE"), _text(ident, "KodUE")
    elif _text(ident, "NrID"):
        id_type, ident_value, country = BuyerId.OTHER, _text(ident, "NrID"), _text(ident, "KodKraju")
    else:
        id_type, ident_value, country = BuyerId.NONE, "", ""
    return Party(
        name=_text(ident, "Nazwa"),
        id=ident_value,
        id_type=id_type,
        address1=_text(address, "AdresL1"),
        address2=_text(address, "AdresL2"),
        country=_text(address, "KodKraju") or country or "PL",
    )


def _read_line(row: etree._Element, discounts: dict[int, Decimal]) -> tuple[Line, bool]:
    quantity = _decimal(_text(row, "P_8B"), Decimal(1)) or Decimal(1)
    price_text = _text(row, "P_9A") or _text(row, "P_9B")
    value_text = _text(row, "P_11") or _text(row, "P_11A")
    number = int(_decimal(_text(row, "NrWierszaFa"), ZERO))
    price = _decimal(price_text) if price_text else round2(_decimal(value_text) / quantity)
    discount = discounts.get(number, ZERO)
    if not discount and _text(row, "P_10") and price:
        discount = (_decimal(_text(row, "P_10")) * 100 / price).quantize(Decimal("0.000001")).normalize()
    rate = _text(row, "P_12")
    return (
        Line(
            name=_text(row, "P_7"),
            quantity=quantity,
            unit_price=price,
            rate=rate if rate in RATES else "23",
            unit=_text(row, "P_8A") or "szt.",
            discount_percent=discount,
        ),
        _text(row, "StanPrzed") == "1",
    )


def xml_to_draft(xml: bytes) -> InvoiceDraft:
    """An FA(3) invoice as a draft: all of it for the app's own invoices, what a copy or a correction
    needs of anyone else's. Raises ``UnsafeXml`` / ``etree.XMLSyntaxError`` for what is not XML."""
    root = parse_untrusted(xml)
    fa = root.find(_q("Fa"))
    notes: dict[str, str] = {}
    discounts: dict[int, Decimal] = {}
    advance_notes: list[tuple[str, str]] = []
    gross_prices: dict[int, Decimal] = {}
    for description in fa.findall(_q("DodatkowyOpis")) if fa is not None else []:
        key, value, line_number = (
            _text(description, "Klucz"),
            _text(description, "Wartosc"),
            _text(description, "NrWiersza"),
        )
        if key == DISCOUNT_KEY and line_number.isdigit():
            discounts[int(line_number)] = _decimal(value.rstrip("%").strip())
        elif key == GROSS_PRICE_KEY and line_number.isdigit():
            gross_prices[int(line_number)] = _decimal(value)
        elif key.startswith(ADVANCE_KEY + " "):
            advance_notes.append((key, value))
        else:
            notes[key] = value
    rows = [_read_line(row, discounts) for row in (fa.findall(_q("FaWiersz")) if fa is not None else [])]
    kind_text = _text(fa, "RodzajFaktury")
    kind = Kind(kind_text) if kind_text in Kind.__members__ else Kind.VAT
    gross = fa is not None and any(row.find(_q("P_9B")) is not None for row in fa.findall(_q("FaWiersz")))
    currency = _text(fa, "KodWaluty") or "PLN"
    payment_element = fa.find(_q("Platnosc")) if fa is not None else None
    method = _METHOD_OF_CODE.get(_text(payment_element, "FormaPlatnosci"), "")
    account = _text(payment_element, "RachunekBankowy/NrRB")
    if len(account) == 26 and account.isdigit():
        account = "PL" + account
    paid, paid_date = ZERO, None
    if _text(payment_element, "Zaplacono") == "1":
        paid, paid_date = _decimal(_text(fa, "P_15")), _day(_text(payment_element, "DataZaplaty"))
    elif _text(payment_element, "ZnacznikZaplatyCzesciowej") == "1":
        parts = payment_element.findall(_q("ZaplataCzesciowa")) if payment_element is not None else []
        paid = sum((_decimal(_text(p, "KwotaZaplatyCzesciowej")) for p in parts), ZERO)
        paid_date = _day(_text(parts[-1], "DataZaplatyCzesciowej")) if parts else None
    correction = None
    if kind is Kind.KOR:
        corrected = fa.find(_q("DaneFaKorygowanej")) if fa is not None else None
        correction = Correction(
            invoice_number=_text(corrected, "NrFaKorygowanej"),
            invoice_issue_date=_day(_text(corrected, "DataWystFaKorygowanej")),
            ksef_number=_text(corrected, "NrKSeFFaKorygowanej"),
            reason=_text(fa, "PrzyczynaKorekty"),
            type=int(_text(fa, "TypKorekty") or 1) if _text(fa, "TypKorekty").isdigit() else 1,
            before=tuple(line for line, before in rows if before),
        )
    lines = tuple(line for line, before in rows if not before)
    if kind is Kind.ZAL and fa is not None:
        lines = tuple(
            _order_line(row, discounts, gross_prices) for row in fa.findall(_q("Zamowienie/ZamowienieWiersz"))
        )
        gross = bool(gross_prices)
    # the advances' numbers and amounts are in notes written in the order of FakturaZaliczkowa
    settled = [(key[len(ADVANCE_KEY) + 1 :], value) for key, value in advance_notes]
    refs = fa.findall(_q("FakturaZaliczkowa")) if fa is not None else []
    advances = tuple(
        AdvanceRef(
            number=_text(ref, "NrFaZaliczkowej") or (settled[i][0] if i < len(settled) else ""),
            ksef_number=_text(ref, "NrKSeFFaZaliczkowej"),
            amount=_decimal(settled[i][1]) if i < len(settled) else ZERO,
        )
        for i, ref in enumerate(refs)
    )
    exemption = ""
    if fa is not None:
        zw = fa.find(_q("Adnotacje/Zwolnienie"))
        exemption = _text(zw, "P_19A") or _text(zw, "P_19B") or _text(zw, "P_19C")
    issue = _day(_text(fa, "P_1")) or date.today()
    sale = _day(_text(fa, "P_6"))
    return InvoiceDraft(
        seller=_party(root.find(_q("Podmiot1"))),
        buyer=_party(root.find(_q("Podmiot2"))),
        issue_date=issue,
        lines=lines,
        kind=kind,
        number=_text(fa, "P_2"),
        sale_date=sale if sale != issue else None,
        place=_text(fa, "P_1M"),
        currency=currency,
        exchange_rate=_decimal(notes[RATE_KEY]) if RATE_KEY in notes else (_decimal(_text(fa, "KursWalutyZ")) or None),
        exchange_rate_date=_day(notes.get(RATE_DATE_KEY, "")),
        prices_gross=gross,
        split_payment=_text(fa, "Adnotacje/P_18A") == "1",
        exemption_basis=exemption,
        payment=Payment(
            method=method,
            due_date=_day(_text(payment_element, "TerminPlatnosci/Termin")),
            account=account,
            paid=paid,
            paid_date=paid_date,
        ),
        notes=notes.get(NOTES_KEY, ""),
        correction=correction,
        advance_amount=_decimal(_text(fa, "P_15")) if kind is Kind.ZAL else None,
        advances=advances if kind is Kind.ROZ else (),
    )


def _order_line(row: etree._Element, discounts: dict[int, Decimal], gross_prices: dict[int, Decimal]) -> Line:
    quantity = _decimal(_text(row, "P_8BZ"), Decimal(1)) or Decimal(1)
    price_text = _text(row, "P_9AZ")
    number = int(_decimal(_text(row, "NrWierszaZam"), ZERO))
    if number in gross_prices:
        price = gross_prices[number]
    else:
        price = _decimal(price_text) if price_text else round2(_decimal(_text(row, "P_11NettoZ")) / quantity)
    rate = _text(row, "P_12Z")
    return Line(
        name=_text(row, "P_7Z"),
        quantity=quantity,
        unit_price=price,
        rate=rate if rate in RATES else "23",
        unit=_text(row, "P_8AZ") or "szt.",
        discount_percent=discounts.get(number, ZERO),
    )


def stated_totals_problems(xml: bytes) -> list[Bilingual]:
    """Where the summary an invoice states differs from what its lines give (the app's own check
    before an invoice it made leaves; the sandbox judges with code of its own)."""
    root = parse_untrusted(xml)
    fa = root.find(_q("Fa"))
    expected = totals(xml_to_draft(xml))
    found = []
    for name in [*SUMMARY_FIELDS, "P_15"]:
        stated_text = _text(fa, name)
        stated = _decimal(stated_text) if stated_text else None
        want = expected.total if name == "P_15" else expected.fields.get(name)
        if stated is None and want is None:
            continue
        if stated is None or want is None or stated != round2(want):
            shown = "—" if stated is None else amount(stated)
            need = "—" if want is None else amount(want)
            found.append(
                Bilingual(
                    f"{name}: na fakturze {shown}, z wierszy wychodzi {need}",
                    f"{name}: the invoice states {shown}, its lines give {need}",
                )
            )
    return found

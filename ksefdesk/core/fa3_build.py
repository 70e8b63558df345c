"""Building FA(3) invoices: sandbox seed data, test invoices and sample files for users to try."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from lxml import etree

from ksefdesk.core.schemas import FA3_NS

CENT = Decimal("0.01")
# P_12 rate -> (net field, VAT field or None) of the invoice summary.
RATE_FIELDS: dict[str, tuple[str, str | None]] = {
    "23": ("P_13_1", "P_14_1"),
    "8": ("P_13_2", "P_14_2"),
    "5": ("P_13_3", "P_14_3"),
    "0 KR": ("P_13_6_1", None),
    "zw": ("P_13_7", None),
}
_FIELD_ORDER = [
    "P_13_1",
    "P_14_1",
    "P_14_1W",
    "P_13_2",
    "P_14_2",
    "P_14_2W",
    "P_13_3",
    "P_14_3",
    "P_14_3W",
    "P_13_6_1",
    "P_13_7",
]


def money(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Line:
    name: str
    quantity: Decimal
    unit_price: Decimal
    rate: str = "23"
    unit: str = "szt."

    @property
    def net(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Entity:
    nip: str
    name: str
    address1: str = "ul. Przykładowa 1"
    address2: str = "00-001 Warszawa"


@dataclass(frozen=True)
class Correction:
    """What a KOR invoice corrects."""

    number: str
    issue_date: date
    ksef_number: str | None = None
    reason: str = "Korekta ceny"


@dataclass
class InvoiceSpec:
    seller: Entity
    buyer: Entity
    number: str
    issue_date: date
    lines: list[Line]
    place: str = "Warszawa"
    currency: str = "PLN"
    exchange_rate: Decimal | None = None  # PLN per unit of ``currency`` for the VAT in PLN
    correction: Correction | None = None
    third_party: Entity | None = None
    third_party_role: int = 2  # 2 = recipient (odbiorca)
    notes: dict[str, str] = field(default_factory=dict)
    system_info: str = "KSeF Desk"


def totals(spec: InvoiceSpec) -> dict[str, Decimal]:
    """The P_13_x / P_14_x sums and P_15, as the invoice states them."""
    sums: dict[str, Decimal] = {}
    for line in spec.lines:
        net_field, vat_field = RATE_FIELDS[line.rate]
        sums[net_field] = sums.get(net_field, Decimal(0)) + line.net
        if vat_field:
            vat = (line.net * Decimal(line.rate) / 100).quantize(CENT, rounding=ROUND_HALF_UP)
            sums[vat_field] = sums.get(vat_field, Decimal(0)) + vat
    if spec.currency != "PLN" and spec.exchange_rate:
        for vat_field in [k for k in sums if k.startswith("P_14_")]:
            sums[vat_field + "W"] = (sums[vat_field] * spec.exchange_rate).quantize(CENT, rounding=ROUND_HALF_UP)
    sums["P_15"] = sum((v for k, v in sums.items() if not k.endswith("W")), Decimal(0))
    return sums


def build_invoice(spec: InvoiceSpec, *, created: datetime | None = None) -> bytes:
    ns = FA3_NS

    def add(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
        element = etree.SubElement(parent, f"{{{ns}}}{name}", attrs)
        if text is not None:
            element.text = text
        return element

    def party(parent_name: str, entity: Entity) -> etree._Element:
        element = add(root, parent_name)
        ident = add(element, "DaneIdentyfikacyjne")
        add(ident, "NIP", entity.nip)
        add(ident, "Nazwa", entity.name)
        address = add(element, "Adres")
        add(address, "KodKraju", "PL")
        add(address, "AdresL1", entity.address1)
        add(address, "AdresL2", entity.address2)
        return element

    root = etree.Element(f"{{{ns}}}Faktura", nsmap={None: ns})
    header = add(root, "Naglowek")
    add(header, "KodFormularza", "FA", kodSystemowy="FA (3)", wersjaSchemy="1-0E")
    add(header, "WariantFormularza", "3")
    add(header, "DataWytworzeniaFa", (created or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    add(header, "SystemInfo", spec.system_info)
    party("Podmiot1", spec.seller)
    buyer = party("Podmiot2", spec.buyer)
    add(buyer, "JST", "2")
    add(buyer, "GV", "2")
    if spec.third_party:
        third = party("Podmiot3", spec.third_party)
        add(third, "Rola", str(spec.third_party_role))

    fa = add(root, "Fa")
    add(fa, "KodWaluty", spec.currency)
    add(fa, "P_1", spec.issue_date.isoformat())
    add(fa, "P_1M", spec.place)
    add(fa, "P_2", spec.number)
    add(fa, "P_6", spec.issue_date.isoformat())
    sums = totals(spec)
    for name in _FIELD_ORDER:
        if name in sums:
            add(fa, name, money(sums[name]))
    add(fa, "P_15", money(sums["P_15"]))
    notes = add(fa, "Adnotacje")
    for name in ("P_16", "P_17", "P_18", "P_18A"):
        add(notes, name, "2")
    add(add(notes, "Zwolnienie"), "P_19N", "1")
    add(add(notes, "NoweSrodkiTransportu"), "P_22N", "1")
    add(notes, "P_23", "2")
    add(add(notes, "PMarzy"), "P_PMarzyN", "1")
    if spec.correction:
        add(fa, "RodzajFaktury", "KOR")
        add(fa, "PrzyczynaKorekty", spec.correction.reason)
        add(fa, "TypKorekty", "2")
        corrected = add(fa, "DaneFaKorygowanej")
        add(corrected, "DataWystFaKorygowanej", spec.correction.issue_date.isoformat())
        add(corrected, "NrFaKorygowanej", spec.correction.number)
        if spec.correction.ksef_number:
            add(corrected, "NrKSeF", "1")
            add(corrected, "NrKSeFFaKorygowanej", spec.correction.ksef_number)
        else:
            add(corrected, "NrKSeFN", "1")
    else:
        add(fa, "RodzajFaktury", "VAT")
    for key, value in spec.notes.items():
        description = add(fa, "DodatkowyOpis")
        add(description, "Klucz", key)
        add(description, "Wartosc", value)
    for number, line in enumerate(spec.lines, start=1):
        row = add(fa, "FaWiersz")
        add(row, "NrWierszaFa", str(number))
        add(row, "P_7", line.name)
        add(row, "P_8A", line.unit)
        add(row, "P_8B", str(line.quantity))
        add(row, "P_9A", money(line.unit_price))
        add(row, "P_11", money(line.net))
        add(row, "P_12", line.rate)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return data

"""FA(3) purchase invoices with payment terms (Platnosc), built for the payment tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from lxml import etree

from ksefdesk.core.fa3_build import Entity, InvoiceSpec, Line, build_invoice
from ksefdesk.core.schemas import FA3_NS

_N = f"{{{FA3_NS}}}"


def nrb(bank_and_account: str) -> str:
    """A valid Polish NRB (26 digits) for 24 digits of bank and account number: the check digits computed."""
    assert len(bank_and_account) == 24 and bank_and_account.isdigit()
    check = 98 - int(bank_and_account + "2521" + "00") % 97  # P=25, L=21
    return f"{check:02d}{bank_and_account}"


def purchase_invoice(
    seller: Entity,
    buyer: Entity,
    number: str,
    lines: Sequence[Line],
    *,
    issue_date: date = date(2026, 11, 20),
    account: str | None = None,
    accounts: Sequence[str] = (),
    due: Sequence[date] = (),
    partial: Sequence[Decimal] = (),
    paid: bool = False,
    factor: Entity | None = None,
    factor_account: str | None = None,
    currency: str = "PLN",
    exchange_rate: Decimal | None = None,
    split_payment: bool = False,
) -> bytes:
    spec = InvoiceSpec(seller, buyer, number, issue_date, list(lines), currency=currency, exchange_rate=exchange_rate)
    root = etree.fromstring(build_invoice(spec))
    fa = root.find(f"{_N}Fa")
    assert fa is not None
    if split_payment:
        flag = fa.find(f"{_N}Adnotacje/{_N}P_18A")
        assert flag is not None
        flag.text = "1"
    payment = etree.Element(f"{_N}Platnosc")

    def add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
        element = etree.SubElement(parent, f"{_N}{name}")
        element.text = text
        return element

    if paid:
        add(payment, "Zaplacono", "1")
        add(payment, "DataZaplaty", issue_date.isoformat())
    elif partial:
        add(payment, "ZnacznikZaplatyCzesciowej", "1")
        for amount in partial:
            part = add(payment, "ZaplataCzesciowa")
            add(part, "KwotaZaplatyCzesciowej", f"{amount:.2f}")
            add(part, "DataZaplatyCzesciowej", issue_date.isoformat())
    for day in due:
        add(add(payment, "TerminPlatnosci"), "Termin", day.isoformat())
    add(payment, "FormaPlatnosci", "6")  # przelew
    for number_text in ([account] if account else []) + list(accounts):
        add(add(payment, "RachunekBankowy"), "NrRB", number_text)
    if factor_account:
        add(add(payment, "RachunekBankowyFaktora"), "NrRB", factor_account)
    anchor = fa.findall(f"{_N}FaWiersz")[-1]
    anchor.addnext(payment)
    if factor is not None:
        third = etree.Element(f"{_N}Podmiot3")
        ident = add(third, "DaneIdentyfikacyjne")
        add(ident, "NIP", factor.nip)
        add(ident, "Nazwa", factor.name)
        address = add(third, "Adres")
        add(address, "KodKraju", "PL")
        add(address, "AdresL1", factor.address1)
        add(third, "Rola", "1")
        podmiot2 = root.find(f"{_N}Podmiot2")
        assert podmiot2 is not None
        podmiot2.addnext(third)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))

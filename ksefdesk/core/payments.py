"""Paying a purchase invoice: the bank-transfer data, its title, and the Polish banks' payment QR code.

From 1 January 2027 the buyer puts the invoice's KSeF number, or a collective identifier (IZ) for several
invoices of one seller, in the transfer title (art. 108g of the VAT act). A domestic (Elixir) title holds
at most 140 characters (4 lines of 35).

The payment QR code follows the Polish Bank Association's recommendation for 2D transfer codes:
``NIP|PL|ACCOUNT|AMOUNT|NAME|TITLE|||`` with the payee's 10-digit NIP, the country code, the 26-digit
account (NRB, no ``PL``), the amount in grosze as exactly 6 digits (so at most 9 999,99 zł), the payee's
name up to 20 characters, the title up to 32 characters, and three reserved fields (left empty), at most
160 characters in all, ``|`` never inside a field. A KSeF number or an IZ has 35 characters with its
hyphens, so the code's title holds it without them (32 characters, the same letters and digits): the
copied title keeps the full number.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import segno
from lxml import etree

from ksefdesk.core.errors import Bilingual, Lang, UserError
from ksefdesk.core.fa3 import parse_decimal
from ksefdesk.core.formatting import format_money
from ksefdesk.core.xml_safety import parse_untrusted

ELIXIR_TITLE_MAX = 140
QR_NAME_MAX = 20
QR_TITLE_MAX = 32
QR_MAX_GROSZE = 999_999  # six digits
QR_TEXT_MAX = 160
WHITE_LIST_THRESHOLD = Decimal("15000")  # PLN: above it, an account off the list costs the VAT deduction
CENT = Decimal("0.01")
COLLECTIVE_ID = re.compile(r"^\d{10}-IZ\d{6}-[0-9A-F]{12}-[0-9A-F]{2}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_IBAN_LENGTHS = {"PL": 28, "DE": 22, "CZ": 24, "SK": 24, "LT": 20, "GB": 22, "FR": 27, "NL": 18, "AT": 20}


def _local(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def _child(parent: etree._Element | None, name: str) -> etree._Element | None:
    if parent is None:
        return None
    for child in parent:
        if isinstance(child.tag, str) and _local(child) == name:
            return child
    return None


def _children(parent: etree._Element | None, name: str) -> list[etree._Element]:
    if parent is None:
        return []
    return [c for c in parent if isinstance(c.tag, str) and _local(c) == name]


def _text(parent: etree._Element | None, path: str) -> str:
    element = parent
    for part in path.split("/"):
        element = _child(element, part)
    return " ".join((element.text or "").split()) if element is not None else ""


def iban_checksum_ok(iban: str) -> bool:
    """ISO 13616 mod-97 check of a compact IBAN (country letters, 2 check digits, the rest)."""
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def normalize_account(text: str) -> str:
    """A compact IBAN: ``PL`` + 26 digits for a Polish account (NRB, given with or without ``PL``), or a
    foreign IBAN as it is. Raises ``payment.bad_account`` when the check digits do not match (a typo)."""
    compact = re.sub(r"[\s\-]", "", text).upper()
    if re.fullmatch(r"\d{26}", compact):
        compact = "PL" + compact
    expected = _IBAN_LENGTHS.get(compact[:2])
    if not iban_checksum_ok(compact) or (expected is not None and len(compact) != expected):
        shown = text.strip()
        raise UserError("payment.bad_account", account=shown if len(shown) <= 40 else shown[:36] + "…")
    return compact


def group_account(iban: str) -> str:
    """``PL61 1090 1014 …`` for reading aloud and comparing by eye; a Polish account as ``61 1090 …``."""
    body = iban[2:] if iban.startswith("PL") else iban
    first, rest = (body[:2], body[2:]) if iban.startswith("PL") else (body[:4], body[4:])
    return " ".join([first, *re.findall(r".{1,4}", rest)])


def clean_text(text: str) -> str:
    """One line of printable text: no control characters, single spaces, NFC (Polish letters composed)."""
    return " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", text)).split())


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def transfer_title(ksef_number: str, invoice_number: str = "") -> str:
    """The KSeF number first (a cut never touches it), then the seller's invoice number, within 140."""
    title = clean_text(ksef_number)
    number = clean_text(invoice_number)
    if number:
        title = _cut(f"{title} {number}", ELIXIR_TITLE_MAX)
    return title


def collective_title(collective_id: str, invoice_numbers: Sequence[str] = ()) -> str:
    """The IZ first, then as many invoice numbers as fit, and ``+N`` for those that do not."""
    title = clean_text(collective_id)
    numbers = [clean_text(n) for n in invoice_numbers if clean_text(n)]
    for index, number in enumerate(numbers):
        rest = len(numbers) - index - 1
        tail = f" +{rest}" if rest else ""
        candidate = f"{title} {number}" if index == 0 else f"{title}, {number}"
        if len(candidate + tail) > ELIXIR_TITLE_MAX:
            return f"{title} +{len(numbers) - index}" if index else title
        title = candidate
    return title


@dataclass(frozen=True)
class TransferData:
    """What a bank needs to pay one purchase invoice (or, with ``collective_id``, several of one seller)."""

    ksef_numbers: tuple[str, ...]
    invoice_numbers: tuple[str, ...]
    payee_name: str
    payee_nip: str
    account: str  # compact IBAN, "" when the invoice names none usable
    currency: str
    gross: Decimal
    paid: Decimal
    amount_due: Decimal
    due_date: date | None
    title: str
    seller_nip: str = ""
    collective_id: str = ""
    to_factor: bool = False  # the invoice names a factor's account: the factor is paid
    split_payment: bool = False  # "mechanizm podzielonej płatności" (P_18A)
    paid_in_full: bool = False  # the invoice itself says it is paid
    other_accounts: tuple[str, ...] = ()
    notes: tuple[Bilingual, ...] = field(default_factory=tuple)

    @property
    def is_pln(self) -> bool:
        return self.currency == "PLN"

    @property
    def ksef_number(self) -> str:
        return self.ksef_numbers[0]

    @property
    def white_list_relevant(self) -> bool:
        """Whether an account off the White List would cost the VAT deduction: over 15 000 PLN (an invoice
        in another currency is treated as over it, its PLN value being unknown here)."""
        return not self.is_pln or self.gross > WHITE_LIST_THRESHOLD

    def amount_text(self, lang: Lang = "pl") -> str:
        return f"{format_money(self.amount_due, lang)} {self.currency}"


def _decimal(text: str) -> Decimal:
    value = parse_decimal(text)
    return value if value is not None else Decimal(0)


def _party(root: etree._Element, element: etree._Element | None) -> tuple[str, str]:
    ident = _child(element, "DaneIdentyfikacyjne")
    return clean_text(_text(ident, "Nazwa")), _text(ident, "NIP")


def transfer_for(xml: bytes, ksef_number: str) -> TransferData:
    """The transfer data of one stored FA(3) invoice. The amount due is P_15 less what the invoice says is
    already paid (Zaplacono, or the sum of ZaplataCzesciowa), in the invoice's currency."""
    root = parse_untrusted(xml)
    fa = _child(root, "Fa")
    if fa is None:
        raise UserError("payment.not_an_invoice")
    seller_name, seller_nip = _party(root, _child(root, "Podmiot1"))
    payment = _child(fa, "Platnosc")
    currency = _text(fa, "KodWaluty") or "PLN"
    gross = _decimal(_text(fa, "P_15"))
    notes: list[Bilingual] = []
    paid_in_full = _text(payment, "Zaplacono") == "1" or _text(payment, "ZnacznikZaplatyCzesciowej") == "2"
    partial = sum(
        (_decimal(_text(p, "KwotaZaplatyCzesciowej")) for p in _children(payment, "ZaplataCzesciowa")), Decimal(0)
    )
    paid = gross if paid_in_full else partial
    due = (gross - paid).quantize(CENT, rounding=ROUND_HALF_UP)
    if paid_in_full:
        notes.append(Bilingual("Faktura podaje, że została już zapłacona.", "The invoice says it is already paid."))
    elif partial:
        notes.append(
            Bilingual(
                f"Z faktury odjęto zapłacone już części: {partial:.2f} {currency}.",
                f"Parts already paid were taken off: {partial:.2f} {currency}.",
            )
        )
    if due <= 0:
        due = Decimal("0.00")
        if gross < 0:
            notes.append(
                Bilingual(
                    "To korekta zmniejszająca: nie ma czego przelewać (zwrot należy się od sprzedawcy).",
                    "This is a reducing correction: there is nothing to transfer (the seller owes a refund).",
                )
            )
    terms = [_text(t, "Termin") for t in _children(payment, "TerminPlatnosci")]
    days = sorted(d for d in (_date(t) for t in terms) if d is not None)
    payee_name, payee_nip = seller_name, seller_nip
    factor_accounts = [_text(a, "NrRB") for a in _children(payment, "RachunekBankowyFaktora")]
    to_factor = any(factor_accounts)
    if to_factor:
        for third in _children(root, "Podmiot3"):
            if _text(third, "Rola") == "1":  # 1 = faktor
                payee_name, payee_nip = _party(root, third)
        notes.append(
            Bilingual(
                "Faktura wskazuje rachunek faktora: zapłata trafia do faktora, nie do sprzedawcy.",
                "The invoice names a factor's account: the payment goes to the factor, not the seller.",
            )
        )
    candidates = factor_accounts if to_factor else [_text(a, "NrRB") for a in _children(payment, "RachunekBankowy")]
    accounts: list[str] = []
    for number in candidates:
        if not number:
            continue
        try:
            accounts.append(normalize_account(number))
        except UserError:
            notes.append(
                Bilingual(
                    f"Numer rachunku {number} z faktury ma błędne cyfry kontrolne (literówka): pominięto go.",
                    f"The account number {number} on the invoice has wrong check digits (a typo): skipped.",
                )
            )
    if not accounts:
        notes.append(
            Bilingual(
                "Faktura nie podaje poprawnego numeru rachunku: weź go z Białej listy lub od sprzedawcy.",
                "The invoice names no valid account: take one from the White List or from the seller.",
            )
        )
    split = _text(_child(fa, "Adnotacje"), "P_18A") == "1"
    if split:
        notes.append(
            Bilingual(
                "Faktura objęta mechanizmem podzielonej płatności: zapłać przelewem MPP w banku.",
                "The invoice falls under the split payment mechanism: pay with your bank's split-payment transfer.",
            )
        )
    if currency != "PLN":
        notes.append(
            Bilingual(
                f"Kwota jest w walucie {currency}, nie w złotych: przelew walutowy (kod QR banków tylko dla PLN).",
                f"The amount is in {currency}, not PLN: a foreign-currency transfer (the bank QR code is PLN only).",
            )
        )
    invoice_number = clean_text(_text(fa, "P_2"))
    return TransferData(
        ksef_numbers=(ksef_number,),
        invoice_numbers=(invoice_number,),
        payee_name=payee_name,
        payee_nip=payee_nip,
        account=accounts[0] if accounts else "",
        currency=currency,
        gross=gross,
        paid=paid,
        amount_due=due,
        due_date=days[0] if days else None,
        title=transfer_title(ksef_number, invoice_number),
        seller_nip=seller_nip,
        to_factor=to_factor,
        split_payment=split,
        paid_in_full=paid_in_full,
        other_accounts=tuple(accounts[1:]),
        notes=tuple(notes),
    )


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def combine(transfers: Sequence[TransferData], collective_id: str) -> TransferData:
    """One transfer for several invoices of ONE seller under a collective identifier: the amounts due add
    up, the earliest due date counts, the title holds the IZ."""
    if len(transfers) < 2:
        raise UserError("payment.collective_needs_two")
    sellers = {t.seller_nip for t in transfers}
    if len(sellers) != 1 or not next(iter(sellers)):
        raise UserError("payment.collective_one_seller", count=len(sellers))
    currencies = {t.currency for t in transfers}
    if len(currencies) != 1:
        raise UserError("payment.collective_one_currency", currencies=", ".join(sorted(currencies)))
    accounts = {t.account for t in transfers if t.account}
    first = transfers[0]
    notes = [n for t in transfers for n in t.notes]
    if len(accounts) > 1:
        notes.append(
            Bilingual(
                "Faktury podają różne rachunki: przelew idzie na rachunek z pierwszej faktury.",
                "The invoices name different accounts: the transfer goes to the first invoice's account.",
            )
        )
    account = first.account or (sorted(accounts)[0] if accounts else "")
    days = sorted(t.due_date for t in transfers if t.due_date is not None)
    numbers = tuple(n for t in transfers for n in t.invoice_numbers)
    unique_notes = tuple(dict.fromkeys(notes))
    return replace(
        first,
        ksef_numbers=tuple(k for t in transfers for k in t.ksef_numbers),
        invoice_numbers=numbers,
        account=account,
        gross=sum((t.gross for t in transfers), Decimal(0)),
        paid=sum((t.paid for t in transfers), Decimal(0)),
        amount_due=sum((t.amount_due for t in transfers), Decimal(0)),
        due_date=days[0] if days else None,
        title=collective_title(collective_id, numbers),
        collective_id=collective_id,
        to_factor=any(t.to_factor for t in transfers),
        split_payment=any(t.split_payment for t in transfers),
        paid_in_full=all(t.paid_in_full for t in transfers),
        other_accounts=tuple(sorted(accounts - {account})),
        notes=unique_notes,
    )


def _qr_field(text: str, limit: int) -> str:
    return clean_text(text).replace("|", "/")[:limit].rstrip()


def qr_title(transfer: TransferData) -> str:
    """The code's title: the KSeF number (or IZ) without hyphens, which makes exactly 32 characters."""
    identifier = transfer.collective_id or transfer.ksef_number
    return identifier.replace("-", "")[:QR_TITLE_MAX]


def qr_unavailable_reason(transfer: TransferData) -> Bilingual | None:
    """Why no payment QR code can be made for this transfer (None: it can)."""
    if not transfer.is_pln:
        return Bilingual(
            "kod QR banków jest tylko dla przelewów w złotych", "the bank QR code is for PLN transfers only"
        )
    if not transfer.account.startswith("PL"):
        return Bilingual("brak polskiego numeru rachunku", "there is no Polish account number")
    if transfer.amount_due <= 0:
        return Bilingual("nie ma kwoty do zapłaty", "there is no amount to pay")
    if int(transfer.amount_due * 100) > QR_MAX_GROSZE:
        return Bilingual(
            "kod QR banków mieści kwoty do 9 999,99 zł: przepisz dane przyciskami Kopiuj",
            "the bank QR code holds amounts up to 9,999.99 PLN: copy the fields with the Copy buttons",
        )
    return None


def qr_text(transfer: TransferData) -> str:
    """The payment code's content, or ``payment.qr_unavailable`` saying why there can be none."""
    reason = qr_unavailable_reason(transfer)
    if reason is not None:
        raise UserError("payment.qr_unavailable", reason=reason)
    nip = transfer.payee_nip if re.fullmatch(r"\d{10}", transfer.payee_nip) else ""
    grosze = int((transfer.amount_due * 100).to_integral_value(rounding=ROUND_HALF_UP))
    fields = [
        nip,
        "PL",
        transfer.account[2:],
        f"{grosze:06d}",
        _qr_field(transfer.payee_name, QR_NAME_MAX),
        qr_title(transfer),
        "",
        "",
        "",
    ]
    text = "|".join(fields)
    assert len(text) <= QR_TEXT_MAX, len(text)  # 10+2+26+6+20+32 plus separators is 104
    return text


def qr_png(text: str, *, scale: int = 6) -> bytes:
    """A PNG of the payment code (error correction M, quiet zone of 4 modules, UTF-8 for Polish letters)."""
    out = io.BytesIO()
    segno.make(text, error="m", micro=False, encoding="utf-8").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()

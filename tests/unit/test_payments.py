"""Transfer data from purchase invoices: account checks, titles, amounts, the banks' payment QR code."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ksefdesk.core import payments
from ksefdesk.core.errors import UserError
from ksefdesk.core.fa3 import check_invoice_bytes
from ksefdesk.core.fa3_build import Entity, Line
from ksefdesk.core.numbers import ksef_number
from tests.payment_helpers import nrb, purchase_invoice
from tests.qr_helpers import decoded_qr

SELLER = Entity("5261040828", "Hurtownia Żółć i Wiśniewski sp. z o.o.")
BUYER = Entity("7251801126", "Piekarnia Kowalski")
ACCOUNT = nrb("109010140000071219812874")  # 61 1090 1014 0000 0712 1981 2874, a well-known valid NRB
KSEF = ksef_number(SELLER.nip, date(2026, 11, 20), "0100001AF629")
LINES = [Line("Papier A4", Decimal(2), Decimal("100.00"))]  # 200 net + 46 VAT = 246.00


def _transfer(**kwargs: object) -> payments.TransferData:
    xml = purchase_invoice(SELLER, BUYER, "FV/1/11/2026", LINES, **kwargs)  # type: ignore[arg-type]
    _, problems = check_invoice_bytes(xml)
    assert problems == []  # the test invoices themselves are valid FA(3)
    return payments.transfer_for(xml, KSEF)


def test_iban_check_digits() -> None:
    assert ACCOUNT == "61109010140000071219812874"
    assert payments.normalize_account("61 1090 1014 0000 0712 1981 2874") == "PL" + ACCOUNT
    assert payments.normalize_account("pl61-1090-1014-0000-0712-1981-2874") == "PL" + ACCOUNT
    assert payments.normalize_account("DE89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    for typo in ("62109010140000071219812874", "61109010140000071219812875", "6110901014000007121981287", "PL61"):
        with pytest.raises(UserError) as caught:
            payments.normalize_account(typo)
        assert caught.value.code == "payment.bad_account"
    assert payments.group_account("PL" + ACCOUNT) == "61 1090 1014 0000 0712 1981 2874"


def test_full_invoice_transfer() -> None:
    t = _transfer(account=ACCOUNT, due=[date(2026, 12, 4)])
    assert (t.payee_name, t.payee_nip, t.account) == (SELLER.name, SELLER.nip, "PL" + ACCOUNT)
    assert t.amount_due == Decimal("246.00") and t.currency == "PLN" and t.is_pln
    assert t.due_date == date(2026, 12, 4)
    assert t.title == f"{KSEF} FV/1/11/2026"
    assert not t.white_list_relevant  # 246 PLN is under 15 000


def test_partial_payments_and_paid_flag_reduce_the_amount() -> None:
    t = _transfer(account=ACCOUNT, partial=[Decimal("46.00"), Decimal("100.50")])
    assert t.paid == Decimal("146.50") and t.amount_due == Decimal("99.50")
    assert any("146.50" in n.pl for n in t.notes)
    paid = _transfer(account=ACCOUNT, paid=True)
    assert paid.paid_in_full and paid.amount_due == 0
    with pytest.raises(UserError) as caught:
        payments.qr_text(paid)
    assert caught.value.code == "payment.qr_unavailable"


def test_earliest_due_date_and_bad_account_skipped() -> None:
    t = _transfer(
        account="61109010140000071219812875",  # a typo: skipped with a note
        accounts=["PL" + nrb("124000010000000000001234")],
        due=[date(2026, 12, 30), date(2026, 12, 10)],
    )
    assert t.account == "PL" + nrb("124000010000000000001234")
    assert t.due_date == date(2026, 12, 10)
    assert any("literówka" in n.pl for n in t.notes)


def test_no_account_says_where_to_get_one() -> None:
    t = _transfer()
    assert t.account == "" and any("Białej listy" in n.pl for n in t.notes)


def test_foreign_currency_is_said_plainly_and_has_no_qr() -> None:
    t = _transfer(account=ACCOUNT, currency="EUR", exchange_rate=Decimal("4.25"))
    assert t.currency == "EUR" and not t.is_pln and t.amount_due == Decimal("246.00")
    assert t.amount_text("pl") == "246,00 EUR"
    assert any("EUR" in n.pl and "nie w złotych" in n.pl for n in t.notes)
    assert t.white_list_relevant  # the PLN value is unknown: treated as over the threshold
    assert payments.qr_unavailable_reason(t) is not None


def test_factor_account_pays_the_factor() -> None:
    factor = Entity("5260250274", "Faktor Finanse S.A.")
    account = nrb("114000000000000000009999")
    t = _transfer(account=ACCOUNT, factor=factor, factor_account=account)
    assert t.to_factor and t.account == "PL" + account
    assert (t.payee_name, t.payee_nip) == (factor.name, factor.nip) and t.seller_nip == SELLER.nip


def test_split_payment_is_flagged() -> None:
    assert _transfer(account=ACCOUNT, split_payment=True).split_payment


def test_title_never_exceeds_140_and_keeps_the_ksef_number() -> None:
    long_number = "Faktura-" + "ą" * 200
    title = payments.transfer_title(KSEF, long_number)
    assert len(title) == payments.ELIXIR_TITLE_MAX and title.startswith(KSEF + " Faktura-ąą") and title.endswith("…")
    assert payments.transfer_title(KSEF, "FV\t1\n2026") == f"{KSEF} FV 1 2026"  # no control characters


def test_collective_title_fits_as_many_numbers_as_possible() -> None:
    iz = "5261040828-IZ202612-65ED02180000-E7"
    assert payments.collective_title(iz, ["FV/1", "FV/2"]) == f"{iz} FV/1, FV/2"
    many = [f"FV/{n:04d}/12/2026" for n in range(40)]
    title = payments.collective_title(iz, many)
    assert len(title) <= 140 and title.startswith(iz + " FV/0000/12/2026, ")
    shown = title.count("FV/")
    assert title.endswith(f" +{40 - shown}")


def test_combine_several_invoices_of_one_seller() -> None:
    one = _transfer(account=ACCOUNT, due=[date(2026, 12, 20)])
    two = payments.replace(one, ksef_numbers=("K2",), invoice_numbers=("FV/2",), due_date=date(2026, 12, 5))
    iz = "5261040828-IZ202612-65ED02180000-E7"
    both = payments.combine([one, two], iz)
    assert both.amount_due == Decimal("492.00") and both.due_date == date(2026, 12, 5)
    assert both.title == f"{iz} FV/1/11/2026, FV/2" and both.collective_id == iz
    other = payments.replace(one, seller_nip="1111111111")
    with pytest.raises(UserError) as caught:
        payments.combine([one, other], iz)
    assert caught.value.code == "payment.collective_one_seller"
    eur = payments.replace(one, currency="EUR")
    with pytest.raises(UserError) as caught:
        payments.combine([one, eur], iz)
    assert caught.value.code == "payment.collective_one_currency"
    with pytest.raises(UserError):
        payments.combine([one], iz)


def test_qr_text_follows_the_banks_format() -> None:
    t = _transfer(account=ACCOUNT, partial=[Decimal("0.01")])
    text = payments.qr_text(t)
    fields = text.split("|")
    assert len(fields) == 9 and fields[6:] == ["", "", ""]
    assert fields[0] == SELLER.nip and fields[1] == "PL" and fields[2] == ACCOUNT
    assert fields[3] == "024599"  # 245.99 PLN in grosze, six digits
    assert fields[4] == "Hurtownia Żółć i Wiś" and len(fields[4]) == 20
    assert fields[5] == KSEF.replace("-", "") and len(fields[5]) == 32
    assert len(text) <= 160


def test_qr_refuses_amounts_over_six_digits() -> None:
    big = _transfer(account=ACCOUNT)
    assert payments.qr_text(payments.replace(big, amount_due=Decimal("9999.99"))).split("|")[3] == "999999"
    reason = payments.qr_unavailable_reason(payments.replace(big, amount_due=Decimal("10000.00")))
    assert reason is not None and "9 999,99" in reason.pl


def test_qr_field_separator_cannot_be_smuggled_in_a_name() -> None:
    t = payments.replace(_transfer(account=ACCOUNT), payee_name="A|B|C")
    assert payments.qr_text(t).split("|")[4] == "A/B/C"


def test_qr_png_reads_back_exactly(tmp_path: Path) -> None:
    """Rendered to PNG and read by an independent decoder (zbar), field for field."""
    t = _transfer(account=ACCOUNT, partial=[Decimal("46.00")])
    text = payments.qr_text(t)
    image = tmp_path / "payment.png"
    image.write_bytes(payments.qr_png(text))
    assert decoded_qr(image) == [text]
    assert decoded_qr(image)[0].split("|")[:6] == [
        SELLER.nip,
        "PL",
        ACCOUNT,
        "020000",
        "Hurtownia Żółć i Wiś",
        KSEF.replace("-", ""),
    ]


def test_not_an_invoice() -> None:
    with pytest.raises(UserError) as caught:
        payments.transfer_for(b"<a/>", KSEF)
    assert caught.value.code == "payment.not_an_invoice"

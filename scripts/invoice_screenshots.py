"""Screenshots of issuing invoices in the app (issue 18), in Polish and English: the invoice form with a
three-rate invoice, a correction of an issued invoice, the contractor book and the numbering window.

    QT_QPA_PLATFORM=offscreen python scripts/invoice_screenshots.py

The real app services over a fresh data folder per language (no network: nothing is sent). Polish needs
the compiled translations (scripts/translations.py compile). Writes docs/screenshots/invoice_form_*.png,
invoice_correction_*.png, contractor_book_*.png and invoice_numbering_*.png.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["KSEFDESK_SECRETS"] = "memory"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from ksefdesk.app import build_context
from ksefdesk.core.errors import Lang
from ksefdesk.core.invoice_draft import BuyerId, Line, Party
from ksefdesk.core.models import Environment
from ksefdesk.services.invoicing import SellerDefaults
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.contractor_book import ContractorBook
from ksefdesk.ui.invoice_form import InvoiceForm
from ksefdesk.ui.numbering_dialog import NumberingDialog
from ksefdesk.ui.ui_services import UiServices
from scripts.shots import MAX_H, MAX_W, PrintedErrors, in_each_language, shot

NIP = "5265877635"
TODAY = date(2026, 12, 2)
BUYERS = (
    Party("Hurtownia Spożywcza Żółć i Syn sp. z o.o.", "7251801126", BuyerId.NIP, "ul. Łąkowa 12/4", "90-562 Łódź"),
    Party("Kawiarnia Różana Anna Wiśniewska", "5213017228", BuyerId.NIP, "ul. Kwiatowa 3", "31-001 Kraków"),
    Party("Kunde Handel GmbH", "DE123456789", BuyerId.EU, "Hauptstraße 1", "10115 Berlin", "DE"),
)
LINES = (
    Line("Chleb żytni na zakwasie 800 g", Decimal(120), Decimal("7.50"), "5"),
    Line("Tort urodzinowy na zamówienie", Decimal(2), Decimal("189.00"), "8", discount_percent=Decimal(10)),
    Line("Dowóz towaru (usługa transportowa)", Decimal(1), Decimal("85.00"), "23", "usł."),
)


def invoice_pictures(app: QApplication, lang: Lang, folder: Path) -> None:
    ctx = build_context(str(folder / f"data-{lang}"), lang=lang)
    runner = TaskRunner()
    services = UiServices(ctx, runner, PrintedErrors(lang))
    try:
        ctx.companies.add(NIP, Environment.SANDBOX, name="Piekarnia Kowalski sp. z o.o.")
        defaults = SellerDefaults("ul. Chlebowa 1", "00-001 Warszawa", "PL61109010140000071219812874", "Warszawa")
        ctx.invoicing.save_defaults(NIP, defaults)
        for buyer in BUYERS:
            ctx.invoicing.save_contractor(NIP, buyer)
        draft = replace(ctx.invoicing.new_draft(NIP, TODAY), buyer=BUYERS[0], lines=LINES, notes="Dziękujemy!")
        issued = ctx.invoicing.issue(NIP, draft)  # an earlier invoice: the products, the correction's original

        form = InvoiceForm(services, NIP, replace(draft, notes=""), today=TODAY)
        form.resize(MAX_W, MAX_H)
        form.show()
        shot(app, form, "invoice_form", lang)
        form.close()

        correction = ctx.invoicing.correction_of(NIP, issued.xml, "5265877635-20261202-0100001AF629-AF", TODAY)
        cheaper = (replace(correction.lines[0], unit_price=Decimal("7.00")), *correction.lines[1:])
        assert correction.correction is not None
        reason = "Rabat za terminową płatność" if lang == "pl" else "Discount for paying on time"
        correction = replace(correction, lines=cheaper, correction=replace(correction.correction, reason=reason))
        form = InvoiceForm(services, NIP, correction, today=TODAY)
        form.resize(MAX_W, MAX_H)
        form.show()
        shot(app, form, "invoice_correction", lang)
        form.close()

        book = ContractorBook(services, NIP)
        book.resize(1000, 560)
        book.show()
        shot(app, book, "contractor_book", lang)
        book.close()

        numbering = NumberingDialog(services, NIP, today=TODAY)
        numbering.show()
        shot(app, numbering, "invoice_numbering", lang)
        numbering.close()
    finally:
        runner.wait()
        ctx.close()


if __name__ == "__main__":
    sys.exit(in_each_language(invoice_pictures))

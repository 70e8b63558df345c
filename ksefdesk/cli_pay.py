"""``ksefdesk pay``: transfer data for purchase invoices, the to-pay list, payments for the accountant."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ksefdesk.cli_output import EXIT_OK, EXIT_USAGE, Output
from ksefdesk.core.errors import Bilingual

if TYPE_CHECKING:  # the parser is built at every start, the window's too: payments load when used
    from ksefdesk.app import AppContext
    from ksefdesk.core.payments import TransferData
    from ksefdesk.services.whitelist import CheckResult


def add_parser(commands: Any) -> None:
    pay = commands.add_parser(
        "pay",
        help="pay purchase invoices: transfer data with the KSeF number, the to-pay list, a CSV of payments",
        description="From 1 January 2027 a transfer title must hold the invoice's KSeF number, or a collective"
        " identifier (IZ) for several invoices of one seller: several --ksef-number create one in KSeF.",
    )
    pay.add_argument("--nip", required=True, help="the buying company")
    what = pay.add_mutually_exclusive_group(required=True)
    what.add_argument("--ksef-number", action="append", dest="ksef_numbers", metavar="N", help="repeat for an IZ")
    what.add_argument("--to-pay", action="store_true", help="unpaid purchase invoices, overdue first")
    what.add_argument("--export-csv", metavar="FILE", help="payments as a CSV sheet (UTF-8 with BOM, ';')")
    pay.add_argument("--mark-paid", action="store_true", help="record the invoices as paid (today, by transfer)")
    pay.add_argument("--paid-on", metavar="YYYY-MM-DD", help="the payment's date for --mark-paid")
    pay.add_argument("--no-white-list", action="store_true", help="do not ask the VAT White List")
    pay.add_argument("--dot-decimals", action="store_true", help="CSV amounts as 1234.50 instead of 1234,50")
    pay.add_argument("--json", action="store_true")


def _transfer_json(t: TransferData, verdict: CheckResult | None) -> dict[str, Any]:
    from ksefdesk.core.payments import qr_text, qr_unavailable_reason

    reason = qr_unavailable_reason(t)
    return {
        "ksefNumbers": list(t.ksef_numbers),
        "invoiceNumbers": list(t.invoice_numbers),
        "collectiveIdentifier": t.collective_id or None,
        "payeeName": t.payee_name,
        "payeeNip": t.payee_nip,
        "account": t.account or None,
        "currency": t.currency,
        "amountDue": f"{t.amount_due:.2f}",
        "gross": f"{t.gross:.2f}",
        "paid": f"{t.paid:.2f}",
        "dueDate": t.due_date.isoformat() if t.due_date else None,
        "title": t.title,
        "splitPayment": t.split_payment,
        "toFactor": t.to_factor,
        "qr": qr_text(t) if reason is None else None,
        "qrUnavailable": reason.en if reason else None,
        "whiteList": None
        if verdict is None
        else {
            "verdict": verdict.verdict.value,
            "requestId": verdict.request_id or None,
            "reason": verdict.reason.value if verdict.reason else None,
            "message": verdict.text("en", relevant=t.white_list_relevant),
        },
        "notes": [n.en for n in t.notes],
    }


def _print_transfer(out: Output, t: TransferData, verdict: CheckResult | None) -> None:
    from ksefdesk.core.payments import group_account, qr_text, qr_unavailable_reason

    rows = [
        (Bilingual("Odbiorca", "Payee"), t.payee_name),
        (Bilingual("NIP odbiorcy", "Payee NIP"), t.payee_nip),
        (Bilingual("Rachunek", "Account"), group_account(t.account) if t.account else "—"),
        (Bilingual("Kwota", "Amount"), t.amount_text(out.lang)),
        (Bilingual("Termin", "Due date"), t.due_date.isoformat() if t.due_date else "—"),
        (Bilingual("Tytuł", "Title"), t.title),
    ]
    if t.collective_id:
        rows.insert(0, (Bilingual("Identyfikator zbiorczy", "Collective identifier"), t.collective_id))
    labels = [name.text(out.lang) for name, _ in rows]
    width = max(len(label) for label in labels)
    for label, (_, value) in zip(labels, rows, strict=True):
        out.data(f"{label:<{width}}  {value}")
    reason = qr_unavailable_reason(t)
    if reason is None:
        out.data(f"{Bilingual('Kod QR', 'QR code').text(out.lang):<{width}}  {qr_text(t)}")
    else:
        out.say(f"Kod QR: brak ({reason.pl}).", f"QR code: none ({reason.en}).")
    for note in t.notes:
        out.data("• " + note.text(out.lang))
    if verdict is not None:
        out.data(verdict.text(out.lang, relevant=t.white_list_relevant))


def cmd_pay(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    service = ctx.payments
    company = ctx.companies.get(args.nip)
    if args.export_csv:
        rows = service.export_csv(
            company.nip, Path(args.export_csv), lang=out.lang, polish_numbers=not args.dot_decimals
        )
        out.say(f"CSV: {rows} płatności ({args.export_csv})", f"CSV: {rows} payments ({args.export_csv})")
        return EXIT_OK
    if args.to_pay:
        today = date.today()
        items = service.to_pay(company.nip, today)
        if args.json:
            listed = [
                {
                    "ksefNumber": i.invoice.ksef_number,
                    "invoiceNumber": i.invoice.invoice_number,
                    "sellerNip": i.invoice.seller_nip,
                    "sellerName": i.invoice.seller_name,
                    "amountDue": f"{i.amount_due:.2f}",
                    "currency": i.currency,
                    "dueDate": i.due_date.isoformat() if i.due_date else None,
                    "overdue": i.overdue(today),
                }
                for i in items
            ]
            out.data(json.dumps(listed, ensure_ascii=False, indent=2))
            return EXIT_OK
        if not items:
            out.say("Nie ma niezapłaconych faktur zakupowych.", "There are no unpaid purchase invoices.")
        for i in items:
            due = i.due_date.isoformat() if i.due_date else "—"
            late = Bilingual("  PO TERMINIE", "  OVERDUE").text(out.lang) if i.overdue(today) else ""
            out.data(
                f"{due:<10}  {i.invoice.ksef_number}  {i.amount_due:>12.2f} {i.currency}  "
                f"{i.invoice.seller_name[:40]}{late}"
            )
        return EXIT_OK
    numbers: list[str] = list(dict.fromkeys(args.ksef_numbers))
    paid_on = None
    if args.paid_on:
        try:
            paid_on = date.fromisoformat(args.paid_on)
        except ValueError:
            out.say(
                f"Zła data --paid-on: {args.paid_on} (RRRR-MM-DD).", f"Bad --paid-on date: {args.paid_on} (YYYY-MM-DD)."
            )
            return EXIT_USAGE
    already = [n for n in numbers if n in service.paid_numbers(company.id)]
    if len(numbers) > 1:
        created = service.create_collective(company.nip, numbers)
        transfer = created.transfer
    else:
        transfer = service.transfer(company.nip, numbers[0])
    verdict = None if args.no_white_list else service.check_whitelist(company.nip, transfer)
    if args.mark_paid:
        service.mark_paid(company.nip, transfer.ksef_numbers, paid_at=paid_on, collective_id=transfer.collective_id)
    if args.json:
        body = _transfer_json(transfer, verdict)
        body["markedPaid"] = bool(args.mark_paid)
        body["alreadyPaid"] = already
        out.data(json.dumps(body, ensure_ascii=False, indent=2))
        return EXIT_OK
    if already and not args.mark_paid:
        out.say("Ta faktura jest już oznaczona jako zapłacona.", "This invoice is already marked as paid.")
    _print_transfer(out, transfer, verdict)
    if args.mark_paid:
        count = len(transfer.ksef_numbers)
        out.say(f"Oznaczono jako zapłacone: {count}.", f"Marked as paid: {count}.")
    return EXIT_OK

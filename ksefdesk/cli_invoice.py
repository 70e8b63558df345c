"""``ksefdesk invoice``: issue sales invoices from a JSON file, the same model as the invoice form.

    invoice new --nip NIP --from FILE.json [--no-send] [--json]   number, queue and send (docs/invoice-json.md)
    invoice template --nip NIP [--kind VAT|KOR|ZAL|ROZ]           a new invoice's JSON with the company's defaults
    invoice number --nip NIP [--date YYYY-MM-DD] [--json]         the number the next invoice will get
    invoice series --nip NIP --pattern P [--reset monthly|yearly|never]   the numbering series

``new`` fills an empty seller from the company and its defaults, takes the next number of the series
(unless the file gives one) when the invoice is issued, and sends the outbox (``--no-send``: only queue
it). Exit 1 when the file is not a valid invoice (every problem is named) or KSeF rejects it.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from ksefdesk.cli_output import EXIT_OK, EXIT_USER_ERROR, Output
from ksefdesk.core.errors import Bilingual, UserError
from ksefdesk.core.invoice_draft import DraftFormatError, Kind, draft_from_json, draft_to_json
from ksefdesk.core.nip import normalize_nip

if TYPE_CHECKING:
    from ksefdesk.app import AppContext

MAX_JSON_BYTES = 20_000_000  # 10,000 lines of long names fit; anything larger is not an invoice


def add_parser(commands: Any) -> None:
    invoice = commands.add_parser(
        "invoice",
        help="issue a sales invoice from a JSON file (the invoice form's model) and send it",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    actions = invoice.add_subparsers(dest="invoice_command", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="number, queue and send an invoice described in JSON")
    new.add_argument("--nip", required=True)
    new.add_argument("--from", dest="source", required=True, metavar="FILE.json")
    new.add_argument("--no-send", action="store_true", help="only queue it in the outbox")
    new.add_argument("--json", action="store_true")
    template = actions.add_parser("template", help="print a new invoice's JSON with the company's defaults")
    template.add_argument("--nip", required=True)
    template.add_argument("--kind", choices=[k.value for k in Kind], default="VAT")
    number = actions.add_parser("number", help="the number the next invoice will get (nothing is taken)")
    number.add_argument("--nip", required=True)
    number.add_argument("--date", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD")
    number.add_argument("--json", action="store_true")
    series = actions.add_parser("series", help="set the numbering series, e.g. FV/{nr}/{MM}/{YYYY}")
    series.add_argument("--nip", required=True)
    series.add_argument("--pattern", required=True)
    series.add_argument("--reset", choices=("monthly", "yearly", "never"), default="monthly")


def cmd_invoice(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    nip = normalize_nip(args.nip)
    action = args.invoice_command
    if action == "number":
        number = ctx.invoicing.next_number(nip, args.date or date.today())
        out.data(json.dumps({"nip": nip, "next": number}) if args.json else number)
        return EXIT_OK
    if action == "template":
        draft = ctx.invoicing.new_draft(nip, date.today(), Kind(args.kind))
        out.data(json.dumps(draft_to_json(draft), ensure_ascii=False, indent=2))
        return EXIT_OK
    if action == "series":
        from ksefdesk.services.invoicing import Reset

        chosen = ctx.invoicing.set_series(nip, args.pattern, Reset(args.reset))
        out.say(
            f"Numeracja: {chosen.pattern}; następny numer: {ctx.invoicing.next_number(nip, date.today())}",
            f"Numbering: {chosen.pattern}; next number: {ctx.invoicing.next_number(nip, date.today())}",
        )
        return EXIT_OK
    return _new(ctx, args, out, nip)


def _new(ctx: AppContext, args: argparse.Namespace, out: Output, nip: str) -> int:
    from ksefdesk.cli_auth import read_file

    raw = read_file(args.source)
    if len(raw) > MAX_JSON_BYTES:
        raise UserError(
            "invoice.bad_json",
            file=args.source,
            problems=Bilingual("plik jest większy niż 20 MB", "the file is larger than 20 MB"),
        )
    try:
        draft = draft_from_json(json.loads(raw.decode("utf-8-sig")))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(
            "invoice.bad_json", file=args.source, problems=Bilingual(f"to nie jest JSON ({exc})", f"not JSON ({exc})")
        ) from exc
    except DraftFormatError as exc:
        raise UserError(
            "invoice.bad_json",
            file=args.source,
            problems=Bilingual(
                "; ".join(p.text("pl") for p in exc.problems[:8]), "; ".join(p.text("en") for p in exc.problems[:8])
            ),
        ) from exc
    if not draft.seller.id:  # the seller is the company: its name and defaults
        draft = replace(draft, seller=ctx.invoicing.new_draft(nip, draft.issue_date).seller)
    issued = ctx.invoicing.issue(nip, draft)
    result: dict[str, Any] = {"number": issued.number, "state": issued.item.state.value, "ksefNumber": None}
    rejected = False
    if not args.no_send:
        ctx.sender.send(nip)
        found = ctx.sender.outbox.get(issued.item.id)
        item = found[1] if found else issued.item
        result.update(state=item.state.value, ksefNumber=item.ksef_number, error=item.error_text or None)
        rejected = item.state.value == "rejected"
    if args.json:
        out.data(json.dumps(result, ensure_ascii=False, indent=2))
    elif result["ksefNumber"]:
        out.say(
            f"Wystawiono {issued.number}; numer KSeF: {result['ksefNumber']}",
            f"Issued {issued.number}; KSeF number: {result['ksefNumber']}",
        )
    elif rejected:
        out.say(
            f"KSeF odrzucił {issued.number}: {result['error']}", f"KSeF rejected {issued.number}: {result['error']}"
        )
    else:
        out.say(
            f"Wystawiono {issued.number}; czeka w kolejce do wysłania",
            f"Issued {issued.number}; waiting in the outbox to be sent",
        )
    return EXIT_USER_ERROR if rejected else EXIT_OK

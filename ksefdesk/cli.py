"""Headless commands over the same services as the GUI.

Exit codes: 0 done, 1 a user-facing error (message printed), 2 wrong usage, 70 an internal error
(logged with its traceback; the user sees where the log is).
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence

from ksefdesk import APP_NAME, __version__
from ksefdesk.app import AppContext, build_context
from ksefdesk.cli_output import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, EXIT_USER_ERROR, Output  # noqa: F401
from ksefdesk.core.errors import Bilingual, Cancelled, Lang, UserError, reason_code
from ksefdesk.core.i18n import detect_language
from ksefdesk.core.models import Company, Environment

CARD_PIN_ENV = "KSEFDESK_CARD_PIN"  # for scripts; the PIN is never stored
log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ksefdesk",
        description=f"{APP_NAME}: KSeF e-invoicing on your desktop. Without a command the window opens.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="keep all data, settings and logs in DIR")
    parser.add_argument("--verbose", "-v", action="store_true", help="also log to the console")
    parser.add_argument("--lang", choices=("pl", "en"), help="language of messages (default: system)")
    parser.add_argument(
        "--self-test", action="store_true", help="check that this installation has all it needs, then exit"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("gui", help="open the window (the default)")
    commands.add_parser("info", help="version, folders and the active secret store")

    company = commands.add_parser("company", help="companies (NIP) this app works for")
    company_cmds = company.add_subparsers(dest="company_command", metavar="ACTION", required=True)
    add = company_cmds.add_parser("add", help="add a company")
    add.add_argument("--nip", required=True)
    add.add_argument("--name", default="")
    add.add_argument("--env", required=True, help="sandbox, test, demo or prod")
    add.add_argument("--base-url", help="a custom API address (advanced)")
    listing = company_cmds.add_parser("list", help="list companies")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    remove = company_cmds.add_parser("remove", help="remove a company and its stored credentials")
    remove.add_argument("--nip", required=True)
    keys = remove.add_mutually_exclusive_group()
    keys.add_argument(
        "--backup-keys",
        metavar="DIR",
        help="first save the KSeF certificates' keys as .p12 files here (passphrase: KSEFDESK_KEY_PASSWORD)",
    )
    keys.add_argument("--discard-keys", action="store_true", help="delete keys that have no backup (cannot be undone)")

    auth = commands.add_parser("auth", help="authorize a company with KSeF")
    auth_cmds = auth.add_subparsers(dest="auth_command", metavar="METHOD", required=True)
    request = auth_cmds.add_parser("request", help="download the file to sign (qualified signature)")
    request.add_argument("--nip", required=True)
    request.add_argument("--out", required=True, metavar="FILE")
    request.add_argument("--schema", choices=("2.0", "2.1"), default="2.1", help="AuthTokenRequest version")
    submit = auth_cmds.add_parser("submit", help="send the signed file back")
    submit.add_argument("--nip", required=True)
    submit.add_argument("file", metavar="FILE")
    submit.add_argument(
        "--force", action="store_true", help="send even if the app cannot fully check the signature (KSeF decides)"
    )
    sign = auth_cmds.add_parser("sign", help="sign in with a certificate file on this computer")
    sign.add_argument("--nip", required=True)
    sign.add_argument("--cert", required=True, metavar="FILE", help=".p12/.pfx, or PEM certificate")
    sign.add_argument("--key", metavar="FILE", help="PEM key (when not inside --cert)")
    token_login = auth_cmds.add_parser("token", help="log in with a KSeF token (stdin or KSEF_TOKEN)")
    token_login.add_argument("--nip", required=True)
    token_login.add_argument("--no-remember", action="store_true", help="do not keep the token for renewal")

    status = commands.add_parser("status", help="connection state of every company (renews logins)")
    status.add_argument("--json", action="store_true")
    status.add_argument("--offline", action="store_true", help="show the stored state without contacting KSeF")
    logout = commands.add_parser("logout", help="close the KSeF session and forget its tokens")
    logout.add_argument("--nip", required=True)
    logout.add_argument("--forget-token", action="store_true", help="also forget the stored KSeF token")

    token = commands.add_parser("token", help="KSeF tokens for automatic renewal")
    token_cmds = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    create = token_cmds.add_parser("create", help="create a KSeF token and keep it (printed once)")
    create.add_argument("--nip", required=True)
    create.add_argument(
        "--permission",
        action="append",
        dest="permissions",
        metavar="P",
        help="InvoiceRead, InvoiceWrite, CredentialsRead, ... (default: InvoiceRead InvoiceWrite)",
    )
    create.add_argument("--description", default="")
    tokens = token_cmds.add_parser("list", help="KSeF tokens of the company")
    tokens.add_argument("--nip", required=True)
    tokens.add_argument("--json", action="store_true")
    revoke = token_cmds.add_parser("revoke", help="revoke a KSeF token (default: the one this app keeps)")
    revoke.add_argument("--nip", required=True)
    revoke.add_argument("--ref", help="the token's reference number")

    sync = commands.add_parser("sync", help="receive new invoices from KSeF (all companies or one)")
    sync.add_argument("--nip")
    sync.add_argument("--json", action="store_true")
    send = commands.add_parser("send", help="send FA(3) sales invoices to KSeF (with UPO)")
    send.add_argument("--nip", required=True)
    send.add_argument("files", nargs="*", metavar="FILE", help="invoice XML files (none: resume the outbox)")
    send.add_argument("--json", action="store_true")
    invoices = commands.add_parser("invoices", help="invoices stored on this computer")
    invoices.add_argument("--nip")
    invoices.add_argument("--json", action="store_true")

    export = commands.add_parser("export", help="original XML files per NIP/year/month, and a CSV for the accountant")
    export.add_argument("--nip", required=True)
    export.add_argument("--out", required=True, metavar="DIR", help="folder for the XML files")
    export.add_argument("--csv", metavar="FILE", help="also write a CSV sheet (UTF-8 with BOM, ';')")
    export.add_argument("--dot-decimals", action="store_true", help="amounts as 1234.50 instead of 1234,50")
    pdf = commands.add_parser("pdf", help="invoices (with KOD I) or UPOs as one A4 PDF; works offline")
    pdf.add_argument("files", nargs="+", metavar="FILE", help="FA(3) invoice or UPO XML files")
    pdf.add_argument("--env", default="test", help="test, demo or prod: the KSeF whose QR links to use")
    pdf.add_argument("--out", required=True, metavar="FILE.pdf")
    pdf.add_argument("--ksef-number", metavar="N", help="the invoice's KSeF number (else the code says OFFLINE)")
    sign_file = commands.add_parser(
        "sign-file", help="sign a KSeF request file on this computer (offline signing workstation)"
    )
    sign_file.add_argument("file", metavar="REQUEST.xml")
    sign_file.add_argument("--out", required=True, metavar="SIGNED.xml")
    sign_with = sign_file.add_mutually_exclusive_group(required=True)
    sign_with.add_argument(
        "--cert", metavar="FILE", help=".p12/.pfx, or PEM with --key (password: KSEFDESK_KEY_PASSWORD)"
    )
    sign_with.add_argument("--pkcs11-module", metavar="M", help="the card's PKCS#11 module (PIN: KSEFDESK_CARD_PIN)")
    sign_file.add_argument("--key", metavar="FILE", help="the PEM key for --cert")
    sign_file.add_argument("--token", metavar="LABEL", help="the card's label (when several are present)")
    verify = commands.add_parser(
        "verify-signature",
        help="check a signed file offline (exit 0 accepted, 1 refused, 3 uncertain)",
        epilog="exit codes: 0 = the signature verifies and KSeF should accept it; 1 = refused (the message says"
        " why and what to do); 3 = uncertain: the app cannot check it fully, KSeF may still accept it"
        " (send it with 'auth submit --force')",
    )
    verify.add_argument("file", metavar="FILE")
    verify.add_argument("--nip")
    verify.add_argument("--challenge")

    sandbox = commands.add_parser(
        "sandbox",
        help="run the local KSeF sandbox server in the foreground",
        description="Prints the KSeF API address to give clients (its path holds a secret that stays across"
        " restarts) and this run's key for the admin switches.",
    )
    sandbox.add_argument(
        "--host", default="127.0.0.1", help="127.0.0.1 = this computer only (default); anything else warns"
    )
    sandbox.add_argument("--port", type=int, default=8765, help="1..65535, 0 = any free port (default 8765)")
    sandbox.add_argument("--data", metavar="DIR", help="sandbox state folder (default: DATA/sandbox)")
    sandbox.add_argument("--nip", help="the NIP to prepare a login kit and seeded invoices for")
    sandbox.add_argument("--seed-invoices", type=int, default=0, metavar="N", help="purchase invoices to the NIP")
    sandbox.add_argument("--rate-scale", type=float, default=1.0, help="1 = production limits, 0 = off")
    sandbox.add_argument("--challenge-ttl", type=float, default=600.0, metavar="S")
    sandbox.add_argument("--access-ttl", type=float, default=900.0, metavar="S")
    sandbox.add_argument("--refresh-ttl", type=float, default=604800.0, metavar="S")
    sandbox.add_argument("--error-rate", type=float, default=0.0, help="share of 5xx answers (0..1)")
    sandbox.add_argument("--latency", type=float, default=0.0, metavar="S", help="added to every request")
    sandbox.add_argument("--drop-rate", type=float, default=0.0, help="share of dropped connections (0..1)")
    sandbox.add_argument("--maintenance", action="store_true", help="answer 503 (maintenance window)")
    sandbox.add_argument(
        "--strict-arithmetic",
        action="store_true",
        help="refuse (450) an invoice whose totals disagree with its lines (KSeF itself does not check them)",
    )
    from ksefdesk.cli_pay import add_parser as add_pay_parser

    add_pay_parser(commands)
    from ksefdesk.cli_readiness import add_parser as add_readiness_parser

    add_readiness_parser(commands)
    from ksefdesk.cli_certs import add_parser as add_certs_parser

    add_certs_parser(commands)
    from ksefdesk.cli_office import add_parser as add_office_parser

    add_office_parser(commands)
    from ksefdesk.cli_invoice import add_parser as add_invoice_parser

    add_invoice_parser(commands)
    return parser


def company_json(company: Company) -> dict[str, object]:
    return {
        "nip": company.nip,
        "name": company.name,
        "environment": company.environment.value,
        "baseUrl": company.base_url,
        "authMethod": company.auth_method.value if company.auth_method else None,
        "status": company.status.value,
        "statusReason": reason_code(company.status_reason),
        "createdAt": company.created_at.isoformat(),
        "updatedAt": company.updated_at.isoformat(),
        "lastSyncAt": company.last_sync_at.isoformat() if company.last_sync_at else None,
    }


# --- commands ------------------------------------------------------------------------------------
def cmd_info(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    out.data(f"{APP_NAME} {__version__}")
    out.say(f"Dane:       {ctx.paths.data}", f"Data:       {ctx.paths.data}")
    out.say(f"Dziennik:   {ctx.log_file}", f"Log:        {ctx.log_file}")
    store = ctx.secrets()
    out.say(f"Sekrety:    {store.describe('pl')}", f"Secrets:    {store.describe('en')}")
    return EXIT_OK


def cmd_company(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    action = args.company_command
    if action == "add":
        environment = Environment.parse(args.env)
        company = ctx.companies.add(args.nip, environment, name=args.name, base_url=args.base_url)
        out.say(
            f"Dodano firmę {company.display_name} (NIP {company.nip}), środowisko {environment.label('pl')}.",
            f"Added company {company.display_name} (NIP {company.nip}), environment {environment.label('en')}.",
        )
        if environment.is_production:
            out.say(
                "Uwaga: PRODUKCJA. Pierwsza wysłana faktura zobowiązuje firmę do wysyłania wszystkich kolejnych"
                " przez KSeF, a wysłanych faktur nie można usunąć, tylko skorygować.",
                "Note: PRODUCTION. The first invoice sent obliges the company to send all later ones through"
                " KSeF, and sent invoices cannot be deleted, only corrected.",
            )
    elif action == "list":
        companies = ctx.companies.list()
        if args.json:
            out.data(json.dumps([company_json(c) for c in companies], ensure_ascii=False, indent=2))
        elif not companies:
            out.say(
                "Nie dodano jeszcze żadnej firmy („ksefdesk company add --nip … --env sandbox”).",
                "No companies yet (“ksefdesk company add --nip … --env sandbox”).",
            )
        else:
            for c in companies:
                out.data(f"{c.nip}  {c.environment.value:<8} {c.status.value:<15} {c.name}")
    elif action == "remove":
        from pathlib import Path

        from ksefdesk.services.company_admin import KeyDecision

        company = ctx.companies.get(args.nip)
        decision = KeyDecision.DISCARD if args.discard_keys else None
        if args.backup_keys and ctx.admin.keys_without_backup(company):
            from ksefdesk.cli_auth import KEY_PASSWORD_ENV

            passphrase = os.environ.get(KEY_PASSWORD_ENV) or (
                getpass.getpass("Backup passphrase / hasło kopii: ") if sys.stdin.isatty() else ""
            )
            for path in ctx.certificates.back_up(company.nip, Path(args.backup_keys), passphrase):
                path.chmod(0o600)
                out.say(f"Kopia klucza: {path}", f"Key backed up to {path}")
            decision = KeyDecision.BACKED_UP
        clients = ctx.companies.clients_of(company.id)
        ctx.admin.remove(company.nip, keys=decision)
        out.say(
            f"Usunięto firmę {company.display_name} (NIP {company.nip}) i jej zapisane dane logowania.",
            f"Removed company {company.display_name} (NIP {company.nip}) and its stored credentials.",
        )
        for client in clients:
            out.say(
                f"Klient {client.display_name} (NIP {client.nip}) nie loguje się już certyfikatem tej firmy.",
                f"Client {client.display_name} (NIP {client.nip}) no longer logs in with this company's certificate.",
            )
    return EXIT_OK


def cmd_sync(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    targets = (
        [ctx.companies.get(args.nip)]
        if args.nip
        else [c for c in ctx.companies.list() if c.status.value != "not_authorized"]
    )
    results: list[dict[str, object]] = []
    failed = 0
    for company in targets:
        try:
            result = ctx.receiver.sync(company.nip)
        except UserError as exc:
            failed += 1
            results.append({"nip": company.nip, "error": exc.code, "message": exc.message(out.lang)})
            if not args.json:
                out.error(exc)
            continue
        results.append(
            {"nip": company.nip, "added": result.total_added, "bySubject": result.added, "packages": result.packages}
        )
        if not args.json:
            out.say(
                f"{company.nip}: nowe faktury: {result.total_added}",
                f"{company.nip}: new invoices: {result.total_added}",
            )
    if args.json:
        out.data(json.dumps(results, ensure_ascii=False, indent=2))
    return EXIT_USER_ERROR if failed else EXIT_OK


def cmd_send(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    from pathlib import Path

    from ksefdesk.cli_auth import read_file

    refused = 0
    for name in args.files:
        try:
            ctx.sender.enqueue(args.nip, Path(name).name, read_file(name))
        except UserError as exc:
            refused += 1
            out.error(exc)
    summary = ctx.sender.send(args.nip)
    if args.json:
        out.data(
            json.dumps(
                {
                    "done": [
                        {"file": i.file_name, "invoiceNumber": i.invoice_number, "ksefNumber": i.ksef_number}
                        for i in summary.done
                    ],
                    "upoPending": [{"file": i.file_name, "ksefNumber": i.ksef_number} for i in summary.upo_pending],
                    "rejected": [
                        {"file": i.file_name, "code": i.error_code, "reason": i.error_text} for i in summary.rejected
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        out.say(
            f"Wysłane z UPO: {len(summary.done)}; wysłane, UPO w drodze: {len(summary.upo_pending)};"
            f" odrzucone: {len(summary.rejected)}",
            f"Sent with UPO: {len(summary.done)}; sent, UPO pending:"
            f" {len(summary.upo_pending)}; rejected: {len(summary.rejected)}",
        )
        for item in summary.rejected:
            out.data(f"  {item.file_name}: KSeF {item.error_code}: {item.error_text}")
    return EXIT_USER_ERROR if refused or summary.rejected else EXIT_OK


def cmd_export(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    from pathlib import Path

    from ksefdesk.services.export import write_csv, write_xml_files

    company = ctx.companies.get(args.nip)
    result = write_xml_files(ctx.invoices, company, Path(args.out))
    out.say(
        f"Pliki XML: zapisane {result.xml_written}, bez zmian {result.xml_unchanged} ({args.out})",
        f"XML files: {result.xml_written} written, {result.xml_unchanged} unchanged ({args.out})",
    )
    if args.csv:
        rows = write_csv(
            ctx.invoices.list(company.id), Path(args.csv), lang=out.lang, polish_numbers=not args.dot_decimals
        )
        out.say(f"CSV: {rows} faktur ({args.csv})", f"CSV: {rows} invoices ({args.csv})")
    return EXIT_OK


def cmd_sign_file(args: argparse.Namespace, out: Output) -> int:
    """Sign here, send elsewhere: the signed file goes back to the computer running the wizard."""
    import os

    from ksefdesk.cli_auth import material_from_files, read_file, write_file
    from ksefdesk.core.auth_request import request_to_sign
    from ksefdesk.core.xades_sign import sign_xml

    document = request_to_sign(read_file(args.file), args.file)
    if args.pkcs11_module:
        from ksefdesk.services.pkcs11_card import sign_with_card

        pin = os.environ.get(CARD_PIN_ENV) or (getpass.getpass("PIN: ") if sys.stdin.isatty() else "")
        signed = sign_with_card(document, args.pkcs11_module, pin, token_label=args.token)
    else:
        material = material_from_files(args.cert, args.key)
        signed = sign_xml(document, material.key, material.certificates)
    target = write_file(args.out, signed)
    out.say(
        f"Podpisano: {target}. Prześlij ten plik w kreatorze na komputerze z KSeF Desk.",
        f"Signed: {target}. Upload this file in the wizard on the computer running KSeF Desk.",
    )
    return EXIT_OK


def cmd_pdf(args: argparse.Namespace, out: Output) -> int:
    import os
    from pathlib import Path

    from ksefdesk.cli_auth import read_file
    from ksefdesk.core.models import Environment
    from ksefdesk.core.preview import file_page

    environment = Environment.parse(args.env)
    if len(args.files) > 1 and args.ksef_number:
        raise UserError("pdf.one_ksef_number")
    pages = [
        file_page(name, read_file(name), environment, out.lang, ksef_number=args.ksef_number, tag=str(n))
        for n, name in enumerate(args.files)
    ]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window: works without a display
    from PySide6.QtGui import QGuiApplication

    from ksefdesk.ui.paper import write_pdf

    app = QGuiApplication.instance() or QGuiApplication(["ksefdesk"])
    sheets = write_pdf(pages, Path(args.out))
    del app
    out.say(f"PDF: {sheets} str. ({args.out})", f"PDF: {sheets} page(s) ({args.out})")
    return EXIT_OK


def cmd_invoices(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    company = ctx.companies.get(args.nip) if args.nip else None
    rows = ctx.invoices.list(company.id if company else None)
    if args.json:
        out.data(
            json.dumps(
                [
                    {
                        "ksefNumber": i.ksef_number,
                        "direction": i.direction.value,
                        "invoiceNumber": i.invoice_number,
                        "issueDate": i.issue_date,
                        "sellerNip": i.seller_nip,
                        "sellerName": i.seller_name,
                        "buyerId": i.buyer_id,
                        # JSON numbers as before: a two-place amount's shortest float repr is its exact digits
                        "netAmount": float(i.net),
                        "vatAmount": float(i.vat),
                        "grossAmount": float(i.gross),
                        "currency": i.currency,
                        "status": i.status,
                    }
                    for i in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    for i in rows:
        out.data(
            f"{i.issue_date}  {i.ksef_number}  {i.direction.value:<11} {i.gross:>12.2f} {i.currency}  "
            f"{i.invoice_number}  {i.seller_name}"
        )
    return EXIT_OK


def _check_sandbox_options(args: argparse.Namespace) -> None:
    """Every option is checked before anything starts (argparse's float() takes nan and inf)."""
    import math

    from ksefdesk.core.errors import Bilingual

    if not 0 <= args.port <= 65535:
        raise UserError("sandbox.port_invalid", port=args.port)
    seconds = Bilingual("liczba sekund większa od 0", "a number of seconds above 0")
    share = Bilingual("ułamek od 0 do 1", "a fraction from 0 to 1")
    checks: list[tuple[str, float, float, float, bool, Bilingual]] = [
        # option, value, low, high, low allowed, what is expected
        (
            "--rate-scale",
            args.rate_scale,
            0,
            1e6,
            True,
            Bilingual("liczba od 0 (bez limitów)", "0 (no limits) or more"),
        ),
        ("--challenge-ttl", args.challenge_ttl, 0, 1e9, False, seconds),
        ("--access-ttl", args.access_ttl, 0, 1e9, False, seconds),
        ("--refresh-ttl", args.refresh_ttl, 0, 1e9, False, seconds),
        ("--error-rate", args.error_rate, 0, 1, True, share),
        ("--drop-rate", args.drop_rate, 0, 1, True, share),
        ("--latency", args.latency, 0, 60, True, Bilingual("liczba sekund od 0 do 60", "seconds from 0 to 60")),
        ("--seed-invoices", args.seed_invoices, 0, 100_000, True, Bilingual("od 0 do 100000", "0 to 100000")),
    ]
    for option, value, low, high, low_ok, expected in checks:
        if not (math.isfinite(value) and (low <= value if low_ok else low < value) and value <= high):
            raise UserError("sandbox.option_invalid", option=option, value=value, expected=expected)
    if args.seed_invoices and not args.nip:
        raise UserError(
            "sandbox.option_invalid",
            option="--seed-invoices",
            value=args.seed_invoices,
            expected=Bilingual("podaj też --nip nabywcy", "give the buyer's --nip too"),
        )


def cmd_sandbox(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    from pathlib import Path

    from ksefdesk.core.models import is_loopback_host
    from ksefdesk.core.nip import normalize_nip
    from ksefsandbox.config import Faults, SandboxConfig
    from ksefsandbox.seed import login_kit, seed_invoices
    from ksefsandbox.server import ListenError, SandboxServer

    _check_sandbox_options(args)
    nip = normalize_nip(args.nip) if args.nip else None
    config = SandboxConfig(
        challenge_ttl_s=args.challenge_ttl,
        access_token_ttl_s=args.access_ttl,
        refresh_token_ttl_s=args.refresh_ttl,
        rate_scale=args.rate_scale,
        strict_arithmetic=args.strict_arithmetic,
    )
    faults = Faults(
        error_rate=args.error_rate, latency_s=args.latency, drop_rate=args.drop_rate, maintenance=args.maintenance
    )
    folder = Path(args.data) if args.data else ctx.paths.data / "sandbox"
    try:
        server = SandboxServer(folder, host=args.host, port=args.port, config=config, faults=faults)
    except ListenError as exc:
        if exc.unknown_host:
            raise UserError("sandbox.host_invalid", host=args.host, reason=exc.strerror or str(exc)) from exc
        raise UserError("sandbox.port_busy", port=args.port, reason=exc.strerror or str(exc)) from exc
    except OSError as exc:  # the folder: a file, no permission, a full disk
        raise UserError("sandbox.folder_unusable", folder=str(folder), reason=exc.strerror or str(exc)) from exc
    # The printed address and key are for the user; the log never gets them.
    ctx.redactor.register(server.sandbox.keys.address_secret)
    ctx.redactor.register(server.admin_key)
    if not is_loopback_host(args.host):
        warning = Bilingual(
            f"UWAGA: piaskownica nasłuchuje na {args.host}, więc mogą się z nią łączyć inne komputery w sieci."
            " Jej adres jest tajny, ale http:// nie jest szyfrowane. Użyj --host 127.0.0.1, jeśli tego nie"
            " potrzebujesz.",
            f"WARNING: the sandbox listens on {args.host}, so other computers on the network can reach it."
            " Its address is secret, but http:// is not encrypted. Use --host 127.0.0.1 unless you need this.",
        )
        print(warning.text(out.lang), file=out.err)
    out.say(f"Piaskownica KSeF działa: {server.base_url}", f"KSeF sandbox running: {server.base_url}")
    out.say(
        f"Przełączniki administracyjne (/_sandbox/…, tylko to uruchomienie): nagłówek X-Sandbox-Admin-Key:"
        f" {server.admin_key}",
        f"Admin switches (/_sandbox/…, this run only): header X-Sandbox-Admin-Key: {server.admin_key}",
    )
    if nip:
        if args.seed_invoices:
            added = seed_invoices(server.sandbox, nip, args.seed_invoices)
            out.say(
                f"Faktury zakupowe dla NIP {nip}: dodano {added}.", f"Purchase invoices for NIP {nip}: {added} added."
            )
        kit = login_kit(server.sandbox, nip)
        ctx.redactor.register(kit.ksef_token)
        ctx.redactor.register(kit.pkcs12_password)
        out.say("Logowanie dla NIP " + nip + ":", "Log in for NIP " + nip + ":")
        out.data(f"  KSeF token:   {kit.ksef_token}")
        out.data(f"  certificate:  {kit.certificate_file}")
        out.data(f"  key:          {kit.key_file}")
        out.data(f"  PKCS#12:      {kit.pkcs12_file} (password: {kit.pkcs12_password})")
    out.say("Ctrl+C kończy pracę.", "Press Ctrl+C to stop.")
    try:
        server.serve_forever()
    finally:
        server.stop()
    return EXIT_OK


Command = Callable[[AppContext, argparse.Namespace, Output], int]


def _elsewhere(module: str, name: str) -> Command:
    """A command kept in another module, imported when it runs: signing, XML and HTTP code stay
    unloaded for the commands (and the window) that do not need them."""

    def command(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
        run_command: Command = getattr(importlib.import_module(module), name)
        return run_command(ctx, args, out)

    return command


COMMANDS: dict[str, Command] = {
    "info": cmd_info,
    "company": cmd_company,
    "sandbox": cmd_sandbox,
    "auth": _elsewhere("ksefdesk.cli_auth", "cmd_auth"),
    "status": _elsewhere("ksefdesk.cli_auth", "cmd_status"),
    "logout": _elsewhere("ksefdesk.cli_auth", "cmd_logout"),
    "token": _elsewhere("ksefdesk.cli_auth", "cmd_token"),
    "cert": _elsewhere("ksefdesk.cli_certs", "cmd_cert"),
    "verify-signature": _elsewhere("ksefdesk.cli_auth", "cmd_verify_signature"),
    "sync": cmd_sync,
    "send": cmd_send,
    "invoices": cmd_invoices,
    "export": cmd_export,
    "pay": _elsewhere("ksefdesk.cli_pay", "cmd_pay"),
    "readiness": _elsewhere("ksefdesk.cli_readiness", "cmd_readiness"),
    "office": _elsewhere("ksefdesk.cli_office", "cmd_office"),
    "invoice": _elsewhere("ksefdesk.cli_invoice", "cmd_invoice"),
}


def terminal_passphrase(creating: bool) -> str | None:
    """Ask on the terminal; None (session-only memory store) when there is no terminal."""
    if not sys.stdin.isatty():
        return None
    if not creating:
        return getpass.getpass("Vault passphrase / hasło sejfu: ")
    first = getpass.getpass("New vault passphrase / nowe hasło sejfu: ")
    if first != getpass.getpass("Repeat / powtórz: "):
        print("Passphrases differ / hasła się różnią", file=sys.stderr)
        return terminal_passphrase(creating)
    return first


def run(argv: Sequence[str], *, out: Output | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    lang: Lang = args.lang or detect_language()
    output = out or Output(lang)
    if args.self_test:
        from ksefdesk.selftest import run_self_test

        return run_self_test(output.data)
    if args.command in (None, "gui"):
        from ksefdesk.ui.launch import run_gui  # Qt is loaded only for the window

        return run_gui(args.data_dir, lang=lang, verbose=args.verbose)
    if args.command in ("pdf", "sign-file"):  # no data folder needed: usable on an offline workstation
        try:
            return (cmd_pdf if args.command == "pdf" else cmd_sign_file)(args, output)
        except UserError as exc:
            output.error(exc)
            return EXIT_USER_ERROR
    ctx: AppContext | None = None
    try:
        ask = terminal_passphrase if sys.stdin.isatty() else None
        ctx = build_context(args.data_dir, lang=lang, verbose=args.verbose, ask_passphrase=ask)
        with ctx.notices.subscribed(output.notice, replay=False):  # KSeF's X-System-Warning, once per message
            return COMMANDS[args.command](ctx, args, output)
    except UserError as exc:
        log.warning("command %s failed: %s [%s] %s", args.command, exc, exc.code, exc.details)
        output.error(exc)
        return EXIT_USER_ERROR
    except (KeyboardInterrupt, Cancelled):  # stopped on request: no error to report
        return 130
    except Exception as exc:
        log.exception("internal error in command %s", args.command)
        log_path = str(ctx.log_file) if ctx else "-"
        output.error(UserError("internal.unexpected", kind=type(exc).__name__, log=log_path))
        return EXIT_INTERNAL
    finally:
        if ctx:
            ctx.close()

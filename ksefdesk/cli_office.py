"""``ksefdesk office``: an accounting office's one KSeF certificate in its clients' contexts.

    office use --office NIP --client NIP [NIP ...]   clients log in with the office's certificate
    office own --client NIP [NIP ...]                 back to their own credentials
    office check --office NIP | --client NIP [--json] log in now, list what the office holds per client
    office grant --nip CLIENT --office NIP [--read] [--write] [--name NAME]   (run by the client)
    office grants --nip CLIENT --office NIP [--json]  what the client's context gives the office
    office revoke --nip CLIENT --office NIP           take it all back

``check`` exits 1 when a client refused the office (the reason is printed per client). ``--json`` of
``check`` prints ``[{"nip", "name", "held": [...], "missing": [...], "granted": bool, "error": str|null}]``.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from ksefdesk.cli_output import EXIT_OK, EXIT_USER_ERROR, Output
from ksefdesk.core.errors import OfficeNotGranted
from ksefdesk.core.nip import normalize_nip

if TYPE_CHECKING:
    from ksefdesk.app import AppContext
    from ksefdesk.services.office import ClientAccess


def add_parser(commands: Any) -> None:
    office = commands.add_parser(
        "office",
        help="accounting office: one KSeF certificate for every client that granted it permissions",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    actions = office.add_subparsers(dest="office_command", metavar="ACTION", required=True)
    use = actions.add_parser("use", help="clients log in with the office's KSeF certificate")
    use.add_argument("--office", required=True, metavar="NIP")
    use.add_argument("--client", required=True, nargs="+", metavar="NIP")
    own = actions.add_parser("own", help="clients log in with their own credentials again")
    own.add_argument("--client", required=True, nargs="+", metavar="NIP")
    check = actions.add_parser("check", help="log in to each client now and show what the office holds there")
    which = check.add_mutually_exclusive_group(required=True)
    which.add_argument("--office", metavar="NIP", help="every client of this office")
    which.add_argument("--client", metavar="NIP", help="one client")
    check.add_argument("--json", action="store_true")
    grant = actions.add_parser("grant", help="(the client) grant the office InvoiceRead and/or InvoiceWrite")
    grant.add_argument("--nip", required=True, help="the client granting, logged in as itself")
    grant.add_argument("--office", required=True, metavar="NIP")
    grant.add_argument("--name", help="the office's full name (KSeF records it with the grant)")
    grant.add_argument("--read", action="store_true", help="InvoiceRead: receive purchase invoices")
    grant.add_argument("--write", action="store_true", help="InvoiceWrite: send sales invoices")
    grants = actions.add_parser("grants", help="(the client) what its context gives the office")
    grants.add_argument("--nip", required=True)
    grants.add_argument("--office", required=True, metavar="NIP")
    grants.add_argument("--json", action="store_true")
    revoke = actions.add_parser("revoke", help="(the client) take back everything granted to the office")
    revoke.add_argument("--nip", required=True)
    revoke.add_argument("--office", required=True, metavar="NIP")


def cmd_office(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    office = ctx.office
    command = args.office_command
    if command in ("use", "own"):
        target = normalize_nip(args.office) if command == "use" else None
        for nip in args.client:
            client = office.use_office(nip, target)
            if target:
                out.say(
                    f"{client.nip}: od następnego logowania certyfikat biura {target}.",
                    f"{client.nip}: logs in with the certificate of office {target} from its next login.",
                )
            else:
                out.say(
                    f"{client.nip}: loguje się własnymi danymi.", f"{client.nip}: logs in with its own credentials."
                )
        if target:
            out.say(
                f"Sprawdź dostęp: ksefdesk office check --office {target}",
                f"Check the access: ksefdesk office check --office {target}",
            )
        return EXIT_OK
    if command == "check":
        found = [office.check_client(args.client)] if args.client else office.check_clients(args.office)
        if args.json:
            out.data(json.dumps([_access_json(a, out) for a in found], ensure_ascii=False, indent=2))
        else:
            for access in found:
                _print_access(ctx, access, out)
            if not found:
                out.say("Biuro nie ma jeszcze klientów.", "The office has no clients yet.")
        return EXIT_OK if all(a.granted for a in found) else EXIT_USER_ERROR
    if command == "grant":
        wanted = [p for p, on in (("InvoiceRead", args.read), ("InvoiceWrite", args.write)) if on]
        held = office.grant(args.nip, normalize_nip(args.office), wanted, office_name=args.name or "")
        scopes = ", ".join(sorted(g.scope for g in held))
        out.say(
            f"Biuro {normalize_nip(args.office)} ma teraz w KSeF: {scopes}.",
            f"The office {normalize_nip(args.office)} now holds in KSeF: {scopes}.",
        )
        return EXIT_OK
    if command == "grants":
        listed = office.grants_to(args.nip, normalize_nip(args.office))
        if args.json:
            rows = [{"id": g.id, "permission": g.scope, "description": g.description} for g in listed]
            out.data(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for g in listed:
                out.data(f"{g.scope:<14} {g.id}  {g.description}")
            if not listed:
                out.say("Biuro nie ma uprawnień w tej firmie.", "The office holds no permissions in this company.")
        return EXIT_OK
    count = office.revoke(args.nip, normalize_nip(args.office))
    out.say(f"Odebrano biuru uprawnienia: {count}.", f"Permissions taken back from the office: {count}.")
    return EXIT_OK


def _access_json(access: ClientAccess, out: Output) -> dict[str, object]:
    return {
        "nip": access.client.nip,
        "name": access.client.name,
        "held": list(access.held),
        "missing": list(access.missing),
        "granted": access.granted,
        "error": access.error.message(out.lang) if access.error else None,
    }


def _print_access(ctx: AppContext, access: ClientAccess, out: Output) -> None:
    client = access.client
    label = f"{client.nip} {client.name}".strip()
    if access.error is not None:
        out.data(f"✗ {label}: {access.error.message(out.lang)}")
        office = ctx.office.office_of(client)
        if office is not None and isinstance(access.error, OfficeNotGranted):
            out.data("  " + ctx.office.what_to_grant(office.nip, access.missing).text(out.lang))
        return
    held = ", ".join(access.held) or "—"
    out.say(f"✓ {label}: biuro ma {held}", f"✓ {label}: the office holds {held}")
    if access.missing:
        missing = ", ".join(access.missing)
        out.say(f"  brakuje: {missing}", f"  missing: {missing}")

"""``ksefdesk cert``: the company's KSeF certificates (silent logins: Authentication; KOD II: Offline).

cert setup --nip N                 enrol what is missing (after a signature login): the 2027 step
cert renew --nip N [--serial S]    renew what ends within 30 days (or that one) while it still logs in
cert backup --nip N --folder DIR   every key as a passphrase-protected .p12 (KSEFDESK_KEY_PASSWORD)
cert import --nip N --file F.p12   a backup back into this app (another computer, a new install)
cert enroll | list | export | revoke
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ksefdesk.cli_output import EXIT_OK, Output
from ksefdesk.core.errors import UserError

if TYPE_CHECKING:
    from ksefdesk.app import AppContext
    from ksefdesk.services.certificates import StoredCertificate

PASSPHRASE_HELP = "passphrase: KSEFDESK_KEY_PASSWORD, or asked on a terminal"
ASK_BACKUP = "Backup passphrase / hasło kopii: "


def add_parser(commands: Any) -> None:
    cert = commands.add_parser("cert", help="KSeF certificates: silent logins (Authentication), KOD II (Offline)")
    actions = cert.add_subparsers(dest="cert_command", metavar="ACTION", required=True)
    setup = actions.add_parser(
        "setup", help="enrol the Authentication and Offline certificates the company lacks (after a signature login)"
    )
    setup.add_argument("--nip", required=True)
    renew = actions.add_parser("renew", help="renew certificates ending within 30 days (no card needed)")
    renew.add_argument("--nip", required=True)
    renew.add_argument("--serial", help="renew this one now, whatever its end date")
    backup = actions.add_parser("backup", help=f"every key of the company as a .p12 in a folder ({PASSPHRASE_HELP})")
    backup.add_argument("--nip", required=True)
    backup.add_argument("--folder", required=True, metavar="DIR")
    imported = actions.add_parser(
        "import", help=f"a .p12 backup of a KSeF certificate into this app ({PASSPHRASE_HELP})"
    )
    imported.add_argument("--nip", required=True)
    imported.add_argument("--file", required=True, metavar="FILE.p12")
    enroll = actions.add_parser("enroll", help="request one KSeF certificate (after a signature login)")
    enroll.add_argument("--nip", required=True)
    enroll.add_argument("--type", choices=("authentication", "offline"), default="authentication")
    enroll.add_argument("--name", help="a name to recognise it by in KSeF")
    listing = actions.add_parser("list", help="KSeF certificates the app holds for the company")
    listing.add_argument("--nip", required=True)
    listing.add_argument("--json", action="store_true")
    export = actions.add_parser("export", help=f"back up one certificate with its key as a .p12 ({PASSPHRASE_HELP})")
    export.add_argument("--nip", required=True)
    export.add_argument("--serial", required=True)
    export.add_argument("--out", required=True, metavar="FILE.p12")
    revoke = actions.add_parser("revoke", help="revoke a KSeF certificate and forget its key")
    revoke.add_argument("--nip", required=True)
    revoke.add_argument("--serial", required=True)


def _passphrase(*, empty_ok: bool = False) -> str:
    """From the environment, else asked on a terminal; without either (a script, a pipe) the user is told
    where to put it rather than that an empty one is too short. ``empty_ok``: a .p12 made elsewhere may
    have no passphrase, and Enter at the prompt says so."""
    from ksefdesk.cli_auth import KEY_PASSWORD_ENV

    passphrase = os.environ.get(KEY_PASSWORD_ENV) or ""
    if not passphrase and sys.stdin.isatty():
        passphrase = getpass.getpass(ASK_BACKUP)
        if not passphrase and empty_ok:
            return ""
    if not passphrase:
        raise UserError("cert.passphrase_missing")
    return passphrase


def _line(certificate: StoredCertificate) -> str:
    return f"{certificate.serial}  {certificate.type:<14} {certificate.valid_to:%Y-%m-%d}"


def cmd_cert(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    from ksefdesk.services.certificates import AUTHENTICATION, OFFLINE

    command = args.cert_command
    certificates = ctx.certificates
    nip = ctx.companies.get(args.nip).nip
    if command == "setup":
        enrolled = certificates.setup(nip)
        if not enrolled:
            out.say("Firma ma już oba certyfikaty KSeF.", "The company already holds both KSeF certificates.")
        for c in enrolled:
            out.say(f"Nowy certyfikat KSeF: {_line(c)}", f"New KSeF certificate: {_line(c)}")
        if enrolled:
            out.say(
                "Od teraz firma loguje się certyfikatem, bez karty. Zrób kopię kluczy: "
                f"ksefdesk cert backup --nip {nip} --folder FOLDER",
                "From now on the company logs in with its certificate, without the card. Back up the keys: "
                f"ksefdesk cert backup --nip {nip} --folder FOLDER",
            )
        return EXIT_OK
    if command == "renew":
        renewed = [certificates.renew(nip, args.serial)] if args.serial else certificates.renew_due(nip)
        if not renewed:
            out.say(
                "Żaden certyfikat nie kończy się w ciągu 30 dni: nie ma czego odnawiać.",
                "No certificate ends within 30 days: nothing to renew.",
            )
        for c in renewed:
            out.say(f"Odnowiono: {_line(c)}", f"Renewed: {_line(c)}")
        return EXIT_OK
    if command == "backup":
        paths = certificates.back_up(nip, Path(args.folder).expanduser(), _passphrase())
        for path in paths:
            path.chmod(0o600)
            out.say(f"Kopia klucza: {path}", f"Key backed up to {path}")
        return EXIT_OK
    if command == "import":
        from ksefdesk.cli_auth import read_file

        data = read_file(args.file)
        stored = certificates.import_pkcs12(nip, data, _passphrase(empty_ok=True), source=args.file)
        out.say(f"Zaimportowano: {_line(stored)}", f"Imported: {_line(stored)}")
        return EXIT_OK
    if command == "enroll":
        kind = AUTHENTICATION if args.type == "authentication" else OFFLINE
        stored = certificates.enroll(nip, kind, name=args.name)
        where = ctx.secret_store_description()
        out.say(
            f"Certyfikat KSeF ({kind}) {stored.serial} ważny do {stored.valid_to:%Y-%m-%d}; klucz: {where}.",
            f"KSeF certificate ({kind}) {stored.serial} valid until {stored.valid_to:%Y-%m-%d}; key: {where}.",
        )
        return EXIT_OK
    if command == "export":
        from ksefdesk.cli_auth import write_file

        passphrase = _passphrase()
        if len(passphrase) < 8:
            raise UserError("cert.weak_passphrase")
        target = write_file(args.out, certificates.export_pkcs12(nip, args.serial, passphrase))
        target.chmod(0o600)
        out.say(f"Kopia certyfikatu z kluczem: {target}", f"Certificate with its key backed up to {target}")
        return EXIT_OK
    if command == "revoke":
        certificates.revoke(nip, args.serial.upper())
        out.say(f"Unieważniono certyfikat {args.serial}.", f"Revoked certificate {args.serial}.")
        return EXIT_OK
    stored_list = certificates.stored(nip)
    if args.json:
        rows = [
            {
                "serial": c.serial,
                "type": c.type,
                "name": c.name,
                "status": c.status,
                "validFrom": c.valid_from.isoformat(),
                "validTo": c.valid_to.isoformat(),
                "backedUp": c.backed_up_at is not None,
            }
            for c in stored_list
        ]
        out.data(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for c in stored_list:
        out.data(f"{c.serial}  {c.type:<14} {c.status:<8} {c.valid_to:%Y-%m-%d}  {c.name}")  # scripts read it
    if not stored_list:
        out.say("Brak certyfikatów KSeF.", "No KSeF certificates.")
    return EXIT_OK

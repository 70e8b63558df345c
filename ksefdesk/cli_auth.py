"""CLI commands for authorization, status, logout, KSeF tokens and offline signature checks."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ksefdesk.app import AppContext
from ksefdesk.cli_output import EXIT_OK, EXIT_USER_ERROR, Output
from ksefdesk.core.errors import Bilingual, Lang, UserError, WrongPassword, reason_code, reason_text
from ksefdesk.core.models import Company, ConnectionStatus
from ksefdesk.core.nip import normalize_nip
from ksefdesk.core.signed_file import SignedAuthRequest, UncertainSignature, inspect_signed_request
from ksefdesk.core.signing_material import SigningMaterial, load_signing_material
from ksefdesk.services.auth import DEFAULT_TOKEN_PERMISSIONS, read_signed_file
from ksefdesk.services.secrets import SecretBackend

log = logging.getLogger(__name__)
EXIT_UNCERTAIN = 3  # verify-signature: the app cannot decide; KSeF may still accept the file
KEY_PASSWORD_ENV = "KSEFDESK_KEY_PASSWORD"
KSEF_TOKEN_ENV = "KSEF_TOKEN"


def read_file(path: str) -> bytes:
    try:
        return Path(path).expanduser().read_bytes()
    except OSError as exc:
        raise UserError("file.unreadable", path=path, reason=exc.strerror or str(exc)) from exc


def material_from_files(cert_path: str, key_path: str | None) -> SigningMaterial:
    """A certificate file (and key) from the command line; the password from KSEFDESK_KEY_PASSWORD, or
    asked on the terminal when the key turns out to need one."""
    cert, key = read_file(cert_path), read_file(key_path) if key_path else None
    password = os.environ.get(KEY_PASSWORD_ENV)
    try:
        return load_signing_material(cert, key, password, cert_path)
    except WrongPassword:
        if password is not None or not sys.stdin.isatty():
            raise
        return load_signing_material(cert, key, getpass.getpass("Key password / hasło klucza: "), cert_path)


def write_file(path: str, data: bytes) -> Path:
    target = Path(path).expanduser()
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise UserError("file.unwritable", path=path, reason=exc.strerror or str(exc)) from exc
    return target


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _warn_if_forgetful(ctx: AppContext, out: Output) -> None:
    if ctx.secrets().backend is SecretBackend.MEMORY:
        out.say(
            "Uwaga: dane logowania są tylko w pamięci i znikną po zakończeniu polecenia (KSEFDESK_SECRETS=memory).",
            "Note: credentials are kept in memory only and vanish when this command ends (KSEFDESK_SECRETS=memory).",
        )


def _connected(out: Output, company: Company) -> None:
    out.say(
        f"Połączono: {company.display_name} (NIP {company.nip}) jest zalogowana w KSeF.",
        f"Connected: {company.display_name} (NIP {company.nip}) is authorized with KSeF.",
    )


def cmd_auth(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    action = args.auth_command
    if action == "request":
        request = ctx.auth.request_document(args.nip, version=args.schema)
        target = write_file(args.out, request.document)
        out.say(f"Zapisano plik do podpisu: {target}", f"File to sign saved: {target}")
        out.say(
            f"Podpisz go podpisem kwalifikowanym w formacie XAdES (otaczany) i wyślij do {_local(request.deadline)}"
            " poleceniem „ksefdesk auth submit”.",
            f"Sign it with your qualified signature as XAdES (enveloped) and send it back before"
            f" {_local(request.deadline)} with “ksefdesk auth submit”.",
        )
        out.data(f"deadline: {request.deadline.isoformat()}")
        return EXIT_OK
    if action == "submit":
        _warn_if_forgetful(ctx, out)

        def uncertain(exc: UncertainSignature) -> None:
            out.say(
                f"Uwaga: {exc.message('pl')} Wysyłam plik mimo to (--force): o przyjęciu podpisu zdecyduje KSeF.",
                f"Note: {exc.message('en')} Sending the file anyway (--force): KSeF will decide on the signature.",
            )

        company = ctx.auth.submit_signed(
            args.nip,
            read_signed_file(args.file),
            force=args.force,
            on_uncertain=uncertain,
            on_checked=lambda signed: _describe(out, signed),
        )
        _connected(out, company)
        out.say(
            "Aby kolejne logowania odnawiały się bez karty, utwórz token: ksefdesk token create --nip " + args.nip,
            "To renew later logins without the card, create a token: ksefdesk token create --nip " + args.nip,
        )
        return EXIT_OK
    if action == "sign":
        material = material_from_files(args.cert, args.key)
        _warn_if_forgetful(ctx, out)
        _connected(out, ctx.auth.sign_in(args.nip, material))
        return EXIT_OK
    token = os.environ.get(KSEF_TOKEN_ENV) or ("" if sys.stdin.isatty() else sys.stdin.read())
    if not token.strip() and sys.stdin.isatty():
        token = getpass.getpass("KSeF token: ")
    _warn_if_forgetful(ctx, out)
    _connected(out, ctx.auth.login_with_token(args.nip, token, remember=not args.no_remember))
    return EXIT_OK


def _reason_text(company: Company, lang: Lang) -> str:
    text = reason_text(company.status_reason)
    return Bilingual(text.pl, text.en).text(lang) if text is not None else ""


def _renew_due(ctx: AppContext, company: Company) -> list[str]:
    """Serials of the certificates renewed now (those ending within 30 days); a failure is told, not fatal."""
    try:
        return [c.serial for c in ctx.certificates.renew_due(company.nip)]
    except UserError as exc:
        log.warning("status: renewing the certificates of %s failed: %s", company.nip, exc.code)
        return []


def _ending_soon(ctx: AppContext, company: Company) -> list[dict[str, str]]:
    """The certificates in use that end within 30 days (the database only)."""
    from ksefdesk.services.certificates import due_for_renewal

    return [
        {"serial": c.serial, "type": c.type, "validTo": c.valid_to.isoformat()}
        for c in due_for_renewal(ctx.certificates.stored(company.nip), datetime.now(UTC))
    ]


def cmd_status(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    rows: list[dict[str, Any]] = []
    for company in ctx.companies.list():
        renewed: list[str] = []
        if not args.offline:
            company = ctx.auth.check(company.nip)
            if company.status is ConnectionStatus.CONNECTED:
                renewed = _renew_due(ctx, company)
        state = ctx.auth.state(company.nip)
        rows.append(
            {
                "nip": company.nip,
                "name": company.name,
                "environment": company.environment.value,
                "authMethod": company.auth_method.value if company.auth_method else None,
                "status": company.status.value,
                "statusReason": reason_code(company.status_reason) or None,
                "statusReasonText": _reason_text(company, out.lang) or None,
                "accessValidUntil": state.access_valid_until.isoformat() if state.access_valid_until else None,
                "refreshValidUntil": state.refresh_valid_until.isoformat() if state.refresh_valid_until else None,
                "hasKsefToken": state.has_ksef_token,
                "certificatesRenewed": renewed,
                "certificatesEndingSoon": _ending_soon(ctx, company),
            }
        )
    if args.json:
        out.data(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not rows:
        out.say("Nie dodano jeszcze żadnej firmy.", "No companies yet.")
    for row in rows:
        reason = f" – {row['statusReasonText']}" if row["statusReasonText"] else ""
        until = f" (until {row['refreshValidUntil'][:16]})" if row["refreshValidUntil"] else ""
        out.data(f"{row['nip']}  {row['environment']:<8} {row['status']}{until}{reason}  {row['name']}")
        for serial in row["certificatesRenewed"]:
            out.say(
                f"  odnowiono certyfikat KSeF: nowy {serial}; stary działa do końca swojej ważności",
                f"  KSeF certificate renewed: the new one is {serial}; the old one works until its end",
            )
        for ending in row["certificatesEndingSoon"]:
            day = ending["validTo"][:10]
            out.say(
                f"  UWAGA: certyfikat KSeF {ending['serial']} ({ending['type']}) kończy się {day}; "
                f"odnów go: ksefdesk cert renew --nip {row['nip']}",
                f"  WARNING: KSeF certificate {ending['serial']} ({ending['type']}) ends on {day}; "
                f"renew it: ksefdesk cert renew --nip {row['nip']}",
            )
    return EXIT_OK


def cmd_logout(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    company = ctx.auth.logout(args.nip, forget_ksef_token=args.forget_token)
    out.say(
        f"Wylogowano {company.display_name} (NIP {company.nip}).",
        f"Logged out {company.display_name} (NIP {company.nip}).",
    )
    return EXIT_OK


def cmd_token(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    action = args.token_command
    if action == "create":
        permissions = tuple(args.permissions or DEFAULT_TOKEN_PERMISSIONS)
        kwargs = {"description": args.description} if args.description else {}
        reference, token = ctx.auth.create_app_token(args.nip, permissions, **kwargs)
        out.say(
            "Utworzono token KSeF (pokazywany tylko raz; KSeF Desk zapamiętał go do odnawiania logowania):",
            "KSeF token created (shown only once; KSeF Desk keeps it to renew the login):",
        )
        out.data(token)
        out.data(f"reference: {reference}")
        return EXIT_OK
    if action == "list":
        tokens = ctx.auth.list_tokens(args.nip)
        if args.json:
            out.data(json.dumps([t.as_json() for t in tokens], ensure_ascii=False, indent=2))
        for item in [] if args.json else tokens:
            granted = ",".join(item.requested_permissions)
            out.data(f"{item.reference_number}  {item.status:<9} {granted}  {item.description}")
        return EXIT_OK
    reference = ctx.auth.revoke_token(args.nip, args.ref)
    out.say(f"Unieważniono token {reference}.", f"Revoked token {reference}.")
    return EXIT_OK


def _describe(out: Output, signed: SignedAuthRequest) -> None:
    out.say(f"Podpisał: {signed.signer_label('pl')}", f"Signed by: {signed.signer_label('en')}")
    for warning in signed.warnings:
        out.say(
            f"Uwaga: {warning.message('pl')} {warning.action('pl')}",
            f"Note: {warning.message('en')} {warning.action('en')}",
        )


def _matches(signed: SignedAuthRequest, args: argparse.Namespace) -> None:
    if args.challenge and signed.challenge != args.challenge:
        raise UserError("signed.wrong_challenge")
    if args.nip and signed.context_value != normalize_nip(args.nip):
        raise UserError("signed.wrong_nip", found=signed.context_value, expected=normalize_nip(args.nip))


def cmd_verify_signature(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    """Exit 0: KSeF should accept the signature; 1: refused (and why); 3: the app cannot decide."""
    data = read_signed_file(args.file)
    try:
        signed = inspect_signed_request(data, now=datetime.now(UTC))
        _matches(signed, args)
    except UncertainSignature as exc:
        if exc.partial is not None:
            try:
                _matches(exc.partial, args)
            except UserError as refusal:
                out.error(refusal)
                return EXIT_USER_ERROR
        out.error(exc)
        if exc.partial is not None:
            _describe(out, exc.partial)
        out.say(
            "Wynik niepewny: KSeF może przyjąć ten plik („ksefdesk auth submit --force” wyśle go mimo to).",
            "Uncertain: KSeF may accept this file (“ksefdesk auth submit --force” sends it anyway).",
        )
        return EXIT_UNCERTAIN
    except UserError as exc:
        out.error(exc)
        return EXIT_USER_ERROR
    _describe(out, signed)
    out.say(
        f"Podpis jest poprawny: NIP {signed.context_value}, wyzwanie {signed.challenge}.",
        f"The signature is valid: NIP {signed.context_value}, challenge {signed.challenge}.",
    )
    return EXIT_OK

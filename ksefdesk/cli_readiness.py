"""``ksefdesk readiness``: will every company still log in on 1 January 2027 and on 1 December 2027?

Information only: the exit code is 0 unless the command itself fails. ``--json`` prints one object
(a stable shape; enum values as in ``ksefdesk/core/readiness.py``, dates as ISO ``YYYY-MM-DD``)::

    {"today": "2026-12-02",
     "ready": 1, "total": 2,
     "companies": [{"nip": "...", "name": "...", "ready": false,
                    "today": "ksef_token",                       # LoginWay
                    "checkpoints": [{"day": "2027-01-01", "way": "token_uncertain"}, ...],
                    "missing": ["auth_certificate", ...],        # Missing
                    "nextStep": "set_up_certificates",           # NextStep
                    "command": "ksefdesk cert setup --nip ...",  # null when nothing is to do
                    "renewBy": "2027-06-01" | null,
                    "certificates": [{"role": "authentication" | "offline" | "office",
                                      "serial": "...", "validTo": "2028-01-01", "backedUp": true}],
                    "officeNip": "..." | null, "officeGranted": true | false | null}],
     "rules": [{"lastDay": "2026-12-31", "status": "law" | "announced", "source": "...", "summary": "..."}]}

``--rules`` prints the token rules with their sources instead of the companies.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from ksefdesk.cli_output import EXIT_OK, Output
from ksefdesk.core.errors import Bilingual, Lang
from ksefdesk.core.formatting import format_date
from ksefdesk.core.readiness import (
    CHECKPOINTS,
    MISSING_TEXT,
    STEP_TEXT,
    TOKEN_RULES,
    WAY_TEXT,
    CertificateFacts,
    NextStep,
    Readiness,
    RuleStatus,
)

if TYPE_CHECKING:  # the parser is built at every start: services load when the command runs
    from ksefdesk.app import AppContext

JSON_HELP = (
    "--json prints {today, ready, total, companies: [{nip, name, ready, today, checkpoints: [{day, way}], missing,"
    " nextStep, command, renewBy, certificates: [{role, serial, validTo, backedUp}], officeNip, officeGranted}],"
    " rules: [{lastDay, status, source, summary}]}; enum values as in core/readiness.py, dates YYYY-MM-DD"
)


def add_parser(commands: Any) -> None:
    readiness = commands.add_parser(
        "readiness",
        help="will each company still log in on 1 Jan 2027 and 1 Dec 2027, and what to do next",
        description="KSeF tokens are law until 31 Dec 2026; later only under an announcement. Shows per company"
        " how it logs in today and on each checkpoint, what is missing and the next step. Always exits 0. " + JSON_HELP,
    )
    readiness.add_argument("--nip", help="one company (default: all)")
    readiness.add_argument("--json", action="store_true", help="machine-readable (see the description)")
    readiness.add_argument("--rules", action="store_true", help="the token rules and their sources")


# The command (or, where none exists, the window's place) that does each step.
def _step_command(item: Readiness) -> Bilingual | None:
    nip = item.facts.nip
    office = item.facts.office_nip
    commands: dict[NextStep, Bilingual | None] = {
        NextStep.CONNECT: Bilingual(
            f"ksefdesk auth request --nip {nip} --out WNIOSEK.xml",
            f"ksefdesk auth request --nip {nip} --out REQUEST.xml",
        ),
        NextStep.ASK_CLIENT_TO_GRANT: _same(f"ksefdesk office check --client {nip}"),  # says what to grant
        NextStep.SET_UP_CERTIFICATES: _same(f"ksefdesk cert setup --nip {office or nip}"),
        NextStep.ADD_OFFLINE_CERTIFICATE: _same(f"ksefdesk cert setup --nip {nip}"),
        NextStep.RENEW_CERTIFICATE: _same(f"ksefdesk cert renew --nip {nip}"),
        NextStep.BACK_UP_KEY: Bilingual(
            f"ksefdesk cert export --nip {nip} --serial {_unsaved(item)} --out PLIK.p12",
            f"ksefdesk cert export --nip {nip} --serial {_unsaved(item)} --out FILE.p12",
        ),
        NextStep.REVOKE_TOKEN: _same(f"ksefdesk token revoke --nip {nip}"),
        NextStep.NONE: None,
    }
    return commands[item.next_step]


def _unsaved(item: Readiness) -> str:
    """The serial of the first held certificate whose key was never saved (``cert export`` takes one)."""
    held = (item.facts.authentication, item.facts.offline)
    return next((c.serial for c in held if c is not None and not c.backed_up), "SERIAL")


def _same(text: str) -> Bilingual:
    return Bilingual(text, text)


def _certificates(item: Readiness) -> list[tuple[str, CertificateFacts]]:
    facts = item.facts
    roles = (("authentication", facts.authentication), ("offline", facts.offline), ("office", facts.office_certificate))
    return [(role, c) for role, c in roles if c is not None]


def _company_json(item: Readiness, lang: Lang) -> dict[str, Any]:
    command = _step_command(item)
    return {
        "nip": item.facts.nip,
        "name": item.facts.name,
        "ready": item.ready,
        "today": item.today.value,
        "checkpoints": [{"day": day.isoformat(), "way": way.value} for day, way in item.checkpoints],
        "missing": [m.value for m in item.missing],
        "nextStep": item.next_step.value,
        "command": command.text(lang) if command else None,
        "renewBy": item.renew_by.isoformat() if item.renew_by else None,
        "certificates": [
            {"role": role, "serial": c.serial, "validTo": c.valid_to.date().isoformat(), "backedUp": c.backed_up}
            for role, c in _certificates(item)
        ],
        "officeNip": item.facts.office_nip,
        "officeGranted": item.facts.office_granted,
    }


def _rules_json(lang: Lang) -> list[dict[str, str]]:
    return [
        {
            "lastDay": r.last_day.isoformat(),
            "status": r.status.value,
            "source": r.source,
            "summary": r.summary.text(lang),
        }
        for r in TOKEN_RULES
    ]


_ROLE = {
    "authentication": Bilingual("certyfikat Authentication", "Authentication certificate"),
    "offline": Bilingual("certyfikat Offline", "Offline certificate"),
    "office": Bilingual("certyfikat biura", "office's certificate"),
}
_STATUS = {RuleStatus.LAW: Bilingual("prawo", "law"), RuleStatus.ANNOUNCED: Bilingual("zapowiedź", "announced")}


def _print_company(item: Readiness, out: Output) -> None:
    lang = out.lang
    facts = item.facts
    mark = Bilingual("gotowa", "ready") if item.ready else Bilingual("NIEGOTOWA", "NOT READY")
    out.data(f"{facts.name} ({facts.nip}) — {mark.text(lang)}")
    out.data(f"  {Bilingual('dziś loguje się', 'logs in today').text(lang)}: {WAY_TEXT[item.today].text(lang)}")
    for day, way in item.checkpoints:
        label = Bilingual("dnia %1", "on %1").text(lang).replace("%1", format_date(day, lang))
        out.data(f"  {label}: {WAY_TEXT[way].text(lang)}")
    if item.missing:
        missing = "; ".join(MISSING_TEXT[m].text(lang) for m in item.missing)
        out.data(f"  {Bilingual('brakuje', 'missing').text(lang)}: {missing}")
    for role, certificate in _certificates(item):
        ends = (
            Bilingual("ważny do %1", "valid until %1").text(lang).replace("%1", format_date(certificate.valid_to, lang))
        )
        saved = (
            ""
            if certificate.backed_up or role == "office"
            else f" ({Bilingual('bez kopii klucza', 'key not backed up').text(lang)})"
        )
        out.data(f"  {_ROLE[role].text(lang)} {certificate.serial}: {ends}{saved}")
    if item.renew_by is not None:
        renew = Bilingual("odnowienie od", "renewal from").text(lang)
        out.data(f"  {renew}: {format_date(item.renew_by, lang)}")
    command = _step_command(item)
    step = STEP_TEXT[item.next_step].text(lang)
    out.data(
        f"  {Bilingual('następny krok', 'next step').text(lang)}: {step}"
        + (f" → {command.text(lang)}" if command else "")
    )


def _print_rules(out: Output) -> None:
    lang = out.lang
    out.say("Zasady dotyczące tokenów KSeF:", "KSeF token rules:")
    for rule in TOKEN_RULES:
        until = Bilingual("do %1", "until %1").text(lang).replace("%1", format_date(rule.last_day, lang))
        out.data(f"- {until} [{_STATUS[rule.status].text(lang)}]: {rule.summary.text(lang)}")
        out.data(f"  {Bilingual('źródło', 'source').text(lang)}: {rule.source}")
    days = ", ".join(format_date(day, lang) for day in CHECKPOINTS)
    out.data(f"{Bilingual('Sprawdzane dni', 'Checked days').text(lang)}: {days}")


def cmd_readiness(ctx: AppContext, args: argparse.Namespace, out: Output) -> int:
    if args.rules and not args.json:
        _print_rules(out)
        return EXIT_OK
    service = ctx.readiness
    today = service.today()
    items = [service.assess(ctx.companies.get(args.nip).nip, today)] if args.nip else service.all(today)
    ready = sum(1 for item in items if item.ready)
    if args.json:
        shape = {
            "today": today.isoformat(),
            "ready": ready,
            "total": len(items),
            "companies": [_company_json(item, out.lang) for item in items],
            "rules": _rules_json(out.lang),
        }
        out.data(json.dumps(shape, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not items:
        out.say(
            "Brak firm. Dodaj firmę: ksefdesk company add --nip NIP",
            "No companies. Add one: ksefdesk company add --nip NIP",
        )
        return EXIT_OK
    for item in items:
        _print_company(item, out)
        out.data("")
    summary = Bilingual("Gotowe na 2027: %1 z %2 firm", "Ready for 2027: %1 of %2 companies").text(out.lang)
    out.data(summary.replace("%1", str(ready)).replace("%2", str(len(items))))
    return EXIT_OK

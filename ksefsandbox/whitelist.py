"""A local stand-in for the Ministry's VAT White List (wl-api.mf.gov.pl), served at the sandbox's root.

Registered taxpayers: every seller of an invoice the sandbox holds (its seeded purchase invoices and
whatever clients sent), each an active VAT payer ("Czynny") with one account derived from its NIP
(``account_for``), plus accounts a test registers with ``register``. Any other account is not on the list.
Answers have the real API's shapes: ``{"result": {"accountAssigned", "requestDateTime", "requestId"}}``
and ``{"result": {"subject": {...} | null, "requestDateTime", "requestId"}}``; errors ``{"code", "message"}``.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from werkzeug.wrappers import Request, Response

from ksefdesk.core.nip import nip_checksum_ok
from ksefsandbox.state import SandboxState

SANDBOX_BANK = "10100000"  # the sort code of the sandbox's pretend bank


def account_for(nip: str) -> str:
    """The 26-digit NRB registered for a seller NIP: fixed bank, account digits from the NIP's hash."""
    digits = str(int(hashlib.sha256(f"sandbox-account-{nip}".encode()).hexdigest(), 16))[-16:].rjust(16, "0")
    body = SANDBOX_BANK + digits
    check = 98 - int(body + "252100") % 97  # the PL IBAN check digits: "PL" = 25 21
    return f"{check:02d}{body}"


def register(state: SandboxState, nip: str, account: str, name: str = "", address: str = "") -> None:
    """Put one more account on the list for ``nip`` (tests: a seller with several accounts), and its
    name and address (a buyer the invoice form fills from the list)."""
    row = state.one("SELECT value FROM testdata WHERE kind = 'whitelist' AND key = ?", (nip,))
    value: dict[str, Any] = json.loads(row["value"]) if row else {"accounts": [], "name": name}
    if account and account not in value["accounts"]:
        value["accounts"].append(account)
    if name:
        value["name"] = name
    if address:
        value["address"] = address
    state.execute(
        "INSERT INTO testdata (kind, key, value) VALUES ('whitelist', ?, ?)"
        " ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value",
        (nip, json.dumps(value)),
    )


def _subject(state: SandboxState, nip: str) -> dict[str, Any] | None:
    seller = state.one("SELECT seller_name FROM invoices WHERE seller_nip = ? LIMIT 1", (nip,))
    extra = state.one("SELECT value FROM testdata WHERE kind = 'whitelist' AND key = ?", (nip,))
    if seller is None and extra is None:
        return None
    added: dict[str, Any] = json.loads(extra["value"]) if extra else {"accounts": []}
    accounts = ([account_for(nip)] if seller is not None else []) + list(added["accounts"])
    return {
        "name": (seller["seller_name"] if seller else "") or added.get("name") or f"Podatnik {nip}",
        "nip": nip,
        "statusVat": "Czynny",
        "regon": None,
        "pesel": None,
        "krs": None,
        "residenceAddress": None,
        "workingAddress": added.get("address") or f"UL. TESTOWA {int(nip[-3:]) or 1}, 00-{nip[-3:]} WARSZAWA",
        "representatives": [],
        "authorizedClerks": [],
        "partners": [],
        "registrationLegalDate": "2019-09-01",
        "registrationDenialBasis": None,
        "registrationDenialDate": None,
        "restorationBasis": None,
        "restorationDate": None,
        "removalBasis": None,
        "removalDate": None,
        "accountNumbers": list(dict.fromkeys(accounts)),
        "hasVirtualAccounts": False,
    }


def _error(code: str, message: str) -> Response:
    return Response(
        json.dumps({"code": code, "message": message}, ensure_ascii=False), 400, mimetype="application/json"
    )


def _ok(result: dict[str, Any]) -> Response:
    result["requestDateTime"] = datetime.now().strftime("%d-%m-%Y %H:%M:%S")
    result["requestId"] = f"{secrets.token_hex(2)}-{secrets.token_hex(4)}"
    return Response(json.dumps({"result": result}, ensure_ascii=False), 200, mimetype="application/json")


def answer(state: SandboxState, request: Request, name: str, params: Mapping[str, Any]) -> Response:
    """``name`` is the rule's endpoint: ``wl-check`` or ``wl-search``."""
    text = request.args.get("date", "")
    if not text:
        return _error("WL-101", "Pole 'data' nie może być puste.")
    try:
        day = date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        day = None
    if day is None:
        return _error("WL-102", "Pole 'data' ma nieprawidłowy format.")
    if day > date.today():
        return _error("WL-103", "Data nie może być datą przyszłą.")
    nip = str(params["nip"])
    if not re.fullmatch(r"\d{10}", nip):
        return _error("WL-114", "Pole 'NIP' ma nieprawidłową długość. Wymagane 10 znaków.")
    if not nip_checksum_ok(nip):
        return _error("WL-115", "Nieprawidłowy NIP.")
    subject = _subject(state, nip)
    if name == "wl-search":
        return _ok({"subject": subject})
    account = str(params.get("account", ""))
    if not re.fullmatch(r"\d{26}", account):
        return _error("WL-107", "Pole 'numer rachunku' ma nieprawidłową długość. Wymagane 26 znaków.")
    assigned = subject is not None and account in subject["accountNumbers"]
    return _ok({"accountAssigned": "TAK" if assigned else "NIE"})

"""Permissions: grants, queries, revocations and their operation status, as KSeF keeps them.

Every grant and revocation is an asynchronous operation (202 + referenceNumber; its status reads 100
for ``PROCESSING_S``, then 200 or a business error code from the contract's table). Its effect is
written at once, so a client that waits for 200 always sees it; a refused operation changes nothing.

The ``grants`` table (filled by /testdata/permissions and the admin switch) stays what a login reads
for the access token's ``per`` claim. Grants made here that let someone work in a NIP context (to a
person, to an entity, selective indirect ones, a subordinate NIP's administrator) add their row there
and a revocation removes it; ``permission_grants`` keeps what KSeF shows about each grant (id, author,
description, subject details). Rows of ``grants`` nobody granted through the API are listed as granted
by ``System``, as KSeF lists ZAW-FA grants.

Not modelled: a general indirect grant (AllPartners) lets nobody log in anywhere new, and contexts
of internal identifiers and EU entities cannot be logged into in the sandbox (login supports Nip).
Owner permissions are not listed (removed in 2.0; 2.9.0's ``Owner`` scope is outside the 2.8.1 enum).
"""

from __future__ import annotations

import json
import re
import threading
import uuid
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from werkzeug.wrappers import Response

from ksefdesk.core.nip import nip_checksum_ok
from ksefdesk.core.numbers import reference_number
from ksefsandbox.api_auth import testdata
from ksefsandbox.context import SandboxContext
from ksefsandbox.identifiers import internal_id_ok, pesel_ok
from ksefsandbox.problems import ApiError, bad_request
from ksefsandbox.routing import Call, Router, json_response
from ksefsandbox.state import SandboxState, iso, now_utc, parse_iso

INVALID = "Błąd walidacji danych wejściowych."
PROCESSING_S = 0.2  # an operation reads 100 this long
RETENTION = timedelta(days=30)  # operation status, then 410 (REFERENCE.md 13, API 2.4.0)
_NAMESPACE = uuid.UUID("5f0c2a8e-3b1d-4c57-9a43-6b7f0e2d9c11")  # permission ids: uuid5 of the grant's key

PERSON_PERMISSIONS = (
    "CredentialsManage",
    "CredentialsRead",
    "InvoiceWrite",
    "InvoiceRead",
    "Introspection",
    "SubunitManage",
    "EnforcementOperations",
    "CollectiveIdentifierManage",
)
PERSONAL_SCOPES = (*PERSON_PERMISSIONS, "VatUeManage")
ENTITY_PERMISSIONS = ("InvoiceWrite", "InvoiceRead", "CollectiveIdentifierManage")
AUTHORIZATIONS = ("SelfInvoicing", "RRInvoicing", "TaxRepresentative", "PefInvoicing")
EU_PERMISSIONS = ("InvoiceWrite", "InvoiceRead")
EU_ADMIN_PERMISSIONS = ("VatUeManage", "InvoiceWrite", "InvoiceRead", "Introspection")
_MANAGE = ("CredentialsManage",)
_READ = ("CredentialsManage", "CredentialsRead")

STATUS_TEXT = {
    100: "Operacja przyjęta do realizacji",
    200: "Operacja zakończona sukcesem",
    410: "Podane identyfikatory są niezgodne lub pozostają w niewłaściwej relacji",
    430: "Kontekst identyfikatora nie odpowiada wymaganej roli lub uprawnieniom",
    440: "Operacja niedozwolona dla wskazanych powiązań identyfikatorów",
    450: "Operacja niedozwolona dla wskazanego identyfikatora lub jego typu",
}
ROLE_TEXT = {
    "CourtBailiff": "Komornik sądowy",
    "EnforcementAuthority": "Organ egzekucyjny",
    "LocalGovernmentUnit": "Nadrzędna jednostka samorządu terytorialnego",
    "VatGroupUnit": "Grupa VAT",
}
_SUBJECT_ROLES = {
    "EnforcementAuthority": "EnforcementAuthority",
    "JST": "LocalGovernmentUnit",
    "VatGroup": "VatGroupUnit",
}

_TABLES = (
    """CREATE TABLE IF NOT EXISTS permission_grants (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, context_type TEXT NOT NULL, context_value TEXT NOT NULL,
        subject_type TEXT NOT NULL, subject_value TEXT NOT NULL, permission TEXT NOT NULL,
        target_type TEXT, target_value TEXT, effective_context TEXT, can_delegate INTEGER NOT NULL DEFAULT 0,
        description TEXT NOT NULL, author_type TEXT NOT NULL, author_value TEXT, details TEXT NOT NULL DEFAULT '{}',
        start_date TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS permission_operations (
        ref TEXT PRIMARY KEY, context_value TEXT NOT NULL, created TEXT NOT NULL, status_code INTEGER NOT NULL,
        status_details TEXT NOT NULL DEFAULT '[]')""",
)
# The sandbox's schema (state.py) is shared; these two tables belong to this module alone.
_ready: weakref.WeakSet[SandboxState] = weakref.WeakSet()
_ready_lock = threading.Lock()


def _state(sandbox: SandboxContext) -> SandboxState:
    state = sandbox.state
    with _ready_lock:
        if state not in _ready:
            for statement in _TABLES:
                state.execute(statement)
            _ready.add(state)
    return state


# --- one grant as KSeF shows it ------------------------------------------------------------------
@dataclass
class Grant:
    id: str
    kind: str  # person, entity, authorization, indirect, subunit, eu-admin, eu
    context_type: str  # where it was granted (the granting context)
    context_value: str
    subject_type: str
    subject_value: str
    permission: str
    target_type: str | None = None
    target_value: str | None = None
    effective_context: str | None = None  # the NIP context a login gets it in (the `grants` row), if any
    can_delegate: bool = False
    description: str = ""
    author_type: str = "System"
    author_value: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    start_date: str = ""

    def row(self) -> dict[str, Any]:
        values = dict(self.__dict__)
        values["can_delegate"] = int(self.can_delegate)
        values["details"] = json.dumps(self.details, ensure_ascii=False)
        return values


def grant_id(*parts: str | None) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(p or "" for p in parts)))


def _grants(sandbox: SandboxContext) -> list[Grant]:
    """Everything granted, orphan ``grants`` rows (no API record says why they exist) included."""
    state = _state(sandbox)
    rows = {
        (r["context_value"], r["subject_type"], r["subject_value"], r["permission"])
        for r in state.all("SELECT * FROM grants")
    }
    records: list[Grant] = []
    covered: set[tuple[str, str, str, str]] = set()
    for row in state.all("SELECT * FROM permission_grants"):
        values = dict(row.values)
        values["can_delegate"] = bool(values["can_delegate"])
        values["details"] = json.loads(values["details"] or "{}")
        grant = Grant(**values)
        if grant.effective_context:
            key = (grant.effective_context, grant.subject_type, grant.subject_value, grant.permission)
            if key not in rows:  # /testdata/permissions/revoke took the row away: the grant is gone
                state.execute("DELETE FROM permission_grants WHERE id = ?", (grant.id,))
                continue
            covered.add(key)
        records.append(grant)
    for key in sorted(rows):
        if key in covered or key[1] not in ("Nip", "Pesel", "Fingerprint"):
            continue
        context, subject_type, subject_value, permission = key
        records.append(
            Grant(
                id=grant_id("person", *key, None, None),
                kind="person",
                context_type="Nip",
                context_value=context,
                subject_type=subject_type,
                subject_value=subject_value,
                permission=permission,
                effective_context=context,
                description="Uprawnienie nadane wnioskiem (dane testowe)",
                start_date=_first_seen(sandbox, "|".join(key)),
            )
        )
    return records


def _first_seen(sandbox: SandboxContext, key: str) -> str:
    """A stable startDate for what the sandbox keeps without one (``grants`` rows, test-data roles)."""
    stamp = testdata(sandbox, "first-seen", key).get("date")
    if isinstance(stamp, str):
        return stamp
    sandbox.state.execute(
        "INSERT OR IGNORE INTO testdata (kind, key, value) VALUES ('first-seen', ?, ?)",
        (key, json.dumps({"date": iso(now_utc())})),
    )
    return str(testdata(sandbox, "first-seen", key).get("date"))


def _save(sandbox: SandboxContext, grant: Grant) -> None:
    """Record a grant (a repeated one replaces the description), and its ``grants`` row for logins."""
    state = _state(sandbox)
    if grant.effective_context:  # first: a record without its row reads as revoked (see _grants)
        state.execute(
            "INSERT OR IGNORE INTO grants (context_value, subject_type, subject_value, permission) VALUES (?, ?, ?, ?)",
            (grant.effective_context, grant.subject_type, grant.subject_value, grant.permission),
        )
    values = grant.row()
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    updates = ", ".join(f"{c} = excluded.{c}" for c in ("description", "can_delegate", "details"))
    state.execute(
        f"INSERT INTO permission_grants ({columns}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET {updates}",
        list(values.values()),
    )


def _remove(sandbox: SandboxContext, grant: Grant) -> None:
    state = _state(sandbox)
    if grant.effective_context:
        key = (grant.effective_context, grant.subject_type, grant.subject_value, grant.permission)
        still = state.one(
            "SELECT id FROM permission_grants WHERE effective_context = ? AND subject_type = ? AND subject_value = ?"
            " AND permission = ? AND id != ?",
            (*key, grant.id),
        )
        if still is None:  # another grant (e.g. an entity one) may still give the same row
            state.execute(
                "DELETE FROM grants WHERE context_value = ? AND subject_type = ? AND subject_value = ?"
                " AND permission = ?",
                key,
            )
    state.execute("DELETE FROM permission_grants WHERE id = ?", (grant.id,))


# --- input checks (21405 like KSeF's validator) --------------------------------------------------
def invalid(detail: str) -> ApiError:
    return bad_request(21405, INVALID, detail)


def _object(body: dict[str, Any], name: str, *, required: bool = True) -> dict[str, Any] | None:
    value = body.get(name)
    if value is None:
        if required:
            raise invalid(f"Pole '{name}' jest wymagane.")
        return None
    if not isinstance(value, dict):
        raise invalid(f"Pole '{name}' musi być obiektem.")
    return value


def _text(body: dict[str, Any], name: str, low: int, high: int, *, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise invalid(f"Pole '{name}' jest wymagane.")
        return None
    if not isinstance(value, str) or not low <= len(value) <= high:
        raise invalid(f"Pole '{name}' musi mieć od {low} do {high} znaków.")
    return value


def _choice(value: Any, allowed: Iterable[str], name: str) -> str:
    options = tuple(allowed)
    if value not in options:
        raise invalid(f"Pole '{name}' musi mieć jedną z wartości: {', '.join(options)}.")
    return str(value)


def _choices(body: dict[str, Any], name: str, allowed: Iterable[str], *, required: bool) -> list[str]:
    value = body.get(name)
    if value is None and not required:
        return []
    if not isinstance(value, list) or (required and not value):
        raise invalid(f"Pole '{name}' musi być niepustą listą." if required else f"Pole '{name}' musi być listą.")
    return sorted({_choice(item, allowed, name) for item in value})


_VAT_UE = re.compile(
    r"(ATU\d{8}|BE[01]\d{9}|BG\d{9,10}|CY\d{8}[A-Z]|CZ\d{8,10}|DE\d{9}|DK\d{8}|EE\d{9}|EL\d{9}"
    r"|ES([A-Z]\d{8}|\d{8}[A-Z]|[A-Z]\d{7}[A-Z])|FI\d{8}|FR[A-Z0-9]{2}\d{9}|HR\d{11}|HU\d{8}"
    r"|IE(\d{7}[A-Z]{2}|\d[A-Z0-9+*]\d{5}[A-Z])|IT\d{11}|LT(\d{9}|\d{12})|LU\d{8}|LV\d{11}|MT\d{8}"
    r"|NL[A-Z0-9+*]{12}|PT\d{9}|RO\d{2,10}|SE\d{12}|SI\d{8}|SK\d{10}|XI((\d{9}|\d{12})|(GD|HA)\d{3}))",
    re.ASCII,
)
_CHECKS: dict[str, Callable[[str], bool]] = {
    "Nip": nip_checksum_ok,
    "Pesel": pesel_ok,
    "Fingerprint": lambda v: re.fullmatch(r"[0-9A-Fa-f]{64}", v) is not None,  # SHA-256 of the certificate
    "InternalId": internal_id_ok,
    "PeppolId": lambda v: re.fullmatch(r"P[A-Z]{2}[0-9]{6}", v) is not None,
    "NipVatUe": lambda v: (
        len(v) > 11 and v[10] == "-" and nip_checksum_ok(v[:10]) and _VAT_UE.fullmatch(v[11:]) is not None
    ),
}


def _identifier(
    body: dict[str, Any], name: str, types: Iterable[str], *, required: bool = True, valueless: Iterable[str] = ()
) -> tuple[str, str | None] | None:
    """(type, value) of an identifier object, the value checked for its type (checksums included)."""
    item = _object(body, name, required=required)
    if item is None:
        return None
    kind = _choice(item.get("type"), (*types, *valueless), f"{name}.type")
    if kind in tuple(valueless):
        return kind, None
    value = item.get("value")
    if not isinstance(value, str) or not _CHECKS[kind](value):
        raise invalid(f"{name}.value: nieprawidłowy identyfikator typu {kind}.")
    return kind, value.upper() if kind == "Fingerprint" else value


def _person_details(body: dict[str, Any], subject_type: str, allowed: Iterable[str]) -> dict[str, Any]:
    """PersonPermissionSubjectDetails / EuEntityPermissionSubjectDetails -> the answer's details."""
    details = _object(body, "subjectDetails")
    assert details is not None
    kind = _choice(details.get("subjectDetailsType"), allowed, "subjectDetails.subjectDetailsType")
    by_fingerprint = kind != "PersonByIdentifier"
    if by_fingerprint != (subject_type == "Fingerprint"):
        raise invalid(f"subjectDetails.subjectDetailsType {kind} nie pasuje do identyfikatora typu {subject_type}.")
    source = {
        "PersonByIdentifier": "personById",
        "PersonByFingerprintWithIdentifier": "personByFpWithId",
        "PersonByFingerprintWithoutIdentifier": "personByFpNoId",
        "EntityByFingerprint": "entityByFp",
    }[kind]
    data = _object(details, source)
    assert data is not None
    if kind == "EntityByFingerprint":
        return {
            "entity": {
                "subjectDetailsType": kind,
                "fullName": _text(data, "fullName", 1, 100),
                "address": _text(data, "address", 1, 512),
            }
        }
    person: dict[str, Any] = {
        "subjectDetailsType": kind,
        "firstName": _text(data, "firstName", 2, 30),
        "lastName": _text(data, "lastName", 2, 81),
    }
    if kind == "PersonByFingerprintWithIdentifier":
        identifier = _identifier(data, "identifier", ("Pesel", "Nip"))
        assert identifier is not None
        person["personIdentifier"] = {"type": identifier[0], "value": identifier[1]}
    if kind == "PersonByFingerprintWithoutIdentifier":
        birth = data.get("birthDate")
        if not isinstance(birth, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", birth):
            raise invalid("personByFpNoId.birthDate: data w formacie RRRR-MM-DD jest wymagana.")
        document = _object(data, "idDocument")
        assert document is not None
        country = _text(document, "country", 2, 2)
        if not (country and country.isascii() and country.isalpha() and country.isupper()):
            raise invalid("idDocument.country: kod kraju ISO 3166-1 alpha-2 (np. PL, DE).")
        person["birthDate"] = birth
        person["idDocument"] = {
            "type": _text(document, "type", 1, 20),
            "number": _text(document, "number", 1, 20),
            "country": country,
        }
    return {"person": person}


def _entity_details(body: dict[str, Any]) -> dict[str, Any]:
    details = _object(body, "subjectDetails")
    assert details is not None
    return {"entity": {"subjectDetailsType": "EntityByIdentifier", "fullName": _text(details, "fullName", 5, 90)}}


# --- context facts ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Caller:
    context: str
    subject_type: str
    subject_value: str
    permissions: frozenset[str]

    @classmethod
    def of(cls, call: Call) -> Caller:
        subject = json.loads(call.claims.get("sud", "{}"))
        return cls(
            call.context,
            str(subject.get("type", "Nip")),
            str(subject.get("value", call.context)),
            frozenset(call.claims.get("per", [])),
        )

    def is_owner(self, sandbox: SandboxContext) -> bool:
        """The context's own NIP, or the PESEL of a sole proprietor's owner (as login decides)."""
        if self.subject_type == "Nip":
            return self.subject_value == self.context
        return (
            self.subject_type == "Pesel" and testdata(sandbox, "person", self.subject_value).get("nip") == self.context
        )

    def is_subject(self, grant: Grant) -> bool:
        return (grant.subject_type, grant.subject_value) == (self.subject_type, self.subject_value)


def roles(sandbox: SandboxContext, context: str) -> list[dict[str, str]]:
    """The context's roles from the test data: /testdata/subject types, a bailiff's JDG (/testdata/person)."""
    found: list[dict[str, str]] = []
    subject = testdata(sandbox, "subject", context)
    role = _SUBJECT_ROLES.get(str(subject.get("subjectType", "")))
    if role:
        found.append({"role": role, "description": str(subject.get("description") or ROLE_TEXT[role])})
    bailiffs = sandbox.state.all(
        "SELECT value FROM testdata WHERE kind = 'person' AND json_extract(value, '$.nip') = ?"
        " AND json_extract(value, '$.isBailiff')",
        (context,),
    )
    if bailiffs:
        found.append({"role": "CourtBailiff", "description": ROLE_TEXT["CourtBailiff"]})
    for item in found:
        if len(item["description"]) < 5:
            item["description"] = ROLE_TEXT[item["role"]]
    return found


def _role_names(sandbox: SandboxContext, context: str) -> set[str]:
    return {r["role"] for r in roles(sandbox, context)}


# --- operations -------------------------------------------------------------------------------------
def _operation(call: Call, code: int, *details: str) -> Response:
    ref = reference_number("EG", now_utc().date())
    _state(call.sandbox).insert(
        "permission_operations",
        {
            "ref": ref,
            "context_value": call.context,
            "created": iso(now_utc()),
            "status_code": code,
            "status_details": json.dumps(list(details), ensure_ascii=False),
        },
    )
    return json_response({"referenceNumber": ref}, 202)


def operation_status(call: Call, referenceNumber: str) -> Response:
    row = _state(call.sandbox).one("SELECT * FROM permission_operations WHERE ref = ?", (referenceNumber,))
    if row is None or row["context_value"] != call.context:
        raise invalid(f"Operacja o numerze referencyjnym {referenceNumber} nie istnieje.")
    created = parse_iso(row["created"]) or now_utc()
    age = now_utc() - created
    if age > RETENTION:
        raise ApiError(410, None, "Operacja wygasła i nie jest już dostępna.")
    code = 100 if age.total_seconds() < PROCESSING_S else int(row["status_code"])
    status: dict[str, Any] = {"code": code, "description": STATUS_TEXT.get(code, "Operacja zakończona niepowodzeniem")}
    details = row.json_of("status_details", [])
    if code != 100 and details:
        status["details"] = details
    return json_response({"status": status})


def _new_grant(call: Call, kind: str, permission: str, subject: tuple[str, str | None], **values: Any) -> Grant:
    caller = Caller.of(call)
    subject_type, subject_value = subject[0], subject[1] or ""
    target = (values.get("target_type"), values.get("target_value"))
    return Grant(
        id=grant_id(
            kind, values.get("effective_context") or call.context, subject_type, subject_value, permission, *target
        ),
        kind=kind,
        context_type=values.pop("context_type", "Nip"),
        context_value=values.pop("context_value", call.context),
        subject_type=subject_type,
        subject_value=subject_value,
        permission=permission,
        author_type=caller.subject_type,
        author_value=caller.subject_value,
        start_date=iso(now_utc()) or "",
        **values,
    )


# --- grants ---------------------------------------------------------------------------------------------
def grant_persons(call: Call) -> Response:
    body = call.json()
    subject = _identifier(body, "subjectIdentifier", ("Nip", "Pesel", "Fingerprint"))
    assert subject is not None
    permissions = _choices(body, "permissions", PERSON_PERMISSIONS, required=True)
    description = _text(body, "description", 5, 256)
    details = _person_details(
        body,
        subject[0],
        ("PersonByIdentifier", "PersonByFingerprintWithIdentifier", "PersonByFingerprintWithoutIdentifier"),
    )
    if "EnforcementOperations" in permissions and not _role_names(call.sandbox, call.context) & {
        "EnforcementAuthority",
        "CourtBailiff",
    }:
        return _operation(call, 430, "EnforcementOperations wymaga roli organu egzekucyjnego lub komornika.")
    for permission in permissions:
        _save(
            call.sandbox,
            _new_grant(
                call,
                "person",
                permission,
                subject,
                effective_context=call.context,
                description=description,
                details=details,
            ),
        )
    return _operation(call, 200)


def grant_entities(call: Call) -> Response:
    body = call.json()
    subject = _identifier(body, "subjectIdentifier", ("Nip",))
    assert subject is not None
    raw = body.get("permissions")
    if not isinstance(raw, list) or not raw or not all(isinstance(p, dict) for p in raw):
        raise invalid("Pole 'permissions' musi być niepustą listą obiektów {type, canDelegate}.")
    wanted = {_choice(p.get("type"), ENTITY_PERMISSIONS, "permissions.type"): p for p in raw}
    for item in wanted.values():
        if item.get("canDelegate") is not None and not isinstance(item["canDelegate"], bool):
            raise invalid("permissions.canDelegate musi mieć wartość true albo false.")
    description = _text(body, "description", 5, 256)
    details = _entity_details(body)
    if subject[1] == call.context:
        return _operation(call, 450, "Nie można nadać uprawnień podmiotowi kontekstu.")
    for permission, item in sorted(wanted.items()):
        grant = _new_grant(
            call,
            "entity",
            permission,
            subject,
            effective_context=call.context,
            description=description,
            details=details,
            can_delegate=bool(item.get("canDelegate")),
        )
        _save(call.sandbox, grant)
    return _operation(call, 200)


def grant_authorizations(call: Call) -> Response:
    body = call.json()
    subject = _identifier(body, "subjectIdentifier", ("Nip", "PeppolId"))
    assert subject is not None
    permission = _choice(body.get("permission"), AUTHORIZATIONS, "permission")
    description = _text(body, "description", 5, 256)
    details = _entity_details(body)
    if subject == ("Nip", call.context):
        return _operation(call, 450, "Nie można nadać uprawnienia podmiotowego samemu sobie.")
    _save(
        call.sandbox, _new_grant(call, "authorization", permission, subject, description=description, details=details)
    )
    return _operation(call, 200)


def grant_indirect(call: Call) -> Response:
    body = call.json()
    subject = _identifier(body, "subjectIdentifier", ("Nip", "Pesel", "Fingerprint"))
    assert subject is not None
    target = _identifier(body, "targetIdentifier", ("Nip", "InternalId"), required=False, valueless=("AllPartners",))
    target = target or ("AllPartners", None)
    permissions = _choices(body, "permissions", ENTITY_PERMISSIONS, required=True)
    description = _text(body, "description", 5, 256)
    details = _person_details(
        body,
        subject[0],
        ("PersonByIdentifier", "PersonByFingerprintWithIdentifier", "PersonByFingerprintWithoutIdentifier"),
    )
    effective = None
    if target[0] == "Nip":
        # Selective: the client must have given this context each permission with the right to pass it on.
        delegable = {
            g.permission
            for g in _grants(call.sandbox)
            if g.kind == "entity"
            and g.context_value == target[1]
            and g.subject_value == call.context
            and g.can_delegate
        }
        missing = sorted(set(permissions) - delegable)
        if missing:
            return _operation(
                call, 440, f"Klient {target[1]} nie nadał z prawem dalszego przekazywania: {', '.join(missing)}."
            )
        effective = target[1]
    for permission in permissions:
        _save(
            call.sandbox,
            _new_grant(
                call,
                "indirect",
                permission,
                subject,
                target_type=target[0],
                target_value=target[1],
                effective_context=effective,
                description=description,
                details=details,
            ),
        )
    return _operation(call, 200)


def grant_subunits(call: Call) -> Response:
    body = call.json()
    subject = _identifier(body, "subjectIdentifier", ("Nip", "Pesel", "Fingerprint"))
    assert subject is not None
    context = _identifier(body, "contextIdentifier", ("InternalId", "Nip"))
    assert context is not None and context[1] is not None
    description = _text(body, "description", 5, 256)
    name = _text(body, "subunitName", 5, 256, required=context[0] == "InternalId")
    details = _person_details(
        body,
        subject[0],
        ("PersonByIdentifier", "PersonByFingerprintWithIdentifier", "PersonByFingerprintWithoutIdentifier"),
    )
    effective = None
    if context[0] == "InternalId":
        if not context[1].startswith(call.context + "-"):
            return _operation(call, 410, "Identyfikator wewnętrzny musi zaczynać się od NIP-u kontekstu.")
    else:
        if not _role_names(call.sandbox, call.context) & {"LocalGovernmentUnit", "VatGroupUnit"}:
            return _operation(call, 430, "Podmiot kontekstu nie jest nadrzędną JST ani grupą VAT.")
        effective = context[1]
    if name:
        details["subunitName"] = name
    _save(
        call.sandbox,
        _new_grant(
            call,
            "subunit",
            "CredentialsManage",
            subject,
            target_type=context[0],
            target_value=context[1],
            effective_context=effective,
            description=description,
            details=details,
        ),
    )
    return _operation(call, 200)


def grant_eu_administration(call: Call) -> Response:
    body = call.json()
    subject = _identifier(body, "subjectIdentifier", ("Fingerprint",))
    assert subject is not None
    context = _identifier(body, "contextIdentifier", ("NipVatUe",))
    assert context is not None and context[1] is not None
    description = _text(body, "description", 5, 256)
    eu_name = _text(body, "euEntityName", 5, 256)
    eu_details = _object(body, "euEntityDetails")
    assert eu_details is not None
    details = _person_details(
        body,
        "Fingerprint",
        ("PersonByFingerprintWithIdentifier", "PersonByFingerprintWithoutIdentifier", "EntityByFingerprint"),
    )
    details["euEntityName"] = eu_name
    details["euEntityDetails"] = {
        "fullName": _text(eu_details, "fullName", 1, 100),
        "address": _text(eu_details, "address", 1, 512),
    }
    if not context[1].startswith(call.context + "-"):
        return _operation(call, 410, "Kontekst złożony musi zaczynać się od NIP-u kontekstu logowania.")
    for permission in EU_ADMIN_PERMISSIONS:
        _save(
            call.sandbox,
            _new_grant(
                call,
                "eu-admin",
                permission,
                subject,
                target_type="NipVatUe",
                target_value=context[1],
                description=description,
                details=details,
            ),
        )
    return _operation(call, 200)


def grant_eu_entities(call: Call) -> Response:
    """Only in a NIP-VAT UE context (VatUeManage); the sandbox's logins are Nip contexts, so this
    answers 403 there, as KSeF would."""
    body = call.json()
    subject = _identifier(body, "subjectIdentifier", ("Fingerprint",))
    assert subject is not None
    permissions = _choices(body, "permissions", EU_PERMISSIONS, required=True)
    description = _text(body, "description", 5, 256)
    details = _person_details(
        body,
        "Fingerprint",
        ("PersonByFingerprintWithIdentifier", "PersonByFingerprintWithoutIdentifier", "EntityByFingerprint"),
    )
    for permission in permissions:
        _save(
            call.sandbox,
            _new_grant(
                call,
                "eu",
                permission,
                subject,
                context_type="NipVatUe",
                target_type="NipVatUe",
                target_value=call.context,
                description=description,
                details=details,
            ),
        )
    return _operation(call, 200)


# --- revocations -------------------------------------------------------------------------------------------
def _checked_id(permission_id: str) -> str:
    if len(permission_id) != 36:
        raise invalid("permissionId musi mieć 36 znaków.")
    return permission_id


def revoke_common(call: Call, permissionId: str) -> Response:
    _checked_id(permissionId)
    for grant in _grants(call.sandbox):
        if grant.id != permissionId or grant.kind == "authorization":
            continue
        if call.context in (grant.context_value, grant.effective_context):
            _remove(call.sandbox, grant)
            return _operation(call, 200)
    raise invalid(f"Uprawnienie {permissionId} nie istnieje w bieżącym kontekście.")


def revoke_authorization(call: Call, permissionId: str) -> Response:
    _checked_id(permissionId)
    for grant in _grants(call.sandbox):
        if grant.id == permissionId and grant.kind == "authorization" and grant.context_value == call.context:
            _remove(call.sandbox, grant)
            return _operation(call, 200)
    raise invalid(f"Uprawnienie podmiotowe {permissionId} nie istnieje w bieżącym kontekście.")


# --- queries ------------------------------------------------------------------------------------------------
def _query_body(call: Call) -> dict[str, Any]:
    return call.json() if call.request.get_data(cache=True) else {}


def _page(call: Call, key: str, items: list[dict[str, Any]]) -> Response:
    """One page (pageOffset is the page number), sorted startDate desc then id asc as the contract says."""
    size = call.query_int("pageSize", 10, 10, 100)
    offset = call.query_int("pageOffset", 0, 0, 1_000_000)
    items = sorted(items, key=lambda i: str(i.get("id", i.get("role", ""))))
    items = sorted(items, key=lambda i: str(i["startDate"]), reverse=True)
    start = offset * size
    return json_response({key: items[start : start + size], "hasMore": len(items) > start + size})


def _filter_identifier(
    body: dict[str, Any], name: str, types: Iterable[str], **kw: Any
) -> tuple[str, str | None] | None:
    return _identifier(body, name, types, required=False, **kw)


def _subject_details(grant: Grant, item: dict[str, Any]) -> None:
    if "person" in grant.details:
        item["subjectPersonDetails"] = grant.details["person"]
    elif "entity" in grant.details:
        item["subjectEntityDetails"] = grant.details["entity"]


def _author(grant: Grant) -> dict[str, Any]:
    if grant.author_type == "System" or not grant.author_value:
        return {"type": "System"}
    return {"type": grant.author_type, "value": grant.author_value}


def _context_of(grant: Grant) -> dict[str, str] | None:
    if grant.kind == "subunit" and grant.target_type and grant.target_value:
        return {"type": grant.target_type, "value": grant.target_value}
    context = grant.effective_context or grant.context_value
    return {"type": "Nip", "value": context} if re.fullmatch(r"\d{10}", context) else None


def _target_of(grant: Grant) -> dict[str, Any] | None:
    if grant.kind != "indirect" or not grant.target_type:
        return None
    if grant.target_type == "AllPartners":
        return {"type": "AllPartners"}
    return {"type": grant.target_type, "value": grant.target_value}


def _states(body: dict[str, Any]) -> None:
    if body.get("permissionState") is not None:
        _choice(body["permissionState"], ("Active", "Inactive"), "permissionState")


def _matches_target(grant: Grant, target: tuple[str, str | None] | None) -> bool:
    if target is None:
        return True
    return grant.kind == "indirect" and (grant.target_type, grant.target_value) == target


def query_personal(call: Call) -> Response:
    body = _query_body(call)
    context = _filter_identifier(body, "contextIdentifier", ("Nip", "InternalId"))
    target = _filter_identifier(body, "targetIdentifier", ("Nip", "InternalId"), valueless=("AllPartners",))
    types = set(_choices(body, "permissionTypes", PERSONAL_SCOPES, required=False))
    _states(body)
    caller = Caller.of(call)
    items: list[dict[str, Any]] = []
    if body.get("permissionState") == "Inactive":
        return _page(call, "permissions", items)  # the sandbox keeps no inactive grants
    for grant in _grants(call.sandbox):
        mine = caller.is_subject(grant) and (
            (grant.kind in ("person", "entity", "subunit") and grant.effective_context == caller.context)
            or (grant.kind == "indirect" and caller.context in (grant.context_value, grant.target_value))
        )
        # An owner also sees what other entities granted the context (entity permissions it received).
        received = caller.is_owner(call.sandbox) and grant.kind == "entity" and grant.subject_value == caller.context
        if not (mine or received) or grant.permission not in PERSONAL_SCOPES:
            continue
        if types and grant.permission not in types:
            continue
        shown_context = {"type": "Nip", "value": grant.context_value} if received else _context_of(grant)
        if context and shown_context != {"type": context[0], "value": context[1]}:
            continue
        if not _matches_target(grant, target):
            continue
        items.append(_person_item(grant, shown_context))
    return _page(call, "permissions", items)


def _person_item(grant: Grant, shown_context: dict[str, str] | None, *, with_author: bool = False) -> dict[str, Any]:
    """One permission as the personal and persons queries list it (the latter also names its author)."""
    item: dict[str, Any] = {
        "id": grant.id,
        "authorizedIdentifier": {"type": grant.subject_type, "value": grant.subject_value},
        "permissionScope": grant.permission,
        "description": grant.description,
        "permissionState": "Active",
        "startDate": grant.start_date,
        "canDelegate": grant.can_delegate,
    }
    if with_author:
        item["authorIdentifier"] = _author(grant)
    if shown_context:
        item["contextIdentifier"] = shown_context
    target_item = _target_of(grant)
    if target_item:
        item["targetIdentifier"] = target_item
    _subject_details(grant, item)
    return item


def query_persons(call: Call) -> Response:
    body = _query_body(call)
    query_type = _choice(
        body.get("queryType"), ("PermissionsInCurrentContext", "PermissionsGrantedInCurrentContext"), "queryType"
    )
    author = _filter_identifier(body, "authorIdentifier", ("Nip", "Pesel", "Fingerprint"), valueless=("System",))
    authorized = _filter_identifier(body, "authorizedIdentifier", ("Nip", "Pesel", "Fingerprint"))
    context = _filter_identifier(body, "contextIdentifier", ("Nip", "InternalId"))
    target = _filter_identifier(body, "targetIdentifier", ("Nip", "InternalId"), valueless=("AllPartners",))
    types = set(_choices(body, "permissionTypes", PERSON_PERMISSIONS, required=False))
    _states(body)
    caller = Caller.of(call)
    items: list[dict[str, Any]] = []
    if body.get("permissionState") == "Inactive":
        return _page(call, "permissions", items)
    for grant in _grants(call.sandbox):
        if grant.permission not in PERSON_PERMISSIONS:
            continue
        if query_type == "PermissionsInCurrentContext":
            wanted = (grant.kind in ("person", "entity") and grant.effective_context == caller.context) or (
                grant.kind == "indirect" and grant.context_value == caller.context
            )
        else:
            wanted = (
                grant.kind in ("person", "entity", "subunit", "indirect")
                and grant.context_value == caller.context
                and (grant.author_type, grant.author_value) == (caller.subject_type, caller.subject_value)
            )
        if not wanted or (types and grant.permission not in types):
            continue
        if author and (author[0] != grant.author_type or (author[1] and author[1] != grant.author_value)):
            continue
        if authorized and authorized != (grant.subject_type, grant.subject_value):
            continue
        shown_context = _context_of(grant)
        if context and shown_context != {"type": context[0], "value": context[1]}:
            continue
        if not _matches_target(grant, target):
            continue
        items.append(_person_item(grant, shown_context, with_author=True))
    return _page(call, "permissions", items)


def query_subunits(call: Call) -> Response:
    body = _query_body(call)
    subunit = _filter_identifier(body, "subunitIdentifier", ("InternalId", "Nip"))
    items = []
    for grant in _grants(call.sandbox):
        if grant.kind != "subunit" or grant.context_value != call.context:
            continue
        if subunit and subunit != (grant.target_type, grant.target_value):
            continue
        item: dict[str, Any] = {
            "id": grant.id,
            "authorizedIdentifier": {"type": grant.subject_type, "value": grant.subject_value},
            "subunitIdentifier": {"type": grant.target_type, "value": grant.target_value},
            "authorIdentifier": {"type": grant.author_type, "value": grant.author_value},
            "permissionScope": "CredentialsManage",
            "description": grant.description,
            "startDate": grant.start_date,
        }
        if "person" in grant.details:
            item["subjectPersonDetails"] = grant.details["person"]
        if grant.details.get("subunitName"):
            item["subunitName"] = grant.details["subunitName"]
        items.append(item)
    return _page(call, "permissions", items)


def query_entities(call: Call) -> Response:
    """Invoice-handling permissions the current context received from other entities."""
    body = _query_body(call)
    context = _filter_identifier(body, "contextIdentifier", ("Nip", "InternalId"))
    items = []
    for grant in _grants(call.sandbox):
        if grant.kind != "entity" or grant.subject_value != call.context:
            continue
        if context and context != ("Nip", grant.context_value):
            continue
        items.append(
            {
                "id": grant.id,
                "contextIdentifier": {"type": "Nip", "value": grant.context_value},
                "permissionScope": grant.permission,
                "description": grant.description,
                "startDate": grant.start_date,
                "canDelegate": grant.can_delegate,
            }
        )
    return _page(call, "permissions", items)


def query_entity_roles(call: Call) -> Response:
    items = [
        {**role, "startDate": _first_seen(call.sandbox, f"role|{call.context}|{role['role']}")}
        for role in roles(call.sandbox, call.context)
    ]
    return _page(call, "roles", items)


def query_subordinate_roles(call: Call) -> Response:
    """Subordinate entities: NIPs whose administrator this (JST / VAT group) context appointed."""
    body = _query_body(call)
    subordinate = _filter_identifier(body, "subordinateEntityIdentifier", ("Nip",))
    own = _role_names(call.sandbox, call.context)
    role = "VatGroupSubUnit" if "VatGroupUnit" in own else "LocalGovernmentSubUnit" if own else ""
    seen: dict[str, dict[str, Any]] = {}
    for grant in _grants(call.sandbox):
        if not role or grant.kind != "subunit" or grant.context_value != call.context or grant.target_type != "Nip":
            continue
        value = str(grant.target_value)
        if subordinate and subordinate[1] != value:
            continue
        seen.setdefault(
            value,
            {
                "subordinateEntityIdentifier": {"type": "Nip", "value": value},
                "role": role,
                "description": f"Podmiot podrzędny {call.context}",
                "startDate": grant.start_date,
            },
        )
    return _page(call, "roles", list(seen.values()))


def query_authorizations(call: Call) -> Response:
    body = _query_body(call)
    query_type = _choice(body.get("queryType"), ("Granted", "Received"), "queryType")
    authorizing = _filter_identifier(body, "authorizingIdentifier", ("Nip",))
    authorized = _filter_identifier(body, "authorizedIdentifier", ("Nip", "PeppolId"))
    types = set(_choices(body, "permissionTypes", AUTHORIZATIONS, required=False))
    items = []
    for grant in _grants(call.sandbox):
        if grant.kind != "authorization" or (types and grant.permission not in types):
            continue
        if query_type == "Granted" and grant.context_value != call.context:
            continue
        if query_type == "Received" and grant.subject_value != call.context:
            continue
        if authorizing and authorizing[1] != grant.context_value:
            continue
        if authorized and authorized != (grant.subject_type, grant.subject_value):
            continue
        item: dict[str, Any] = {
            "id": grant.id,
            "authorizedEntityIdentifier": {"type": grant.subject_type, "value": grant.subject_value},
            "authorizingEntityIdentifier": {"type": "Nip", "value": grant.context_value},
            "authorizationScope": grant.permission,
            "description": grant.description,
            "startDate": grant.start_date,
        }
        if grant.author_value and grant.author_type != "System":
            item["authorIdentifier"] = {"type": grant.author_type, "value": grant.author_value}
        if "entity" in grant.details:
            item["subjectEntityDetails"] = grant.details["entity"]
        items.append(item)
    return _page(call, "authorizationGrants", items)


def query_eu_entities(call: Call) -> Response:
    body = _query_body(call)
    vat_ue = body.get("vatUeIdentifier")
    if vat_ue is not None and (not isinstance(vat_ue, str) or not _VAT_UE.fullmatch(vat_ue)):
        raise invalid("vatUeIdentifier: nieprawidłowy numer VAT UE.")
    fingerprint = body.get("authorizedFingerprintIdentifier")
    if fingerprint is not None and not isinstance(fingerprint, str):
        raise invalid("authorizedFingerprintIdentifier musi być tekstem.")
    types = set(_choices(body, "permissionTypes", EU_ADMIN_PERMISSIONS, required=False))
    items = []
    for grant in _grants(call.sandbox):
        if grant.kind not in ("eu-admin", "eu") or not grant.target_value:
            continue
        nip, _, vat = grant.target_value.partition("-")
        if call.context not in (nip, grant.target_value):
            continue
        if (vat_ue and vat != vat_ue) or (fingerprint and fingerprint.upper() != grant.subject_value):
            continue
        if types and grant.permission not in types:
            continue
        item: dict[str, Any] = {
            "id": grant.id,
            "authorIdentifier": {"type": grant.author_type, "value": grant.author_value},
            "vatUeIdentifier": vat,
            "euEntityName": grant.details.get("euEntityName") or "Podmiot unijny",
            "authorizedFingerprintIdentifier": grant.subject_value,
            "permissionScope": grant.permission,
            "description": grant.description,
            "startDate": grant.start_date,
        }
        if "person" in grant.details:
            item["subjectPersonDetails"] = grant.details["person"]
        if "entity" in grant.details:
            item["subjectEntityDetails"] = grant.details["entity"]
        if grant.details.get("euEntityDetails"):
            item["euEntityDetails"] = grant.details["euEntityDetails"]
        items.append(item)
    return _page(call, "permissions", items)


def attachments_status(call: Call) -> Response:
    allowed = bool(testdata(call.sandbox, "attachments", call.context).get("allowed"))
    return json_response({"isAttachmentAllowed": allowed})


def register(router: Router) -> None:
    other: dict[str, Any] = {"group": "other"}
    for path, grant_handler in (
        ("/permissions/persons/grants", grant_persons),
        ("/permissions/entities/grants", grant_entities),
        ("/permissions/authorizations/grants", grant_authorizations),
        ("/permissions/indirect/grants", grant_indirect),
        ("/permissions/eu-entities/administration/grants", grant_eu_administration),
    ):
        router.route("POST", path, permissions=_MANAGE, **other)(grant_handler)
    router.route("POST", "/permissions/subunits/grants", permissions=("SubunitManage",), **other)(grant_subunits)
    router.route("POST", "/permissions/eu-entities/grants", permissions=("VatUeManage",), **other)(grant_eu_entities)
    router.route(
        "DELETE",
        "/permissions/common/grants/<permissionId>",
        permissions=("CredentialsManage", "VatUeManage", "SubunitManage"),
        **other,
    )(revoke_common)
    router.route("DELETE", "/permissions/authorizations/grants/<permissionId>", permissions=_MANAGE, **other)(
        revoke_authorization
    )
    router.route("GET", "/permissions/operations/<referenceNumber>", **other)(operation_status)
    router.route("GET", "/permissions/attachments/status", permissions=_READ, **other)(attachments_status)
    router.route("POST", "/permissions/query/personal/grants", **other)(query_personal)
    with_subunits = (*_READ, "SubunitManage")
    router.route("POST", "/permissions/query/persons/grants", permissions=with_subunits, **other)(query_persons)
    router.route("POST", "/permissions/query/subunits/grants", permissions=with_subunits, **other)(query_subunits)
    router.route("POST", "/permissions/query/entities/grants", permissions=_READ, **other)(query_entities)
    router.route("GET", "/permissions/query/entities/roles", permissions=_READ, **other)(query_entity_roles)
    router.route("POST", "/permissions/query/subordinate-entities/roles", permissions=with_subunits, **other)(
        query_subordinate_roles
    )
    router.route("POST", "/permissions/query/authorizations/grants", permissions=(*_READ, "PefInvoiceWrite"), **other)(
        query_authorizations
    )
    router.route("POST", "/permissions/query/eu-entities/grants", permissions=(*_READ, "VatUeManage"), **other)(
        query_eu_entities
    )

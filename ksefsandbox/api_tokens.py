"""/tokens: KSeF tokens, created inside the API and shown only once."""

from __future__ import annotations

import json
import secrets
from typing import Any

from werkzeug.wrappers import Response

from ksefsandbox.api_auth import (
    INVALID_INPUT,
    OWNER_PERMISSIONS,
    _token_status,
    page,
    paged,
    token_hash,
)
from ksefsandbox.problems import ApiError, bad_request
from ksefsandbox.routing import Call, Router, json_response
from ksefsandbox.state import Row, iso, now_utc

TOKEN_PERMISSIONS = OWNER_PERMISSIONS  # every permission a token may carry (the spec's TokenPermissionType)
_STATUSES = ("Pending", "Active", "Revoking", "Revoked", "Failed")


def _author(call: Call) -> dict[str, str]:
    subject = json.loads(call.claims.get("sud", "{}"))
    return {"type": subject.get("type", "Nip"), "value": subject.get("value", call.context)}


def _item(call: Call, row: Row) -> dict[str, Any]:
    item: dict[str, Any] = {
        "referenceNumber": row["ref"],
        "authorIdentifier": {"type": row["author_type"], "value": row["author_value"]},
        "contextIdentifier": {"type": row["context_type"], "value": row["context_value"]},
        "description": row["description"],
        "requestedPermissions": row.json_of("permissions", []),
        "dateCreated": row["date_created"],
        "status": _token_status(call.sandbox, row),
    }
    if row["last_use"]:
        item["lastUseDate"] = row["last_use"]
    details = row.json_of("status_details", [])
    if details:
        item["statusDetails"] = details
    return item


def create(call: Call) -> Response:
    body = call.json()
    permissions = body.get("permissions")
    description = body.get("description")
    if not isinstance(permissions, list) or not all(p in TOKEN_PERMISSIONS for p in permissions):
        raise bad_request(
            21405, INVALID_INPUT, f"'permissions' musi być listą wartości z: {', '.join(TOKEN_PERMISSIONS)}."
        )
    if not isinstance(description, str) or not 5 <= len(description) <= 256:
        raise bad_request(21405, INVALID_INPUT, "'description' musi mieć od 5 do 256 znaków.")
    missing = sorted(set(permissions) - set(call.claims.get("per", [])))
    if missing:
        raise bad_request(26001, "Nie można nadać tokenowi uprawnień, których się nie posiada.", *missing)
    now = now_utc()
    from ksefdesk.core.numbers import reference_number

    ref = reference_number("EC", now.date())
    token = f"{ref}|nip-{call.context}|{secrets.token_hex(32)}"
    author = _author(call)
    call.sandbox.state.insert(
        "ksef_tokens",
        {
            "ref": ref,
            "token_hash": token_hash(token),
            "context_type": "Nip",
            "context_value": call.context,
            "author_type": author["type"],
            "author_value": author["value"],
            "description": description,
            "permissions": json.dumps(sorted(set(permissions))),
            "status": "Pending",
            "date_created": iso(now),
        },
    )
    return json_response({"referenceNumber": ref, "token": token}, 202)


def _visible(call: Call) -> tuple[str, list[Any]]:
    """SQL filter for the tokens this caller may see (the spec's visibility rules)."""
    granted = set(call.claims.get("per", []))
    if call.claims.get("aum") == "Token":
        operation = call.sandbox.state.one(
            "SELECT ksef_token_ref FROM auth_operations WHERE ref = ?", (call.claims.get("arn"),)
        )
        return "ref = ?", [operation["ksef_token_ref"] if operation else ""]
    if granted & {"CredentialsManage", "CredentialsRead"}:
        return "context_value = ?", [call.context]
    author = _author(call)
    return "context_value = ? AND author_type = ? AND author_value = ?", [call.context, author["type"], author["value"]]


def list_tokens(call: Call) -> Response:
    where, params = _visible(call)
    args = call.request.args
    statuses = args.getlist("status")
    if any(s not in _STATUSES for s in statuses):
        raise bad_request(21405, INVALID_INPUT, f"'status' musi być jedną z wartości: {', '.join(_STATUSES)}.")
    for name, column in (("description", "description"), ("authorIdentifier", "author_value")):
        value = args.get(name)
        if value is not None:
            if len(value) < 3:
                raise bad_request(21405, INVALID_INPUT, f"'{name}' musi mieć co najmniej 3 znaki.")
            where += f" AND {column} LIKE ?"
            params.append(f"%{value}%")
    if args.get("authorIdentifierType"):
        where += " AND author_type = ?"
        params.append(args["authorIdentifierType"])
    rows = call.sandbox.state.all(f"SELECT * FROM ksef_tokens WHERE {where} ORDER BY date_created DESC", params)
    items = [_item(call, r) for r in rows]
    if statuses:
        items = [i for i in items if i["status"] in statuses]
    offset, size = page(call, 10, 10, 100)
    return paged("tokens", items[offset : offset + size], offset, size, len(items))


def _find(call: Call, reference: str) -> Row:
    where, params = _visible(call)
    row = call.sandbox.state.one(f"SELECT * FROM ksef_tokens WHERE ref = ? AND {where}", [reference, *params])
    if row is None:
        raise bad_request(21405, INVALID_INPUT, f"Token o numerze referencyjnym {reference} nie istnieje.")
    return row


def get_token(call: Call, referenceNumber: str) -> Response:
    return json_response(_item(call, _find(call, referenceNumber)))


def revoke(call: Call, referenceNumber: str) -> Response:
    row = _find(call, referenceNumber)
    own = call.claims.get("aum") == "Token" or (row["author_value"] == _author(call)["value"])
    if not own and "CredentialsManage" not in call.claims.get("per", []):
        raise ApiError(403, "missing-permissions", "Brak uprawnień do unieważnienia tego tokena.")
    call.sandbox.state.update("ksef_tokens", "ref", referenceNumber, {"status": "Revoked"})
    return Response(status=204)


def register(router: Router) -> None:
    router.route("POST", "/tokens", group="other")(create)
    router.route("GET", "/tokens", group="other")(list_tokens)
    router.route("GET", "/tokens/<referenceNumber>", group="other")(get_token)
    router.route("DELETE", "/tokens/<referenceNumber>", group="other")(revoke)

"""Public keys and the /testdata endpoints the TEST environment offers (the limits ones are in api_limits)."""

from __future__ import annotations

import json
from typing import Any

from werkzeug.wrappers import Response

from ksefsandbox.api_auth import INVALID_INPUT, grant_permissions
from ksefsandbox.context import SandboxContext
from ksefsandbox.problems import bad_request
from ksefsandbox.routing import Call, Router, json_response


def set_testdata(sandbox: SandboxContext, kind: str, key: str, value: dict[str, Any]) -> None:
    sandbox.state.execute(
        "INSERT INTO testdata (kind, key, value) VALUES (?, ?, ?) ON CONFLICT (kind, key)"
        " DO UPDATE SET value = excluded.value",
        (kind, key, json.dumps(value)),
    )


def remove_testdata(sandbox: SandboxContext, kind: str, key: str) -> None:
    sandbox.state.execute("DELETE FROM testdata WHERE kind = ? AND key = ?", (kind, key))


def _required(body: dict[str, Any], *path: str) -> Any:
    value: Any = body
    for name in path:
        if not isinstance(value, dict) or name not in value:
            raise bad_request(21405, INVALID_INPUT, f"Pole '{'.'.join(path)}' jest wymagane.")
        value = value[name]
    return value


def _ok() -> Response:
    return Response(status=200)


def public_keys(call: Call) -> Response:
    keys = call.sandbox.keys
    return json_response([keys.token.as_json(), keys.symmetric.as_json()])


# --- /testdata ------------------------------------------------------------------------------------
def create_subject(call: Call) -> Response:
    body = call.json()
    set_testdata(
        call.sandbox,
        "subject",
        str(_required(body, "subjectNip")),
        {"subjectType": _required(body, "subjectType"), "description": _required(body, "description")},
    )
    return _ok()


def remove_subject(call: Call) -> Response:
    remove_testdata(call.sandbox, "subject", str(_required(call.json(), "subjectNip")))
    return _ok()


def create_person(call: Call) -> Response:
    body = call.json()
    set_testdata(
        call.sandbox,
        "person",
        str(_required(body, "pesel")),
        {
            "nip": str(_required(body, "nip")),
            "isBailiff": bool(_required(body, "isBailiff")),
            "isDeceased": bool(body.get("isDeceased", False)),
            "description": _required(body, "description"),
        },
    )
    return _ok()


def remove_person(call: Call) -> Response:
    nip = str(_required(call.json(), "nip"))
    call.sandbox.state.execute(
        "DELETE FROM testdata WHERE kind = 'person' AND json_extract(value, '$.nip') = ?", (nip,)
    )
    return _ok()


def grant(call: Call) -> Response:
    """Grant a person permissions in a context (as a ZAW-FA form would)."""
    body = call.json()
    permissions = [p["permissionType"] if isinstance(p, dict) else p for p in _required(body, "permissions")]
    grant_permissions(
        call.sandbox,
        {
            "contextNip": _required(body, "contextIdentifier", "value"),
            "subjectType": _required(body, "authorizedIdentifier", "type"),
            "subjectValue": _required(body, "authorizedIdentifier", "value"),
            "permissions": permissions,
        },
    )
    return _ok()


def revoke_grants(call: Call) -> Response:
    body = call.json()
    call.sandbox.state.execute(
        "DELETE FROM grants WHERE context_value = ? AND subject_type = ? AND subject_value = ?",
        (
            _required(body, "contextIdentifier", "value"),
            _required(body, "authorizedIdentifier", "type"),
            _required(body, "authorizedIdentifier", "value"),
        ),
    )
    return _ok()


def allow_attachments(call: Call) -> Response:
    set_testdata(call.sandbox, "attachments", str(_required(call.json(), "nip")), {"allowed": True})
    return _ok()


def revoke_attachments(call: Call) -> Response:
    remove_testdata(call.sandbox, "attachments", str(_required(call.json(), "nip")))
    return _ok()


def block_context(call: Call) -> Response:
    set_testdata(call.sandbox, "blocked", str(_required(call.json(), "contextIdentifier", "value")), {"blocked": True})
    return _ok()


def unblock_context(call: Call) -> Response:
    remove_testdata(call.sandbox, "blocked", str(_required(call.json(), "contextIdentifier", "value")))
    return _ok()


def register(router: Router) -> None:
    router.route("GET", "/security/public-key-certificates", group="anonymous", auth="none")(public_keys)
    anonymous = {"group": "anonymous", "auth": "none"}
    for path, handler in (
        ("/testdata/subject", create_subject),
        ("/testdata/subject/remove", remove_subject),
        ("/testdata/person", create_person),
        ("/testdata/person/remove", remove_person),
        ("/testdata/permissions", grant),
        ("/testdata/permissions/revoke", revoke_grants),
        ("/testdata/attachment", allow_attachments),
        ("/testdata/attachment/revoke", revoke_attachments),
    ):
        router.route("POST", path, **anonymous)(handler)  # type: ignore[arg-type]
    for path, handler in (("/testdata/context/block", block_context), ("/testdata/context/unblock", unblock_context)):
        router.route("POST", path, group="other", auth="none")(handler)

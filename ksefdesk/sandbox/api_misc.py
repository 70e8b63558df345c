"""Public keys, limits, rate limits and the /testdata endpoints the TEST environment offers."""

from __future__ import annotations

import json
from typing import Any

from werkzeug.wrappers import Response

from ksefdesk.core.rate_limits import GROUPS, REPORTED, Limit
from ksefdesk.sandbox.api_auth import INVALID_INPUT, grant_permissions, testdata
from ksefdesk.sandbox.app import Call, Router, Sandbox, json_response
from ksefdesk.sandbox.problems import bad_request

DEFAULT_SESSION_LIMITS = {"maxInvoiceSizeInMB": 1, "maxInvoiceWithAttachmentSizeInMB": 3, "maxInvoices": 10_000}
DEFAULT_SUBJECT_LIMITS = {"enrollment": {"maxEnrollments": 300}, "certificate": {"maxCertificates": 100}}


def _set(sandbox: Sandbox, kind: str, key: str, value: dict[str, Any]) -> None:
    sandbox.state.execute(
        "INSERT INTO testdata (kind, key, value) VALUES (?, ?, ?) ON CONFLICT (kind, key)"
        " DO UPDATE SET value = excluded.value",
        (kind, key, json.dumps(value)),
    )


def _remove(sandbox: Sandbox, kind: str, key: str) -> None:
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


def rate_limits(call: Call) -> Response:
    body = {}
    for group in REPORTED:
        per_second, per_minute, per_hour = call.sandbox.limiter.effective(group)
        body[group] = {"perSecond": per_second, "perMinute": per_minute, "perHour": per_hour}
    return json_response(body)


def context_limits(call: Call) -> Response:
    override = testdata(call.sandbox, "session-limits", call.context)
    return json_response(
        {
            "onlineSession": override.get("onlineSession", DEFAULT_SESSION_LIMITS),
            "batchSession": override.get("batchSession", DEFAULT_SESSION_LIMITS),
        }
    )


def subject_limits(call: Call) -> Response:
    return json_response(testdata(call.sandbox, "subject-limits", call.context) or DEFAULT_SUBJECT_LIMITS)


# --- /testdata ------------------------------------------------------------------------------------
def create_subject(call: Call) -> Response:
    body = call.json()
    _set(
        call.sandbox,
        "subject",
        str(_required(body, "subjectNip")),
        {"subjectType": _required(body, "subjectType"), "description": _required(body, "description")},
    )
    return _ok()


def remove_subject(call: Call) -> Response:
    _remove(call.sandbox, "subject", str(_required(call.json(), "subjectNip")))
    return _ok()


def create_person(call: Call) -> Response:
    body = call.json()
    _set(
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
    _set(call.sandbox, "attachments", str(_required(call.json(), "nip")), {"allowed": True})
    return _ok()


def revoke_attachments(call: Call) -> Response:
    _remove(call.sandbox, "attachments", str(_required(call.json(), "nip")))
    return _ok()


def block_context(call: Call) -> Response:
    _set(call.sandbox, "blocked", str(_required(call.json(), "contextIdentifier", "value")), {"blocked": True})
    return _ok()


def unblock_context(call: Call) -> Response:
    _remove(call.sandbox, "blocked", str(_required(call.json(), "contextIdentifier", "value")))
    return _ok()


def set_rate_limits(call: Call) -> Response:
    limits = _required(call.json(), "rateLimits")
    overrides: dict[str, Limit] = {}
    for group, values in dict(limits).items():
        if group not in GROUPS or not isinstance(values, dict):
            raise bad_request(21405, INVALID_INPUT, f"Nieznana grupa limitów: {group}.")
        overrides[group] = Limit(int(values["perSecond"]), int(values["perMinute"]), int(values["perHour"]))
    call.sandbox.limiter.overrides.update(overrides)
    call.sandbox.limiter.reset()
    return _ok()


def reset_rate_limits(call: Call) -> Response:
    call.sandbox.limiter.overrides.clear()
    call.sandbox.limiter.reset()
    return _ok()


def set_session_limits(call: Call) -> Response:
    body = call.json()
    _set(
        call.sandbox,
        "session-limits",
        call.context,
        {"onlineSession": _required(body, "onlineSession"), "batchSession": _required(body, "batchSession")},
    )
    return _ok()


def reset_session_limits(call: Call) -> Response:
    _remove(call.sandbox, "session-limits", call.context)
    return _ok()


def set_subject_limits(call: Call) -> Response:
    _set(call.sandbox, "subject-limits", call.context, call.json())
    return _ok()


def reset_subject_limits(call: Call) -> Response:
    _remove(call.sandbox, "subject-limits", call.context)
    return _ok()


def register(router: Router) -> None:
    router.route("GET", "/security/public-key-certificates", group="anonymous", auth="none")(public_keys)
    router.route("GET", "/rate-limits", group="other")(rate_limits)
    router.route("GET", "/limits/context", group="other")(context_limits)
    router.route("GET", "/limits/subject", group="other")(subject_limits)
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
    router.route("POST", "/testdata/rate-limits", group="other")(set_rate_limits)
    router.route("DELETE", "/testdata/rate-limits", group="other")(reset_rate_limits)
    router.route("POST", "/testdata/rate-limits/production", group="other")(reset_rate_limits)
    router.route("POST", "/testdata/limits/context/session", group="other")(set_session_limits)
    router.route("DELETE", "/testdata/limits/context/session", group="other")(reset_session_limits)
    router.route("POST", "/testdata/limits/subject/certificate", group="other")(set_subject_limits)
    router.route("DELETE", "/testdata/limits/subject/certificate", group="other")(reset_subject_limits)

"""Public keys, limits, rate limits and the /testdata endpoints the TEST environment offers."""

from __future__ import annotations

from werkzeug.wrappers import Response

from ksefdesk.sandbox.api_auth import INVALID_INPUT, grant_permissions
from ksefdesk.sandbox.app import Call, Router, json_response
from ksefdesk.sandbox.problems import bad_request
from ksefdesk.sandbox.ratelimit import REPORTED

MAX_INVOICE_MB = 1
MAX_INVOICE_WITH_ATTACHMENT_MB = 3
MAX_SESSION_INVOICES = 10_000


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
    limits = {
        "maxInvoiceSizeInMB": MAX_INVOICE_MB,
        "maxInvoiceWithAttachmentSizeInMB": MAX_INVOICE_WITH_ATTACHMENT_MB,
        "maxInvoices": MAX_SESSION_INVOICES,
    }
    return json_response({"onlineSession": limits, "batchSession": limits})


def subject_limits(call: Call) -> Response:
    return json_response({"enrollment": {"maxEnrollments": 300}, "certificate": {"maxCertificates": 100}})


def testdata_permissions(call: Call) -> Response:
    """POST /testdata/permissions: grant a person permissions in a context (as a ZAW-FA form would)."""
    body = call.json()
    try:
        context = body["contextIdentifier"]["value"]
        person = body["authorizedIdentifier"]
        permissions = [p["permissionType"] if isinstance(p, dict) else p for p in body["permissions"]]
        grant_permissions(
            call.sandbox,
            {
                "contextNip": context,
                "subjectType": person["type"],
                "subjectValue": person["value"],
                "permissions": permissions,
            },
        )
    except (KeyError, TypeError) as exc:
        raise bad_request(21405, INVALID_INPUT, f"Brak pola {exc}.") from exc
    return json_response({})


def register(router: Router) -> None:
    router.route("GET", "/security/public-key-certificates", group="anonymous", auth="none")(public_keys)
    router.route("GET", "/rate-limits", group="other")(rate_limits)
    router.route("GET", "/limits/context", group="other")(context_limits)
    router.route("GET", "/limits/subject", group="other")(subject_limits)
    router.route("POST", "/testdata/permissions", group="anonymous", auth="none")(testdata_permissions)
